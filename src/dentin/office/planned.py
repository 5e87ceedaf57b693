"""Planned appointments and scheduling them, as Open Dental's Appointments POST Planned and
POST SchedulePlanned do.

A planned appointment (``AptStatus`` Planned) holds no time on the book: it names the
procedures still to do (their ``PlannedAptNum``) and how long they take. Scheduling one books
a new Scheduled appointment from it (``NextAptNum`` points back at the plan, which stays), with
the booking's overlap rule and lock (``office.booking``), and moves the plan's procedures onto
the new appointment.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.booking import (
    DEFAULT_PATTERN,
    apply_fields,
    lock_operatory,
    refuse_overlap,
    write_transaction,
)
from dentin.office.clock import office_now
from dentin.office.definitions import APPT_CONFIRMED, Defs
from dentin.office.fields import MAX_PATTERN, Fields, check_pattern, to_int
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Appointment,
    AppointmentType,
    Operatory,
    Patient,
    ProcedureCode,
    ProcedureLog,
    Provider,
)
from dentin.office.registry import OfficeDatabase

PLANNED = 6
TP = 1
COMPLETE = 2


def color_text(color: int) -> str:
    """An Open Dental color (a .NET ARGB integer) as the API's "R,G,B"."""
    return f"{(color >> 16) & 255},{(color >> 8) & 255},{color & 255}"


def type_procedures(
    session: Session, apt_type: AppointmentType, patient: Patient, now_day: object
) -> list[ProcedureLog]:
    """The treatment-planned procedures an appointment type adds (its ``CodeStr``)."""
    codes = [c.strip() for c in apt_type.CodeStr.split(",") if c.strip()]
    if not codes:
        return []
    known: dict[str, int] = {}
    for code, num in session.execute(
        select(ProcedureCode.ProcCode, ProcedureCode.CodeNum).where(
            ProcedureCode.ProcCode.in_(codes)
        )
    ):
        known[code] = num
    procs = []
    for code in codes:
        if code not in known:
            raise BadRequest(
                f"AppointmentTypeNum {apt_type.AppointmentTypeNum} names procedure code "
                f"{code!r}, which this office does not have."
            )
        procs.append(
            ProcedureLog(
                PatNum=patient.PatNum,
                ProcDate=now_day,
                ProcStatus=TP,
                CodeNum=known[code],
                ProvNum=patient.PriProv,
                ClinicNum=patient.ClinicNum,
                DateTP=now_day,
            )
        )
    return procs


def describe(session: Session, procs: list[ProcedureLog]) -> tuple[str, str]:
    """``ProcDescript`` ("PerEx, 2BW") and the pattern the procedures' codes add up to."""
    nums = {p.CodeNum for p in procs}
    rows = {
        num: (abbr, time)
        for num, abbr, time in session.execute(
            select(ProcedureCode.CodeNum, ProcedureCode.AbbrDesc, ProcedureCode.ProcTime).where(
                ProcedureCode.CodeNum.in_(nums)
            )
        )
    }
    descript = ", ".join(rows[p.CodeNum][0] for p in procs if p.CodeNum in rows)
    pattern = "".join(rows[p.CodeNum][1] for p in procs if p.CodeNum in rows)
    pattern = "".join(ch for ch in pattern.upper() if ch in "/X")[:MAX_PATTERN]
    return descript, pattern


