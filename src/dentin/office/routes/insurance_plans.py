"""``/insplans``, ``/inssubs``, ``/patplans``, ``/benefits``, ``/insverifies``: plans, who
subscribes to them, whom they cover, what they pay, and when that was last verified."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import enums, insurance_writes
from dentin.office import serialize_insurance as ser
from dentin.office.fields import Fields
from dentin.office.insurance_reads import benefit_codes, edited_since, one, page
from dentin.office.listing import path_id
from dentin.office.models import Benefit, InsPlan, InsSub, InsVerify, PatPlan
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["insurance plans"])


def _insplan(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.insplan(row)


def _inssub(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.inssub(row)


def _patplan(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.patplan(row)


def _insverify(row: Any, _ctx: Any) -> dict[str, object]:
    return ser.insverify(row)


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


def _ids(args: Args, model: type[Any], names: tuple[str, ...]) -> list[ColumnElement[bool]]:
    where = []
    for name in names:
        number = args.int(name, minimum=0)
        if number is not None:
            where.append(getattr(model, name) == number)
    return where


# -- insurance plans -----------------------------------------------------------------------

_PLAN_BODY: dict[str, Any] = {
    "ids": (
        "CarrierNum",
        "FeeSched",
        "ClaimFormNum",
        "CopayFeeSched",
        "EmployerNum",
        "FilingCode",
        "MonthRenew",
        "FilingCodeSubtype",
        "BillingType",
        "ManualFeeSchedNum",
    ),
    "texts": ("GroupName", "GroupNum", "PlanNote", "PlanType"),
    "flags": (
        "ClaimsUseUCR",
        "IsMedical",
        "ShowBaseUnits",
        "CodeSubstNone",
        "IsHidden",
        "IsBlueBookEnabled",
    ),
    "choices": {
        "CobRule": enums.COB_RULE.accepted(),
        "ExclusionFeeRule": enums.EXCLUSION_FEE_RULE.accepted(),
        "InsPlansZeroWriteOffsOnAnnualMaxOverride": enums.YN_DEFAULT.accepted(),
        "InsPlansZeroWriteOffsOnFreqOrAgingOverride": enums.YN_DEFAULT.accepted(),
    },
}
_PLAN_TYPE_FILTER = {"percentage": "", "p": "p", "f": "f", "c": "c"}


def _read_plan(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, InsPlan, num, "PlanNum", _insplan)


@router.get(
    "/insplans",
    summary="Insurance plans (PlanType, CarrierNum; Offset, Limit)",
    openapi_extra=described(
        ids=("CarrierNum",), choices={"PlanType": list(_PLAN_TYPE_FILTER)}, paged=True
    ),
)
def list_insplans(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = _ids(args, InsPlan, ("CarrierNum",))
    kind = args.str("PlanType")
    if kind is not None:
        stored = _PLAN_TYPE_FILTER.get(kind.strip().lower())
        if stored is None:
            raise BadRequest(
                'PlanType must be "percentage" (Percentage), "p" (PPO Percentage), "f" (Flat '
                f'Copay) or "c" (Capitation), got {kind!r}.'
            )
        where.append(InsPlan.PlanType == stored)
    return json_response(page(db, InsPlan, InsPlan.PlanNum, args, where, _insplan))


@router.get("/insplans/{PlanNum}", summary="One insurance plan")
def get_insplan(PlanNum: str, db: OfficeDb) -> Response:
    return json_response(_read_plan(db, path_id(PlanNum, "PlanNum")))


@router.post(
    "/insplans",
    status_code=201,
    summary="Add an insurance plan (CarrierNum)",
    openapi_extra=json_body(required=("CarrierNum",), **_PLAN_BODY, example={"CarrierNum": 1}),
)
async def create_insplan(request: Request, db: OfficeDb) -> Response:
    return await _created(request, db, insurance_writes.create_insplan, _read_plan, "insplans")


@router.put(
    "/insplans/{PlanNum}",
    summary="Change an insurance plan (every field optional)",
    openapi_extra=json_body(**_PLAN_BODY, example={"PlanType": "", "MonthRenew": 0}),
)
async def update_insplan(PlanNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PlanNum, "PlanNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_insplan, db, num, fields)
    return json_response(await run_in_threadpool(_read_plan, db, num))


# -- subscribers ---------------------------------------------------------------------------

_SUB_BODY: dict[str, Any] = {
    "ids": ("PlanNum", "Subscriber"),
    "days": ("DateEffective", "DateTerm"),
    "texts": ("SubscriberID", "BenefitNotes", "SubscNote"),
    "flags": ("ReleaseInfo", "AssignBen"),
}


def _read_sub(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, InsSub, num, "InsSubNum", _inssub)


@router.get(
    "/inssubs",
    summary="Insurance subscribers (PlanNum, Subscriber, SecDateTEdit; Offset, Limit)",
    openapi_extra=described(ids=("PlanNum", "Subscriber"), moments=("SecDateTEdit",), paged=True),
)
def list_inssubs(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = _ids(args, InsSub, ("PlanNum", "Subscriber"))
    since = args.datetime("SecDateTEdit")
    if since is not None:
        where.append(edited_since(db, InsSub.SecDateTEdit, since))
    return json_response(page(db, InsSub, InsSub.InsSubNum, args, where, _inssub))


@router.get("/inssubs/{InsSubNum}", summary="One insurance subscriber")
def get_inssub(InsSubNum: str, db: OfficeDb) -> Response:
    return json_response(_read_sub(db, path_id(InsSubNum, "InsSubNum")))


@router.post(
    "/inssubs",
    status_code=201,
    summary="Subscribe a patient to a plan (PlanNum, Subscriber, SubscriberID)",
    openapi_extra=json_body(
        required=("PlanNum", "Subscriber", "SubscriberID"),
        **_SUB_BODY,
        example={"PlanNum": 1, "Subscriber": 1, "SubscriberID": "8645332"},
    ),
)
async def create_inssub(request: Request, db: OfficeDb) -> Response:
    return await _created(request, db, insurance_writes.create_inssub, _read_sub, "inssubs")


@router.put(
    "/inssubs/{InsSubNum}",
    summary="Change a subscription; answers 200 with no body, as Open Dental does",
    openapi_extra=json_body(**_SUB_BODY, example={"SubscNote": "Other info"}),
)
async def update_inssub(InsSubNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(InsSubNum, "InsSubNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_inssub, db, num, fields)
    return Response(status_code=200)


@router.delete("/inssubs/{InsSubNum}", summary="Delete a subscription no PatPlan uses")
async def delete_inssub(InsSubNum: str, db: OfficeDb) -> Response:
    num = path_id(InsSubNum, "InsSubNum")
    await run_in_threadpool(insurance_writes.delete_inssub, db, num)
    return Response(status_code=200)


# -- coverage (PatPlans) -------------------------------------------------------------------

_PATPLAN_BODY: dict[str, Any] = {
    "ids": ("PatNum", "InsSubNum", "Ordinal"),
    "texts": ("PatID",),
    "choices": {"Relationship": enums.RELATIONSHIP.accepted()},
}


def _read_patplan(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, PatPlan, num, "PatPlanNum", _patplan)


@router.get(
    "/patplans",
    summary="Coverage: patients' plans (PatNum, InsSubNum; Offset, Limit)",
    openapi_extra=described(ids=("PatNum", "InsSubNum"), paged=True),
)
def list_patplans(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = _ids(args, PatPlan, ("PatNum", "InsSubNum"))
    return json_response(page(db, PatPlan, PatPlan.PatPlanNum, args, where, _patplan))


@router.post(
    "/patplans",
    status_code=201,
    summary="Cover a patient by a subscription (PatNum, InsSubNum)",
    openapi_extra=json_body(
        required=("PatNum", "InsSubNum"),
        **_PATPLAN_BODY,
        example={"PatNum": 1, "InsSubNum": 1, "Ordinal": 1, "Relationship": "Self"},
    ),
)
async def create_patplan(request: Request, db: OfficeDb) -> Response:
    fields = await _body(request)
    num = await run_in_threadpool(insurance_writes.create_patplan, db, fields)
    return json_response(await run_in_threadpool(_read_patplan, db, num), 201)


@router.put(
    "/patplans/{PatPlanNum}",
    summary="Change coverage (InsSubNum, Ordinal, Relationship, PatID)",
    openapi_extra=json_body(**_PATPLAN_BODY, example={"Ordinal": 1, "Relationship": "Self"}),
)
async def update_patplan(PatPlanNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PatPlanNum, "PatPlanNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_patplan, db, num, fields)
    return json_response(await run_in_threadpool(_read_patplan, db, num))


@router.delete("/patplans/{PatPlanNum}", summary='Drop coverage ("Drop" in Open Dental)')
async def delete_patplan(PatPlanNum: str, db: OfficeDb) -> Response:
    num = path_id(PatPlanNum, "PatPlanNum")
    await run_in_threadpool(insurance_writes.delete_patplan, db, num)
    return Response(status_code=200)


# -- benefits ------------------------------------------------------------------------------

_BENEFIT_BODY: dict[str, Any] = {
    "ids": ("PlanNum", "PatPlanNum", "CovCatNum", "Quantity", "CodeNum", "CodeGroupNum"),
    "texts": ("procCode",),
    "money": ("MonetaryAmt",),
    "choices": {
        "BenefitType": enums.BENEFIT_TYPE.accepted(),
        "TimePeriod": enums.TIME_PERIOD.accepted(),
        "QuantityQualifier": enums.QUANTITY_QUALIFIER.accepted(),
        "CoverageLevel": enums.COVERAGE_LEVEL.accepted(),
        "TreatArea": enums.TREAT_AREA.accepted(),
    },
}


def _benefit(row: Any, codes: dict[int, str]) -> dict[str, object]:
    return ser.benefit(row, codes)


def _read_benefit(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, Benefit, num, "BenefitNum", _benefit, benefit_codes)


@router.get(
    "/benefits",
    summary="Benefits of a plan or of a patient's coverage (PlanNum, PatPlanNum; Offset, Limit)",
    openapi_extra=described(ids=("PlanNum", "PatPlanNum"), paged=True),
)
def list_benefits(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = _ids(args, Benefit, ("PlanNum", "PatPlanNum"))
    return json_response(
        page(db, Benefit, Benefit.BenefitNum, args, where, _benefit, benefit_codes)
    )


@router.get("/benefits/{BenefitNum}", summary="One benefit")
def get_benefit(BenefitNum: str, db: OfficeDb) -> Response:
    return json_response(_read_benefit(db, path_id(BenefitNum, "BenefitNum")))


@router.post(
    "/benefits",
    status_code=201,
    summary="Add a benefit (PlanNum or PatPlanNum, BenefitType, CoverageLevel)",
    openapi_extra=json_body(
        required=("BenefitType", "CoverageLevel"),
        **_BENEFIT_BODY,
        example={"PlanNum": 1, "BenefitType": "CoInsurance", "CoverageLevel": "None"},
    ),
)
async def create_benefit(request: Request, db: OfficeDb) -> Response:
    return await _created(request, db, insurance_writes.create_benefit, _read_benefit, "benefits")


@router.put(
    "/benefits/{BenefitNum}",
    summary="Change a benefit",
    openapi_extra=json_body(**_BENEFIT_BODY, example={"Quantity": 18}),
)
async def update_benefit(BenefitNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(BenefitNum, "BenefitNum")
    fields = await _body(request)
    await run_in_threadpool(insurance_writes.update_benefit, db, num, fields)
    return json_response(await run_in_threadpool(_read_benefit, db, num))


@router.delete("/benefits/{BenefitNum}", summary="Delete a benefit")
async def delete_benefit(BenefitNum: str, db: OfficeDb) -> Response:
    num = path_id(BenefitNum, "BenefitNum")
    await run_in_threadpool(insurance_writes.delete_benefit, db, num)
    return Response(status_code=200)


# -- verifications -------------------------------------------------------------------------


def _read_verify(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, InsVerify, num, "InsVerifyNum", _insverify)


@router.get(
    "/insverifies",
    summary="Insurance verifications (VerifyType, FKey, SecDateTEdit; Offset, Limit)",
    openapi_extra=described(
        ids=("FKey",),
        moments=("SecDateTEdit",),
        choices={"VerifyType": enums.VERIFY_TYPE.accepted()},
        paged=True,
    ),
)
def list_insverifies(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = []
    kind = args.str("VerifyType")
    fkey = args.int("FKey", minimum=0)
    if kind is not None:
        where.append(InsVerify.VerifyType == enums.VERIFY_TYPE.parse(kind, "VerifyType"))
    if fkey is not None:
        if kind is None:
            raise BadRequest("VerifyType is required with FKey: it says what FKey points at.")
        where.append(InsVerify.FKey == fkey)
    since = args.datetime("SecDateTEdit")
    if since is not None:
        where.append(InsVerify.SecDateTEdit >= since)
    return json_response(page(db, InsVerify, InsVerify.InsVerifyNum, args, where, _insverify))


@router.get("/insverifies/{InsVerifyNum}", summary="One insurance verification")
def get_insverify(InsVerifyNum: str, db: OfficeDb) -> Response:
    return json_response(_read_verify(db, path_id(InsVerifyNum, "InsVerifyNum")))


@router.put(
    "/insverifies",
    summary="Record a verification (VerifyType, FKey; DateLastVerified, DefNum, Note)",
    openapi_extra=json_body(
        required=("VerifyType", "FKey"),
        ids=("FKey", "DefNum"),
        days=("DateLastVerified",),
        texts=("Note",),
        choices={"VerifyType": enums.VERIFY_TYPE.accepted()},
        example={"DateLastVerified": "2024-03-27", "VerifyType": "PatientEnrollment", "FKey": 1},
    ),
)
async def put_insverify(request: Request, db: OfficeDb) -> Response:
    fields = await _body(request)
    num = await run_in_threadpool(insurance_writes.put_insverify, db, fields)
    return json_response(await run_in_threadpool(_read_verify, db, num))
