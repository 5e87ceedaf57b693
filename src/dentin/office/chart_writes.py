"""Writing patient fields (and their definitions) and tooth initials.

A patient field's value is checked against its definition's type, as Open Dental's Patient
Field window does: a PickList value must be one of the choices, a Date ``yyyy-MM-dd``, a
Currency amount a number, a Checkbox "1" (checked) or "" (not). Field names are
case-sensitive, as Open Dental's pages say.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office import enums
from dentin.office.clock import office_now
from dentin.office.fields import Fields, to_money
from dentin.office.listing import get_or_404
from dentin.office.models import PatField, PatFieldDef, PatFieldPickItem, Patient, ToothInitial
from dentin.office.registry import OfficeDatabase
from dentin.wire import parse_od_date

NOTE = 65_000
PICK_LIST, DATE, CHECKBOX, CURRENCY = 1, 2, 3, 4
CARE_CREDIT_STATUS = 6
AMOUNTS = (CURRENCY, 7, 8)  # Currency, CareCreditPreApprovalAmt, CareCreditAvailableCredit
CREATABLE_INITIALS = (0, 1, 2)  # Missing, Hidden, Primary
_TOOTH = re.compile(r"([1-9]|[12][0-9]|3[0-2]|[A-T])")


# -- patient field definitions ---------------------------------------------------------------


def _choices(raw: str) -> list[str]:
    items = [item.strip() for item in re.split(r"\r?\n", raw)]
    return [item for item in items if item]


def _pick_list(session: Session, def_num: int, f: Fields) -> None:
    raw = f.text("PickList", max_length=NOTE)
    items = _choices(raw or "")
    if not items:
        raise BadRequest(
            'PickList is required when FieldType is "PickList": send the choices separated by '
            '\\r\\n, such as "Red\\r\\nBlue".'
        )
    for order, name in enumerate(items):
        session.add(PatFieldPickItem(PatFieldDefNum=def_num, Name=name[:255], ItemOrder=order))


def _unique_name(session: Session, name: str, but: int = 0) -> None:
    taken = session.scalar(
        select(PatFieldDef.PatFieldDefNum).where(
            PatFieldDef.FieldName == name, PatFieldDef.PatFieldDefNum != but
        )
    )
    if taken is not None:
        raise BadRequest(f"FieldName must be unique: PatFieldDef {taken} is already {name!r}.")


def create_patfielddef(db: OfficeDatabase, f: Fields) -> int:
    name = f.required_str("FieldName").strip()
    kind = f.enum("FieldType", enums.PAT_FIELD_TYPE)
    if kind is None:
        raise BadRequest(f"FieldType is required: one of {enums.PAT_FIELD_TYPE.choices()}.")
    if kind != PICK_LIST and f.has("PickList"):
        raise BadRequest('PickList is only allowed when FieldType is "PickList".')
    hidden = f.flag("IsHidden")
    with db.transaction() as session:
        _unique_name(session, name)
        order = session.scalar(select(func.coalesce(func.max(PatFieldDef.ItemOrder) + 1, 0)))
        row = PatFieldDef(
            FieldName=name, FieldType=kind, ItemOrder=order, IsHidden=int(bool(hidden))
        )
        session.add(row)
        session.flush()
        if kind == PICK_LIST:
            _pick_list(session, row.PatFieldDefNum, f)
        return row.PatFieldDefNum


def update_patfielddef(db: OfficeDatabase, num: int, f: Fields) -> None:
    name = f.text("FieldName")
    kind = f.enum("FieldType", enums.PAT_FIELD_TYPE)
    hidden = f.flag("IsHidden")
    with db.transaction() as session:
        row = get_or_404(session, PatFieldDef, num, "PatFieldDefNum")
        becomes_pick_list = kind == PICK_LIST and row.FieldType != PICK_LIST
        if f.has("PickList") and not becomes_pick_list:
            raise BadRequest(
                'PickList is only allowed when changing FieldType to "PickList"; the choices '
                "of an existing pick list are not edited through the API."
            )
        if name is not None and name.strip() != row.FieldName:
            name = name.strip()
            if not name:
                raise BadRequest("FieldName may not be blank.")
            _unique_name(session, name, num)
            # The patients' values follow their definition's new name.
            session.execute(
                update(PatField).where(PatField.FieldName == row.FieldName).values(FieldName=name)
            )
            row.FieldName = name
        if kind is not None:
            if becomes_pick_list:
                _pick_list(session, num, f)
            row.FieldType = kind
        if hidden is not None:
            row.IsHidden = int(hidden)


def delete_patfielddef(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, PatFieldDef, num, "PatFieldDefNum")
        used = session.scalar(
            select(func.count()).select_from(PatField).where(PatField.FieldName == row.FieldName)
        )
        if used:
            raise BadRequest(
                f"PatFieldDef {num} ({row.FieldName!r}) is in use by {used} patient field(s); "
                "delete those first, or hide the definition with IsHidden."
            )
        session.execute(delete(PatFieldPickItem).where(PatFieldPickItem.PatFieldDefNum == num))
        session.delete(row)


# -- patient fields --------------------------------------------------------------------------


def _definition(session: Session, name: str) -> PatFieldDef:
    found = session.scalars(select(PatFieldDef).where(PatFieldDef.FieldName == name)).first()
    if found is None:
        raise NotFound(
            f"FieldName {name!r} is not a patient field definition of this office (names are "
            "case-sensitive); see GET /patfielddefs."
        )
    return found


def _value(session: Session, definition: PatFieldDef, raw: str) -> str:
    kind, value = definition.FieldType, raw.strip()
    if kind == PICK_LIST:
        names = list(
            session.scalars(
                select(PatFieldPickItem.Name)
                .where(
                    PatFieldPickItem.PatFieldDefNum == definition.PatFieldDefNum,
                    PatFieldPickItem.IsHidden == 0,
                )
                .order_by(PatFieldPickItem.ItemOrder)
            )
        )
        if value not in names:
            raise BadRequest(
                f"FieldValue must be one of {definition.FieldName!r}'s choices "
                f"({', '.join(repr(n) for n in names)}), got {raw!r}."
            )
    elif kind == DATE:
        try:
            parse_od_date(value, "FieldValue")
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
    elif kind == CHECKBOX:
        if value not in ("1", ""):
            raise BadRequest(f'FieldValue of a Checkbox field is "1" (checked), got {raw!r}.')
    elif kind in AMOUNTS:
        value = f"{to_money(value, 'FieldValue'):.2f}"
    return value


def _field_parts(f: Fields) -> tuple[int, str, str]:
    pat_num = f.required_int("PatNum")
    name = f.required_str("FieldName")
    raw = f.text("FieldValue", max_length=NOTE)
    if raw is None:
        raise BadRequest("FieldValue is required: send the value as a string.")
    return pat_num, name, raw


def create_patfield(db: OfficeDatabase, f: Fields) -> int:
    pat_num, name, raw = _field_parts(f)
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        definition = _definition(session, name)
        if definition.IsHidden:
            raise BadRequest(f"PatFieldDef {name!r} is hidden; no field may be created for it.")
        value = _value(session, definition, raw)
        existing = session.scalar(
            select(PatField.PatFieldNum).where(
                PatField.PatNum == pat_num, PatField.FieldName == name
            )
        )
        if existing is not None:
            raise BadRequest(
                f"PatNum {pat_num} already has {name!r} (PatFieldNum {existing}); change it with "
                "PUT /patfields."
            )
        now = office_now(db, session)
        row = PatField(
            PatNum=pat_num,
            FieldName=name,
            FieldValue=value,
            SecDateEntry=now.date(),
            SecDateTEdit=now,
        )
        session.add(row)
        session.flush()
        return row.PatFieldNum


def set_patfield(db: OfficeDatabase, f: Fields) -> int:
    """PUT /patfields: the patient's value of the field, added if the patient has none yet
    (as the PUT did alone before Open Dental 22.4 added POST)."""
    pat_num, name, raw = _field_parts(f)
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        definition = _definition(session, name)
        value = _value(session, definition, raw)
        now = office_now(db, session)
        row = session.scalars(
            select(PatField).where(PatField.PatNum == pat_num, PatField.FieldName == name)
        ).first()
        if row is None:
            row = PatField(PatNum=pat_num, FieldName=name, SecDateEntry=now.date())
            session.add(row)
        row.FieldValue = value
        row.SecDateTEdit = now
        session.flush()
        return row.PatFieldNum


def delete_patfield(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, PatField, num, "PatFieldNum")
        kind = session.scalar(
            select(PatFieldDef.FieldType).where(PatFieldDef.FieldName == row.FieldName)
        )
        if kind == CARE_CREDIT_STATUS:
            raise BadRequest(
                "A CareCreditStatus patient field is kept by CareCredit; it cannot be deleted."
            )
        session.delete(row)


# -- tooth initials --------------------------------------------------------------------------


def create_toothinitial(db: OfficeDatabase, f: Fields) -> int:
    pat_num = f.required_int("PatNum")
    raw = f.raw("ToothNum")
    tooth = (
        str(raw).strip().upper() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    )
    if raw is None:
        raise BadRequest("ToothNum is required: a tooth number 1-32, or A-T for a primary tooth.")
    if not _TOOTH.fullmatch(tooth):
        raise BadRequest(f"ToothNum must be a single tooth, 1-32 or A-T, got {raw!r}.")
    kind = f.enum("InitialType", enums.TOOTH_INITIAL_TYPE)
    if kind is None:
        raise BadRequest(f"InitialType is required: one of {enums.TOOTH_INITIAL_TYPE.choices()}.")
    with db.transaction() as session:
        get_or_404(session, Patient, pat_num, "PatNum")
        now = office_now(db, session)
        row = ToothInitial(
            PatNum=pat_num, ToothNum=tooth, InitialType=kind, SecDateTEntry=now, SecDateTEdit=now
        )
        session.add(row)
        session.flush()
        return row.ToothInitialNum


def delete_toothinitial(db: OfficeDatabase, num: int) -> None:
    with db.transaction() as session:
        row = get_or_404(session, ToothInitial, num, "ToothInitialNum")
        if row.InitialType not in CREATABLE_INITIALS:
            raise BadRequest(
                f"ToothInitial {num} is a {enums.TOOTH_INITIAL_TYPE.text(row.InitialType)} "
                'initial; only "Missing", "Hidden" and "Primary" ones are deleted through the API.'
            )
        session.delete(row)
