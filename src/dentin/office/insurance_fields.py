"""Reading an insurance resource's optional body fields onto its row, one rule per field.

Most insurance POST and PUT bodies are a list of optional fields, each a text of some length,
a "true"/"false" flag, an enumeration word, a whole number in a range, an amount, a date or
the number of a row that must exist. ``apply`` reads each one that was sent (names match
case-insensitively) and refuses a wrong one with a sentence naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office.enums import OdEnum
from dentin.office.fields import Fields, check_zip
from dentin.office.listing import get_or_404

T = TypeVar("T")


@dataclass(frozen=True)
class Text:
    length: int | None = 255
    zip_code: bool = False


@dataclass(frozen=True)
class Flag:
    pass


@dataclass(frozen=True)
class Choice:
    kind: OdEnum


@dataclass(frozen=True)
class Whole:
    low: int = 0
    high: int = 2**31 - 1


@dataclass(frozen=True)
class Amount:
    low: float | None = None


@dataclass(frozen=True)
class Day:
    pass


@dataclass(frozen=True)
class Ref:
    """The number of a row of ``model`` (0 allowed when ``zero``), checked in this office."""

    model: type[Any]
    zero: bool = True


Rule = Text | Flag | Choice | Whole | Amount | Day | Ref


def apply(session: Session, row: Any, f: Fields, rules: dict[str, Rule]) -> set[str]:
    """Set each field of ``rules`` that the body sent; the names of those set."""
    sent: set[str] = set()
    for name, rule in rules.items():
        if not f.has(name) or f.raw(name) is None:
            continue
        setattr(row, name, read(session, f, name, rule))
        sent.add(name)
    return sent


def read(session: Session, f: Fields, name: str, rule: Rule) -> Any:
    if isinstance(rule, Text):
        value = f.text(name, max_length=rule.length if rule.length else 65_000)
        assert value is not None
        return check_zip(value, name) if rule.zip_code else value
    if isinstance(rule, Flag):
        return int(bool(f.flag(name)))
    if isinstance(rule, Choice):
        return f.enum(name, rule.kind)
    if isinstance(rule, Whole):
        number = f.number(name, minimum=None)
        assert number is not None
        if not rule.low <= number <= rule.high:
            raise BadRequest(f"{name} must be between {rule.low} and {rule.high}, got {number}.")
        return number
    if isinstance(rule, Amount):
        amount = f.money(name)
        assert amount is not None
        if rule.low is not None and amount < rule.low:
            raise BadRequest(f"{name} must be {rule.low:g} or more, got {amount:g}.")
        return amount
    if isinstance(rule, Day):
        _sent, day = f.date(name)
        return day
    number = f.number(name)
    assert number is not None
    if number == 0 and rule.zero:
        return 0
    get_or_404(session, rule.model, number, name)
    return number


def fresh(model: type[T], **values: Any) -> T:
    """A new row with every column's plain default already set (SQLAlchemy applies defaults
    only at flush), so the checks that run before it see -1, 0 or "" rather than None."""
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        key = model.__mapper__.get_property_by_column(column).key  # type: ignore[attr-defined]
        default = column.default
        if key not in values and default is not None and default.is_scalar:
            values[key] = default.arg
    return model(**values)
