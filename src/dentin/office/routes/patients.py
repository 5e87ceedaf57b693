"""``/patients``: one patient, ``/patients/Simple`` (full rows, DateTStamp sync), the reduced
Patient Select search at ``GET /patients``, POST and PUT. Open Dental allows no delete.

Name filters are case-insensitive prefix matches, written as a range on ``lower(name)`` so
that an index answers them on both backends.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import ColumnElement, Select, bindparam, func, literal_column, or_, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest, NotFound
from dentin.office import enums, patient_writes, serialize
from dentin.office.compiled import Compiled, Shapes
from dentin.office.fields import Fields
from dentin.office.listing import paged, paged_by_binds, path_id
from dentin.office.models import Patient
from dentin.office.offset_anchors import OffsetAnchors
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.office.routes.reads import office_point_read, office_read
from dentin.office.routes.written_pages import page_response
from dentin.office.sqlite_pages import patient_page, simple_page
from dentin.query import Args, described
from dentin.responses import json_response, raw_json
from dentin.wire import parse_id

router = APIRouter(prefix="/api/v1", tags=["patients"])

DELETED = 4
# Lists read every column as serialize.records, cheaper to load and render than ORM objects.
COLUMNS = serialize.columns(Patient)
EXAMPLE = {
    "PatNum": 48,
    "LName": "Smith",
    "FName": "Jane",
    "PatStatus": "Patient",
    "Gender": "Female",
    "Birthdate": "1976-05-24",
    "Guarantor": 48,
    "EstBalance": 0.0,
    "PriProv": 1,
    "priProvAbbr": "DOC",
    "DateTStamp": "2021-12-08 15:34:34",
}


def prefix(column: Any, value: str) -> ColumnElement[bool]:
    """Case-insensitive "starts with", as an index-friendly range on lower(column)."""
    low = value.strip().lower()
    expr = func.lower(column)
    if not low:
        return expr == expr
    high = low[:-1] + chr(ord(low[-1]) + 1)
    return (expr >= low) & (expr < high)


BY_NUM = Compiled(select(*COLUMNS).where(Patient.PatNum == bindparam("num")))
BY_NUM_PAGE = Compiled(patient_page(BY_NUM.statement))


def _render(db: OfficeDatabase, pat_num: int) -> dict[str, object]:
    """One patient by a statement compiled once, on a read connection: no ORM object."""
    row = BY_NUM.first(db.read_engine(), {"num": pat_num})
    if row is None:
        raise NotFound(f"PatNum {pat_num} was not found in this office.")
    return serialize.patient(row, db.lookups())


def _one(db: OfficeDatabase, pat_num: int) -> Response:
    """The patient's JSON as SQLite writes it (office/sqlite_pages.py), else ``_render``'s."""
    engine = db.read_engine()
    if engine.dialect.name == "sqlite":
        found = BY_NUM_PAGE.rows(engine, {"num": pat_num})[0]
        if not found.n:
            raise NotFound(f"PatNum {pat_num} was not found in this office.")
        if found.exact:
            return raw_json(found.page[1:-1].encode())  # the array's one object
    return json_response(_render(db, pat_num))


@router.get(
    "/patients/Simple",
    summary="Patients with every field, filtered, for syncing (DateTStamp, serverDateTime)",
    openapi_extra=described(
        ids=("ClinicNum", "PriProv", "Guarantor", "SuperFamily", "EmployerNum", "FeeSched"),
        days=("Birthdate",),
        moments=("DateTStamp",),
        texts=("LName", "FName"),
        choices={
            "PatStatus": enums.PAT_STATUS.accepted(),
            "Gender": enums.GENDER.accepted(),
            "Position": enums.POSITION.accepted(),
        },
        paged=True,
    ),
)
async def list_simple(request: Request, db: OfficeDb) -> Response:
    params = _simple_params(Args(request.query_params))
    return await office_read(db, _simple, db, params)


SIMPLE_IDS = ("ClinicNum", "PriProv", "Guarantor", "SuperFamily", "EmployerNum", "FeeSched")
SIMPLE_CHOICES = (
    ("PatStatus", enums.PAT_STATUS),
    ("Gender", enums.GENDER),
    ("Position", enums.POSITION),
)


def _simple_params(args: Args) -> dict[str, Any]:
    """The filters present, by bind parameter name (400 for a bad one, before any read)."""
    params: dict[str, Any] = {}
    for name in ("LName", "FName"):
        value = args.str(name)
        low = value.strip().lower() if value is not None else ""
        if low:  # an empty prefix matches every name (names are never NULL)
            params[f"{name}_low"] = low
            params[f"{name}_high"] = low[:-1] + chr(ord(low[-1]) + 1)
    birthdate = args.date("Birthdate")
    if birthdate is not None:
        params["Birthdate"] = birthdate
    for name in SIMPLE_IDS:
        number = args.int(name, minimum=0)
        if number is not None:
            params[name] = number
    for name, kind in SIMPLE_CHOICES:
        raw = args.str(name)
        if raw is not None:
            params[name] = kind.parse(raw, name)
    since = args.datetime("DateTStamp")
    if since is not None:
        params["DateTStamp"] = since
    params["page_offset"], params["page_limit"] = args.page()
    return params


def _simple_statement(names: frozenset[str]) -> Select[Any]:
    # The number written into the SQL, not bound: only then can the planner use the partial
    # index of not-Deleted patients (ix_patient_visible, "WHERE patstatus != 4").
    query = select(*COLUMNS).where(Patient.PatStatus != literal_column(str(DELETED)))
    for name in ("LName", "FName"):
        if f"{name}_low" in names:
            expr = func.lower(getattr(Patient, name))
            query = query.where(
                (expr >= bindparam(f"{name}_low")) & (expr < bindparam(f"{name}_high"))
            )
    for name in ("Birthdate", *SIMPLE_IDS, *(n for n, _ in SIMPLE_CHOICES)):
        if name in names:
            query = query.where(getattr(Patient, name) == bindparam(name))
    if "DateTStamp" in names:
        query = query.where(Patient.DateTStamp >= bindparam("DateTStamp"))
    return paged_by_binds(query, Patient.PatNum, anchor="anchor" in names)


SIMPLE = Shapes(
    _simple_statement,
    OffsetAnchors(Patient.PatNum, Patient.PatStatus != literal_column(str(DELETED))),
    pack=simple_page,
)


def _simple(db: OfficeDatabase, params: dict[str, Any]) -> Response:
    return page_response(db, SIMPLE, params, serialize.patients)


def _names(query: Select[Any], args: Args) -> Select[Any]:
    for name in ("LName", "FName"):
        value = args.str(name)
        if value is not None:
            query = query.where(prefix(getattr(Patient, name), value))
    return query


@router.get(
    "/patients",
    summary="The Patient Select search: reduced rows, no DateTStamp",
    openapi_extra=described(
        days=("Birthdate",),
        texts=(
            *("LName", "FName", "Address", "City", "State", "SSN"),
            *("ChartNumber", "Email", "Phone", "clinicNums"),
        ),
        flags=("hideInactive", "showArchived", "guarOnly"),
        paged=True,
    ),
)
async def search_patients(request: Request, db: OfficeDb) -> Response:
    return await office_read(db, _search, db, Args(request.query_params))


# Open Dental refuses these on the Patient Select search rather than ignoring them.
REFUSED_BY_SEARCH = {"DateTStamp": "GET /patients/Simple takes DateTStamp"}


def _search(db: OfficeDatabase, args: Args) -> Response:
    for name, instead in REFUSED_BY_SEARCH.items():
        if args.has(name):
            raise BadRequest(f"'{name}' is not a valid parameter. {instead}.")
    query = _names(select(*COLUMNS).where(Patient.PatStatus != DELETED), args)
    for name in ("Address", "City", "State", "SSN", "ChartNumber", "Email"):
        value = args.str(name)
        if value is not None:
            query = query.where(prefix(getattr(Patient, name), value))
    phone = args.str("Phone")
    if phone is not None:
        digits = "".join(c for c in phone if c.isdigit()) or phone
        query = query.where(
            or_(
                Patient.HmPhone.contains(digits),
                Patient.WkPhone.contains(digits),
                Patient.WirelessPhone.contains(digits),
            )
        )
    birthdate = args.date("Birthdate")
    if birthdate is not None:
        query = query.where(Patient.Birthdate == birthdate)
    if _flag(args, "hideInactive"):
        query = query.where(Patient.PatStatus != enums.PAT_STATUS.parse("Inactive", "PatStatus"))
    if not _flag(args, "showArchived"):
        hidden = [enums.PAT_STATUS.parse(s, "PatStatus") for s in ("Archived", "Deceased")]
        query = query.where(Patient.PatStatus.not_in(hidden))
    if _flag(args, "guarOnly"):
        query = query.where(Patient.Guarantor == Patient.PatNum)
    clinics = args.str("clinicNums")
    if clinics is not None:
        nums = [_clinic_num(part) for part in clinics.split(",") if part.strip()]
        query = query.where(Patient.ClinicNum.in_(nums))
    with db.reading() as conn:
        rows = serialize.records(conn, paged(query, Patient.PatNum, args))
        look = db.lookups(conn)
        return json_response([serialize.patient_brief(p, look) for p in rows])


def _flag(args: Args, name: str) -> bool:
    raw = args.str(name)
    if raw is None:
        return False
    if raw.lower() not in ("true", "false"):
        raise BadRequest(f'{name} must be "true" or "false", got {raw!r}.')
    return raw.lower() == "true"


def _clinic_num(part: str) -> int:
    return parse_id(part, "clinicNums", minimum=0)


@router.get(
    "/patients/{PatNum}",
    summary="One patient, every field",
    responses={200: {"content": {"application/json": {"example": EXAMPLE}}}},
)
async def get_patient(PatNum: str, db: OfficeDb) -> Response:
    return await office_point_read(db, _one, db, path_id(PatNum, "PatNum"))


@router.post(
    "/patients",
    status_code=201,
    summary="Add a patient (LName and FName required)",
    openapi_extra=json_body(
        required=("LName", "FName"),
        ids=("ClinicNum", "Guarantor", "BillingType", "PriProv", "SecProv"),
        days=("Birthdate", "DateFirstVisit"),
        texts=("LName", "FName", "MiddleI", "Preferred", "Email", "Zip"),
        choices={"Gender": enums.GENDER.accepted(), "PatStatus": enums.PAT_STATUS.accepted()},
        example={"LName": "Smith", "FName": "Jane", "Birthdate": "1976-05-24"},
    ),
)
async def create_patient(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    pat_num = await run_in_threadpool(patient_writes.create_patient, db, fields)
    row = await run_in_threadpool(_render, db, pat_num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/patients/{pat_num}"})


@router.put(
    "/patients/{PatNum}",
    summary='Change a patient ("" clears a field, not the names)',
    openapi_extra=json_body(
        ids=("ClinicNum", "Guarantor", "BillingType", "PriProv", "SecProv"),
        days=("Birthdate", "DateFirstVisit"),
        texts=("LName", "FName", "MiddleI", "Preferred", "Email", "Zip"),
        choices={"Gender": enums.GENDER.accepted(), "PatStatus": enums.PAT_STATUS.accepted()},
    ),
)
async def update_patient(PatNum: str, request: Request, db: OfficeDb) -> Response:
    pat_num = path_id(PatNum, "PatNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(patient_writes.update_patient, db, pat_num, fields)
    return json_response(await run_in_threadpool(_render, db, pat_num))
