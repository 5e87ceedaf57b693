"""``/schedules``, ``/scheduleops``, ``/appointmenttypes``, ``/definitions`` and ``/usergroups``:
how the practice is set up, read as Open Dental's pages show it."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from dentin.errors import BadRequest
from dentin.office import serialize
from dentin.office import serialize_account as wire
from dentin.office.clock import office_now
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import (
    AppointmentType,
    Definition,
    Schedule,
    ScheduleOp,
    UserGroup,
)
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["setup"])


def _flag(args: Args, name: str) -> bool:
    raw = args.str(name)
    if raw is not None and raw.strip().lower() not in ("true", "false"):
        raise BadRequest(f'{name} must be "true" or "false", got {raw!r}.')
    return raw is not None and raw.strip().lower() == "true"


def _operatories(session: Session, nums: list[int]) -> dict[int, str]:
    ops: dict[int, list[str]] = defaultdict(list)
    if nums:
        for sched, op in session.execute(
            select(ScheduleOp.ScheduleNum, ScheduleOp.OperatoryNum)
            .where(ScheduleOp.ScheduleNum.in_(nums))
            .order_by(ScheduleOp.OperatoryNum)
        ):
            ops[sched].append(str(op))
    return {n: ",".join(v) for n, v in ops.items()}


@router.get(
    "/schedules",
    summary="Schedules of a day (today by default) or a date range, sorted by start time",
    openapi_extra=described(
        ids=("BlockoutDefNum", "ProvNum", "EmployeeNum"),
        days=("date", "dateStart", "dateEnd"),
        choices={"SchedType": list(serialize.SCHED_TYPE)},
        paged=True,
    ),
)
def list_schedules(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    day = args.date("date")
    first, last = args.date("dateStart"), args.date("dateEnd")
    if day is None and first is None and last is None:
        day = office_now(db).date()
    if day is not None:
        first = last = day
    if first is not None and last is not None and last < first:
        raise BadRequest("dateEnd must be on or after dateStart (both yyyy-MM-dd).")
    query = select(*serialize.columns(Schedule))
    if first is not None:
        query = query.where(Schedule.SchedDate >= first)
    if last is not None:
        query = query.where(Schedule.SchedDate <= last)
    kind = args.str("SchedType")
    if kind is not None:
        words = {w.lower(): i for i, w in enumerate(serialize.SCHED_TYPE)}
        if kind.strip().lower() not in words:
            choices = ", ".join(f'"{w}"' for w in serialize.SCHED_TYPE)
            raise BadRequest(f"SchedType must be one of {choices}, got {kind!r}.")
        query = query.where(Schedule.SchedType == words[kind.strip().lower()])
    for name, column in (
        ("BlockoutDefNum", Schedule.BlockoutType),
        ("ProvNum", Schedule.ProvNum),
        ("EmployeeNum", Schedule.EmployeeNum),
    ):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(column == number)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Schedule.ScheduleNum, args))
        rows.sort(key=lambda s: (s.SchedDate, s.StartTime, s.ScheduleNum))
        ops = _operatories(session, [s.ScheduleNum for s in rows])
        look = db.lookups(session)
        return json_response(
            [serialize.schedule(s, look, ops.get(s.ScheduleNum, "")) for s in rows]
        )


@router.get("/schedules/{ScheduleNum}", summary="One schedule")
def get_schedule(ScheduleNum: str, db: OfficeDb) -> Response:
    num = path_id(ScheduleNum, "ScheduleNum")
    with db.session() as session:
        row = get_or_404(session, Schedule, num, "ScheduleNum")
        ops = _operatories(session, [num]).get(num, "")
        return json_response(serialize.schedule(row, db.lookups(session), ops))


@router.get(
    "/scheduleops",
    summary="Which operatories schedules cover (ScheduleNum, OperatoryNum)",
    openapi_extra=described(ids=("ScheduleNum", "OperatoryNum"), paged=True),
)
def list_scheduleops(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(ScheduleOp))
    for name in ("ScheduleNum", "OperatoryNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(ScheduleOp, name) == number)
    with db.session() as session:
        rows = serialize.records(session, paged(query, ScheduleOp.ScheduleOpNum, args))
        return json_response([wire.scheduleop(o) for o in rows])


@router.get(
    "/appointmenttypes",
    summary="Appointment types",
    openapi_extra=described(paged=True),
)
def list_appointmenttypes(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(AppointmentType))
    with db.session() as session:
        rows = serialize.records(session, paged(query, AppointmentType.AppointmentTypeNum, args))
        return json_response([wire.appointmenttype(t) for t in rows])


@router.get(
    "/definitions",
    summary="Definitions (Category; includeHidden)",
    openapi_extra=described(
        ids=("Category",), choices={"includeHidden": ["true", "false"]}, paged=True
    ),
)
def list_definitions(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Definition))
    category = args.int("Category", minimum=0)
    if category is not None:
        query = query.where(Definition.Category == category)
    if not _flag(args, "includeHidden"):
        query = query.where(Definition.IsHidden == 0)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Definition.DefNum, args))
        return json_response([wire.definition(d) for d in rows])


@router.get(
    "/usergroups",
    summary="User groups (includeCEMT)",
    openapi_extra=described(choices={"includeCEMT": ["true", "false"]}, paged=True),
)
def list_usergroups(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(UserGroup))
    if not _flag(args, "includeCEMT"):
        query = query.where(UserGroup.UserGroupNumCEMT == 0)
    with db.session() as session:
        rows = serialize.records(session, paged(query, UserGroup.UserGroupNum, args))
        return json_response([wire.usergroup(g) for g in rows])
