"""Hot reads: Core statements compiled once per dialect and run on the DB-API cursor.

``Connection.execute`` spends about 90 µs on a 48-column primary-key read that SQLite answers
in 15, and a list statement built per request spends more again on construction and its cache
key (bench/fast_path.py's profile). The SQL text of a given shape never changes, so it is
compiled once: parameters go through the bind parameters' own bind processors, and each row
through the column types' own result processors (chosen by the cursor's column types, as
SQLAlchemy chooses them), so the values are exactly those ``Connection.execute`` gives. Rows
come back as the attribute bags ``serialize`` reads (``serialize.Record``).

``Shapes`` extends this to filtered lists: a list's statement depends only on which filters
are present, never on their values (they are bind parameters), so each combination is built
and compiled once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, Select
from sqlalchemy.engine import Dialect

from dentin.office.offset_anchors import OffsetAnchors
from dentin.office.schemas import enter_raw

Processor = Callable[[Any], Any] | None


@dataclass(slots=True)
class _Plan:
    sql: str
    keys: tuple[str, ...]
    positions: tuple[str, ...] | None  # bind names in order, for positional paramstyles
    binds: tuple[tuple[str, Callable[[Any], Any]], ...]
    compiled: Any
    columns: list[Any]
    # (position, key, processor) of the columns that have one: most have none (integers and
    # text come back from the driver as they are), so rows are zipped whole and only these
    # few values converted (patient: 4 of 44 columns).
    processors: tuple[tuple[int, str, Callable[[Any], Any]], ...] | None = field(default=None)


class Compiled:
    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    def _plan(self, dialect: Dialect) -> _Plan:
        plan = self._plans.get(dialect.name)
        if plan is None:
            with self._lock:
                compiled = self.statement.compile(dialect=dialect)
                columns = list(self.statement.selected_columns)
                binds = []
                for bind in compiled.binds.values():
                    proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
                    if proc is not None:  # by the name the SQL gives it (anonymous ones too)
                        binds.append((compiled.bind_names[bind], proc))
                plan = _Plan(
                    sql=compiled.string,
                    keys=tuple(str(c.key) for c in columns),
                    positions=tuple(compiled.positiontup or ()) if compiled.positional else None,
                    binds=tuple(binds),
                    compiled=compiled,
                    columns=columns,
                )
                self._plans[dialect.name] = plan
        return plan

    def sql(self, dialect: Dialect, params: Mapping[str, Any]) -> tuple[str, Any]:
        """The SQL text and the DB-API parameters that ``rows`` runs (bench/office_reads.py
        explains them: a raw cursor fires no SQLAlchemy events to catch them by)."""
        plan = self._plan(dialect)
        bound = plan.compiled.construct_params(params)
        for name, proc in plan.binds:
            bound[name] = proc(bound[name])
        args: Any = [bound[name] for name in plan.positions] if plan.positions else bound
        return plan.sql, args

    def rows(self, engine: Engine, params: Mapping[str, Any]) -> list[SimpleNamespace]:
        """Every row as an attribute bag named like the selected columns' keys."""
        dialect = engine.dialect
        plan = self._plan(dialect)
        _sql, args = self.sql(dialect, params)
        conn = engine.raw_connection()
        try:
            enter_raw(conn, engine)  # an office in a shared database: its schema
            cursor = conn.cursor()
            try:
                cursor.execute(plan.sql, args)
                fetched = cursor.fetchall()
                processors = plan.processors
                if processors is None:
                    found = (
                        c.type.dialect_impl(dialect).result_processor(dialect, d[1])
                        for c, d in zip(plan.columns, cursor.description, strict=True)
                    )
                    processors = plan.processors = tuple(
                        (i, key, proc)
                        for i, (key, proc) in enumerate(zip(plan.keys, found, strict=True))
                        if proc is not None
                    )
            finally:
                cursor.close()
        finally:
            conn.close()  # back to the pool (rolled back: nothing of this read lingers)
        keys = plan.keys
        out: list[SimpleNamespace] = []
        for row in fetched:
            values = dict(zip(keys, row, strict=True))
            for i, key, proc in processors:
                values[key] = proc(row[i])
            out.append(SimpleNamespace(**values))
        return out

    def first(self, engine: Engine, params: Mapping[str, Any]) -> SimpleNamespace | None:
        rows = self.rows(engine, params)
        return rows[0] if rows else None


class Shapes:
    """A list route's statements, one per combination of filters present, each built (by
    ``build``, from the filter names) and compiled once.

    With ``anchors``, an unfiltered page at a deep Offset starts from a remembered key
    (office/offset_anchors.py); ``build`` must then page with ``paged_by_binds(...,
    anchor="anchor" in names)``. With ``pack`` (a built statement -> a one-row statement of
    ``page``, ``n`` and ``exact``: office/sqlite_wire.py), ``packed`` has SQLite write the
    page's JSON.
    """

    def __init__(
        self,
        build: Callable[[frozenset[str]], Select[Any]],
        anchors: OffsetAnchors | None = None,
        pack: Callable[[Select[Any]], Select[Any]] | None = None,
    ) -> None:
        self._build = build
        self._by_names: dict[frozenset[str], Compiled] = {}
        self._packed_by_names: dict[frozenset[str], Compiled] = {}
        self._anchors = anchors
        self._pack = pack

    def _compiled(self, names: frozenset[str]) -> Compiled:
        compiled = self._by_names.get(names)
        if compiled is None:
            compiled = self._by_names.setdefault(names, Compiled(self._build(names)))
        return compiled

    def _packed(self, names: frozenset[str]) -> Compiled:
        compiled = self._packed_by_names.get(names)
        if compiled is None:
            assert self._pack is not None
            statement = self._pack(self._build(names))
            compiled = self._packed_by_names.setdefault(names, Compiled(statement))
        return compiled

    def rows(self, engine: Engine, params: Mapping[str, Any]) -> list[SimpleNamespace]:
        return self._read(engine, params, {}, self._compiled, len)

    def packed(
        self, engine: Engine, params: Mapping[str, Any], extra: Mapping[str, Any]
    ) -> str | None:
        """The page as SQLite writes it (``extra``: the pack's own bind parameters), or None
        where Python must: another backend, or a row SQLite cannot spell exactly."""
        if self._pack is None or engine.dialect.name != "sqlite":
            return None
        found = self._read(engine, params, extra, self._packed, lambda rows: rows[0].n)
        page = found[0]
        return str(page.page) if page.exact else None

    def _read(
        self,
        engine: Engine,
        params: Mapping[str, Any],
        extra: Mapping[str, Any],
        compiled: Callable[[frozenset[str]], Compiled],
        count: Callable[[list[SimpleNamespace]], int],
    ) -> list[SimpleNamespace]:
        names = frozenset(params)
        anchors = self._anchors
        if anchors is not None and names == _PAGE_ONLY:
            start = anchors.start(engine, params["page_offset"])
            if start is not None:
                key, left, generation = start
                limit = params["page_limit"]
                page = {
                    "page_offset": left,
                    "page_limit": limit,
                    "anchor": key,
                    "anchor_generation": generation,
                }
                rows = compiled(_ANCHORED).rows(engine, {**page, **extra})
                if count(rows) == limit or anchors.still(engine, generation):
                    return rows
        return compiled(names).rows(engine, {**params, **extra})


_PAGE_ONLY = frozenset({"page_offset", "page_limit"})
_ANCHORED = _PAGE_ONLY | {"anchor", "anchor_generation"}
