"""``GET /reports/Aging``: Open Dental's aging report, as of any date, changing no account."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from dentin.office.aging import AgingReportCache
from dentin.office.clock import office_now
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["reports"])
reports = AgingReportCache()

EXAMPLE = [
    {
        "PatNum": 11,
        "patName": "Allowed, Allen ",
        "Bal_0_30": 0,
        "Bal_31_60": 0,
        "Bal_61_90": 0,
        "BalOver90": 370,
        "BalTotal": 370,
        "InsWoEst": 0,
        "InsPayEst": 265,
        "PatientPortion": 105,
    }
]


@router.get(
    "/reports/Aging",
    summary="Family aging as of DateAsOf (default today), optionally for one clinic's entries",
    openapi_extra=described(ids=("ClinicNum",), days=("DateAsOf",), paged=True),
    responses={200: {"content": {"application/json": {"example": EXAMPLE}}}},
)
def aging_report(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    as_of = args.date("DateAsOf") or office_now(db).date()  # the office's today
    clinic = args.int("ClinicNum", minimum=0)
    offset, limit = args.page()
    start, stop = int(offset), int(offset) + int(limit)  # Args.page is loosely typed
    rows = reports.report(db, as_of, clinic)
    return json_response([row.wire() for row in rows[start:stop]])
