"""``/toothinitials``: a patient's missing, hidden and primary teeth (and drawings, read only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import chart_writes as writes
from dentin.office import enums, serialize
from dentin.office import serialize_clinical as clinical
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import ToothInitial
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["toothinitials"])


def _render(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return clinical.toothinitial(get_or_404(session, ToothInitial, num, "ToothInitialNum"))


@router.get(
    "/toothinitials",
    summary="Tooth initials (PatNum; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_toothinitials(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(ToothInitial))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(ToothInitial.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, ToothInitial.ToothInitialNum, args))
        return json_response([clinical.toothinitial(r) for r in rows])


@router.post(
    "/toothinitials",
    status_code=201,
    summary="Mark a tooth Missing, Hidden or Primary (PatNum, ToothNum, InitialType)",
    openapi_extra=json_body(
        required=("PatNum", "ToothNum", "InitialType"),
        ids=("PatNum",),
        texts=("ToothNum",),
        choices={"InitialType": enums.TOOTH_INITIAL_TYPE.accepted()},
        example={"PatNum": 1, "ToothNum": "32", "InitialType": "Missing"},
    ),
)
async def create_toothinitial(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_toothinitial, db, fields)
    row = await run_in_threadpool(_render, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/toothinitials"})


@router.delete("/toothinitials/{ToothInitialNum}", summary="Remove a Missing/Hidden/Primary mark")
def delete_toothinitial(ToothInitialNum: str, db: OfficeDb) -> Response:
    writes.delete_toothinitial(db, path_id(ToothInitialNum, "ToothInitialNum"))
    return Response(status_code=200)