def create_planned(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    type_num = f.number("AppointmentTypeNum")
    raw = f.raw("procNums")
    if raw is not None and not isinstance(raw, list):
        raise BadRequest("procNums must be an array of ProcNums, such as [880, 881].")
    proc_nums = list(dict.fromkeys(to_int(v, "procNums") for v in raw or []))
    if not type_num and not proc_nums:
        raise BadRequest("Send AppointmentTypeNum or procNums to say which procedures to plan.")
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        now = office_now(db, session)
        defs = Defs.load(session)
        apt = Appointment(
            PatNum=pat_num,
            AptStatus=PLANNED,
            Op=0,
            Pattern=DEFAULT_PATTERN,
            ProvNum=patient.PriProv,
            ClinicNum=patient.ClinicNum,
            Confirmed=defs.first(APPT_CONFIRMED),
            Note="",
            ProcDescript="",
            ColorOverride="",
            PatternSecondary="",
            DateTStamp=now,
            SecDateTEntry=now,
        )
        procs: list[ProcedureLog] = []
        apt_type = None
        if type_num:
            apt_type = get_or_404(session, AppointmentType, type_num, "AppointmentTypeNum")
            apt.AppointmentTypeNum = type_num
            apt.ColorOverride = color_text(apt_type.AppointmentTypeColor)
            new = type_procedures(session, apt_type, patient, now.date())
            for proc in new:
                proc.DateTStamp = now
                proc.SecDateEntry = now
                session.add(proc)
            procs += new
        if proc_nums:
            found = session.scalars(
                select(ProcedureLog).where(ProcedureLog.ProcNum.in_(proc_nums))
            ).all()
            by_num = {p.ProcNum: p for p in found}
            missing = [n for n in proc_nums if n not in by_num or by_num[n].PatNum != pat_num]
            if missing:
                raise BadRequest(f"procNums {missing} are not procedures of PatNum {pat_num}.")
            done = [n for n in proc_nums if by_num[n].ProcStatus == COMPLETE]
            if done:
                raise BadRequest(
                    f"procNums {done} are already complete; plan only procedures to do."
                )
            procs += [by_num[n] for n in proc_nums]
        apply_fields(session, apt, f, defs)
        apt.AptStatus = PLANNED  # the only status this route makes, whatever was sent
        descript, derived = describe(session, procs)
        apt.ProcDescript = descript
        if not f.has("Pattern"):
            if apt_type is not None and apt_type.Pattern:
                apt.Pattern = check_pattern(apt_type.Pattern)
            elif derived:
                apt.Pattern = derived
        if not f.has("PatternSecondary"):
            apt.PatternSecondary = "/" * len(apt.Pattern)
        elif apt.PatternSecondary and len(apt.PatternSecondary) != len(apt.Pattern):
            raise BadRequest("PatternSecondary must be as long as Pattern.")
        apt.ItemOrderPlanned = 1 + int(
            session.scalar(
                select(func.count())
                .select_from(Appointment)
                .where(Appointment.PatNum == pat_num, Appointment.AptStatus == PLANNED)
            )
            or 0
        )
        session.add(apt)
        session.flush()
        for proc in procs:
            proc.PlannedAptNum = apt.AptNum
            proc.DateTStamp = now
        return apt.AptNum


def schedule_planned(db: OfficeDatabase, f: Fields) -> int:
    planned_num = f.required_int("AptNum")
    start = f.required_datetime("AptDateTime")
    prov = f.required_int("ProvNum")
    op = f.required_int("Op")
    with write_transaction(db) as session:
        lock_operatory(session, op)
        planned = get_or_404(session, Appointment, planned_num, "AptNum")
        if planned.AptStatus != PLANNED:
            raise BadRequest(
                f"AptNum {planned_num} is {enums.APT_STATUS.text(planned.AptStatus)}, not a "
                "Planned appointment."
            )
        operatory = get_or_404(session, Operatory, op, "Op")
        get_or_404(session, Provider, prov, "ProvNum")
        now = office_now(db, session)
        defs = Defs.load(session)
        apt = Appointment(
            PatNum=planned.PatNum,
            AptStatus=enums.SCHEDULED,
            Pattern=planned.Pattern,
            Confirmed=planned.Confirmed,
            Op=op,
            Note=planned.Note,
            ProvNum=prov,
            ProvHyg=planned.ProvHyg,
            AptDateTime=start,
            NextAptNum=planned.AptNum,
            IsNewPatient=planned.IsNewPatient,
            ProcDescript=planned.ProcDescript,
            ClinicNum=operatory.ClinicNum or planned.ClinicNum,
            IsHygiene=planned.IsHygiene,
            ColorOverride=planned.ColorOverride,
            AppointmentTypeNum=planned.AppointmentTypeNum,
            Priority=planned.Priority,
            PatternSecondary=planned.PatternSecondary,
            ItemOrderPlanned=planned.ItemOrderPlanned,
            DateTStamp=now,
            SecDateTEntry=now,
        )
        confirmed = f.number("Confirmed")
        if confirmed is not None:
            apt.Confirmed = defs.require(confirmed, APPT_CONFIRMED, "Confirmed")
        note = f.text("Note", max_length=65_000)
        if note is not None:
            apt.Note = note
        refuse_overlap(session, apt)
        session.add(apt)
        session.flush()
        for proc in session.scalars(
            select(ProcedureLog).where(ProcedureLog.PlannedAptNum == planned.AptNum)
        ):
            if proc.ProcStatus != COMPLETE:
                proc.AptNum = apt.AptNum
                proc.DateTStamp = now
        return apt.AptNum
