"""``/appointments/ASAP``, ``POST /appointments/Planned`` and ``POST /appointments/SchedulePlanned``.

Registered before ``/appointments/{AptNum}``, so that ``ASAP`` is not read as an AptNum; the
hot list and single-appointment reads stay in ``appointments`` as they are.
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import NotFound
from dentin.office import enums, planned, serialize
from dentin.office.fields import Fields
from dentin.office.listing import paged, server_now
from dentin.office.models import Appointment
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

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
        return serialize.appointment(serialize.record(row), serialize.Lookups(session), None)


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
        look = serialize.Lookups(session)
        return json_response([serialize.appointment(a, look, server) for a in rows])


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
