"""Wire values spelled by SQLite itself, so that a page's JSON is built in one statement.

A 100-row page read through Python costs ~2 ms of interpreter time (a Python object per value,
a dict per row, then the JSON), and SQLite's driver hands the interpreter lock back and forth
on every row, so four reader threads under load spent ~5 ms a page, mostly waiting for each
other (bench/fast_path.py). Built by ``json_group_array`` the page is one ``sqlite3_step``
with the lock released: the work runs beside the event loop, not against it.

Each helper returns the wire value and when SQLite spells it exactly as the Python
serializer does (``serialize``); where a row breaks one (a year below 1000, a
money amount that is not a whole number of cents), the page is read again through Python.
``tests/office/test_sqlite_wire.py`` compares both spellings byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    true,
)

from dentin.office.enums import OdEnum
from dentin.wire import MIN_DATE, MIN_DATETIME


@dataclass(frozen=True)
class Wire:
    """A field's value as SQLite spells it, and when that spelling is Python's: always, only
    where the value came out non-NULL (``needs_value``: the CASE had no branch for the stored
    value), or where ``exact_when`` holds of the stored row."""

    value: ColumnElement[Any]
    needs_value: bool = False
    exact_when: ColumnElement[bool] | None = None
    # Tables the value reads beside the row: (table, ON clause), LEFT JOINed to the page.
    joins: tuple[tuple[FromClause, ColumnElement[bool]], ...] = ()


_YEAR_1000_ON = "[1-9][0-9][0-9][0-9]"
_DAY = "-[0-9][0-9]-[0-9][0-9]"
_TIME = " [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"


def _text(value: str) -> ColumnElement[Any]:
    """A constant written into the SQL (the statement is compiled once; no quotes in ours)."""
    assert "'" not in value
    return literal_column(f"'{value}'")


def plain(column: ColumnElement[Any]) -> Wire:
    """Integers and text: JSON spells them as Python does (null for NULL)."""
    return Wire(column)


def constant(value: str) -> Wire:
    return Wire(_text(value))


_NONE: ColumnElement[str] = literal_column("''")


def name_of(num: ColumnElement[Any], key: Any, name: Any, *, zero_is_none: bool = True) -> Wire:
    """A display name by primary key (``key`` and ``name`` are the looked-up table's ORM
    attributes): ``names.get(num, "") if num else ""`` (without ``zero_is_none``:
    ``names.get(num, "")``). A LEFT JOIN of the table: a correlated subquery per row cost 14%
    more of the page's SQL."""
    key_column, name_column = key.property.columns[0], name.property.columns[0]
    table = key_column.table.alias()
    found = func.coalesce(table.c[name_column.name], _NONE)
    joins = ((table, table.c[key_column.name] == num),)
    if not zero_is_none:
        return Wire(found, joins=joins)
    zero = num.is_(None) | (num == literal_column("0"))
    return Wire(func.iif(zero, _NONE, found), joins=joins)


def od_bool(column: ColumnElement[Any]) -> Wire:
    """``"true" if value else "false"`` of an integer flag (any other stored type: Python)."""
    value = func.iif(column, _text("true"), _text("false"))
    return Wire(value, exact_when=func.typeof(column).in_([_text("integer"), _text("null")]))


def text_or(column: ColumnElement[Any], default: str) -> Wire:
    """``value or default`` of a text column."""
    value = func.iif(column.is_(None) | (column == _NONE), _text(default), column)
    return Wire(value, exact_when=func.typeof(column).in_([_text("text"), _text("null")]))


def day(column: ColumnElement[Any]) -> Wire:
    """``wire.od_date``: the stored ``YYYY-MM-DD`` from year 1000 on, the sentinel for none
    or year 1; other years are ``strftime``'s and go through Python."""
    # The common case first: a GLOB costs more than the rest of the field.
    value = func.iif(
        column.op("GLOB")(_text(f"{_YEAR_1000_ON}{_DAY}")),
        column,
        case(
            (column.is_(None), _text(MIN_DATE)),
            (column.op("GLOB")(_text(f"0001{_DAY}")), _text(MIN_DATE)),
        ),
    )
    return Wire(value, needs_value=True)


def moment(column: ColumnElement[Any]) -> Wire:
    """``wire.od_datetime``: ``YYYY-MM-DD HH:MM:SS`` (the stored microseconds dropped)."""
    value = func.iif(
        column.op("GLOB")(_text(f"{_YEAR_1000_ON}{_DAY}{_TIME}*")),
        func.substr(column, literal_column("1"), literal_column("19")),
        case(
            (column.is_(None), _text(MIN_DATETIME)),
            (column.op("GLOB")(_text(f"0001{_DAY}{_TIME}*")), _text(MIN_DATETIME)),
        ),
    )
    return Wire(value, needs_value=True)


def money(column: ColumnElement[Any]) -> Wire:
    """A REAL that is a whole number of cents below 10^13 has at most 15 significant digits,
    which SQLite's JSON writes (``%!.15g``) exactly as Python's shortest repr; any other
    (0.1 + 0.2 summed unrounded) goes through Python."""
    exact = or_(
        column.is_(None),
        and_(
            func.typeof(column) == _text("real"),
            column == func.round(column, literal_column("2")),
            func.abs(column) < literal_column("1e13"),
        ),
    )
    return Wire(column, exact_when=exact)


def enum_text(column: ColumnElement[Any], enum: OdEnum) -> Wire:
    """``enum.texts[value]``: the word, or the number as text for a value without one."""
    words: dict[Any, Any] = {
        literal_column(str(number)): _text(word) for number, word in enum.texts.items()
    }
    value = case(words, value=column, else_=cast(column, Text))  # type: ignore[arg-type]
    return Wire(value, needs_value=True)  # NULL: Python's would be "None"


def page(
    fields: Iterable[tuple[str, Wire]], statement: Select[Any], limit: Any = None
) -> Select[Any]:
    """One row: ``page`` (the JSON array of one object per row of ``statement``, in its
    order), ``n`` (its row count) and ``exact`` (0 when a row needs Python's spelling).

    ``statement`` orders its rows, and pages them by the bind ``page_limit`` unless
    ``limit`` says otherwise; its columns are
    replaced by the fields' values, each computed once per row in a subquery that keeps a
    LIMIT, which SQLite never flattens into an aggregate: its rows reach
    ``json_group_array`` in its order.
    """
    pairs = list(fields)
    exact_when = [w.exact_when for _key, w in pairs if w.exact_when is not None]
    row_exact = and_(true(), *exact_when)
    joined: FromClause = statement.get_final_froms()[0]
    for _key, wire in pairs:
        for table, on in wire.joins:
            joined = joined.outerjoin(table, on)
    rows = (
        statement.with_only_columns(
            *(wire.value.label(f"f{i}") for i, (_key, wire) in enumerate(pairs)),
            case((row_exact, literal_column("1")), else_=literal_column("0")).label("ok"),
        )
        .select_from(joined)
        .limit(bindparam("page_limit") if limit is None else limit)
        .subquery("w")
    )
    body = func.json_object(
        *chain.from_iterable((_text(key), rows.c[f"f{i}"]) for i, (key, _w) in enumerate(pairs))
    )
    spelled = and_(
        rows.c.ok == literal_column("1"),
        *(rows.c[f"f{i}"].is_not(None) for i, (_k, w) in enumerate(pairs) if w.needs_value),
    )
    return select(
        func.json_group_array(body).label("page"),
        func.count().label("n"),
        func.coalesce(
            func.min(case((spelled, literal_column("1")), else_=literal_column("0"))),
            literal_column("1"),
        ).label("exact"),
    ).select_from(rows)
