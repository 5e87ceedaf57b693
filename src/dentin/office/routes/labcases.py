"""``/labcases`` (work sent to a lab for a patient) and ``/laboratories``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import labcases, serialize
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import LabCase, Laboratory
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["labcases"])

FILTERS = ("PatNum", "LaboratoryNum", "AptNum", "PlannedAptNum", "ProvNum")
LAB_TEXTS = ("Description", "Phone", "Notes", "Address", "City", "State", "Zip", "Email",
             "WirelessPhone")  # fmt: skip


def _case(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return labcases.labcase(get_or_404(session, LabCase, num, "LabCaseNum"))


def _lab(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return labcases.laboratory(get_or_404(session, Laboratory, num, "LaboratoryNum"))


@router.get(
    "/labcases",
    summary="Lab cases (PatNum, LaboratoryNum, AptNum, PlannedAptNum, ProvNum; Offset, Limit)",
    openapi_extra=described(ids=FILTERS, paged=True),
)
def list_labcases(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(LabCase))
    for name in FILTERS:
        value = args.int(name, minimum=0)
        if value is not None:
            query = query.where(getattr(LabCase, name) == value)
    with db.session() as session:
        rows = serialize.records(session, paged(query, LabCase.LabCaseNum, args))
        return json_response([labcases.labcase(r) for r in rows])


@router.get("/labcases/{LabCaseNum}", summary="One lab case")
def get_labcase(LabCaseNum: str, db: OfficeDb) -> Response:
    return json_response(_case(db, path_id(LabCaseNum, "LabCaseNum")))


@router.post(
    "/labcases",
    status_code=201,
    summary="Send a case to a lab (PatNum, LaboratoryNum, ProvNum)",
    openapi_extra=json_body(
        required=("PatNum", "LaboratoryNum", "ProvNum"),
        ids=("PatNum", "LaboratoryNum", "ProvNum", "AptNum", "PlannedAptNum"),
        moments=labcases.MOMENTS,
        texts=("Instructions", "InvoiceNum"),
        money=("LabFee",),
        example={"PatNum": 1, "LaboratoryNum": 1, "ProvNum": 1, "Instructions": "PFM crown #28"},
    ),
)
async def create_labcase(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(labcases.create_labcase, db, fields)
    row = await run_in_threadpool(_case, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/labcases/{num}"})


@router.put(
    "/labcases/{LabCaseNum}",
    summary="Change a lab case: its lab, appointments, dates, provider, instructions, fee",
    openapi_extra=json_body(
        ids=("LaboratoryNum", "ProvNum", "AptNum", "PlannedAptNum"),
        moments=labcases.MOMENTS,
        texts=("Instructions", "InvoiceNum"),
        money=("LabFee",),
    ),
)
async def update_labcase(LabCaseNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(LabCaseNum, "LabCaseNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(labcases.update_labcase, db, num, fields)
    return json_response(await run_in_threadpool(_case, db, num))


@router.delete("/labcases/{LabCaseNum}", summary="Delete a lab case")
def delete_labcase(LabCaseNum: str, db: OfficeDb) -> Response:
    labcases.delete_labcase(db, path_id(LabCaseNum, "LabCaseNum"))
    return Response(status_code=200)


@router.get(
    "/laboratories", summary="Laboratories (Offset, Limit)", openapi_extra=described(paged=True)
)
def list_laboratories(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Laboratory))
    with db.session() as session:
        rows = serialize.records(session, paged(query, Laboratory.LaboratoryNum, args))
        return json_response([labcases.laboratory(r) for r in rows])


@router.get("/laboratories/{LaboratoryNum}", summary="One laboratory")
def get_laboratory(LaboratoryNum: str, db: OfficeDb) -> Response:
    return json_response(_lab(db, path_id(LaboratoryNum, "LaboratoryNum")))


@router.post(
    "/laboratories",
    status_code=201,
    summary="Add a laboratory (Description)",
    openapi_extra=json_body(
        required=("Description",),
        ids=("Slip",),
        texts=LAB_TEXTS,
        flags=("IsHidden",),
        example={"Description": "Go Smiles Lab", "Phone": "(503)240-1910"},
    ),
)
async def create_laboratory(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(labcases.create_laboratory, db, fields)
    row = await run_in_threadpool(_lab, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/laboratories/{num}"})


@router.put(
    "/laboratories/{LaboratoryNum}",
    summary="Change a laboratory's contact details, notes, slip or hiding",
    openapi_extra=json_body(ids=("Slip",), texts=LAB_TEXTS, flags=("IsHidden",)),
)
async def update_laboratory(LaboratoryNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(LaboratoryNum, "LaboratoryNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(labcases.update_laboratory, db, num, fields)
    return json_response(await run_in_threadpool(_lab, db, num))
