"""What every office list and lookup shares: paging in primary-key order, ``DateTStamp``,
``serverDateTime``, and 404s that name what was missing.

Paging is always ordered by the primary key so that ``Offset`` walks a stable sequence (Open
Dental's own recommendation: page until fewer than 100 rows come back).

``Offset`` is answered in two steps: the page's keys first, from a subquery that selects only
the primary key with every filter applied (so an index — the primary key's, or a covering one
such as ``ix_patient_patnum_patstatus`` — answers it without reading the rows it skips), then
the full rows of at most ``Limit`` keys. A plain ``ORDER BY pk LIMIT 100 OFFSET 50000`` reads
and discards 50,000 whole rows; on the 100,000-patient bench office that was most of the SQL
time of ``/patients/Simple`` (bench/office_reads.py).
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import Select, bindparam, inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dentin.errors import BadRequest, NotFound
from dentin.office import clock, offset_anchors
from dentin.office.registry import OfficeDatabase
from dentin.query import Args
from dentin.wire import ascii_digits

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])


def server_now(db: OfficeDatabase) -> str:
    """``serverDateTime`` on the office's clock (``office.clock``), taken before the query
    runs, so a client resuming from it misses nothing."""
    return clock.server_now(db)


def paged(query: S, pk: InstrumentedAttribute[int], args: Args) -> S:
    """``query``'s page in primary-key order, skipping ``Offset`` rows through keys alone.

    The outer statement selects what ``query`` selects (an entity or columns) but filters only
    by ``pk IN (page of keys)``: repeating the filters there could tempt the planner into a
    filter index over every matching row instead of at most ``Limit`` primary-key lookups.
    Only ``query``'s selected columns (outer) and WHERE (keys) are used, so a query with
    joins or loader options must not be paged through here (none of the office lists has one).
    """
    offset, limit = args.page()
    keys = query.with_only_columns(pk).order_by(pk).offset(offset).limit(limit)
    outer = select(*(d["expr"] for d in query.column_descriptions))
    return cast(S, outer.where(pk.in_(keys)).order_by(pk))


def paged_by_binds(query: S, pk: InstrumentedAttribute[int], *, anchor: bool = False) -> S:
    """``paged`` with the page as bind parameters ``page_offset`` and ``page_limit``, so that
    one compiled statement serves every page (office/compiled.py's ``Shapes``).

    ``anchor``: the page's keys start at the bound key ``anchor`` and the statement answers
    only while the table's counter is ``anchor_generation`` (office/offset_anchors.py).
    """
    inner = query.with_only_columns(pk)
    if anchor:
        inner = offset_anchors.anchored(inner, pk)
    keys = inner.order_by(pk).offset(bindparam("page_offset")).limit(bindparam("page_limit"))
    outer = select(*(d["expr"] for d in query.column_descriptions)).where(pk.in_(keys))
    if anchor:
        outer = offset_anchors.guarded(outer, str(pk.class_.__tablename__))
    return cast(S, outer.order_by(pk))


def changed_since(query: S, column: InstrumentedAttribute[Any], args: Args) -> S:
    since = args.datetime("DateTStamp")
    if since is not None:
        query = query.where(column >= since)
    return query


def path_id(raw: str, name: str) -> int:
    """A path id: digits only, else a 400 naming the parameter (never a route 404)."""
    value = raw.strip()
    if not ascii_digits(value) or len(value) > 10 or int(value) > 2**31 - 1:
        raise BadRequest(f"{name} in the path must be a positive whole number, got {raw!r}.")
    return int(value)


def get_or_404(session: Session, model: type[T], key: int, what: str) -> T:
    """The same answer for a missing row and another office's row: this database has neither."""
    row = session.get(model, key)
    if row is None:
        raise _missing(what, key)
    return row


def _missing(what: str, key: int) -> NotFound:
    return NotFound(f"{what} {key} was not found in this office.")


_KEY_READS: dict[type[Any], Select[Any]] = {}


def _key_of(model: type[Any]) -> Select[Any]:
    statement = _KEY_READS.get(model)
    if statement is None:
        key = inspect(model).primary_key[0]
        statement = _KEY_READS[model] = select(key).where(key == bindparam("key"))
    return statement


def exists_or_404(session: Session, model: type[Any], key: int, what: str) -> None:
    """``get_or_404`` for a read that only checks the row is there: its key alone, no ORM
    object (a patient's 48 columns, instrumented and put in the identity map, cost ~120 us
    more a request on the bench office: a list's check plus its page 290-336 -> 185 us)."""
    if session.connection().execute(_key_of(model), {"key": key}).first() is None:
        raise _missing(what, key)
