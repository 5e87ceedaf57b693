"""``/procedurecodes``: the office's procedure codes, listed (DateTStamp), single, POST, PUT."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import enums, insurance_writes, serialize_insurance
from dentin.office.fields import Fields
from dentin.office.insurance_reads import one, page
from dentin.office.listing import path_id
from dentin.office.models import ProcedureCode
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["procedurecodes"])
_render = serialize_insurance.procedurecode
_FLAGS = [
    "NoBillIns",
    "IsProsth",
    "IsHygiene",
    "IsTaxed",
    "IsCanadianLab",
    "IsRadiology",
    "AreaAlsoToothRange",
]
_TEXTS = [
    "procCat",
    "ProcTime",
    "DefaultNote",
    "AlternateCode1",
    "MedicalCode",
    "LaymanTerm",
    "SubstitutionCode",
    "DrugNDC",
    "RevenueCodeDefault",
    "DefaultClaimNote",
    "DefaultTPNote",
    "PaintText",
    "DiagnosticCodes",
]
_CHOICES = {
    "TreatArea": enums.TREAT_AREA.accepted(),
    "PaintType": enums.PAINT_TYPE.accepted(),
    "SubstOnlyIf": enums.SUBST_ONLY_IF.accepted(),
}


def _one(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, ProcedureCode, num, "CodeNum", _render)


@router.get(
    "/procedurecodes",
    summary="Procedure codes (DateTStamp; Offset, Limit)",
    openapi_extra=described(moments=("DateTStamp",), paged=True),
)
def list_procedurecodes(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    since = args.datetime("DateTStamp")
    where = [] if since is None else [ProcedureCode.DateTStamp >= since]
    return json_response(page(db, ProcedureCode, ProcedureCode.CodeNum, args, where, _render))


@router.get("/procedurecodes/{CodeNum}", summary="One procedure code")
def get_procedurecode(CodeNum: str, db: OfficeDb) -> Response:
    return json_response(_one(db, path_id(CodeNum, "CodeNum")))


@router.post(
    "/procedurecodes",
    status_code=201,
    summary="Add a procedure code (ProcCode, Descript, AbbrDesc, ProcCat or procCat)",
    openapi_extra=json_body(
        required=("ProcCode", "Descript", "AbbrDesc"),
        ids=("ProcCat", "BaseUnits", "ProvNumDefault"),
        texts=("ProcCode", "Descript", "AbbrDesc", *_TEXTS),
        flags=tuple(_FLAGS),
        money=("CanadaTimeUnits",),
        choices=_CHOICES,
        example={
            "ProcCode": "G0140",
            "Descript": "limited exam",
            "AbbrDesc": "LimEx",
            "ProcCat": 28,
        },
    ),
)
async def create_procedurecode(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(insurance_writes.create_procedurecode, db, fields)
    row = await run_in_threadpool(_one, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/procedurecodes/{num}"})


@router.put(
    "/procedurecodes/{CodeNum}",
    summary="Change a procedure code (every field optional; ProcCode is fixed)",
    openapi_extra=json_body(
        ids=("ProcCat", "BaseUnits", "ProvNumDefault"),
        texts=("Descript", "AbbrDesc", *_TEXTS),
        flags=tuple(_FLAGS),
        money=("CanadaTimeUnits",),
        choices=_CHOICES,
        example={"PaintType": "Text", "PaintText": "Watch"},
    ),
)
async def update_procedurecode(CodeNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(CodeNum, "CodeNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(insurance_writes.update_procedurecode, db, num, fields)
    return json_response(await run_in_threadpool(_one, db, num))
