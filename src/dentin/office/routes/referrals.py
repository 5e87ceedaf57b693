"""``/referrals`` (referral sources) and ``/refattaches`` (patients attached to them)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import referrals, serialize
from dentin.office.definitions import Defs
from dentin.office.fields import Fields
from dentin.office.insurance_reads import edited_since
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import RefAttach, Referral
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["referrals"])

FLAGS = ("IsHidden", "NotPerson", "IsDoctor", "IsPreferred", "UsingTIN")
TEXTS = (
    *("LName", "FName", "MName", "SSN", "ST", "Telephone", "Address", "Address2", "City"),
    *("Zip", "Note", "Phone2", "Title", "EMail", "BusinessName", "DisplayNote", "specialty"),
)
ATTACH_CHOICES = {
    "ReferralType": referrals.REFERRAL_TYPE.accepted(),
    "RefToStatus": referrals.REF_TO_STATUS.accepted(),
    "IsTransitionOfCare": ["true", "false"],
}


def _flag(args: Args, name: str) -> bool | None:
    raw = args.str(name)
    if raw is None:
        return None
    if raw.strip().lower() not in ("true", "false"):
        raise BadRequest(f'{name} must be "true" or "false", got {raw!r}.')
    return raw.strip().lower() == "true"


def _render(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Referral, num, "ReferralNum")
        return referrals.referral(row, Defs.load(session))


@router.get(
    "/referrals",
    summary="Referral sources (IsHidden, NotPerson, IsDoctor, IsPreferred, isPatient, "
    "BusinessName; Offset, Limit)",
    openapi_extra=described(
        flags=("IsHidden", "NotPerson", "IsDoctor", "IsPreferred", "isPatient"),
        texts=("BusinessName",),
        paged=True,
    ),
)
def list_referrals(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Referral))
    for name in ("IsHidden", "NotPerson", "IsDoctor", "IsPreferred"):
        value = _flag(args, name)
        if value is not None:
            query = query.where(getattr(Referral, name) == int(value))
    patient = _flag(args, "isPatient")
    if patient is not None:
        query = query.where(Referral.PatNum != 0 if patient else Referral.PatNum == 0)
    business = args.str("BusinessName")
    if business is not None:
        query = query.where(func.lower(Referral.BusinessName).contains(business.strip().lower()))
    with db.session() as session:
        rows = serialize.records(session, paged(query, Referral.ReferralNum, args))
        defs = db.tables().defs
        return json_response([referrals.referral(r, defs) for r in rows])


@router.get("/referrals/{ReferralNum}", summary="One referral source")
def get_referral(ReferralNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(ReferralNum, "ReferralNum")))


@router.post(
    "/referrals",
    status_code=201,
    summary="Add a referral source: a patient (PatNum), a doctor (specialty) or a non-person",
    openapi_extra=json_body(
        required=("LName",),
        ids=("PatNum", "Specialty"),
        texts=TEXTS,
        flags=FLAGS,
        example={"LName": "Yellow Pages"},
    ),
)
async def create_referral(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(referrals.create_referral, db, fields)
    row = await run_in_threadpool(_render, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/referrals/{num}"})


@router.put(
    "/referrals/{ReferralNum}",
    summary="Change a referral source (a patient's: only Note and DisplayNote)",
    openapi_extra=json_body(ids=("Specialty",), texts=TEXTS, flags=FLAGS),
)
async def update_referral(ReferralNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ReferralNum, "ReferralNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(referrals.update_referral, db, num, fields)
    return json_response(await run_in_threadpool(_render, db, num))


def _render_attach(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, RefAttach, num, "RefAttachNum")
        return referrals.refattach(row, referrals.names_of(session, {row.ReferralNum}))


@router.get(
    "/refattaches",
    summary="Patients attached to referral sources (PatNum, ReferralNum, DateTStamp; Offset, "
    "Limit)",
    openapi_extra=described(ids=("PatNum", "ReferralNum"), moments=("DateTStamp",), paged=True),
)
def list_refattaches(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(RefAttach))
    for name in ("PatNum", "ReferralNum"):
        value = args.int(name, minimum=0)
        if value is not None:
            query = query.where(getattr(RefAttach, name) == value)
    since = args.datetime("DateTStamp")
    if since is not None:
        query = query.where(edited_since(db, RefAttach.DateTStamp, since))
    with db.session() as session:
        rows = serialize.records(session, paged(query, RefAttach.RefAttachNum, args))
        names = referrals.names_of(session, {r.ReferralNum for r in rows})
        return json_response([referrals.refattach(r, names) for r in rows])


@router.post(
    "/refattaches",
    status_code=201,
    summary="Attach a patient to a referral source (PatNum; ReferralNum or referralName)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", "ReferralNum", "ProcNum", "ProvNum"),
        days=("RefDate", "DateProcComplete"),
        texts=("referralName", "Note"),
        choices=ATTACH_CHOICES,
        example={"PatNum": 1, "referralName": "Yellow Pages"},
    ),
)
async def create_refattach(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(referrals.create_refattach, db, fields)
    row = await run_in_threadpool(_render_attach, db, num)
    where = f"{request.base_url}api/v1/refattaches?PatNum={row['PatNum']}"
    return json_response(row, 201, {"Location": where})


@router.put(
    "/refattaches/{RefAttachNum}",
    summary="Change a patient's referral: source, type, status, note, procedure",
    openapi_extra=json_body(
        ids=("ReferralNum", "ProcNum", "ProvNum"),
        days=("RefDate", "DateProcComplete"),
        texts=("Note",),
        choices=ATTACH_CHOICES,
    ),
)
async def update_refattach(RefAttachNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(RefAttachNum, "RefAttachNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(referrals.update_refattach, db, num, fields)
    return json_response(await run_in_threadpool(_render_attach, db, num))


@router.delete("/refattaches/{RefAttachNum}", summary="Detach a patient from a referral source")
def delete_refattach(RefAttachNum: str, db: OfficeDb) -> Response:
    referrals.delete_refattach(db, path_id(RefAttachNum, "RefAttachNum"))
    return Response(status_code=200)
