"""``/appointments``: Open Dental's appointment resource, with booking that cannot double book.

The overlap rule and its locking live in ``office.booking``; Break/Confirm/Note/DELETE in
``office.appointment_actions``; free times in ``office.slots``. This module only translates.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Select, bindparam, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest, NotFound
from dentin.office import appointment_actions as actions
from dentin.office import booking, enums, serialize, slots
from dentin.office.clock import office_now
from dentin.office.compiled import Compiled, Shapes
from dentin.office.fields import Fields
from dentin.office.listing import paged_by_binds, path_id, server_now
from dentin.office.models import Appointment
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.office.routes.reads import office_point_read, office_read
from dentin.office.routes.written_pages import page_response
from dentin.office.sqlite_pages import appointment_page
from dentin.query import Args, described
from dentin.responses import json_response
from dentin.wire import od_datetime

router = APIRouter(prefix="/api/v1", tags=["appointments"])

EXAMPLE = {
    "serverDateTime": "2021-05-04 09:32:45",
    "AptNum": 18,
    "PatNum": 17,
    "AptStatus": "Scheduled",
    "Pattern": "//XXXX//",
    "Confirmed": 19,
    "confirmed": "Not Called",
    "Op": 3,
    "ProvNum": 1,
    "provAbbr": "DOC1",
    "AptDateTime": "2020-07-31 08:30:00",
    "Priority": "Normal",
}


COLUMNS = serialize.columns(Appointment)
BY_NUM = Compiled(select(*COLUMNS).where(Appointment.AptNum == bindparam("num")))


def _render(db: OfficeDatabase, apt_num: int, *, written: bool = False) -> dict[str, object]:
    """A written appointment (POST, PUT) is answered without ``serverDateTime``, as in Open
    Dental's examples; a GET leads with it."""
    server = None if written else server_now(db)
    row = BY_NUM.first(db.read_engine(), {"num": apt_num})
    if row is None:
        raise NotFound(f"AptNum {apt_num} was not found in this office.")
    return serialize.appointment(row, db.lookups(), server)


@router.get(
    "/appointments",
    summary="Appointments, filtered and paged (Offset, Limit)",
    openapi_extra=described(
        ids=("PatNum", "Op", "ClinicNum"),
        days=("date", "dateStart", "dateEnd"),
        moments=("DateTStamp",),
        choices={"AptStatus": enums.APT_STATUS.accepted()},
        paged=True,
    ),
)
async def list_appointments(request: Request, db: OfficeDb) -> Response:
    params = _list_params(Args(request.query_params))
    if "PatNum" in params:  # one patient's appointments: a few rows by index
        return await office_point_read(db, _list, db, params)
    return await office_read(db, _list, db, params)


