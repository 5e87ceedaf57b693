"""``/perioexams`` and ``/periomeasures``: perio charts and their measurements."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, literal_column, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import perio, serialize
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import PerioExam, PerioMeasure
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["perio"])


def _exam(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return perio.perioexam(get_or_404(session, PerioExam, num, "PerioExamNum"))


def _measure(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return perio.periomeasure(get_or_404(session, PerioMeasure, num, "PerioMeasureNum"))


@router.get(
    "/perioexams",
    summary="Perio exams (PatNum; ExamDate: on or after; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), days=("ExamDate",), paged=True),
)
def list_perioexams(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PerioExam))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(PerioExam.PatNum == pat_num)
    since = args.date("ExamDate")
    if since is not None:
        # Told rare (as insurance_reads.edited_since tells a change stamp): else SQLite walks
        # every exam in key order hoping for a page of recent ones.
        condition = PerioExam.ExamDate >= since
        if db.dialect == "sqlite":
            condition = func.likelihood(condition, literal_column("0.001"))
        query = query.where(condition)
    with db.session() as session:
        rows = serialize.records(session, paged(query, PerioExam.PerioExamNum, args))
        return json_response([perio.perioexam(r) for r in rows])


@router.get("/perioexams/{PerioExamNum}", summary="One perio exam")
def get_perioexam(PerioExamNum: str, db: OfficeDb) -> Response:
    return json_response(_exam(db, path_id(PerioExamNum, "PerioExamNum")))


@router.post(
    "/perioexams",
    status_code=201,
    summary="Add a perio exam (PatNum), optionally with a whole chart as four strings",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", "ProvNum"),
        days=("ExamDate",),
        texts=("UpperFacial", "UpperLingual", "LowerLingual", "LowerFacial", "Note"),
        example={"PatNum": 1, "UpperFacial": "323b423"},
    ),
)
async def create_perioexam(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(perio.create_perioexam, db, fields)
    row = await run_in_threadpool(_exam, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/perioexams/{num}"})


@router.put(
    "/perioexams/{PerioExamNum}",
    summary="Change a perio exam's date, provider or note",
    openapi_extra=json_body(ids=("ProvNum",), days=("ExamDate",), texts=("Note",)),
)
async def update_perioexam(PerioExamNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PerioExamNum, "PerioExamNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(perio.update_perioexam, db, num, fields)
    return json_response(await run_in_threadpool(_exam, db, num))


@router.delete("/perioexams/{PerioExamNum}", summary="Delete a perio exam and its measurements")
def delete_perioexam(PerioExamNum: str, db: OfficeDb) -> Response:
    perio.delete_perioexam(db, path_id(PerioExamNum, "PerioExamNum"))
    return Response(status_code=200)


@router.get(
    "/periomeasures",
    summary="Perio measurements (PerioExamNum; Offset, Limit)",
    openapi_extra=described(ids=("PerioExamNum",), paged=True),
)
def list_periomeasures(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PerioMeasure))
    exam = args.int("PerioExamNum", minimum=0)
    if exam is not None:
        query = query.where(PerioMeasure.PerioExamNum == exam)
    with db.session() as session:
        rows = serialize.records(session, paged(query, PerioMeasure.PerioMeasureNum, args))
        return json_response([perio.periomeasure(r) for r in rows])


@router.post(
    "/periomeasures",
    status_code=201,
    summary="Add a measurement of one tooth to a perio exam",
    openapi_extra=json_body(
        required=("PerioExamNum", "SequenceType", "IntTooth"),
        ids=("PerioExamNum", "IntTooth"),
        choices={"SequenceType": perio.SEQUENCE.accepted()},
        example={"PerioExamNum": 1, "SequenceType": "Mobility", "IntTooth": 9, "ToothValue": 4},
    ),
)
async def create_periomeasure(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(perio.create_periomeasure, db, fields)
    row = await run_in_threadpool(_measure, db, num)
    where = f"{request.base_url}api/v1/periomeasures?PerioExamNum={row['PerioExamNum']}"
    return json_response(row, 201, {"Location": where})


@router.put(
    "/periomeasures/{PerioMeasureNum}",
    summary="Change a measurement's values",
    openapi_extra=json_body(example={"MBvalue": 3, "Bvalue": 2, "DBvalue": 3}),
)
async def update_periomeasure(PerioMeasureNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PerioMeasureNum, "PerioMeasureNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(perio.update_periomeasure, db, num, fields)
    return json_response(await run_in_threadpool(_measure, db, num))


@router.delete(
    "/periomeasures/{PerioMeasureNum}", summary="Delete a Mobility or SkipTooth measurement"
)
def delete_periomeasure(PerioMeasureNum: str, db: OfficeDb) -> Response:
    perio.delete_periomeasure(db, path_id(PerioMeasureNum, "PerioMeasureNum"))
    return Response(status_code=200)
