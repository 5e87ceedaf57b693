"""``/adjustments``, ``/paysplits``, ``/payplans``, ``/payplancharges`` and ``/statements``.

The account's ledger rows as Open Dental's pages show them; the list filters are the ones the
pages name, and a filter Open Dental requires (``PatNum`` of adjustments, ``PayPlanNum`` of
plan charges) is a 400 naming it when missing.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import account_writes, serialize
from dentin.office import serialize_account as wire
from dentin.office.fields import Fields
from dentin.office.listing import exists_or_404, get_or_404, paged, path_id
from dentin.office.models import (
    Adjustment,
    Patient,
    PayPlan,
    PayPlanCharge,
    PaySplit,
    Statement,
)
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["account"])


def _required(args: Args, name: str, example: str) -> int:
    value = args.int(name, minimum=0)
    if value is None:
        raise BadRequest(f"{name} is required: {example}.")
    return value


def _adjustment(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        adj = get_or_404(session, Adjustment, num, "AdjNum")
        return wire.adjustment(adj, db.lookups(session))


@router.get(
    "/adjustments",
    summary="A patient's adjustments (PatNum required; AdjType, ProcNum)",
    openapi_extra=described(ids=("PatNum", "AdjType", "ProcNum"), paged=True),
)
def list_adjustments(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    pat_num = _required(args, "PatNum", "GET /adjustments?PatNum=26")
    query = select(*serialize.columns(Adjustment)).where(Adjustment.PatNum == pat_num)
    for name in ("AdjType", "ProcNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(Adjustment, name) == number)
    with db.session() as session:
        exists_or_404(session, Patient, pat_num, "PatNum")
        rows = serialize.records(session, paged(query, Adjustment.AdjNum, args))
        look = db.lookups(session)
        return json_response([wire.adjustment(a, look) for a in rows])


_ADJ_IDS = ("PatNum", "AdjType", "ProvNum", "ProcNum", "ClinicNum")


@router.post(
    "/adjustments",
    status_code=201,
    summary="Add an adjustment (PatNum, AdjType, AdjAmt, AdjDate)",
    openapi_extra=json_body(
        required=("PatNum", "AdjType", "AdjAmt", "AdjDate"),
        ids=_ADJ_IDS,
        days=("AdjDate", "ProcDate"),
        texts=("AdjNote",),
        money=("AdjAmt",),
        example={"PatNum": 1, "AdjType": 31, "AdjAmt": -24.99, "AdjDate": "2025-07-19"},
    ),
)
async def create_adjustment(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(account_writes.create_adjustment, db, fields)
    row = await run_in_threadpool(partial(_adjustment, db, num))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/adjustments/{num}"})


@router.put(
    "/adjustments/{AdjNum}",
    summary="Change an adjustment (its sign must match its type)",
    openapi_extra=json_body(
        ids=_ADJ_IDS,
        days=("AdjDate",),
        texts=("AdjNote",),
        money=("AdjAmt",),
        example={"AdjAmt": -24.49},
    ),
)
async def update_adjustment(AdjNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(AdjNum, "AdjNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(account_writes.update_adjustment, db, num, fields)
    return json_response(await run_in_threadpool(partial(_adjustment, db, num)))


@router.get(
    "/paysplits",
    summary="Payment splits (PatNum, PayNum, ProcNum)",
    openapi_extra=described(ids=("PatNum", "PayNum", "ProcNum"), paged=True),
)
def list_paysplits(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PaySplit))
    for name in ("PatNum", "PayNum", "ProcNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(PaySplit, name) == number)
    with db.session() as session:
        rows = serialize.records(session, paged(query, PaySplit.SplitNum, args))
        look = db.lookups(session)
        return json_response([wire.paysplit(s, look) for s in rows])


def _principal(session: Session, plan_nums: list[int]) -> dict[int, float]:
    """``principalAmount``: what the plan's debit charges add up to."""
    if not plan_nums:
        return {}
    rows = session.execute(
        select(PayPlanCharge.PayPlanNum, func.sum(PayPlanCharge.Principal))
        .where(PayPlanCharge.PayPlanNum.in_(plan_nums), PayPlanCharge.ChargeType == 0)
        .group_by(PayPlanCharge.PayPlanNum)
    )
    return {num: round(float(total or 0), 2) for num, total in rows}


@router.get(
    "/payplans",
    summary="Payment plans (PatNum, Guarantor)",
    openapi_extra=described(ids=("PatNum", "Guarantor"), paged=True),
)
def list_payplans(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PayPlan))
    with db.session() as session:
        for name in ("PatNum", "Guarantor"):
            number = args.int(name, minimum=0)
            if number is not None:
                exists_or_404(session, Patient, number, name)
                query = query.where(getattr(PayPlan, name) == number)
        rows = serialize.records(session, paged(query, PayPlan.PayPlanNum, args))
        look = db.lookups(session)
        principal = _principal(session, [p.PayPlanNum for p in rows])
        return json_response(
            [wire.payplan(p, look, principal.get(p.PayPlanNum, 0.0)) for p in rows]
        )


@router.get("/payplans/{PayPlanNum}", summary="One payment plan")
def get_payplan(PayPlanNum: str, db: OfficeDb) -> Response:
    num = path_id(PayPlanNum, "PayPlanNum")
    with db.session() as session:
        plan = get_or_404(session, PayPlan, num, "PayPlanNum")
        principal = _principal(session, [num]).get(num, 0.0)
        return json_response(wire.payplan(plan, db.lookups(session), principal))


@router.get(
    "/payplancharges",
    summary="A payment plan's charges (PayPlanNum required)",
    openapi_extra=described(ids=("PayPlanNum",), paged=True),
)
def list_payplancharges(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    plan = _required(args, "PayPlanNum", "GET /payplancharges?PayPlanNum=23")
    query = select(*serialize.columns(PayPlanCharge)).where(PayPlanCharge.PayPlanNum == plan)
    with db.session() as session:
        exists_or_404(session, PayPlan, plan, "PayPlanNum")
        rows = serialize.records(session, paged(query, PayPlanCharge.PayPlanChargeNum, args))
        return json_response([wire.payplancharge(c) for c in rows])


@router.get(
    "/statements",
    summary="Statements (PatNum)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_statements(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Statement))
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is not None:
        query = query.where(Statement.PatNum == pat_num)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Statement.StatementNum, args))
        return json_response([wire.statement(s) for s in rows])


@router.get("/statements/{StatementNum}", summary="One statement")
def get_statement(StatementNum: str, db: OfficeDb) -> Response:
    num = path_id(StatementNum, "StatementNum")
    with db.session() as session:
        return json_response(wire.statement(get_or_404(session, Statement, num, "StatementNum")))
