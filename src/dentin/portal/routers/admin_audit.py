"""The audit log, newest first, filtered by developer, office, event and date."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import audit
from dentin.portal.routers.common import Operator, int_or_none
from dentin.portal.web import csrf_protect, render, runtime

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])
LIMITS = (50, 200, 1000)


@router.get("/audit")
def audit_log(request: Request, me: Operator) -> Response:
    q = request.query_params
    values = {k: q.get(k, "").strip() for k in ("developer", "office", "event", "since", "limit")}
    errors: dict[str, str] = {}
    developer_id = int_or_none(values["developer"])
    if values["developer"] and developer_id is None:
        errors["developer"] = "A developer id is a whole number."
    office_id = int_or_none(values["office"])
    if values["office"] and office_id is None:
        errors["office"] = "An office id is a whole number."
    since = None
    if values["since"]:
        try:
            since = dt.datetime.strptime(values["since"], "%Y-%m-%d")
        except ValueError:
            errors["since"] = "Use a date like 2025-01-31."
    limit = int_or_none(values["limit"]) or LIMITS[0]
    limit = limit if limit in LIMITS else LIMITS[0]
    rows = (
        []
        if errors
        else audit.latest(
            runtime(request).hq,
            limit=limit,
            developer_id=developer_id,
            office_id=office_id,
            since=since,
            event=values["event"] or None,
        )
    )
    context = {
        "title": "Audit log",
        "rows": rows,
        "values": values,
        "errors": errors,
        "limits": LIMITS,
        "limit": limit,
    }
    return render(
        request,
        "admin/audit.html",
        context,
        area="admin",
        session=me,
        status=400 if errors else 200,
    )
