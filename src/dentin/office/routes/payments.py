"""``/payments``: list (PatNum, PayType, DateEntry on or after), single, POST with FIFO splits,
PUT, POST Refund and PUT Partial."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import allocation, payment_writes, serialize
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id, server_now
from dentin.office.models import Payment
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["payments"])


def _render(db: OfficeDatabase, num: int, *, written: bool = False) -> dict[str, object]:
    """A POST is answered with ``serverDateTime`` empty, as in Open Dental's examples."""
    server = "" if written else server_now(db)
    with db.session() as session:
        payment = get_or_404(session, Payment, num, "PayNum")
        return serialize.payment(payment, db.lookups(session), server)


@router.get(
    "/payments",
    summary="Payments (PatNum, PayType, DateEntry; Offset, Limit)",
    openapi_extra=described(ids=("PatNum", "PayType"), days=("DateEntry",), paged=True),
)
def list_payments(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Payment))
    for name in ("PatNum", "PayType"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(Payment, name) == number)
    since = args.date("DateEntry")
    if since is not None:
        query = query.where(Payment.DateEntry >= since)
    server = server_now(db)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Payment.PayNum, args))
        look = db.lookups(session)
        return json_response([serialize.payment(p, look, server) for p in rows])


@router.get("/payments/{PayNum}", summary="One payment")
def get_payment(PayNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(PayNum, "PayNum")))


@router.post(
    "/payments",
    status_code=201,
    summary="Take a payment (PayAmt, PatNum); split across the oldest charges first",
    openapi_extra=json_body(
        required=("PayAmt", "PatNum"),
        ids=("PatNum", "PayType", "ClinicNum"),
        days=("PayDate",),
        texts=("PayNote", "CheckNum", "BankBranch"),
        money=("PayAmt",),
        flags=("isPatientPreferred", "isPrepayment"),
        example={"PayAmt": 130.0, "PatNum": 1, "PayDate": "2030-03-04"},
    ),
)
async def create_payment(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(allocation.create_payment, db, fields)
    row = await run_in_threadpool(partial(_render, db, num, written=True))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/payments/{num}"})


@router.post(
    "/payments/Refund",
    status_code=201,
    summary="Refund a payment: a negative payment whose splits mirror the original's",
    openapi_extra=json_body(required=("PayNum",), ids=("PayNum",), example={"PayNum": 178}),
)
async def refund_payment(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(payment_writes.refund_payment, db, fields)
    row = await run_in_threadpool(partial(_render, db, num, written=True))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/payments/{num}"})


@router.put(
    "/payments/{PayNum}",
    summary="Change a payment's type, check number, bank branch, note or online status",
    openapi_extra=json_body(
        ids=("PayType",),
        texts=("CheckNum", "BankBranch", "PayNote"),
        choices={"ProcessStatus": list(payment_writes.ONLINE_STATUSES)},
        example={"PayType": 6, "CheckNum": "7492", "PayNote": "12 months - 10% discount."},
    ),
)
async def update_payment(PayNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PayNum, "PayNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(payment_writes.update_payment, db, num, fields)
    return json_response(await run_in_threadpool(partial(_render, db, num, written=True)))


@router.put(
    "/payments/{PayNum}/Partial",
    summary="Replace a payment's splits with named procedures and plan charges",
    openapi_extra=json_body(
        example={"procNumsAndAmounts": [{"ProcNum": 271, "Amount": 40}]},
    ),
)
async def partial_payment(PayNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(PayNum, "PayNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(payment_writes.partial_payment, db, num, fields)
    return json_response(await run_in_threadpool(partial(_render, db, num, written=True)))
