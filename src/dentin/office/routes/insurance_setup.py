"""``/carriers``, ``/employers``, ``/covcats``, ``/feescheds``, ``/fees``: what insurance plans
are built from, each listed, single (where Open Dental has it) and written as its page says."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import enums, insurance_writes
from dentin.office import serialize_insurance as ser
from dentin.office.fields import Fields
from dentin.office.insurance_reads import one, page
from dentin.office.listing import path_id
from dentin.office.models import Carrier, CovCat, Employer, Fee, FeeSched
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["insurance setup"])


def _carrier(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.carrier(row)


def _employer(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.employer(row)


def _covcat(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.covcat(row)


def _feesched(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.feesched(row)


def _fee(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.fee(row)


def _written_fee(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.fee(row, written=True)


async def _body(request: Request) -> Fields:
    return Fields(Body.parse(await request.body()))


async def _created(
    request: Request,
    db: OfficeDatabase,
    write: Callable[[OfficeDatabase, Fields], int],
    read: Callable[[OfficeDatabase, int], dict[str, object]],
    collection: str,
) -> Response:
    fields = await _body(request)
    num = await run_in_threadpool(write, db, fields)
    row = await run_in_threadpool(read, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/{collection}/{num}"})


# -- carriers ------------------------------------------------------------------------------

_CARRIER_TEXTS = ("CarrierName", "Address", "Address2", "City", "State", "Zip", "Phone", "ElectID")
_CARRIER_BODY: dict[str, Any] = {
    "texts": _CARRIER_TEXTS,
    "flags": ("IsHidden",),
    "choices": {"NoSendElect": enums.NO_SEND_ELECT.accepted()},
}


def _read_carrier(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, Carrier, num, "CarrierNum", _carrier)


@router.get(
    "/carriers",
    summary="Insurance carriers (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_carriers(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    return json_response(page(db, Carrier, Carrier.CarrierNum, args, [], _carrier))


@router.get("/carriers/{CarrierNum}", summary="One insurance carrier")
def get_carrier(CarrierNum: str, db: OfficeDb) -> Response:
    return json_response(_read_carrier(db, path_id(CarrierNum, "CarrierNum")))


@router.post(
    "/carriers",
    status_code=201,
    summary="Add an insurance carrier (CarrierName)",
    openapi_extra=json_body(
        required=("CarrierName",), **_CARRIER_BODY, example={"CarrierName": "Dental Guard"}
    ),
)
async def create_carrier(request: Request, db: OfficeDb) -> Response:
    return await _created(request, db, insurance_writes.create_carrier, _read_carrier, "carriers")


@router.put(
    "/carriers/{CarrierNum}",
    summary="Change an insurance carrier; answers 200 with no body, as Open Dental does",
    openapi_extra=json_body(**_CARRIER_BODY, example={"IsHidden": "true"}),
)
async def update_carrier(CarrierNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(CarrierNum, "CarrierNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_carrier, db, num, fields)
    return Response(status_code=200)


# -- employers -----------------------------------------------------------------------------


def _read_employer(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, Employer, num, "EmployerNum", _employer)


@router.get("/employers", summary="Employers (Offset, Limit)", openapi_extra=described(paged=True))
def list_employers(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    return json_response(page(db, Employer, Employer.EmployerNum, args, [], _employer))


@router.get("/employers/{EmployerNum}", summary="One employer")
def get_employer(EmployerNum: str, db: OfficeDb) -> Response:
    return json_response(_read_employer(db, path_id(EmployerNum, "EmployerNum")))


@router.post(
    "/employers",
    status_code=201,
    summary="Add an employer (EmpName)",
    openapi_extra=json_body(
        required=("EmpName",), texts=("EmpName",), example={"EmpName": "Store Mart"}
    ),
)
async def create_employer(request: Request, db: OfficeDb) -> Response:
    return await _created(
        request, db, insurance_writes.create_employer, _read_employer, "employers"
    )


@router.put(
    "/employers/{EmployerNum}",
    summary="Rename an employer (EmpName)",
    openapi_extra=json_body(
        required=("EmpName",), texts=("EmpName",), example={"EmpName": "Store Mart"}
    ),
)
async def update_employer(EmployerNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(EmployerNum, "EmployerNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_employer, db, num, fields)
    return json_response(await run_in_threadpool(_read_employer, db, num))


@router.delete(
    "/employers/{EmployerNum}",
    summary="Delete an employer no patient or plan uses; 200 with no body",
)
async def delete_employer(EmployerNum: str, db: OfficeDb) -> Response:
    num = path_id(EmployerNum, "EmployerNum")
    await run_in_threadpool(insurance_writes.delete_employer, db, num)
    return Response(status_code=200)


# -- coverage categories -------------------------------------------------------------------

_COVCAT_BODY: dict[str, Any] = {
    "texts": ("Description",),
    "ids": ("DefaultPercent", "CovOrder"),
    "flags": ("IsHidden",),
    "choices": {"EbenefitCat": enums.EBENEFIT_CAT.accepted()},
}


def _read_covcat(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, CovCat, num, "CovCatNum", _covcat)


@router.get(
    "/covcats",
    summary="Insurance coverage categories (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_covcats(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    return json_response(page(db, CovCat, CovCat.CovCatNum, args, [], _covcat))


@router.get("/covcats/{CovCatNum}", summary="One coverage category")
def get_covcat(CovCatNum: str, db: OfficeDb) -> Response:
    return json_response(_read_covcat(db, path_id(CovCatNum, "CovCatNum")))


@router.post(
    "/covcats",
    status_code=201,
    summary="Add a coverage category (Description)",
    openapi_extra=json_body(
        required=("Description",), **_COVCAT_BODY, example={"Description": "Implants"}
    ),
)
async def create_covcat(request: Request, db: OfficeDb) -> Response:
    return await _created(request, db, insurance_writes.create_covcat, _read_covcat, "covcats")


@router.put(
    "/covcats/{CovCatNum}",
    summary="Change a coverage category",
    openapi_extra=json_body(**_COVCAT_BODY, example={"DefaultPercent": 80}),
)
async def update_covcat(CovCatNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(CovCatNum, "CovCatNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_covcat, db, num, fields)
    return json_response(await run_in_threadpool(_read_covcat, db, num))


# -- fee schedules and fees ----------------------------------------------------------------


def _read_feesched(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, FeeSched, num, "FeeSchedNum", _feesched)


@router.get(
    "/feescheds", summary="Fee schedules (Offset, Limit)", openapi_extra=described(paged=True)
)
def list_feescheds(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    return json_response(page(db, FeeSched, FeeSched.FeeSchedNum, args, [], _feesched))


@router.post(
    "/feescheds",
    status_code=201,
    summary="Add a fee schedule (Description, FeeSchedType)",
    openapi_extra=json_body(
        required=("Description", "FeeSchedType"),
        texts=("Description",),
        flags=("IsHidden", "IsGlobal"),
        choices={"FeeSchedType": enums.FEE_SCHED_TYPE.accepted()},
        example={"Description": "BCBS_2023", "FeeSchedType": "Normal"},
    ),
)
async def create_feesched(request: Request, db: OfficeDb) -> Response:
    return await _created(
        request, db, insurance_writes.create_feesched, _read_feesched, "feescheds"
    )


@router.put(
    "/feescheds/{FeeSchedNum}",
    summary="Change a fee schedule (Description, IsHidden, IsGlobal)",
    openapi_extra=json_body(
        texts=("Description",), flags=("IsHidden", "IsGlobal"), example={"IsHidden": "true"}
    ),
)
async def update_feesched(FeeSchedNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(FeeSchedNum, "FeeSchedNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_feesched, db, num, fields)
    return json_response(await run_in_threadpool(_read_feesched, db, num))


def _read_fee(db: OfficeDatabase, num: int, *, written: bool = False) -> dict[str, object]:
    return one(db, Fee, num, "FeeNum", _written_fee if written else _fee)


@router.get(
    "/fees",
    summary="Fees (FeeSched, CodeNum, ClinicNum, ProvNum; Offset, Limit)",
    openapi_extra=described(ids=("FeeSched", "CodeNum", "ClinicNum", "ProvNum"), paged=True),
)
def list_fees(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = []
    for name in ("FeeSched", "CodeNum", "ClinicNum", "ProvNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            where.append(getattr(Fee, name) == number)
    return json_response(page(db, Fee, Fee.FeeNum, args, where, _fee))


@router.get("/fees/{FeeNum}", summary="One fee")
def get_fee(FeeNum: str, db: OfficeDb) -> Response:
    return json_response(_read_fee(db, path_id(FeeNum, "FeeNum")))


@router.post(
    "/fees",
    status_code=201,
    summary="Add a fee (Amount, FeeSched, CodeNum)",
    openapi_extra=json_body(
        required=("Amount", "FeeSched", "CodeNum"),
        ids=("FeeSched", "CodeNum", "ClinicNum", "ProvNum"),
        money=("Amount",),
        example={"Amount": "99.99", "FeeSched": 1, "CodeNum": 1},
    ),
)
async def create_fee(request: Request, db: OfficeDb) -> Response:
    read = partial(_read_fee, written=True)
    return await _created(request, db, insurance_writes.create_fee, read, "fees")


@router.put(
    "/fees/{FeeNum}",
    summary="Change a fee's Amount",
    openapi_extra=json_body(required=("Amount",), money=("Amount",), example={"Amount": "79.99"}),
)
async def update_fee(FeeNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(FeeNum, "FeeNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_fee, db, num, fields)
    return json_response(await run_in_threadpool(partial(_read_fee, db, num, written=True)))


@router.delete("/fees/{FeeNum}", summary="Delete a fee; 200 with no body")
async def delete_fee(FeeNum: str, db: OfficeDb) -> Response:
    num = path_id(FeeNum, "FeeNum")
    await run_in_threadpool(insurance_writes.delete_fee, db, num)
    return Response(status_code=200)
