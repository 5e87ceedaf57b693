"""Operators' view of developers: suspend or reinstate, and the permissions they hold."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin import scopes
from dentin.errors import DentinError
from dentin.hq import applications, developers
from dentin.portal.routers.common import Operator, actor
from dentin.portal.web import (
    PortalRefusal,
    checked,
    csrf_protect,
    posted,
    redirect,
    render,
    runtime,
)

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])


@router.get("/developers")
def developer_list(request: Request, me: Operator) -> Response:
    rows = developers.list_developers(runtime(request).hq)
    context = {"title": "Developers", "developers": [d for d in rows if d.status != "pending"]}
    return render(request, "admin/developers.html", context, area="admin", session=me)


@router.get("/developers/{developer_id}")
def developer_detail(request: Request, developer_id: int, me: Operator) -> Response:
    return _detail(request, me, developer_id)


def _detail(
    request: Request,
    me: Operator,
    developer_id: int,
    *,
    errors: dict[str, str] | None = None,
    checked: list[str] | None = None,
    status: int = 200,
) -> Response:
    hq = runtime(request).hq
    dev = developers.get_developer(hq, developer_id)
    app = applications.get_application(hq, developer_id)
    context = {
        "title": dev.company_name,
        "dev": dev,
        "app": app,
        "resources": scopes.RESOURCES,
        "actions": scopes.ACTIONS,
        "checked": dev.permissions if checked is None else checked,
        "errors": errors or {},
    }
    return render(request, "admin/developer.html", context, area="admin", session=me, status=status)


@router.post("/developers/{developer_id}/grants")
def developer_grants(request: Request, developer_id: int, me: Operator) -> Response:
    hq = runtime(request).hq
    wanted = set(checked(request, "grant"))
    held = set(developers.get_developer(hq, developer_id).permissions)
    who = actor(request, me)
    try:
        if wanted - held:
            applications.grant(hq, developer_id, sorted(wanted - held), who)
        if held - wanted:
            applications.revoke_grant(hq, developer_id, sorted(held - wanted), who)
    except DentinError as exc:
        return _detail(
            request,
            me,
            developer_id,
            errors={"grant": exc.message},
            checked=sorted(wanted),
            status=400,
        )
    return redirect(
        request,
        f"/admin/developers/{developer_id}",
        flash=f"Permissions saved: {len(wanted)} held; effective on the next request.",
    )


@router.post("/developers/{developer_id}/status")
def developer_status(request: Request, developer_id: int, me: Operator) -> Response:
    form = posted(request)
    hq = runtime(request).hq
    action = form.get("action", "")
    reason = form.get("reason", "")[:500]
    if action == "suspend":
        view = applications.suspend(hq, developer_id, actor(request, me), reason)
        message = f"{view.company_name} suspended; its keys are refused from the next request."
    elif action == "reinstate":
        view = applications.reinstate(hq, developer_id, actor(request, me), reason)
        message = f"{view.company_name} reinstated."
    else:
        raise PortalRefusal(400, "Unknown action", "Choose Suspend or Reinstate.")
    back = form.get("back", "")
    target = (
        back
        if back in ("/admin/developers", f"/admin/developers/{developer_id}")
        else ("/admin/developers")
    )
    return redirect(request, target, flash=message)
