"""Insurance history: when a patient last had each kind of procedure that insurance limits
(bitewings, panos, exams, prophies, perio by quadrant...), as Open Dental's Insurance History
form and its API (ProcedureLogs GET/POST InsuranceHistory) show and record it.

Each category is a preference (``InsHistBWCodes``...) holding the procedure codes that count
for it. The last date is the newest completed or existing procedure (C, EC, EO) of one of
those codes; a date entered through POST is recorded as Open Dental does, as an Existing Other
(EO) procedure of the category's first code with an InsHist claimproc on the subscriber's plan.

The subscriber (``inssub``) belongs to the insurance part of the schema: it is read with plain
SQL on Open Dental's column names, and an office without that table knows no subscribers.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office.clock import office_now
from dentin.office.fields import Fields
from dentin.office.listing import exists_or_404, get_or_404
from dentin.office.models import ClaimProc, Patient, Preference, ProcedureCode, ProcedureLog
from dentin.office.registry import OfficeDatabase

log = logging.getLogger(__name__)
CATEGORIES = (
    "InsHistBWCodes",
    "InsHistPanoCodes",
    "InsHistExamCodes",
    "InsHistProphyCodes",
    "InsHistPerioURCodes",
    "InsHistPerioULCodes",
    "InsHistPerioLRCodes",
    "InsHistPerioLLCodes",
    "InsHistPerioMaintCodes",
    "InsHistDebridementCodes",
)
DONE = (2, 3, 4)  # ProcStatus C, EC, EO
EXISTING_OTHER = 4
INS_HIST = 11  # ClaimProcStatus InsHist


def subscriber_plan(session: Session, ins_sub: int) -> int:
    """The PlanNum of ``inssub`` row ``ins_sub``; 404 when there is none (or no table)."""
    try:
        plan = (
            session.connection()
            .execute(text("SELECT plannum FROM inssub WHERE inssubnum = :n"), {"n": ins_sub})
            .scalar()
        )
    except DBAPIError as exc:
        log.info("insurance_history_no_inssub_table: %s", exc.orig.__class__.__name__)
        session.rollback()
        plan = None
    if plan is None:
        raise NotFound(f"InsSubNum {ins_sub} was not found in this office.")
    return int(plan)


def _codes(session: Session) -> dict[str, list[str]]:
    rows = session.execute(
        select(Preference.PrefName, Preference.ValueString).where(
            Preference.PrefName.in_(CATEGORIES)
        )
    )
    return {name: [c.strip() for c in value.split(",") if c.strip()] for name, value in rows}


def history(session: Session, pat_num: int, ins_sub: int) -> list[dict[str, object]]:
    exists_or_404(session, Patient, pat_num, "PatNum")
    subscriber_plan(session, ins_sub)
    codes = _codes(session)
    wanted = {c for cs in codes.values() for c in cs}
    latest: dict[str, tuple[dt.date, int]] = {}
    if wanted:
        for proc_num, day, code in session.execute(
            select(ProcedureLog.ProcNum, ProcedureLog.ProcDate, ProcedureCode.ProcCode)
            .join(ProcedureCode, ProcedureCode.CodeNum == ProcedureLog.CodeNum)
            .where(
                ProcedureLog.PatNum == pat_num,
                ProcedureLog.ProcStatus.in_(DONE),
                ProcedureCode.ProcCode.in_(wanted),
            )
        ):
            if day is None:
                continue
            for name, members in codes.items():
                if code in members and (name not in latest or (day, proc_num) > latest[name]):
                    latest[name] = (day, proc_num)
    out: list[dict[str, object]] = []
    for name in CATEGORIES:
        if not codes.get(name):
            out.append({"insHistPrefName": name, "procDate": "Not Set", "ProcNum": 0})
        elif name not in latest:
            out.append({"insHistPrefName": name, "procDate": "No History", "ProcNum": 0})
        else:
            day, proc_num = latest[name]
            out.append({"insHistPrefName": name, "procDate": day.isoformat(), "ProcNum": proc_num})
    return out


def record(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    ins_sub = f.required_int("InsSubNum")
    name = f.required_str("insHistPrefName", max_length=50)
    if name not in CATEGORIES:
        raise BadRequest(
            f"insHistPrefName must be one of {', '.join(CATEGORIES)} (case sensitive), "
            f"got {name!r}."
        )
    sent, day = f.date("ProcDate")
    if not sent or day is None:
        raise BadRequest("ProcDate is required, in the form yyyy-MM-dd.")
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        plan = subscriber_plan(session, ins_sub)
        codes = sorted(_codes(session).get(name, []))
        found = session.execute(
            select(ProcedureCode.CodeNum, ProcedureCode.ProcCode)
            .where(ProcedureCode.ProcCode.in_(codes))
            .order_by(ProcedureCode.ProcCode)
            .limit(1)
        ).first()
        if found is None:
            raise BadRequest(
                f"The {name} preference names no procedure code this office has; set it in "
                "Open Dental's Insurance History setup first."
            )
        now = office_now(db, session)
        proc = ProcedureLog(
            PatNum=pat_num,
            ProcDate=day,
            ProcStatus=EXISTING_OTHER,
            CodeNum=found[0],
            ProvNum=patient.PriProv,
            ClinicNum=patient.ClinicNum,
            DateTP=day,
            DateEntryC=now.date(),
            DateTStamp=now,
            SecDateEntry=now,
        )
        session.add(proc)
        session.flush()
        session.add(
            ClaimProc(
                ProcNum=proc.ProcNum,
                PatNum=pat_num,
                ProvNum=patient.PriProv,
                Status=INS_HIST,
                PlanNum=plan,
                ProcDate=day,
                DateEntry=now.date(),
                ClinicNum=patient.ClinicNum,
                SecDateTEdit=now,
            )
        )
        return proc.ProcNum
