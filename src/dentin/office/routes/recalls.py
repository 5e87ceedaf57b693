"""``/recalls`` (a patient's recalls, the Recall List, and their writes) and ``/recalltypes``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import recalls, serialize
from dentin.office.clock import office_now
from dentin.office.definitions import Defs
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import Recall, RecallType
from dentin.office.recall_list import ListFilter, recall_list
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["recalls"])

DAYS = ("DateDue", "DisableUntilDate")
TEXTS = ("RecallInterval", "Note", "TimePatternOverride")
CHOICES = {"IsDisabled": ["true", "false"], "Priority": ["Normal", "ASAP"]}


def _render(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Recall, num, "RecallNum")
        return recalls.recall(row, Defs.load(session))


@router.get(
    "/recalls",
    summary="Recalls (PatNum; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_recalls(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Recall))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(Recall.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Recall.RecallNum, args))
        defs = db.tables().defs
        return json_response([recalls.recall(r, defs) for r in rows])


def _flag(args: Args, name: str) -> bool:
    raw = args.str(name)
    if raw is None:
        return False
    if raw.strip().lower() not in ("true", "false"):
        raise BadRequest(f'{name} must be "true" or "false", got {raw!r}.')
    return raw.strip().lower() == "true"


@router.get(
    "/recalls/List",
    summary="The Recall List: recalls due in a range, not yet scheduled (Offset, Limit)",
    openapi_extra=described(
        days=("DateStart", "DateEnd"),
        ids=("ProvNum", "ClinicNum"),
        texts=("RecallType",),
        flags=("IncludeReminded",),
        paged=True,
    ),
)
def list_recall_list(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    wanted = ListFilter(
        date_start=args.date("DateStart"),
        date_end=args.date("DateEnd"),
        prov_num=args.int("ProvNum", minimum=0),
        clinic_num=args.int("ClinicNum", minimum=0),
        recall_type=args.str("RecallType"),
        include_reminded=_flag(args, "IncludeReminded"),
    )
    offset, limit = args.page()
    today = office_now(db).date()
    with db.reading() as conn:
        return json_response(recall_list(conn, db.tables(), wanted, today, offset, limit))


@router.post(
    "/recalls",
    status_code=201,
    summary="Give a patient a recall of a type (PatNum, RecallTypeNum)",
    openapi_extra=json_body(
        required=("PatNum", "RecallTypeNum"),
        ids=("PatNum", "RecallTypeNum", "RecallStatus"),
        days=DAYS,
        texts=TEXTS,
        money=("DisableUntilBalance",),
        choices=CHOICES,
        example={"PatNum": 1, "RecallTypeNum": 1, "RecallInterval": "6m1d"},
    ),
)
async def create_recall(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(recalls.create_recall, db, fields)
    row = await run_in_threadpool(_render, db, num)
    where = f"{request.base_url}api/v1/recalls?PatNum={row['PatNum']}"
    return json_response(row, 201, {"Location": where})


@router.put(
    "/recalls/Status",
    summary="Set the status of a patient's recall of a type, leaving a Recall commlog",
    openapi_extra=json_body(
        required=("PatNum", "recallType"),
        ids=("PatNum", "RecallStatus"),
        texts=("recallType", "commlogNote"),
        choices={"commlogMode": ["None", "Email", "Mail", "Phone", "InPerson", "Text"]},
        example={"PatNum": 1, "recallType": "Prophy", "RecallStatus": 26},
    ),
)
async def recall_status(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(recalls.set_status, db, fields)
    return Response(status_code=200)


@router.put(
    "/recalls/SwitchType",
    summary="Switch a patient's Prophy recall to Perio, or Perio to Prophy",
    openapi_extra=json_body(required=("PatNum",), ids=("PatNum",), example={"PatNum": 1}),
)
async def recall_switch(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(recalls.switch_type, db, fields)
    return Response(status_code=200)


@router.put(
    "/recalls/{RecallNum}",
    summary="Change a recall's due date, interval, status, note or disabling",
    openapi_extra=json_body(
        ids=("RecallStatus",),
        days=DAYS,
        texts=TEXTS,
        money=("DisableUntilBalance",),
        choices=CHOICES,
    ),
)
async def update_recall(RecallNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(RecallNum, "RecallNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(recalls.update_recall, db, num, fields)
    return json_response(await run_in_threadpool(_render, db, num))


@router.get(
    "/recalltypes", summary="Recall types (Offset, Limit)", openapi_extra=described(paged=True)
)
def list_recalltypes(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(RecallType))
    with db.session() as session:
        rows = serialize.records(session, paged(query, RecallType.RecallTypeNum, args))
        return json_response([recalls.recalltype(r) for r in rows])


@router.get("/recalltypes/{RecallTypeNum}", summary="One recall type")
def get_recalltype(RecallTypeNum: str, db: OfficeDb) -> Response:
    num = path_id(RecallTypeNum, "RecallTypeNum")
    with db.session() as session:
        row = get_or_404(session, RecallType, num, "RecallTypeNum")
        return json_response(recalls.recalltype(row))
