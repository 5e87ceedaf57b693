"""``/claims``, ``/claimprocs``, ``/claimpayments``: claims made from procedures, the
procedures on them, and the insurance checks that pay them (office/claims.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement, Select, bindparam, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest, NotFound
from dentin.office import claims, enums, serialize
from dentin.office import serialize_insurance as ser
from dentin.office.compiled import Shapes
from dentin.office.fields import Fields
from dentin.office.insurance_reads import edited_since, one, page
from dentin.office.listing import paged_by_binds, path_id
from dentin.office.models import Claim, ClaimPayment, ClaimProc, Patient
from dentin.office.offset_anchors import OffsetAnchors
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.office.routes.reads import office_read
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["claims"])


async def _body(request: Request) -> Fields:
    return Fields(Body.parse(await request.body()))


def _ids(args: Args, model: type[Any], names: tuple[str, ...]) -> list[ColumnElement[bool]]:
    where = []
    for name in names:
        number = args.int(name, minimum=0)
        if number is not None:
            where.append(getattr(model, name) == number)
    return where


# -- claims --------------------------------------------------------------------------------


def _read_claim(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, Claim, num, "ClaimNum", ser.claim)


def _patient_exists(db: OfficeDatabase, pat_num: int) -> None:
    with db.session() as session:
        if session.get(Patient, pat_num) is None:
            raise NotFound("Patient not found.")


@router.get(
    "/claims",
    summary="Claims (PatNum, ClaimStatus, SecDateTEdit; Offset, Limit)",
    openapi_extra=described(
        ids=("PatNum",),
        moments=("SecDateTEdit",),
        choices={"ClaimStatus": list(ser.CLAIM_STATUSES)},
        paged=True,
    ),
)
def list_claims(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    where = _ids(args, Claim, ("PatNum",))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num:
        _patient_exists(db, pat_num)
    status = args.str("ClaimStatus")
    if status is not None:
        if status.strip().upper() not in ser.CLAIM_STATUSES:
            raise BadRequest(
                'ClaimStatus must be one character: "U" Unsent, "H" Hold until pri received, '
                '"W" Waiting in queue, "S" Sent, "R" Received or "I" Hold for In Process, '
                f"got {status!r}."
            )
        where.append(Claim.ClaimStatus == status.strip().upper())
    since = args.datetime("SecDateTEdit")
    if since is not None:
        where.append(edited_since(db, Claim.SecDateTEdit, since))
    return json_response(page(db, Claim, Claim.ClaimNum, args, where, ser.claim))


@router.get("/claims/{ClaimNum}", summary="One claim")
def get_claim(ClaimNum: str, db: OfficeDb) -> Response:
    return json_response(_read_claim(db, path_id(ClaimNum, "ClaimNum")))


@router.post(
    "/claims",
    status_code=201,
    summary="Make a claim of procedures (PatNum, procNums, ClaimType)",
    openapi_extra=json_body(
        required=("PatNum", "procNums", "ClaimType"),
        ids=("PatNum", "InsSubNum", "InsSubNum2", "ClaimForm", "ProvTreat", "ProvBill"),
        days=("DateService", "DateSent"),
        choices={
            "ClaimType": ["P", "S", "PreAuth"],
            "PatRelat": enums.RELATIONSHIP.accepted(),
            "PatRelat2": enums.RELATIONSHIP.accepted(),
        },
        example={"PatNum": 1, "procNums": [1, 2], "ClaimType": "P"},
    ),
)
async def create_claim(request: Request, db: OfficeDb) -> Response:
    fields = await _body(request)
    num = await run_in_threadpool(claims.create_claim, db, fields)
    row = await run_in_threadpool(_read_claim, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/claims/{num}"})


@router.put(
    "/claims/{ClaimNum}",
    summary="Change a claim (every field optional)",
    openapi_extra=json_body(
        ids=("ProvTreat", "ProvBill", "ClaimForm", "InsSubNum2", "OrthoRemainM", "OrthoTotalM"),
        days=("DateReceived", "PriorDate", "AccidentDate", "OrthoDate"),
        texts=(
            "ClaimStatus",
            "IsProsthesis",
            "ClaimNote",
            "ReasonUnderPaid",
            "AccidentRelated",
            "AccidentST",
            "PriorAuthorizationNumber",
        ),
        flags=("IsOrtho",),
        choices={
            "PlaceService": enums.PLACE_SERVICE.accepted(),
            "PatRelat": enums.RELATIONSHIP.accepted(),
            "PatRelat2": enums.RELATIONSHIP.accepted(),
        },
        example={"ClaimStatus": "R", "DateReceived": "2021-05-25"},
    ),
)
async def update_claim(ClaimNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ClaimNum, "ClaimNum")
    fields = await _body(request)
    await run_in_threadpool(claims.update_claim, db, num, fields)
    return json_response(await run_in_threadpool(_read_claim, db, num))


@router.put(
    "/claims/{ClaimNum}/Status",
    summary="Mark a claim sent (DateSent; DateSentOrig)",
    openapi_extra=json_body(
        required=("DateSent",),
        days=("DateSent", "DateSentOrig"),
        example={"DateSent": "2021-09-13"},
    ),
)
async def send_claim(ClaimNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ClaimNum, "ClaimNum")
    fields = await _body(request)
    await run_in_threadpool(claims.send_claim, db, num, fields)
    return json_response(await run_in_threadpool(_read_claim, db, num))


@router.put(
    "/claims/{ClaimNum}/Split",
    status_code=201,
    summary="Move procedures (ProcNums) of a claim to a new claim",
    openapi_extra=json_body(required=("ProcNums",), example={"ProcNums": [153, 154]}),
)
async def split_claim(ClaimNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ClaimNum, "ClaimNum")
    fields = await _body(request)
    new_num, moved = await run_in_threadpool(claims.split_claim, db, num, fields)
    return json_response({"ClaimNum": new_num, "ProcNums": moved}, 201)


@router.delete(
    "/claims/{ClaimNum}",
    summary="Delete a claim not received nor paid; its procedures go back to estimates",
)
async def delete_claim(ClaimNum: str, db: OfficeDb) -> Response:
    num = path_id(ClaimNum, "ClaimNum")
    await run_in_threadpool(claims.delete_claim, db, num)
    return Response(status_code=200)


# -- claim procedures ----------------------------------------------------------------------


def _read_claimproc(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, ClaimProc, num, "ClaimProcNum", ser.claimproc)


@router.get(
    "/claimprocs",
    summary="Claim procedures (ProcNum, ClaimNum, PatNum, Status, ClaimPaymentNum; Offset, Limit)",
    openapi_extra=described(
        ids=("ProcNum", "ClaimNum", "PatNum", "ClaimPaymentNum"),
        choices={"Status": enums.CLAIMPROC_STATUS.accepted()},
        paged=True,
    ),
)
async def list_claimprocs(request: Request, db: OfficeDb) -> Response:
    params = _claimproc_params(Args(request.query_params))
    return await office_read(db, _claimprocs, db, params)


CLAIMPROC_IDS = ("ProcNum", "ClaimNum", "PatNum", "ClaimPaymentNum")


def _claimproc_params(args: Args) -> dict[str, Any]:
    """The filters present, by bind parameter name (400 for a bad one, before any read)."""
    params: dict[str, Any] = {}
    for name in CLAIMPROC_IDS:
        number = args.int(name, minimum=0)
        if number is not None:
            params[name] = number
    status = args.str("Status")
    if status is not None:
        params["Status"] = enums.CLAIMPROC_STATUS.parse(status, "Status")
    params["page_offset"], params["page_limit"] = args.page()
    return params


def _claimproc_statement(names: frozenset[str]) -> Select[Any]:
    query = select(*serialize.columns(ClaimProc))
    for name in (*CLAIMPROC_IDS, "Status"):
        if name in names:
            query = query.where(getattr(ClaimProc, name) == bindparam(name))
    return paged_by_binds(query, ClaimProc.ClaimProcNum, anchor="anchor" in names)


# The biggest insurance table (a claimproc per procedure and plan, 1,086,212 in the bench's
# office): its list is built and compiled once per combination of filters, as /appointments'
# is (office/compiled.py), and read on the memory-mapped read pool. Same SQL and plan as
# ``insurance_reads.page``'s (the page's keys from a covering scan of
# ix_claimproc_claimprocnum, about 5.5 ms of SQLite at Offset 543,080); what this saves is the
# statement's construction, cache key and ORM execution, about 1.5 ms of a 9-10 ms request.
CLAIMPROCS = Shapes(_claimproc_statement, OffsetAnchors(ClaimProc.ClaimProcNum, None))


def _claimprocs(db: OfficeDatabase, params: dict[str, Any]) -> Response:
    rows = CLAIMPROCS.rows(db.read_engine(), params)
    look = db.lookups()
    return json_response([ser.claimproc(c, look) for c in rows])


@router.put(
    "/claimprocs/InsAdjust",
    summary="Set a coverage's insurance and deductible used this benefit year (PatPlanNum)",
    openapi_extra=json_body(
        required=("PatPlanNum",),
        ids=("PatPlanNum",),
        days=("date",),
        money=("insUsed", "deductibleUsed"),
        example={"PatPlanNum": 1, "date": "2020-01-01", "insUsed": "300"},
    ),
)
async def ins_adjust(request: Request, db: OfficeDb) -> Response:
    fields = await _body(request)
    await run_in_threadpool(claims.ins_adjust, db, fields)
    return Response(status_code=200)


@router.get("/claimprocs/{ClaimProcNum}", summary="One claim procedure")
def get_claimproc(ClaimProcNum: str, db: OfficeDb) -> Response:
    return json_response(_read_claimproc(db, path_id(ClaimProcNum, "ClaimProcNum")))


@router.put(
    "/claimprocs/{ClaimProcNum}",
    summary="Change a claim procedure (receive it, estimate overrides, ...)",
    openapi_extra=json_body(
        ids=("ProvNum", "ClaimPaymentNum", "ClaimPaymentTracking", "PercentOverride"),
        texts=("Remarks", "CodeSent"),
        flags=("NoBillIns",),
        money=(
            "FeeBilled",
            "DedApplied",
            "InsPayAmt",
            "WriteOff",
            "CopayOverride",
            "DedEstOverride",
            "InsEstTotalOverride",
            "PaidOtherInsOverride",
            "WriteOffEstOverride",
        ),
        choices={"Status": list(claims.PUT_STATUSES)},
        example={"Status": "Received", "InsPayAmt": "50.00"},
    ),
)
async def update_claimproc(ClaimProcNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ClaimProcNum, "ClaimProcNum")
    fields = await _body(request)
    await run_in_threadpool(claims.update_claimproc, db, num, fields)
    return json_response(await run_in_threadpool(_read_claimproc, db, num))


# -- claim payments ------------------------------------------------------------------------

_PAYMENT_TEXTS = ("CheckNum", "BankBranch", "Note", "CarrierName")


def _read_payment(db: OfficeDatabase, num: int) -> dict[str, object]:
    return one(db, ClaimPayment, num, "ClaimPaymentNum", ser.claimpayment)


@router.get(
    "/claimpayments",
    summary="Insurance payments (SecDateTEdit; Offset, Limit)",
    openapi_extra=described(moments=("SecDateTEdit",), paged=True),
)
def list_claimpayments(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    since = args.datetime("SecDateTEdit")
    where = [] if since is None else [edited_since(db, ClaimPayment.SecDateTEdit, since)]
    return json_response(
        page(db, ClaimPayment, ClaimPayment.ClaimPaymentNum, args, where, ser.claimpayment)
    )


@router.get("/claimpayments/{ClaimPaymentNum}", summary="One insurance payment")
def get_claimpayment(ClaimPaymentNum: str, db: OfficeDb) -> Response:
    return json_response(_read_payment(db, path_id(ClaimPaymentNum, "ClaimPaymentNum")))


@router.post(
    "/claimpayments",
    status_code=201,
    summary="Finalize a claim's received procedures with an insurance check (claimNum, CheckAmt)",
    openapi_extra=json_body(
        required=("claimNum", "CheckAmt"),
        ids=("claimNum", "ClinicNum", "PayType", "PayGroup"),
        days=("CheckDate", "DateIssued"),
        texts=_PAYMENT_TEXTS,
        money=("CheckAmt",),
        example={"claimNum": 1, "CheckAmt": "567.42"},
    ),
)
async def create_claimpayment(request: Request, db: OfficeDb) -> Response:
    fields = await _body(request)
    num = await run_in_threadpool(claims.create_claimpayment, db, fields)
    row = await run_in_threadpool(_read_payment, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/claimpayments/{num}"})


@router.put(
    "/claimpayments/{ClaimPaymentNum}",
    summary="Change an insurance payment",
    openapi_extra=json_body(
        ids=("PayType", "PayGroup"),
        texts=_PAYMENT_TEXTS,
        money=("CheckAmt",),
        example={"CheckNum": "758946"},
    ),
)
async def update_claimpayment(ClaimPaymentNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ClaimPaymentNum, "ClaimPaymentNum")
    fields = await _body(request)
    await run_in_threadpool(claims.update_claimpayment, db, num, fields)
    return json_response(await run_in_threadpool(_read_payment, db, num))


@router.delete(
    "/claimpayments/{ClaimPaymentNum}",
    summary="Delete an insurance payment not on a deposit; its procedures are unfinalized",
)
async def delete_claimpayment(ClaimPaymentNum: str, db: OfficeDb) -> Response:
    num = path_id(ClaimPaymentNum, "ClaimPaymentNum")
    await run_in_threadpool(claims.delete_claimpayment, db, num)
    return Response(status_code=200)
