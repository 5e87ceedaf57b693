"""``/accountmodules/{PatNum}/...``, ``/chartmodules/{PatNum}/...`` and
``/familymodules/{PatNum}/Insurance``: the Account, Chart and Family Modules' views of one
patient (office/account_module.py, office/chart_module.py, office/family_module.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from dentin.errors import BadRequest
from dentin.office import account_module, chart_module, family_module
from dentin.office.clock import office_now
from dentin.office.listing import path_id
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["modules"])


@router.get("/accountmodules/{PatNum}/Aging", summary="The family's aging, as the Account Module")
def account_aging(PatNum: str, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    today = office_now(db).date()
    with db.session() as session:
        return json_response(account_module.aging(session, num, today))


@router.get(
    "/accountmodules/{PatNum}/PatientBalances",
    summary="Each family member's balance, then the entire family's",
)
def account_balances(PatNum: str, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    today = office_now(db).date()
    with db.session() as session:
        return json_response(account_module.patient_balances(session, num, today))


@router.get(
    "/accountmodules/{PatNum}/ServiceDateView",
    summary="Charges and what pays them, by service date (isFamily)",
    openapi_extra=described(choices={"isFamily": ["true", "false"]}),
)
def account_service_dates(PatNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    raw = Args(request.query_params).str("isFamily")
    if raw is not None and raw.strip().lower() not in ("true", "false"):
        raise BadRequest(f'isFamily must be "true" or "false", got {raw!r}.')
    family = raw is not None and raw.strip().lower() == "true"
    with db.session() as session:
        look = db.lookups(session)
        return json_response(account_module.service_date_view(session, num, family, look))


@router.get(
    "/chartmodules/{PatNum}/ProgNotes",
    summary="Progress notes: appointments, procedures, commlog, tasks, sheets (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def chart_prog_notes(PatNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    offset, limit = Args(request.query_params).page()
    with db.session() as session:
        rows = chart_module.prog_notes(session, num, db.lookups(session))
    return json_response(rows[offset : offset + limit])


@router.get("/chartmodules/{PatNum}/PatientInfo", summary="The Chart Module's patient info")
def chart_patient_info(PatNum: str, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    today = office_now(db).date()
    with db.session() as session:
        look = db.lookups(session)
        return json_response(chart_module.patient_info(session, num, look, today))


@router.get(
    "/chartmodules/{PatNum}/PlannedAppts", summary="The Chart Module's planned appointments"
)
def chart_planned(PatNum: str, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    with db.session() as session:
        return json_response(chart_module.planned_appts(session, num))


@router.get(
    "/familymodules/{PatNum}/Insurance",
    summary="The patient's insurance as the Family Module lists it, one row per coverage",
)
def family_insurance(PatNum: str, db: OfficeDb) -> Response:
    num = path_id(PatNum, "PatNum")
    with db.session() as session:
        return json_response(family_module.insurance(session, num))
