"""``/medications`` (the office's list) and ``/medicationpats`` (what each patient takes)."""

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
from dentin.office.models import Medication, MedicationPat
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["medications"])


def _medication(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Medication, num, "MedicationNum")
        generics = clinical.names(
            session, Medication.MedName, Medication.MedicationNum, [row.GenericNum]
        )
        return clinical.medication(row, generics)


def _medicationpat(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, MedicationPat, num, "MedicationPatNum")
        meds = clinical.names(
            session, Medication.MedName, Medication.MedicationNum, [row.MedicationNum]
        )
        return clinical.medicationpat(row, meds)


@router.get(
    "/medications", summary="Medications (Offset, Limit)", openapi_extra=described(paged=True)
)
def list_medications(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Medication))
    with db.session() as session:
        rows = serialize.records(session, paged(query, Medication.MedicationNum, args))
        generics = clinical.names(
            session, Medication.MedName, Medication.MedicationNum, {r.GenericNum for r in rows}
        )
        return json_response([clinical.medication(r, generics) for r in rows])


@router.get("/medications/{MedicationNum}", summary="One medication")
def get_medication(MedicationNum: str, db: OfficeDb) -> Response:
    return json_response(_medication(db, path_id(MedicationNum, "MedicationNum")))


@router.post(
    "/medications",
    status_code=201,
    summary="Add a medication (MedName; genericName or GenericNum for a brand)",
    openapi_extra=json_body(
        required=("MedName",),
        ids=("GenericNum",),
        texts=("MedName", "genericName", "Notes"),
        example={"MedName": "Glucophage", "genericName": "Metformin"},
    ),
)
async def create_medication(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_medication, db, fields)
    row = await run_in_threadpool(_medication, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/medications/{num}"})


@router.put(
    "/medications/{MedicationNum}",
    summary="Change a medication's Notes (generic only) or IsHidden",
    openapi_extra=json_body(texts=("Notes",), choices={"IsHidden": ["true", "false"]}),
)
async def update_medication(MedicationNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(MedicationNum, "MedicationNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(writes.update_medication, db, num, fields)
    return json_response(await run_in_threadpool(_medication, db, num))


@router.get(
    "/medicationpats",
    summary="Patients' medications (PatNum; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_medicationpats(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(MedicationPat))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(MedicationPat.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, MedicationPat.MedicationPatNum, args))
        meds = clinical.names(
            session, Medication.MedName, Medication.MedicationNum, {r.MedicationNum for r in rows}
        )
        return json_response([clinical.medicationpat(r, meds) for r in rows])


@router.post(
    "/medicationpats",
    status_code=201,
    summary="Give a patient a medication (PatNum, medName or MedicationNum)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", "MedicationNum", "ProvNum"),
        days=("DateStart", "DateStop"),
        texts=("medName", "PatNote"),
        example={"PatNum": 1, "medName": "Metformin", "PatNote": "500mg, twice a day."},
    ),
)
async def create_medicationpat(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(writes.create_medicationpat, db, fields)
    row = await run_in_threadpool(_medicationpat, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/medicationpats"})


@router.put(
    "/medicationpats/{MedicationPatNum}",
    summary='Change a patient\'s medication ("" resets a date)',
    openapi_extra=json_body(ids=("ProvNum",), days=("DateStart", "DateStop"), texts=("PatNote",)),
)
async def update_medicationpat(MedicationPatNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(MedicationPatNum, "MedicationPatNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(writes.update_medicationpat, db, num, fields)
    return json_response(await run_in_threadpool(_medicationpat, db, num))


@router.delete("/medicationpats/{MedicationPatNum}", summary="Remove a patient's medication")
def delete_medicationpat(MedicationPatNum: str, db: OfficeDb) -> Response:
    writes.delete_medicationpat(db, path_id(MedicationPatNum, "MedicationPatNum"))
    return Response(status_code=200)
