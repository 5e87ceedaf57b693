"""Hot reads: a Core statement compiled once per dialect and run on the DB-API cursor.

``Connection.execute`` spends about 90 µs on a 48-column primary-key read that SQLite answers
in 15 (bench/fast_path.py profile): execution context, result metadata, row objects. The SQL
text never changes, so it is compiled once; each row is converted by the column types' own
result processors, so the values are exactly those SQLAlchemy would give, and handed on as the
attribute bags ``serialize`` reads (``serialize.Record``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, Select
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Plan:
    sql: str
    keys: tuple[str, ...]
    processors: tuple[Processor, ...]
    positions: tuple[str, ...] | None  # bind names in order, for positional paramstyles
    compiled: Any


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
                plan = _Plan(
                    sql=compiled.string,
                    keys=tuple(str(c.key) for c in columns),
                    processors=tuple(
                        c.type.dialect_impl(dialect).result_processor(dialect, None)
                        for c in columns
                    ),
                    positions=tuple(compiled.positiontup or ()) if compiled.positional else None,
                    compiled=compiled,
                )
                self._plans[dialect.name] = plan
        return plan

    def rows(self, engine: Engine, params: Mapping[str, Any]) -> list[SimpleNamespace]:
        """Every row as an attribute bag named like the selected columns' keys."""
        plan = self._plan(engine.dialect)
        bound = plan.compiled.construct_params(params)
        args: Any = [bound[name] for name in plan.positions] if plan.positions else bound
        conn = engine.raw_connection()
        try:
            cursor = conn.cursor()
            try:
                cursor.execute(plan.sql, args)
                fetched = cursor.fetchall()
            finally:
                cursor.close()
        finally:
            conn.close()  # back to the pool (rolled back: nothing of this read lingers)
        keys, processors = plan.keys, plan.processors
        out: list[SimpleNamespace] = []
        for row in fetched:
            record = SimpleNamespace()
            record.__dict__.update(
                {
                    k: (p(v) if p is not None else v)
                    for k, p, v in zip(keys, processors, row, strict=True)
                }
            )
            out.append(record)
        return out

    def first(self, engine: Engine, params: Mapping[str, Any]) -> SimpleNamespace | None:
        rows = self.rows(engine, params)
        return rows[0] if rows else None
