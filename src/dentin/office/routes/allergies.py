"""``/allergies`` and ``/allergydefs``: a patient's allergies, and the list they are chosen from."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import clinical_writes as writes
from dentin.office import serialize
from dentin.office import serialize_clinical as clinical
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import Allergy, AllergyDef
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["allergies"])


def _render(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Allergy, num, "AllergyNum")
        return clinical.allergy(row, clinical.allergy_defs(session, [row.AllergyDefNum]))


@router.get(
    "/allergies",
    summary="Allergies (PatNum; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_allergies(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Allergy))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(Allergy.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Allergy.AllergyNum, args))
        defs = clinical.allergy_defs(session, {r.AllergyDefNum for r in rows})
        return json_response([clinical.allergy(r, defs) for r in rows])


@router.get("/allergies/{AllergyNum}", summary="One allergy")
def get_allergy(AllergyNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(AllergyNum, "AllergyNum")))


@router.post(
    "/allergies",
    status_code=201,
    summary="Give a patient an allergy (PatNum, defDescription or AllergyDefNum)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", "AllergyDefNum"),
        days=("DateAdverseReaction",),
        texts=("defDescription", "Reaction"),
        choices={"StatusIsActive": ["true", "false"]},
        example={"PatNum": 1, "defDescription": "Penicillin", "Reaction": "Hives"},
    ),
)
async def create_allergy(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_allergy, db, fields)
    row = await run_in_threadpool(_render, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/allergies/{num}"})


@router.put(
    "/allergies/{AllergyNum}",
    summary="Change an allergy's reaction, date or status",
    openapi_extra=json_body(
        days=("DateAdverseReaction",),
        texts=("Reaction",),
        choices={"StatusIsActive": ["true", "false"]},
    ),
)
async def update_allergy(AllergyNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(AllergyNum, "AllergyNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(writes.update_allergy, db, num, fields)
    return json_response(await run_in_threadpool(_render, db, num))


@router.delete("/allergies/{AllergyNum}", summary="Remove an allergy from a patient")
def delete_allergy(AllergyNum: str, db: OfficeDb) -> Response:
    writes.delete_allergy(db, path_id(AllergyNum, "AllergyNum"))
    return Response(status_code=200)


@router.get(
    "/allergydefs",
    summary="Allergy definitions (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_allergydefs(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(AllergyDef))
    with db.session() as session:
        rows = serialize.records(session, paged(query, AllergyDef.AllergyDefNum, args))
        return json_response([clinical.allergydef(r) for r in rows])


@router.post(
    "/allergydefs",
    status_code=201,
    summary="Add an allergy definition (a unique Description)",
    openapi_extra=json_body(
        required=("Description",), texts=("Description",), example={"Description": "Tylenol"}
    ),
)
async def create_allergydef(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_allergydef, db, fields)

    def render() -> dict[str, object]:
        with db.session() as session:
            return clinical.allergydef(get_or_404(session, AllergyDef, num, "AllergyDefNum"))

    row = await run_in_threadpool(render)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/allergydefs"})
