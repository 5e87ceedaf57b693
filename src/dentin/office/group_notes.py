"""Procedure group notes: one ``~GRP~`` procedure whose note speaks for several procedures.

As in Open Dental, the group note is itself a procedure (code ``~GRP~``, status EC) listed in
``procgroupitem`` as the group of each procedure it covers, and its text is the newest row of
its ``procnote`` history (an edit adds a row; nothing is overwritten). ``isSigned`` is a
non-empty ``procnote.Signature``: dentin signs with a SHA-256 digest of the note, the
procedure and the time, which changes whenever the note does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office.clock import office_now
from dentin.office.fields import Fields, to_int
from dentin.office.listing import get_or_404
from dentin.office.models import (
    Patient,
    ProcedureCode,
    ProcedureLog,
    ProcGroupItem,
    ProcNote,
    Provider,
)
from dentin.office.registry import OfficeDatabase

GROUP_CODE = "~GRP~"
EXISTING_CURRENT = 3  # ProcStatus EC
DELETED = 6


@dataclass(frozen=True)
class GroupNote:
    PatNum: int
    ProvNum: int
    ProcNum: int
    ProcNums: list[int]
    Note: str
    signed: bool


def group_code(session: Session, *, create: bool) -> int | None:
    """The ``~GRP~`` procedure code's CodeNum (added on first use, as Open Dental ships it)."""
    found = session.scalar(
        select(ProcedureCode.CodeNum).where(ProcedureCode.ProcCode == GROUP_CODE)
    )
    if found is not None or not create:
        return found
    code = ProcedureCode(
        ProcCode=GROUP_CODE,
        Descript="Group Note",
        AbbrDesc="Group Note",
        ProcTime="/X/",
        DateTStamp=dt.datetime(2000, 1, 1),
    )
    session.add(code)
    session.flush()
    return code.CodeNum


def list_group_notes(session: Session, pat_num: int) -> list[GroupNote]:
    get_or_404(session, Patient, pat_num, "PatNum")
    code = group_code(session, create=False)
    if code is None:
        return []
    groups = session.scalars(
        select(ProcedureLog)
        .where(
            ProcedureLog.PatNum == pat_num,
            ProcedureLog.CodeNum == code,
            ProcedureLog.ProcStatus != DELETED,
        )
        .order_by(ProcedureLog.ProcNum)
    ).all()
    return [_note(session, g) for g in groups]


def read_group_note(session: Session, proc_num: int) -> GroupNote:
    return _note(session, _group(session, proc_num))


def _group(session: Session, proc_num: int) -> ProcedureLog:
    proc = session.get(ProcedureLog, proc_num)
    if proc is None or proc.ProcStatus == DELETED:
        raise NotFound(f"ProcNum {proc_num} was not found in this office.")
    if proc.CodeNum != group_code(session, create=False):
        raise BadRequest(f'ProcNum {proc_num} is not a group note (procCode "{GROUP_CODE}").')
    return proc


def _note(session: Session, group: ProcedureLog) -> GroupNote:
    members = list(
        session.scalars(
            select(ProcGroupItem.ProcNum)
            .where(ProcGroupItem.GroupNum == group.ProcNum)
            .order_by(ProcGroupItem.ProcNum)
        )
    )
    latest = session.scalars(
        select(ProcNote)
        .where(ProcNote.ProcNum == group.ProcNum)
        .order_by(ProcNote.EntryDateTime.desc(), ProcNote.ProcNoteNum.desc())
        .limit(1)
    ).first()
    return GroupNote(
        PatNum=group.PatNum,
        ProvNum=group.ProvNum,
        ProcNum=group.ProcNum,
        ProcNums=members,
        Note=latest.Note if latest else "",
        signed=bool(latest and latest.Signature),
    )


