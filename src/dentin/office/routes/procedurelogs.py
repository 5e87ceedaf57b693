"""``/procedurelogs``: procedures, listed with Open Dental's filters, single, POST, PUT and DELETE."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import enums, procedure_writes, records, serialize
from dentin.office.fields import Fields
from dentin.office.listing import changed_since, get_or_404, paged, path_id, server_now
from dentin.office.models import ProcedureLog
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["procedurelogs"])


def _render(db: OfficeDatabase, num: int, *, written: bool = False) -> dict[str, object]:
    """A POST is answered with ``serverDateTime`` empty, as in Open Dental's examples."""
    server = "" if written else server_now(db)
    with db.session() as session:
        proc = get_or_404(session, ProcedureLog, num, "ProcNum")
        look = db.lookups(session)
        return serialize.procedurelog(proc, look, look.codes({proc.CodeNum}), server)


@router.get(
    "/procedurelogs",
    summary="Procedures (PatNum, AptNum, ProcStatus, ClinicNum, CodeNum, DateTStamp...)",
    openapi_extra=described(
        ids=("PatNum", "AptNum", "PlannedAptNum", "ClinicNum", "CodeNum"),
        moments=("DateTStamp",),
        choices={"ProcStatus": enums.PROC_STATUS.accepted()},
        paged=True,
    ),
)
def list_procedurelogs(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(ProcedureLog))
    query = changed_since(query, ProcedureLog.DateTStamp, args)
    for name in ("PatNum", "AptNum", "PlannedAptNum", "ClinicNum", "CodeNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(ProcedureLog, name) == number)
    status = args.str("ProcStatus")
    if status is not None:
        query = query.where(
            ProcedureLog.ProcStatus == enums.PROC_STATUS.parse(status, "ProcStatus")
        )
    server = server_now(db)
    with db.session() as session:
        rows = serialize.records(session, paged(query, ProcedureLog.ProcNum, args))
        look = db.lookups(session)
        codes = look.codes({p.CodeNum for p in rows})
        return json_response([serialize.procedurelog(p, look, codes, server) for p in rows])


@router.get("/procedurelogs/{ProcNum}", summary="One procedure")
def get_procedurelog(ProcNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(ProcNum, "ProcNum")))


@router.post(
    "/procedurelogs",
    status_code=201,
    summary="Add a procedure (PatNum, ProcDate, ProcStatus, procCode or CodeNum)",
    openapi_extra=json_body(
        required=("PatNum", "ProcDate", "ProcStatus"),
        ids=("PatNum", "CodeNum", "ProvNum", "ClinicNum", "AptNum", "PlannedAptNum", "Priority"),
        days=("ProcDate",),
        texts=("procCode", "Note", "BillingNote"),
        choices={"ProcStatus": enums.PROC_STATUS.accepted()},
        money=("ProcFee", "Discount"),
        example={"PatNum": 1, "ProcDate": "2030-03-04", "ProcStatus": "TP", "procCode": "D0120"},
    ),
)
async def create_procedurelog(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(records.create_procedurelog, db, fields)
    row = await run_in_threadpool(partial(_render, db, num, written=True))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/procedurelogs/{num}"})


@router.put(
    "/procedurelogs/{ProcNum}",
    summary="Change a procedure (a completed one keeps its code, discount and teeth)",
    openapi_extra=json_body(
        ids=("AptNum", "PlannedAptNum", "ProvNum", "ClinicNum", "CodeNum", "Priority", "Dx"),
        days=("ProcDate", "DateTP", "DateOriginalProsth"),
        texts=("procCode", "ToothNum", "Surf", "ToothRange", "ClaimNote", "BillingNote"),
        choices={"ProcStatus": ["TP", "C", "EO", "EC", "R", "Cn"]},
        money=("ProcFee", "Discount"),
        example={"ProcFee": "250", "ProcStatus": "TP", "ToothNum": "14", "Surf": "MO"},
    ),
)
async def update_procedurelog(ProcNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ProcNum, "ProcNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(procedure_writes.update_procedurelog, db, num, fields)
    return json_response(await run_in_threadpool(partial(_render, db, num, written=True)))


@router.delete(
    "/procedurelogs/{ProcNum}",
    summary="Delete a TP, TPi or C procedure that no money is attached to",
)
def delete_procedurelog(ProcNum: str, db: OfficeDb) -> Response:
    procedure_writes.delete_procedurelog(db, path_id(ProcNum, "ProcNum"))
    return Response(status_code=200)
