"""``/operatories``: list (optionally one clinic's) and single, in Open Dental's shape."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from dentin.office import serialize
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import Operatory
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["operatories"])


@router.get(
    "/operatories",
    summary="Operatories (ClinicNum; Offset, Limit)",
    openapi_extra=described(ids=("ClinicNum",), paged=True),
)
def list_operatories(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(Operatory)
    clinic = args.int("ClinicNum", minimum=0)
    if clinic is not None:
        query = query.where(Operatory.ClinicNum == clinic)
    with db.session() as session:
        rows = session.scalars(paged(query, Operatory.OperatoryNum, args)).all()
        look = db.lookups(session)
        return json_response([serialize.operatory(o, look) for o in rows])


@router.get("/operatories/{OperatoryNum}", summary="One operatory")
def get_operatory(OperatoryNum: str, db: OfficeDb) -> Response:
    with db.session() as session:
        op = get_or_404(session, Operatory, path_id(OperatoryNum, "OperatoryNum"), "OperatoryNum")
        return json_response(serialize.operatory(op, db.lookups(session)))
