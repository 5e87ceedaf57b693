"""``/commlogs``: the patient's communication log, listed by PatNum and added to by POST."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import enums, records, serialize
from dentin.office.fields import Fields
from dentin.office.listing import changed_since, get_or_404, paged, path_id
from dentin.office.models import Commlog
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["commlogs"])


def _render(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Commlog, num, "CommlogNum")
        return serialize.commlog(row, db.lookups(session))


@router.get(
    "/commlogs",
    summary="Commlog entries (PatNum, DateTStamp; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), moments=("DateTStamp",), paged=True),
)
def list_commlogs(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = changed_since(select(*serialize.columns(Commlog)), Commlog.DateTStamp, args)
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(Commlog.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Commlog.CommlogNum, args))
        look = db.lookups(session)
        return json_response([serialize.commlog(c, look) for c in rows])


@router.get("/commlogs/{CommlogNum}", summary="One commlog entry")
def get_commlog(CommlogNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(CommlogNum, "CommlogNum")))


@router.post(
    "/commlogs",
    status_code=201,
    summary="Log a communication (PatNum, Note)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", "CommType", "UserNum"),
        moments=("CommDateTime", "DateTimeEnd"),
        texts=("Note",),
        choices={"SentOrReceived": enums.SENT_OR_RECEIVED.accepted()},
        example={"PatNum": 1, "Note": "Called to confirm.", "CommDateTime": "2030-03-04 09:00:00"},
    ),
)
async def create_commlog(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(records.create_commlog, db, fields)
    row = await run_in_threadpool(_render, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/commlogs/{num}"})
