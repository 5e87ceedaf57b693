"""``/diseases`` (a patient's problems) and ``/diseasedefs`` (the problem list)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import clinical_writes as writes
from dentin.office import enums, serialize
from dentin.office import serialize_clinical as clinical
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import Disease, DiseaseDef
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["diseases"])


def _disease(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Disease, num, "DiseaseNum")
        defs = clinical.names(
            session, DiseaseDef.DiseaseName, DiseaseDef.DiseaseDefNum, [row.DiseaseDefNum]
        )
        return clinical.disease(row, defs)


def _diseasedef(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return clinical.diseasedef(get_or_404(session, DiseaseDef, num, "DiseaseDefNum"))


@router.get(
    "/diseases",
    summary="Patients' problems (PatNum; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_diseases(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Disease))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(Disease.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Disease.DiseaseNum, args))
        defs = clinical.names(
            session,
            DiseaseDef.DiseaseName,
            DiseaseDef.DiseaseDefNum,
            {r.DiseaseDefNum for r in rows},
        )
        return json_response([clinical.disease(r, defs) for r in rows])


@router.get("/diseases/{DiseaseNum}", summary="One problem of a patient")
def get_disease(DiseaseNum: str, db: OfficeDb) -> Response:
    return json_response(_disease(db, path_id(DiseaseNum, "DiseaseNum")))


@router.post(
    "/diseases",
    status_code=201,
    summary="Give a patient a problem (PatNum, diseaseDefName or DiseaseDefNum)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", "DiseaseDefNum"),
        days=("DateStart", "DateStop"),
        texts=("diseaseDefName", "PatNote"),
        choices={"ProbStatus": enums.PROB_STATUS.accepted()},
        example={"PatNum": 1, "diseaseDefName": "Diabetes"},
    ),
)
async def create_disease(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_disease, db, fields)
    row = await run_in_threadpool(_disease, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/diseases/{num}"})


@router.put(
    "/diseases/{DiseaseNum}",
    summary="Change a patient's problem (ProbStatus, dates, PatNote)",
    openapi_extra=json_body(
        days=("DateStart", "DateStop"),
        texts=("PatNote",),
        choices={"ProbStatus": enums.PROB_STATUS.accepted()},
    ),
)
async def update_disease(DiseaseNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(DiseaseNum, "DiseaseNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(writes.update_disease, db, num, fields)
    return json_response(await run_in_threadpool(_disease, db, num))


@router.delete("/diseases/{DiseaseNum}", summary="Remove a problem from a patient")
def delete_disease(DiseaseNum: str, db: OfficeDb) -> Response:
    writes.delete_disease(db, path_id(DiseaseNum, "DiseaseNum"))
    return Response(status_code=200)


@router.get(
    "/diseasedefs",
    summary="Problem definitions (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_diseasedefs(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(DiseaseDef))
    with db.session() as session:
        rows = serialize.records(session, paged(query, DiseaseDef.DiseaseDefNum, args))
        return json_response([clinical.diseasedef(r) for r in rows])


@router.get("/diseasedefs/{DiseaseDefNum}", summary="One problem definition")
def get_diseasedef(DiseaseDefNum: str, db: OfficeDb) -> Response:
    return json_response(_diseasedef(db, path_id(DiseaseDefNum, "DiseaseDefNum")))


@router.post(
    "/diseasedefs",
    status_code=201,
    summary="Add a problem definition (a unique DiseaseName)",
    openapi_extra=json_body(
        required=("DiseaseName",), texts=("DiseaseName",), example={"DiseaseName": "Shingles"}
    ),
)
async def create_diseasedef(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_diseasedef, db, fields)
    row = await run_in_threadpool(_diseasedef, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/diseasedefs/{num}"})
