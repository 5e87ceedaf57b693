"""Web Sched: open slots for an appointment kind, booking one, and which appointments came
from it, as Open Dental's Appointments GET SlotsWebSched, POST WebSched and GET WebSched do.

An office offers a Web Sched kind by linking its definition (category 42 for new patients,
51 for existing ones) to an ``appointmenttype`` through ``deflink`` (``LinkType`` 2), whose
pattern says how long the visit is; only operatories marked ``IsWebSched`` are offered. Slots
are the free times of ``office.slots`` cut to that length. Booking checks the slot is still
one of them and books it under the operatory lock with the overlap rule (``office.booking``),
then records the booking in ``eservicelog``, which ``GET /appointments/WebSched`` reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office import enums, planned, slots
from dentin.office.booking import lock_operatory, minutes, refuse_overlap, write_transaction
from dentin.office.clock import office_now
from dentin.office.definitions import APPT_CONFIRMED, Defs
from dentin.office.fields import Fields, check_pattern
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Appointment,
    AppointmentType,
    Definition,
    DefLink,
    EServiceLog,
    Operatory,
    Patient,
    Provider,
)
from dentin.office.registry import OfficeDatabase

NEW_PATIENT_KINDS = 42
EXISTING_PATIENT_KINDS = 51
LINK_APPOINTMENT_TYPE = 2
# eservicelog.EServiceType → GET WebSched's eServiceLogType
LOG_TYPES = {1: "Recall", 2: "NewPat", 3: "ExistingPat", 4: "ASAP"}
NEW_PAT, EXISTING_PAT = 2, 3
CREATED_FROM_WEB_SCHED = "Created from Web Sched"
DEFAULT_MINUTES = 30


@dataclass(frozen=True)
class Kind:
    def_num: int
    name: str
    is_new: bool
    apt_type: AppointmentType

    @property
    def minutes(self) -> int:
        return minutes(self.apt_type.Pattern) if self.apt_type.Pattern else DEFAULT_MINUTES


def kind(session: Session, def_num: int | None, is_new: bool) -> Kind:
    wanted = NEW_PATIENT_KINDS if is_new else EXISTING_PATIENT_KINDS
    if def_num is None:
        def_num = session.scalar(
            select(DefLink.DefNum)
            .join(Definition, Definition.DefNum == DefLink.DefNum)
            .where(Definition.Category == wanted, DefLink.LinkType == LINK_APPOINTMENT_TYPE)
            .order_by(Definition.ItemOrder, Definition.DefNum)
            .limit(1)
        )
        if def_num is None:
            raise BadRequest(
                "This office offers no Web Sched appointment kinds for "
                f"{'new' if is_new else 'existing'} patients; send defNumApptType."
            )
    row = session.execute(
        select(Definition.Category, Definition.ItemName).where(Definition.DefNum == def_num)
    ).first()
    if row is None or row[0] not in (NEW_PATIENT_KINDS, EXISTING_PATIENT_KINDS):
        raise BadRequest(
            f"defNumApptType {def_num} is not a Web Sched appointment kind (a definition of "
            "category 42, new patients, or 51, existing patients)."
        )
    type_num = session.scalar(
        select(DefLink.FKey).where(
            DefLink.DefNum == def_num, DefLink.LinkType == LINK_APPOINTMENT_TYPE
        )
    )
    apt_type = session.get(AppointmentType, type_num) if type_num else None
    if apt_type is None:
        raise BadRequest(
            f"defNumApptType {def_num} is not linked to an appointment type; link one in Web "
            "Sched setup first."
        )
    return Kind(def_num, str(row[1]), row[0] == NEW_PATIENT_KINDS, apt_type)


def find(
    session: Session, first: dt.date, last: dt.date, clinic: int | None, web: Kind
) -> list[slots.Slot]:
    query = select(Operatory.OperatoryNum).where(Operatory.IsWebSched == 1, Operatory.IsHidden == 0)
    if clinic is not None:
        query = query.where(Operatory.ClinicNum == clinic)
    found: list[slots.Slot] = []
    for op in session.scalars(query.order_by(Operatory.OperatoryNum)):
        found += slots.find_slots(session, first, last, length=web.minutes, prov_num=0, op_num=op)
    found.sort(key=lambda s: (s.start, s.op_num, s.prov_num))
    return found


def book(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    start = f.required_datetime("dateTimeStart")
    end = f.required_datetime("dateTimeEnd")
    prov = f.required_int("ProvNum")
    op = f.required_int("OpNum")
    def_num = f.required_int("defNumApptType")
    if end <= start:
        raise BadRequest("dateTimeEnd must be after dateTimeStart.")
    with write_transaction(db) as session:
        lock_operatory(session, op)
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        operatory = get_or_404(session, Operatory, op, "OpNum")
        get_or_404(session, Provider, prov, "ProvNum")
        web = kind(session, def_num, is_new=False)
        offered = find(session, start.date(), start.date(), None, web)
        if not any(
            s.start == start and s.end == end and s.op_num == op and s.prov_num == prov
            for s in offered
        ):
            raise BadRequest(
                "That time is not an open Web Sched slot of this kind for that provider and "
                "operatory; GET /appointments/SlotsWebSched lists the open ones."
            )
        now = office_now(db, session)
        defs = Defs.load(session)
        try:
            confirmed = defs.by_name(CREATED_FROM_WEB_SCHED, APPT_CONFIRMED, "Confirmed")
        except BadRequest:
            confirmed = defs.first(APPT_CONFIRMED)
        length = int((end - start).total_seconds() // 60)
        pattern = web.apt_type.Pattern or "X" * (length // 5)
        apt = Appointment(
            PatNum=pat_num,
            AptStatus=enums.SCHEDULED,
            Pattern=check_pattern(pattern),
            Confirmed=confirmed,
            Op=op,
            Note=f"Appointment Reason: {web.name}",
            ProvNum=prov,
            AptDateTime=start,
            IsNewPatient=int(web.is_new),
            ProcDescript="",
            ClinicNum=operatory.ClinicNum,
            IsHygiene=operatory.IsHygiene,
            ColorOverride="",
            AppointmentTypeNum=web.apt_type.AppointmentTypeNum,
            PatternSecondary="",
            DateTStamp=now,
            SecDateTEntry=now,
        )
        apt.PatternSecondary = "/" * len(apt.Pattern)
        refuse_overlap(session, apt)
        session.add(apt)
        session.flush()
        procs = planned.type_procedures(session, web.apt_type, patient, start.date())
        for proc in procs:
            proc.AptNum = apt.AptNum
            proc.ProvNum = prov
            proc.DateTStamp = now
            proc.SecDateEntry = now
            session.add(proc)
        apt.ProcDescript = planned.describe(session, procs)[0]
        session.add(
            EServiceLog(
                LogDateTime=now,
                PatNum=pat_num,
                EServiceType=NEW_PAT if web.is_new else EXISTING_PAT,
                FKey=apt.AptNum,
                ClinicNum=apt.ClinicNum,
            )
        )
        return apt.AptNum
