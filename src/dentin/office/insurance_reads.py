"""Reading insurance rows for the API: one page of a list, or one row, rendered.

Lists page in primary-key order through ``listing.paged`` (keys first, then at most ``Limit``
rows), with filters that each list's indexes answer, on a read connection
(``OfficeDatabase.reading``): on SQLite that one is memory-mapped with a page cache of its own,
so a deep ``Offset`` skips the keys of its index in about half the time the read-write pool
takes (bench/office_reads.py: ``/claimprocs?Offset=543080`` on 1,086,212 claimprocs, 10.5 ms of
SQLite per request → 6.2 ms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dentin.office import serialize
from dentin.office.listing import get_or_404, paged
from dentin.office.models import ProcedureCode
from dentin.office.registry import OfficeDatabase
from dentin.office.serialize import Lookups, Row
from dentin.query import Args

Render = Callable[[Any, Any], Row]
Context = Callable[[Session | Connection, list[Any]], Any]


def lookups(session: Session | Connection, _rows: list[Any]) -> Lookups:
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
    with db.reading() as conn:
        rows = serialize.records(conn, paged(query, pk, args))
        ctx = db.lookups(conn) if context is lookups else context(conn, rows)
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


def benefit_codes(session: Session | Connection, rows: list[Any]) -> dict[int, str]:
    """The ProcCode of each benefit's CodeNum, for ``procCode``."""
    return code_names(session, {r.CodeNum for r in rows})


def code_names(session: Session | Connection, nums: set[int]) -> dict[int, str]:
    nums.discard(0)
    if not nums:
        return {}
    rows = session.execute(
        select(ProcedureCode.CodeNum, ProcedureCode.ProcCode).where(ProcedureCode.CodeNum.in_(nums))
    )
    return {int(num): str(code) for num, code in rows}
