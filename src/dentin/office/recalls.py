"""Recalls (a patient's next due hygiene visit, one per recall type) and their types: Open
Dental's JSON, and the writes its apirecalls page documents.

A recall's ``RecallStatus`` is a definition of category 13; its interval is stored packed
(office/intervals.py). ``PUT /recalls/Status`` also leaves a Recall commlog, and
``PUT /recalls/SwitchType`` swaps the patient's Prophy recall for Perio or back, the two
special types found by their descriptions.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums, intervals
from dentin.office.clock import office_now
from dentin.office.definitions import COMMLOG_TYPES, RECALL_UNSCHED_STATUS, Defs
from dentin.office.fields import Fields, check_pattern
from dentin.office.listing import get_or_404
from dentin.office.models import Commlog, Patient, Recall, RecallType
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Row
from dentin.wire import od_date as date_text
from dentin.wire import od_datetime as datetime_text

od_bool = enums.od_bool
PRIORITY = enums.OdEnum("Priority", {"Normal": 0, "ASAP": 1})
NOTE = 65_000


def recall(r: Any, defs: Defs) -> Row:
    return {
        "RecallNum": r.RecallNum,
        "PatNum": r.PatNum,
        "DateDue": date_text(r.DateDue),
        "DatePrevious": date_text(r.DatePrevious),
        "RecallInterval": intervals.to_text(r.RecallInterval),
        "RecallStatus": r.RecallStatus,
        "recallStatus": defs.name(r.RecallStatus) if r.RecallStatus else "",
        "Note": r.Note,
        "IsDisabled": od_bool(r.IsDisabled),
        "DateTStamp": datetime_text(r.DateTStamp),
        "RecallTypeNum": r.RecallTypeNum,
        "DisableUntilBalance": float(r.DisableUntilBalance),
        "DisableUntilDate": date_text(r.DisableUntilDate),
        "DateScheduled": date_text(r.DateScheduled),
        "Priority": PRIORITY.text(r.Priority),
        "TimePatternOverride": r.TimePatternOverride,
    }


def recalltype(t: Any) -> Row:
    return {
        "RecallTypeNum": t.RecallTypeNum,
        "Description": t.Description,
        "DefaultInterval": intervals.to_text(t.DefaultInterval),
        "TimePattern": t.TimePattern,
        "Procedures": t.Procedures,
        "AppendToSpecial": od_bool(t.AppendToSpecial),
    }


def _status(defs: Defs, f: Fields) -> int | None:
    num = f.number("RecallStatus")
    if num:
        defs.require(num, RECALL_UNSCHED_STATUS, "RecallStatus")
    return num


def _apply(row: Recall, f: Fields, defs: Defs) -> None:
    """The fields POST and PUT share; each only when sent."""
    sent, due = f.date("DateDue")
    if sent:
        row.DateDue = due
    if f.has("RecallInterval"):
        row.RecallInterval = intervals.parse(f.raw("RecallInterval"), "RecallInterval")
    status = _status(defs, f)
    if status is not None:
        row.RecallStatus = status
    note = f.text("Note", max_length=NOTE)
    if note is not None:
        row.Note = note
    disabled = f.flag("IsDisabled")
    if disabled is not None:
        row.IsDisabled = int(disabled)
    balance = f.money("DisableUntilBalance")
    if balance is not None:
        if balance < 0:
            raise BadRequest(f"DisableUntilBalance must be 0 or more, got {balance}.")
        row.DisableUntilBalance = balance
    sent, until = f.date("DisableUntilDate")
    if sent:
        row.DisableUntilDate = until
    priority = f.enum("Priority", PRIORITY)
    if priority is not None:
        row.Priority = priority
    pattern = f.text("TimePatternOverride")
    if pattern is not None:
        row.TimePatternOverride = check_pattern(pattern, "TimePatternOverride") if pattern else ""


def create_recall(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    type_num = f.required_int("RecallTypeNum")
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        kind = get_or_404(session, RecallType, type_num, "RecallTypeNum")
        taken = session.scalar(
            select(Recall.RecallNum).where(
                Recall.PatNum == pat_num, Recall.RecallTypeNum == type_num
            )
        )
        if taken is not None:
            raise BadRequest(
                f"PatNum {pat_num} already has a recall of RecallTypeNum {type_num} "
                f"(RecallNum {taken}); a patient has one recall per type, change it with "
                f"PUT /recalls/{taken}."
            )
        row = Recall(
            PatNum=pat_num,
            RecallTypeNum=type_num,
            RecallInterval=kind.DefaultInterval,
            DateTStamp=office_now(db, session),
        )
        _apply(row, f, Defs.load(session))
        session.add(row)
        session.flush()
        return row.RecallNum


def update_recall(db: OfficeDatabase, num: int, f: Fields) -> None:
    with db.transaction() as session:
        row = get_or_404(session, Recall, num, "RecallNum")
        _apply(row, f, Defs.load(session))
        row.DateTStamp = office_now(db, session)


def _type_named(session: Session, name: str) -> RecallType | None:
    return session.scalars(
        select(RecallType)
        .where(func.lower(RecallType.Description) == name.strip().lower())
        .order_by(RecallType.RecallTypeNum)
        .limit(1)
    ).first()


def _patients_recall(session: Session, pat_num: int, kind: RecallType) -> Recall | None:
    return session.scalars(
        select(Recall).where(Recall.PatNum == pat_num, Recall.RecallTypeNum == kind.RecallTypeNum)
    ).first()


def set_status(db: OfficeDatabase, f: Fields) -> None:
    pat_num = f.required_int("PatNum")
    type_name = f.text("recallType")
    if not type_name or not type_name.strip():
        raise BadRequest('recallType is required: the recall type\'s name, such as "Prophy".')
    mode = f.enum("commlogMode", enums.COMM_MODE) or 0
    note = f.text("commlogNote", max_length=NOTE)
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        kind = _type_named(session, type_name)
        if kind is None:
            raise NotFound(f"recallType {type_name!r} is not a recall type of this office.")
        row = _patients_recall(session, pat_num, kind)
        if row is None:
            raise NotFound(f"PatNum {pat_num} has no {kind.Description} recall.")
        defs = Defs.load(session)
        status = _status(defs, f)
        if status is not None:
            row.RecallStatus = status
        now = office_now(db, session)
        row.DateTStamp = now
        status_name = defs.name(row.RecallStatus) if row.RecallStatus else "None"
        session.add(
            Commlog(
                PatNum=pat_num,
                CommDateTime=now,
                CommType=_recall_commtype(defs),
                Note=note if note else f"Recall reminder. Status: {status_name}.",
                Mode_=mode,
                SentOrReceived=0,
                UserNum=0,
                DateTStamp=now,
                DateTEntry=now,
            )
        )


def _recall_commtype(defs: Defs) -> int:
    try:
        return defs.by_name("Recall", COMMLOG_TYPES, "commType")
    except BadRequest:
        return defs.first(COMMLOG_TYPES)


def switch_type(db: OfficeDatabase, f: Fields) -> None:
    pat_num = f.required_int("PatNum")
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        prophy, perio = _type_named(session, "Prophy"), _type_named(session, "Perio")
        if prophy is None or perio is None:
            raise BadRequest(
                'This office has no "Prophy" and "Perio" recall types to switch between; '
                "see GET /recalltypes."
            )
        row = _patients_recall(session, pat_num, prophy)
        target = perio
        if row is None:
            row, target = _patients_recall(session, pat_num, perio), prophy
        if row is None:
            raise BadRequest(
                f"PatNum {pat_num} has neither a Prophy nor a Perio recall to switch; add one "
                "with POST /recalls."
            )
        if _patients_recall(session, pat_num, target) is not None:
            raise BadRequest(
                f"PatNum {pat_num} has both a Prophy and a Perio recall; disable one with "
                "PUT /recalls/{RecallNum} instead of switching."
            )
        row.RecallTypeNum = target.RecallTypeNum
        row.RecallInterval = target.DefaultInterval or row.RecallInterval
        row.DateTStamp = office_now(db, session)