def create_group_note(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    raw = f.raw("ProcNums")
    if not isinstance(raw, list) or not raw:
        raise BadRequest("ProcNums is required: an array of ProcNums, such as [1470, 1472].")
    proc_nums = list(dict.fromkeys(to_int(v, "ProcNums") for v in raw))  # repeats ignored
    note = _required_note(f)
    signed = bool(f.flag("isSigned"))
    with db.transaction() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        procs = session.scalars(
            select(ProcedureLog).where(ProcedureLog.ProcNum.in_(proc_nums))
        ).all()
        found = {p.ProcNum: p for p in procs if p.ProcStatus != DELETED}
        missing = [n for n in proc_nums if n not in found]
        if missing:
            raise NotFound(f"ProcNums {missing} were not found in this office.")
        others = [n for n in proc_nums if found[n].PatNum != pat_num]
        if others:
            raise BadRequest(f"ProcNums {others} belong to another patient than PatNum {pat_num}.")
        kinds = {(p.ProcDate, p.ClinicNum, p.ProvNum) for p in found.values()}
        if len(kinds) > 1:
            raise BadRequest(
                "The procedures of a group note must have the same ProcDate, ClinicNum and ProvNum."
            )
        grouped = session.scalar(
            select(ProcGroupItem.ProcNum).where(ProcGroupItem.ProcNum.in_(proc_nums)).limit(1)
        )
        if grouped is not None:
            raise BadRequest(f"ProcNum {grouped} is already in a group note.")
        proc_date, clinic, _prov = next(iter(kinds))
        prov = f.number("ProvNum")
        if prov is not None:
            get_or_404(session, Provider, prov, "ProvNum")
        now = office_now(db, session)
        group = ProcedureLog(
            PatNum=pat_num,
            ProcDate=proc_date,
            ProcStatus=EXISTING_CURRENT,
            CodeNum=group_code(session, create=True),
            ProvNum=prov if prov is not None else patient.PriProv,
            ClinicNum=clinic,
            DateEntryC=now.date(),
            DateTStamp=now,
            SecDateEntry=now,
        )
        session.add(group)
        session.flush()
        for num in proc_nums:
            session.add(ProcGroupItem(ProcNum=num, GroupNum=group.ProcNum))
        _add_note(session, group, note, signed, now)
        return group.ProcNum


def update_group_note(db: OfficeDatabase, proc_num: int, f: Fields) -> None:
    pat_num = f.required_int("PatNum")
    note = _required_note(f)
    append = bool(f.flag("doAppendNote"))
    signed = f.flag("isSigned")
    with db.transaction() as session:
        group = _group(session, proc_num)
        if group.PatNum != pat_num:
            raise BadRequest(f"ProcNum {proc_num} is a group note of another patient.")
        current = _note(session, group)
        prov = f.number("ProvNum")
        if prov is not None:
            get_or_404(session, Provider, prov, "ProvNum")
            group.ProvNum = prov
        now = office_now(db, session)
        text = f"{current.Note}{note}" if append else note
        _add_note(session, group, text, current.signed if signed is None else signed, now)
        group.DateTStamp = now


def delete_group_note(db: OfficeDatabase, proc_num: int) -> None:
    with db.transaction() as session:
        group = _group(session, proc_num)
        session.execute(delete(ProcGroupItem).where(ProcGroupItem.GroupNum == proc_num))
        group.ProcStatus = DELETED
        group.DateTStamp = office_now(db, session)


def _required_note(f: Fields) -> str:
    note = f.text("Note", max_length=65_000)
    if note is None:
        raise BadRequest("Note is required: send the text of the group note.")
    return note


def _add_note(
    session: Session, group: ProcedureLog, note: str, signed: bool, now: dt.datetime
) -> None:
    signature = ""
    if signed:
        seed = f"{group.ProcNum}|{now.isoformat()}|{note}".encode()
        signature = hashlib.sha256(seed).hexdigest()
    session.add(
        ProcNote(
            PatNum=group.PatNum,
            ProcNum=group.ProcNum,
            EntryDateTime=now,
            Note=note,
            Signature=signature,
        )
    )
