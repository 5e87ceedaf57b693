"""``/providers``: list (ClinicNum or DateTStamp) and single, in Open Dental's shape.

Open Dental links providers to clinics through its ``providerclinic`` table; this schema has
none, so ``ClinicNum`` selects the providers who staff that clinic's operatories. As in Open
Dental's example, rows carry an empty ``serverDateTime`` when ``ClinicNum`` is given.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import select, union
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import provider_writes, serialize
from dentin.office.fields import Fields
from dentin.office.listing import changed_since, get_or_404, paged, path_id, server_now
from dentin.office.models import Operatory, Provider
from dentin.office.registry import OfficeDatabase
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


def _render(db: OfficeDatabase, num: int, server: str) -> dict[str, object]:
    with db.session() as session:
        return serialize.provider(get_or_404(session, Provider, num, "ProvNum"), server)


_TEXTS = ("Abbr", "LName", "FName", "MI", "Suffix", "PreferredName", "NationalProvID")
_MORE_TEXTS = ("SSN", "StateLicense", "SchedNote")


@router.post(
    "/providers",
    status_code=201,
    summary="Add a provider (Abbr); providers are hidden, never deleted",
    openapi_extra=json_body(
        required=("Abbr",),
        ids=("FeeSched", "Specialty"),
        days=("Birthdate",),
        texts=_TEXTS + _MORE_TEXTS,
        flags=("IsSecondary", "IsHidden", "UsingTIN", "SigOnFile", "IsNotPerson", "IsHiddenReport"),
        example={"Abbr": "DOCE", "LName": "Fisher", "FName": "Ethan", "Suffix": "DDS"},
    ),
)
async def create_provider(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(provider_writes.create_provider, db, fields)
    row = await run_in_threadpool(partial(_render, db, num, ""))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/providers/{num}"})


@router.put(
    "/providers/{ProvNum}",
    summary="Change a provider's names, specialty, IDs and signature-on-file",
    openapi_extra=json_body(
        ids=("Specialty",),
        texts=(*_TEXTS, "SSN", "StateLicense"),
        flags=("UsingTIN", "SigOnFile"),
        example={"PreferredName": "Phil", "Specialty": 264},
    ),
)
async def update_provider(ProvNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ProvNum, "ProvNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(provider_writes.update_provider, db, num, fields)
    return json_response(await run_in_threadpool(partial(_render, db, num, "")))
