"""``/providers``: list (ClinicNum or DateTStamp) and single, in Open Dental's shape.

Open Dental links providers to clinics through its ``providerclinic`` table; this schema has
none, so ``ClinicNum`` selects the providers who staff that clinic's operatories. As in Open
Dental's example, rows carry an empty ``serverDateTime`` when ``ClinicNum`` is given.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select, union
from starlette.responses import Response

from dentin.office import serialize
from dentin.office.listing import changed_since, get_or_404, paged, path_id, server_now
from dentin.office.models import Operatory, Provider
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["providers"])


@router.get(
    "/providers",
    summary="Providers (ClinicNum, DateTStamp; Offset, Limit)",
    openapi_extra=described(ids=("ClinicNum",), moments=("DateTStamp",), paged=True),
)
def list_providers(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = changed_since(select(Provider), Provider.DateTStamp, args)
    clinic = args.int("ClinicNum", minimum=0)
    if clinic is not None:
        in_clinic = Operatory.ClinicNum == clinic
        staffed = union(
            select(Operatory.ProvDentist).where(in_clinic),
            select(Operatory.ProvHygienist).where(in_clinic),
        )
        query = query.where(Provider.ProvNum.in_(staffed))
    server = "" if clinic is not None else server_now(db)
    with db.session() as session:
        rows = session.scalars(paged(query, Provider.ProvNum, args)).all()
        return json_response([serialize.provider(p, server) for p in rows])


@router.get("/providers/{ProvNum}", summary="One provider")
def get_provider(ProvNum: str, db: OfficeDb) -> Response:
    server = server_now(db)
    with db.session() as session:
        provider = get_or_404(session, Provider, path_id(ProvNum, "ProvNum"), "ProvNum")
        return json_response(serialize.provider(provider, server))
