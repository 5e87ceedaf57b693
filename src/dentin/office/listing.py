"""What every office list and lookup shares: paging in primary-key order, ``DateTStamp``,
``serverDateTime``, and 404s that name what was missing.

Paging is always ordered by the primary key so that ``Offset`` walks a stable sequence (Open
Dental's own recommendation: page until fewer than 100 rows come back).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

from dentin.errors import BadRequest, NotFound
from dentin.query import Args
from dentin.wire import od_datetime, utcnow

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])


def server_now() -> str:
    """Taken before the query runs, so a client resuming from it misses nothing."""
    return od_datetime(utcnow())


def paged(query: S, pk: InstrumentedAttribute[int], args: Args) -> S:
    offset, limit = args.page()
    return query.order_by(pk).offset(offset).limit(limit)


def changed_since(query: S, column: InstrumentedAttribute[Any], args: Args) -> S:
    since = args.datetime("DateTStamp")
    if since is not None:
        query = query.where(column >= since)
    return query


def path_id(raw: str, name: str) -> int:
    """A path id: digits only, else a 400 naming the parameter (never a route 404)."""
    value = raw.strip()
    if not value.isdigit() or len(value) > 10 or int(value) > 2**31 - 1:
        raise BadRequest(f"{name} in the path must be a positive whole number, got {raw!r}.")
    return int(value)


def get_or_404(session: Session, model: type[T], key: int, what: str) -> T:
    """The same answer for a missing row and another office's row: this database has neither."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"{what} {key} was not found in this office.")
    return row
