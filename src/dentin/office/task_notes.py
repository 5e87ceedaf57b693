"""Task notes (the conversation on a task) and sheet fields (what a sheet holds), as Open
Dental's apitasknotes and apisheetfields pages show them, and the task-note writes."""

from __future__ import annotations

from typing import Any

from dentin.errors import BadRequest
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404
from dentin.office.models import Task, TaskNote, Userod
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Row
from dentin.wire import od_datetime as datetime_text

NOTE = 65_000
SHEET_FIELD_TYPE = enums.OdEnum(
    "SheetFieldType",
    {"OutputText": 0, "InputField": 1, "StaticText": 2, "Parameter": 3, "Image": 4,
     "Drawing": 5, "Line": 6, "Rectangle": 7, "CheckBox": 8, "SigBox": 9, "PatImage": 10,
     "Special": 11, "Grid": 12, "ComboBox": 13, "ScreenChart": 14, "MobileHeader": 15,
     "SigBoxPractice": 16},
)  # fmt: skip


def tasknote(n: Any) -> Row:
    return {
        "TaskNoteNum": n.TaskNoteNum,
        "TaskNum": n.TaskNum,
        "UserNum": n.UserNum,
        "DateTimeNote": datetime_text(n.DateTimeNote),
        "Note": n.Note,
    }


def sheetfield(f: Any) -> Row:
    return {
        "SheetFieldNum": f.SheetFieldNum,
        "SheetNum": f.SheetNum,
        "FieldType": SHEET_FIELD_TYPE.text(f.FieldType),
        "FieldName": f.FieldName,
        "FieldValue": f.FieldValue,
        "IsRequired": enums.od_bool(f.IsRequired),
        "ReportableName": f.ReportableName,
        "DateTimeSig": datetime_text(f.DateTimeSig),
    }


def _note(f: Fields, *, required: bool) -> str | None:
    note = f.text("Note", max_length=NOTE)
    if (note is None and required) or (note is not None and not note.strip()):
        raise BadRequest("Note is required and cannot be blank: send the note's text.")
    return note


def create_tasknote(db: OfficeDatabase, f: Fields) -> int:
    task_num = f.required_int("TaskNum")
    user_num = f.required_int("UserNum")
    note = _note(f, required=True)
    with db.transaction() as session:
        get_or_404(session, Task, task_num, "TaskNum")
        get_or_404(session, Userod, user_num, "UserNum")
        row = TaskNote(TaskNum=task_num, UserNum=user_num, Note=note,
                       DateTimeNote=office_now(db, session))  # fmt: skip
        session.add(row)
        session.flush()
        return row.TaskNoteNum


def update_tasknote(db: OfficeDatabase, num: int, f: Fields) -> None:
    for fixed in ("TaskNum", "UserNum"):
        if f.has(fixed):
            raise BadRequest(f"{fixed} cannot be changed: add a note to the other task instead.")
    note = _note(f, required=False)
    sent, when = f.datetime("DateTimeNote")
    with db.transaction() as session:
        row = get_or_404(session, TaskNote, num, "TaskNoteNum")
        if note is not None:
            row.Note = note
        if sent:
            if when is None:
                raise BadRequest("DateTimeNote may not be 0001-01-01 00:00:00.")
            row.DateTimeNote = when
