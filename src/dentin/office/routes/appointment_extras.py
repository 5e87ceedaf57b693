"""``/appointments/ASAP``, ``/appointments/WebSched``, ``/appointments/SlotsWebSched``, ``POST
/appointments/Planned`` and ``POST /appointments/SchedulePlanned``.

Registered before ``/appointments/{AptNum}``, so that ``ASAP`` is not read as an AptNum; the
hot list and single-appointment reads stay in ``appointments`` as they are.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest, NotFound
from dentin.office import enums, planned, serialize, slots, websched
from dentin.office import serialize_account as wire
from dentin.office.clock import office_now
from dentin.office.fields import Fields
from dentin.office.listing import paged, server_now
from dentin.office.models import Appointment, EServiceLog
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response
from dentin.wire import od_datetime

router = APIRouter(prefix="/api/v1", tags=["appointments"])

ASAP = 1  # appointment Priority
# The appointments Open Dental's ASAP list shows: waiting to be (re)booked sooner.
ASAP_STATUSES = (enums.SCHEDULED, enums.UNSCHED_LIST, planned.PLANNED)


def written(db: OfficeDatabase, apt_num: int) -> dict[str, object]:
    """A written appointment, answered without ``serverDateTime`` (Open Dental's examples)."""
    with db.session() as session:
        row = session.execute(
            select(*serialize.columns(Appointment)).where(Appointment.AptNum == apt_num)
        ).first()
        if row is None:
            raise NotFound(f"AptNum {apt_num} was not found in this office.")
        return serialize.appointment(serialize.record(row), db.lookups(session), None)


@router.get(
    "/appointments/ASAP",
    summary="The ASAP list: appointments with Priority ASAP (ClinicNum, ProvNum)",
    openapi_extra=described(ids=("ClinicNum", "ProvNum"), paged=True),
)
def list_asap(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Appointment)).where(
        Appointment.Priority == ASAP, Appointment.AptStatus.in_(ASAP_STATUSES)
    )
    for name in ("ClinicNum", "ProvNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(Appointment, name) == number)
    server = server_now(db)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Appointment.AptNum, args))
        look = db.lookups(session)
        return json_response(serialize.appointments(rows, look, server))


_APPOINTMENT_FIELDS = ("ProvNum", "ProvHyg", "ClinicNum", "Confirmed", "AppointmentTypeNum")


@router.post(
    "/appointments/Planned",
    status_code=201,
    summary="Plan an appointment from an appointment type or procNums (Chart's Planned tab)",
    openapi_extra=json_body(
        required=("PatNum",),
        ids=("PatNum", *_APPOINTMENT_FIELDS),
        texts=("Pattern", "PatternSecondary", "Note"),
        choices={"Priority": enums.APT_PRIORITY.accepted()},
        flags=("IsHygiene", "IsNewPatient"),
        example={"PatNum": 72, "procNums": [880, 881, 882]},
    ),
)
async def create_planned(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(planned.create_planned, db, fields)
    row = await run_in_threadpool(partial(written, db, num))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/appointments/{num}"})


@router.post(
    "/appointments/SchedulePlanned",
    status_code=201,
    summary="Book a Scheduled appointment from a Planned one (409 if the time is taken)",
    openapi_extra=json_body(
        required=("AptNum", "AptDateTime", "ProvNum", "Op"),
        ids=("AptNum", "ProvNum", "Op", "Confirmed"),
        moments=("AptDateTime",),
        texts=("Note",),
        example={"AptNum": 413, "AptDateTime": "2030-06-14 09:00:00", "ProvNum": 1, "Op": 1},
    ),
)
async def schedule_planned(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(planned.schedule_planned, db, fields)
    row = await run_in_threadpool(partial(written, db, num))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/appointments/{num}"})


def _days(args: Args) -> tuple[dt.date | None, dt.date | None]:
    day = args.date("date")
    if day is not None:
        return day, day
    first, last = args.date("dateStart"), args.date("dateEnd")
    if first is not None and last is not None and last < first:
        raise BadRequest("dateEnd must be on or after dateStart (both yyyy-MM-dd).")
    return first, last


@router.get(
    "/appointments/WebSched",
    summary="Appointments with where each was booked (eServiceLogType: NewPat, ExistingPat...)",
    openapi_extra=described(
        ids=("ClinicNum",),
        days=("date", "dateStart", "dateEnd"),
        moments=("DateTStamp",),
        paged=True,
    ),
)
def list_websched(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Appointment))
    first, last = _days(args)
    if first is not None:
        query = query.where(Appointment.AptDateTime >= dt.datetime.combine(first, dt.time()))
    if last is not None:
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        query = query.where(Appointment.AptDateTime < end)
    since = args.datetime("DateTStamp")
    if since is not None:
        query = query.where(Appointment.DateTStamp >= since)
    clinic = args.int("ClinicNum", minimum=0)
    if clinic is not None:
        query = query.where(Appointment.ClinicNum == clinic)
    server = server_now(db)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Appointment.AptNum, args))
        kinds = dict(
            session.execute(
                select(EServiceLog.FKey, EServiceLog.EServiceType).where(
                    EServiceLog.FKey.in_([a.AptNum for a in rows])
                )
            ).all()
        )
        look = db.lookups(session)
        return json_response(
            [
                wire.websched_appointment(
                    a, look, websched.LOG_TYPES.get(kinds.get(a.AptNum, 0), "None"), server
                )
                for a in rows
            ]
        )


@router.get(
    "/appointments/SlotsWebSched",
    summary="Open Web Sched slots of one appointment kind (defNumApptType), in Web Sched operatories",
    openapi_extra=described(
        ids=("ClinicNum", "defNumApptType"),
        days=("date", "dateStart", "dateEnd"),
        choices={"isNewPatient": ["true", "false"]},
    ),
)
def list_websched_slots(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    first, last = slots.date_range(
        args.date("date"), args.date("dateStart"), args.date("dateEnd"), office_now(db).date()
    )
    raw = args.str("isNewPatient")
    if raw is not None and raw.strip().lower() not in ("true", "false"):
        raise BadRequest(f'isNewPatient must be "true" or "false", got {raw!r}.')
    is_new = raw is not None and raw.strip().lower() == "true"
    with db.session() as session:
        kind = websched.kind(session, args.int("defNumApptType", minimum=0), is_new)
        found = websched.find(session, first, last, args.int("ClinicNum", minimum=0), kind)
    return json_response(
        [
            {
                "DateTimeStart": od_datetime(s.start),
                "DateTimeEnd": od_datetime(s.end),
                "ProvNum": s.prov_num,
                "OpNum": s.op_num,
            }
            for s in found
        ]
    )


@router.post(
    "/appointments/WebSched",
    status_code=201,
    summary="Book an open Web Sched slot (as SlotsWebSched offered it)",
    openapi_extra=json_body(
        required=("PatNum", "dateTimeStart", "dateTimeEnd", "ProvNum", "OpNum", "defNumApptType"),
        ids=("PatNum", "ProvNum", "OpNum", "defNumApptType"),
        moments=("dateTimeStart", "dateTimeEnd"),
        example={
            "PatNum": 21,
            "dateTimeStart": "2030-11-19 09:00:00",
            "dateTimeEnd": "2030-11-19 09:30:00",
            "ProvNum": 1,
            "OpNum": 1,
            "defNumApptType": 326,
        },
    ),
)
async def book_websched(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(websched.book, db, fields)
    row = await run_in_threadpool(partial(written, db, num))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/appointments/{num}"})
