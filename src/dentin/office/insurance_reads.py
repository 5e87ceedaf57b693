"""Reading insurance rows for the API: one page of a list, or one row, rendered.

Lists page in primary-key order through ``listing.paged`` (keys first, then at most ``Limit``
rows), with filters that each list's indexes answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dentin.office import serialize
from dentin.office.listing import get_or_404, paged
from dentin.office.models import ProcedureCode
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Lookups, Row
from dentin.query import Args

Render = Callable[[Any, Any], Row]
Context = Callable[[Session, list[Any]], Any]


def lookups(session: Session, _rows: list[Any]) -> Lookups:
    """The default context: ``page`` and ``one`` give the office's cached copy instead."""
    return Lookups(session)


def page(
    db: OfficeDatabase,
    model: type[Any],
    pk: InstrumentedAttribute[int],
    args: Args,
    where: list[ColumnElement[bool]],
    render: Render,
    context: Context = lookups,
) -> list[Row]:
    """``render(row, context(session, rows))`` for each row of the page."""
    query = select(*serialize.columns(model)).where(*where)
    with db.session() as session:
        rows = serialize.records(session, paged(query, pk, args))
        ctx = db.lookups(session) if context is lookups else context(session, rows)
        return [render(r, ctx) for r in rows]


def edited_since(
    db: OfficeDatabase, column: InstrumentedAttribute[Any], moment: dt.datetime
) -> ColumnElement[bool]:
    """``column >= moment``, which SQLite is told is rare (``likelihood``): without the hint
    it walks the whole table in key order hoping for 100 matches (bench/office_reads.py: 4
    req/s for a recent stamp on 377,000 claims); with it, the stamp's index answers."""
    condition = column >= moment
    if db.dialect == "sqlite":
        hinted: ColumnElement[bool] = func.likelihood(condition, literal_column("0.001"))
        return hinted
    return condition


def one(
    db: OfficeDatabase,
    model: type[Any],
    num: int,
    what: str,
    render: Render,
    context: Context = lookups,
) -> Row:
    with db.session() as session:
        row = get_or_404(session, model, num, what)
        ctx = db.lookups(session) if context is lookups else context(session, [row])
        return render(row, ctx)


def benefit_codes(session: Session, rows: list[Any]) -> dict[int, str]:
    """The ProcCode of each benefit's CodeNum, for ``procCode``."""
    return code_names(session, {r.CodeNum for r in rows})


def code_names(session: Session, nums: set[int]) -> dict[int, str]:
    nums.discard(0)
    if not nums:
        return {}
    rows = session.execute(
        select(ProcedureCode.CodeNum, ProcedureCode.ProcCode).where(ProcedureCode.CodeNum.in_(nums))
    )
    return {int(num): str(code) for num, code in rows}
