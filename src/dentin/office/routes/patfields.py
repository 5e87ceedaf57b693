"""``/patfields`` (a patient's custom field values) and ``/patfielddefs`` (the fields)."""

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
from dentin.office.models import PatField, PatFieldDef
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["patfields"])


def _patfield(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return clinical.patfield(get_or_404(session, PatField, num, "PatFieldNum"))


def _patfielddef(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return clinical.patfielddef(get_or_404(session, PatFieldDef, num, "PatFieldDefNum"))


@router.get(
    "/patfields",
    summary="Patient field values (PatNum, FieldName, SecDateTEdit; Offset, Limit)",
    openapi_extra=described(
        ids=("PatNum",), texts=("FieldName",), moments=("SecDateTEdit",), paged=True
    ),
)
def list_patfields(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PatField))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(PatField.PatNum == pat_num)
    name = args.str("FieldName")
    if name is not None:
        query = query.where(PatField.FieldName == name)
    since = args.datetime("SecDateTEdit")
    if since is not None:
        query = query.where(PatField.SecDateTEdit >= since)
    with db.session() as session:
        rows = serialize.records(session, paged(query, PatField.PatFieldNum, args))
        return json_response([clinical.patfield(r) for r in rows])


@router.get("/patfields/{PatFieldNum}", summary="One patient field value")
def get_patfield(PatFieldNum: str, db: OfficeDb) -> Response:
    return json_response(_patfield(db, path_id(PatFieldNum, "PatFieldNum")))


_FIELD_BODY = {
    "required": ("PatNum", "FieldName", "FieldValue"),
    "ids": ("PatNum",),
    "texts": ("FieldName", "FieldValue"),
    "example": {"PatNum": 1, "FieldName": "Ins Verified", "FieldValue": "Yes"},
}


@router.post(
    "/patfields",
    status_code=201,
    summary="Give a patient a field value (PatNum, FieldName, FieldValue)",
    openapi_extra=json_body(**_FIELD_BODY),  # type: ignore[arg-type]
)
async def create_patfield(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_patfield, db, fields)
    row = await run_in_threadpool(_patfield, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/patfields/{num}"})


@router.put(
    "/patfields",
    summary="Set a patient's field value (PatNum, FieldName, FieldValue)",
    openapi_extra=json_body(**_FIELD_BODY),  # type: ignore[arg-type]
)
async def set_patfield(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.set_patfield, db, fields)
    return json_response(await run_in_threadpool(_patfield, db, num))


@router.delete("/patfields/{PatFieldNum}", summary="Remove a patient's field value")
def delete_patfield(PatFieldNum: str, db: OfficeDb) -> Response:
    writes.delete_patfield(db, path_id(PatFieldNum, "PatFieldNum"))
    return Response(status_code=200)


@router.get(
    "/patfielddefs",
    summary="Patient field definitions (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_patfielddefs(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PatFieldDef))
    with db.session() as session:
        rows = serialize.records(session, paged(query, PatFieldDef.PatFieldDefNum, args))
        return json_response([clinical.patfielddef(r) for r in rows])


@router.post(
    "/patfielddefs",
    status_code=201,
    summary="Add a patient field (FieldName, FieldType; PickList for a pick list)",
    openapi_extra=json_body(
        required=("FieldName", "FieldType"),
        texts=("FieldName", "PickList"),
        choices={
            "FieldType": enums.PAT_FIELD_TYPE.accepted(),
            "IsHidden": ["true", "false"],
        },
        example={"FieldName": "Favorite Color", "FieldType": "PickList", "PickList": "Red\r\nBlue"},
    ),
)
async def create_patfielddef(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_patfielddef, db, fields)
    row = await run_in_threadpool(_patfielddef, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/patfielddefs"})


@router.put(
    "/patfielddefs/{PatFieldDefNum}",
    summary="Change a patient field's name, type or visibility",
    openapi_extra=json_body(
        texts=("FieldName", "PickList"),
        choices={
            "FieldType": enums.PAT_FIELD_TYPE.accepted(),
            "IsHidden": ["true", "false"],
        },
    ),
)
async def update_patfielddef(PatFieldDefNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PatFieldDefNum, "PatFieldDefNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(writes.update_patfielddef, db, num, fields)
    return json_response(await run_in_threadpool(_patfielddef, db, num))


@router.delete("/patfielddefs/{PatFieldDefNum}", summary="Delete a patient field no one uses")
def delete_patfielddef(PatFieldDefNum: str, db: OfficeDb) -> Response:
    writes.delete_patfielddef(db, path_id(PatFieldDefNum, "PatFieldDefNum"))
    return Response(status_code=200)
