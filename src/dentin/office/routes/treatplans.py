"""``/treatplans``, ``/proctps`` and ``/treatplanattaches``: treatment plans as Open Dental
keeps them (Active and Inactive plans attach procedures; Saved plans hold frozen copies)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import account_writes, enums, serialize
from dentin.office import serialize_account as wire
from dentin.office.fields import Fields
from dentin.office.listing import exists_or_404, get_or_404, paged
from dentin.office.models import ProcTP, TreatPlan, TreatPlanAttach
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["treatplans"])


@router.get(
    "/treatplans",
    summary="Treatment plans (PatNum, SecDateTEdit, TPStatus)",
    openapi_extra=described(
        ids=("PatNum",),
        moments=("SecDateTEdit",),
        choices={"TPStatus": enums.TP_STATUS.accepted()},
        paged=True,
    ),
)
def list_treatplans(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(TreatPlan))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(TreatPlan.PatNum == pat_num)
    since = args.datetime("SecDateTEdit")
    if since is not None:
        query = query.where(TreatPlan.SecDateTEdit >= since)
    status = args.str("TPStatus")
    if status is not None:
        query = query.where(TreatPlan.TPStatus == enums.TP_STATUS.parse(status, "TPStatus"))
    with db.session() as session:
        rows = serialize.records(session, paged(query, TreatPlan.TreatPlanNum, args))
        return json_response([wire.treatplan(t) for t in rows])


def _treatplan(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return wire.treatplan(get_or_404(session, TreatPlan, num, "TreatPlanNum"))


@router.post(
    "/treatplans",
    status_code=201,
    summary="Add an inactive treatment plan (PatNum; Heading, Note, TPType)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum",),
        texts=("Heading", "Note"),
        choices={"TPType": enums.TP_TYPE.accepted()},
        example={"PatNum": 1, "Heading": "Fillings", "Note": "ONLY AN ESTIMATE."},
    ),
)
async def create_treatplan(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(account_writes.create_treatplan, db, fields)
    row = await run_in_threadpool(partial(_treatplan, db, num))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/treatplans/{num}"})


def _plan_num(args: Args, path: str) -> int:
    num = args.int("TreatPlanNum", minimum=0)
    if num is None:
        raise BadRequest(f"TreatPlanNum is required: GET /{path}?TreatPlanNum=963.")
    return num


@router.get(
    "/proctps",
    summary="A saved treatment plan's procedures (TreatPlanNum required)",
    openapi_extra=described(ids=("TreatPlanNum",), paged=True),
)
def list_proctps(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    num = _plan_num(args, "proctps")
    query = select(*serialize.columns(ProcTP)).where(ProcTP.TreatPlanNum == num)
    with db.session() as session:
        exists_or_404(session, TreatPlan, num, "TreatPlanNum")
        rows = serialize.records(session, paged(query, ProcTP.ProcTPNum, args))
        look = db.lookups(session)
        return json_response([wire.proctp(p, look) for p in rows])


@router.get(
    "/treatplanattaches",
    summary="An active or inactive treatment plan's procedures (TreatPlanNum required)",
    openapi_extra=described(ids=("TreatPlanNum",), paged=True),
)
def list_treatplanattaches(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    num = _plan_num(args, "treatplanattaches")
    query = select(*serialize.columns(TreatPlanAttach)).where(TreatPlanAttach.TreatPlanNum == num)
    with db.session() as session:
        exists_or_404(session, TreatPlan, num, "TreatPlanNum")
        rows = serialize.records(session, paged(query, TreatPlanAttach.TreatPlanAttachNum, args))
        look = db.lookups(session)
        return json_response([wire.treatplanattach(a, look) for a in rows])
