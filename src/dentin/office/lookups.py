"""The small tables every read names (providers, clinics, definitions, preferences), in memory.

Loading them costs more than the read itself (3 of the 4 statements of a patient read were
these tables), and they change a few times a day. So each process keeps one copy per office
and re-reads a table only when its counter in ``changegeneration`` moved: triggers move the
counters on every write (migration 0006), whoever writes, so a change made by another worker,
the CLI or the practice's own tools is seen at the next check, at most ``poll_seconds`` later.
A write through this process's own engine forces the check at the next read (``note_write``),
so a client reads its own writes at once.

The counters are read before the tables they guard: a change that lands between the two reads
leaves a newer table under an older counter, which the next check reloads again; the other
order could keep a stale table under a fresh counter.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sqlalchemy import select

from dentin.office.definitions import Defs
from dentin.office.models import ChangeGeneration, Clinic, Preference, Provider

WATCHED = ("provider", "clinic", "definition", "preference")

PrefRow = tuple[int, str, str]  # PrefNum, PrefName, ValueString


class Executes(Protocol):
    """A Session or a Connection: all a load needs is ``execute``."""

    def execute(self, statement: Any, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class Tables:
    """One consistent copy; never mutated (a reload builds a new one), so readers need no lock."""

    prov_abbr: dict[int, str]
    clinic_abbr: dict[int, str]
    defs: Defs
    prefs: tuple[PrefRow, ...]  # in PrefNum order
    pref_by_name: dict[str, PrefRow]  # by lower-cased PrefName


def _load(conn: Executes, table: str, tables: Tables | None) -> dict[str, Any]:
    if table == "provider":
        rows = conn.execute(select(Provider.ProvNum, Provider.Abbr))
        return {"prov_abbr": dict(rows.all())}
    if table == "clinic":
        rows = conn.execute(select(Clinic.ClinicNum, Clinic.Abbr))
        return {"clinic_abbr": dict(rows.all())}
    if table == "definition":
        return {"defs": Defs.load(conn)}  # type: ignore[arg-type]
    rows = conn.execute(
        select(Preference.PrefNum, Preference.PrefName, Preference.ValueString).order_by(
            Preference.PrefNum
        )
    )
    prefs = tuple((num, name, value) for num, name, value in rows)
    return {"prefs": prefs, "pref_by_name": {p[1].lower(): p for p in prefs}}


def load_all(conn: Executes) -> Tables:
    parts: dict[str, Any] = {}
    for table in WATCHED:
        parts.update(_load(conn, table, None))
    return Tables(**parts)


class LookupCache:
    def __init__(self, poll_seconds: float = 0.5) -> None:
        self.poll_seconds = poll_seconds
        self._tables: Tables | None = None
        self._generations: dict[str, int] = {}
        self._next_check = 0.0
        self._writes = 0  # writes committed through this process's engine
        self._writes_seen = 0
        self._lock = threading.Lock()

    def note_write(self) -> None:
        """A write through this process's engine was committed: check at the next read."""
        self._writes += 1

    def fresh(self) -> Tables | None:
        """The copy, if no check is due (no local write since, poll period not over)."""
        tables = self._tables
        if (
            tables is not None
            and self._writes == self._writes_seen
            and time.monotonic() < self._next_check
        ):
            return tables
        return None

    def get(self, conn: Executes) -> Tables:
        tables = self.fresh()
        if tables is not None:
            return tables
        with self._lock:
            return self._refresh(conn)

    def _refresh(self, conn: Executes) -> Tables:
        writes = self._writes
        now = time.monotonic()
        generations: dict[str, int] = dict(
            conn.execute(select(ChangeGeneration.TableName, ChangeGeneration.Generation)).all()
        )
        tables = self._tables
        if tables is None:
            tables = load_all(conn)
        else:
            changed = [t for t in WATCHED if generations.get(t) != self._generations.get(t)]
            if changed:
                parts: dict[str, Any] = {}
                for table in changed:
                    parts.update(_load(conn, table, tables))
                tables = replace(tables, **parts)
        # Without every counter (a database someone tampered with) no copy can be trusted:
        # the next read loads them all again.
        complete = all(t in generations for t in WATCHED)
        self._tables = tables if complete else None
        self._generations = generations
        self._writes_seen = writes
        self._next_check = now + self.poll_seconds
        return tables

    def clear(self) -> None:
        with self._lock:
            self._tables = None
            self._generations = {}