def _list_params(args: Args) -> dict[str, Any]:
    """The filters present, by bind parameter name (400 for a bad one, before any read)."""
    params: dict[str, Any] = {}
    for name in ("PatNum", "Op", "ClinicNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            params[name] = number
    status = args.str("AptStatus")
    if status is not None:
        params["AptStatus"] = enums.APT_STATUS.parse(status, "AptStatus")
    first, last = _days(args)
    if first is not None:
        params["first"] = dt.datetime.combine(first, dt.time())
    if last is not None:
        params["end"] = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    since = args.datetime("DateTStamp")
    if since is not None:
        params["DateTStamp"] = since
    params["page_offset"], params["page_limit"] = args.page()
    return params


def _list_statement(names: frozenset[str]) -> Select[Any]:
    query = select(*COLUMNS)
    for name in ("PatNum", "AptStatus", "Op", "ClinicNum"):
        if name in names:
            query = query.where(getattr(Appointment, name) == bindparam(name))
    if "first" in names:
        query = query.where(Appointment.AptDateTime >= bindparam("first"))
    if "end" in names:
        query = query.where(Appointment.AptDateTime < bindparam("end"))
    if "DateTStamp" in names:
        query = query.where(Appointment.DateTStamp >= bindparam("DateTStamp"))
    return paged_by_binds(query, Appointment.AptNum)


LIST = Shapes(_list_statement, pack=appointment_page)


def _list(db: OfficeDatabase, params: dict[str, Any]) -> Response:
    return page_response(db, LIST, params, serialize.appointments)


def _days(args: Args) -> tuple[dt.date | None, dt.date | None]:
    day = args.date("date")
    if day is not None:
        return day, day
    first, last = args.date("dateStart"), args.date("dateEnd")
    if first is not None and last is not None and last < first:
        raise BadRequest("dateEnd must be on or after dateStart (both yyyy-MM-dd).")
    return first, last


@router.get(
    "/appointments/Slots",
    summary="Free times: operatory schedules minus booked appointments",
    openapi_extra=described(
        ids=("ProvNum", "OpNum"), counts=("lengthMinutes",), days=("date", "dateStart", "dateEnd")
    ),
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": [
                        {
                            "DateTimeStart": "2026-12-01 08:00:00",
                            "DateTimeEnd": "2026-12-01 08:30:00",
                            "ProvNum": 1,
                            "OpNum": 2,
                        }
                    ]
                }
            }
        }
    },
)
def list_slots(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    first, last = slots.date_range(
        args.date("date"), args.date("dateStart"), args.date("dateEnd"), office_now(db).date()
    )
    length = args.int("lengthMinutes", minimum=5)
    if length is not None and length % 5:
        raise BadRequest(f"lengthMinutes must be a multiple of 5, got {length}.")
    with db.session() as session:
        found = slots.find_slots(
            session,
            first,
            last,
            length=length,
            prov_num=args.int("ProvNum", minimum=0),
            op_num=args.int("OpNum", minimum=0),
        )
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


@router.get(
    "/appointments/{AptNum}",
    summary="One appointment",
    responses={200: {"content": {"application/json": {"example": EXAMPLE}}}},
)
async def get_appointment(AptNum: str, db: OfficeDb) -> Response:
    return json_response(await office_read(db, _render, db, path_id(AptNum, "AptNum")))


@router.post(
    "/appointments",
    status_code=201,
    summary="Book an appointment (409 naming the AptNum it would overlap)",
    openapi_extra=json_body(
        required=("PatNum", "Op", "AptDateTime"),
        ids=("PatNum", "Op", "ClinicNum", "ProvNum", "ProvHyg", "Confirmed", "AppointmentTypeNum"),
        moments=("AptDateTime",),
        texts=("Pattern", "Note", "colorOverride"),
        choices={
            "AptStatus": enums.APT_STATUS.accepted(),
            "Priority": enums.APT_PRIORITY.accepted(),
        },
        flags=("IsHygiene", "IsNewPatient", "TimeLocked"),
        example={"PatNum": 17, "Op": 3, "AptDateTime": "2030-07-31 08:30:00", "Pattern": "//XX//"},
    ),
)
async def create_appointment(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    apt_num = await run_in_threadpool(booking.create_appointment, db, fields)
    row = await run_in_threadpool(partial(_render, db, apt_num, written=True))
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/appointments/{apt_num}"})


@router.put(
    "/appointments/{AptNum}",
    summary="Change an appointment (Note overwrites)",
    openapi_extra=json_body(
        ids=("PatNum", "Op", "ClinicNum", "ProvNum", "ProvHyg", "Confirmed", "AppointmentTypeNum"),
        moments=("AptDateTime",),
        texts=("Pattern", "Note", "colorOverride"),
        choices={
            "AptStatus": enums.APT_STATUS.accepted(),
            "Priority": enums.APT_PRIORITY.accepted(),
        },
        flags=("IsHygiene", "IsNewPatient", "TimeLocked"),
    ),
)
async def update_appointment(AptNum: str, request: Request, db: OfficeDb) -> Response:
    apt_num = path_id(AptNum, "AptNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(booking.update_appointment, db, apt_num, fields)
    return json_response(await run_in_threadpool(partial(_render, db, apt_num, written=True)))


@router.put("/appointments/{AptNum}/Break", summary="Break a Scheduled appointment")
async def break_appointment(AptNum: str, request: Request, db: OfficeDb) -> Response:
    apt_num = path_id(AptNum, "AptNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(actions.break_appointment, db, apt_num, fields)
    return Response(status_code=200)


@router.put("/appointments/{AptNum}/Confirm", summary="Set the confirmation status")
async def confirm_appointment(AptNum: str, request: Request, db: OfficeDb) -> Response:
    apt_num = path_id(AptNum, "AptNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(actions.confirm_appointment, db, apt_num, fields)
    return Response(status_code=200)


@router.put("/appointments/{AptNum}/Note", summary="Append to the appointment's note")
async def append_note(AptNum: str, request: Request, db: OfficeDb) -> Response:
    apt_num = path_id(AptNum, "AptNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(actions.append_note, db, apt_num, fields)
    return Response(status_code=200)


@router.delete("/appointments/{AptNum}", summary="Delete (recorded for AppointmentDeleted)")
def delete_appointment(AptNum: str, db: OfficeDb) -> Response:
    actions.delete_appointment(db, path_id(AptNum, "AptNum"))
    return Response(status_code=200)
