"""Deep ``Offset`` from a remembered key: every ``STRIDE``-th key of an unfiltered list.

``Offset`` paging walks every key before the page, even from a covering index: 5.5 ms of
SQLite at Offset 543,080 of the bench office's 1,086,212 claimprocs, most of the request. So
the unfiltered lists of the biggest tables (``/patients/Simple``, ``/claimprocs``) remember
every thousandth key, and Offset N becomes "keys from anchor N // 1000, skipping N % 1000".

Anchors are only right while the table is as it was when they were taken. Triggers move the
table's counter in ``changegeneration`` on every write, whoever writes (migration 0013), and
the page's own statement carries the condition "counter is still G": one statement, one
snapshot, on SQLite and PostgreSQL alike. A full page therefore proves the anchors held. A
short one may also mean the counter moved, which a second look at the counter tells (it only
grows); then the page is read again the plain way and the anchors are taken again, at most
once per ``REBUILD_SECONDS`` so that a busy table does not pay for them on every change.

Taking them reads every key once: 130 ms for 100,000 patients, 750 ms for 1,086,212
claimprocs on the bench office. That runs on a thread of its own (one per list at a time),
never in a request: the request that finds them due or missing reads its page the plain way
(5.5 ms at the deepest claimprocs offset) and later pages use the anchors once taken.
Before, the request that found them due waited for the whole take.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute

from dentin.logs import get_logger
from dentin.office.models import ChangeGeneration

STRIDE = 1000
REBUILD_SECONDS = 30.0
log = get_logger("dentin.anchors")


def generation_of(table: str) -> Any:
    """The table's counter, as a scalar subquery of the statement that needs it."""
    return (
        select(ChangeGeneration.Generation)
        .where(ChangeGeneration.TableName == table)
        .scalar_subquery()
    )


@dataclass(frozen=True, slots=True)
class _Taken:
    keys: tuple[int, ...]  # keys[i] is the (i * stride)-th key of the list
    stride: int
    generation: int | None  # None: the table has no counter (an office not migrated yet)
    at: float
    stale: bool = False


class OffsetAnchors:
    """The anchors of one list (``pk`` order, rows matching ``where``), per office engine."""

    def __init__(self, pk: InstrumentedAttribute[int], where: ColumnElement[bool] | None) -> None:
        from dentin.office.compiled import Compiled  # compiled imports this module's users

        self.table = str(pk.class_.__tablename__)
        numbered = select(pk.label("key"), func.row_number().over(order_by=pk).label("position"))
        if where is not None:
            numbered = numbered.where(where)
        inner = numbered.subquery()
        self._take: Compiled = Compiled(
            select(inner.c.key, generation_of(self.table).label("generation"))
            .where((inner.c.position - 1) % bindparam("stride") == 0)
            .order_by(inner.c.key)
        )
        self._generation: Compiled = Compiled(
            select(ChangeGeneration.Generation.label("generation")).where(
                ChangeGeneration.TableName == self.table
            )
        )
        self._by_engine: weakref.WeakKeyDictionary[Engine, _Taken] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()  # held by the one take running
        self._taking: threading.Thread | None = None

    def start(self, engine: Engine, offset: int) -> tuple[int, int, int] | None:
        """(anchor key, offset left after it, counter) for a page at ``offset``, or None
        (read it the plain way: shallow, not taken yet, being taken, or found stale)."""
        stride = STRIDE
        if offset < stride:
            return None
        taken = self._by_engine.get(engine)
        if taken is None or taken.stride != stride or taken.stale or taken.generation is None:
            if taken is None or time.monotonic() - taken.at >= REBUILD_SECONDS:
                self._take_later(engine, stride)
            return None
        index = offset // stride
        if index >= len(taken.keys):
            return None  # past the end as it was: the plain read says what is there now
        return taken.keys[index], offset - index * stride, taken.generation

    def still(self, engine: Engine, generation: int) -> bool:
        """Whether the counter is still ``generation``; if not, the anchors are stale."""
        row = self._generation.first(engine, {})
        if row is not None and row.generation == generation:
            return True
        taken = self._by_engine.get(engine)
        if taken is not None and taken.generation == generation:
            self._by_engine[engine] = _Taken(
                taken.keys, taken.stride, taken.generation, taken.at, stale=True
            )
        return False

    def _take_later(self, engine: Engine, stride: int) -> None:
        if not self._lock.acquire(blocking=False):
            return  # being taken already
        taking = threading.Thread(
            target=self._take_now, args=(engine, stride), name="dentin-anchors", daemon=True
        )
        try:
            taking.start()
        except RuntimeError:  # no thread to be had: the next page asks again
            self._lock.release()
        else:
            self._taking = taking

    def _take_now(self, engine: Engine, stride: int) -> None:
        try:
            rows = self._take.rows(engine, {"stride": stride})
        except Exception as exc:  # the database went away (an engine closed, a server down)
            log.warning("offset_anchors_not_taken", table=self.table, error=type(exc).__name__)
            # Tried: the next try waits REBUILD_SECONDS, as after a take.
            self._by_engine[engine] = _Taken((), stride, None, time.monotonic(), stale=True)
        else:
            generation = rows[0].generation if rows else None
            keys = tuple(r.key for r in rows)
            self._by_engine[engine] = _Taken(keys, stride, generation, time.monotonic())
        finally:
            self._lock.release()

    def wait(self, timeout: float = 10.0) -> None:
        """Until the take running (if any) is done: for tests and benches."""
        taking = self._taking
        if taking is not None:
            taking.join(timeout)


def anchored(query: Select[Any], pk: InstrumentedAttribute[int]) -> Select[Any]:
    """``query``'s page keys from ``anchor`` on (the keys subquery of ``paged_by_binds``)."""
    return query.where(pk >= bindparam("anchor"))


def guarded(outer: Select[Any], table: str) -> Select[Any]:
    """``outer`` answers only while the table's counter is still ``anchor_generation``."""
    return outer.where(generation_of(table) == bindparam("anchor_generation"))
