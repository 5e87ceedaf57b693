"""Hosted offices as schemas of one shared PostgreSQL database, reached through one pool.

An office's database URL names its schema with the ``office_schema`` query parameter
(``postgresql://dentin@db/offices?office_schema=office_42``). Every office on the same server
URL shares one engine, so a thousand offices cost one bounded pool, not a thousand. Each
office's engine is a view of that engine (``Engine.execution_options``) whose transactions
begin with ``SET LOCAL search_path`` to the office's schema: every statement resolves its table
names there, whoever wrote it (the ORM, raw SQL in aging, the migrations, trigger bodies,
ShortQuery), and the setting ends with the transaction, so a connection goes back to the pool
carrying nothing of the office it served.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from dentin.db import is_sqlite, make_engine, normalize_url

SCHEMA_PARAM = "office_schema"
OPTION = "dentin_office_schema"
# 45 characters at most: the office's ShortQuery role adds a prefix within PostgreSQL's 63.
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,44}$")
_RESERVED = frozenset({"public", "information_schema"})


@dataclass(frozen=True)
class Location:
    """Where an office's data lives: ``url`` as HQ keeps it, ``server_url`` what a pool
    connects to, and ``schema`` the office's own schema there (None: the whole database)."""

    url: str
    server_url: str
    schema: str | None


def locate(url: str) -> Location:
    """Split an office database URL into its server and its schema; ValueError says what is
    wrong with a schema name in one sentence."""
    if is_sqlite(normalize_url(url)) or SCHEMA_PARAM not in url:
        return Location(url, url, None)
    try:
        parsed = make_url(normalize_url(url))
    except ArgumentError:
        raise ValueError("The office database URL could not be read; check its form.") from None
    value = parsed.query.get(SCHEMA_PARAM)
    if value is None:
        return Location(url, url, None)
    if not isinstance(value, str):
        raise ValueError(f"Give {SCHEMA_PARAM} once in the office database URL.")
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"{SCHEMA_PARAM} is for PostgreSQL office databases only.")
    check_name(value)
    server = parsed.difference_update_query([SCHEMA_PARAM])
    return Location(url, server.render_as_string(hide_password=False), value)


def check_name(schema: str) -> None:
    if not _NAME.match(schema) or schema in _RESERVED or schema.startswith("pg_"):
        raise ValueError(
            f"The office schema {schema[:60]!r} is not usable: use 1 to 45 lower-case letters, "
            "digits and underscores starting with a letter (for example office_42), and not "
            "public, information_schema or a name starting with pg_."
        )


def schema_of(engine: Engine | Connection) -> str | None:
    """The office schema ``engine`` (or a connection from it) is bound to, if any."""
    value = engine.get_execution_options().get(OPTION)
    return value if isinstance(value, str) else None


def quoted(schema: str) -> str:
    check_name(schema)  # never a name that needs more than quotes
    return f'"{schema}"'


def advisory_namespace(engine: Engine | Connection, namespace: int) -> int:
    """An advisory-lock namespace of this office's own: advisory locks are per database, and
    offices sharing one would otherwise wait on each other's operatory 1."""
    schema = schema_of(engine)
    if schema is None:
        return namespace
    mixed = (namespace ^ zlib.crc32(schema.encode())) & 0xFFFFFFFF
    return mixed - (1 << 32) if mixed >= 1 << 31 else mixed


def _enter_schema(conn: Connection) -> None:
    schema = schema_of(conn)
    if schema is not None:
        _set_local(conn.connection.dbapi_connection, schema)


def enter_raw(dbapi_conn: Any, engine: Engine) -> None:
    """Point the current transaction of a raw DB-API connection (``engine.raw_connection()``,
    which fires no SQLAlchemy events) at the office's schema, if it has one. Call it again
    after each commit or rollback: the setting ends with the transaction."""
    schema = schema_of(engine)
    if schema is not None:
        _set_local(dbapi_conn, schema)


def _set_local(dbapi_conn: Any, schema: str) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(f"SET LOCAL search_path TO {quoted(schema)}")
    finally:
        cursor.close()


class SharedServers:
    """One engine (one pool) per PostgreSQL server URL, shared by every schema office on it."""

    def __init__(
        self, pool_size: int, max_overflow: int, prepare: Callable[[Engine], None]
    ) -> None:
        self.pool_size = max(1, pool_size)
        self.max_overflow = max(0, max_overflow)
        self._prepare = prepare
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    def engine(self, where: Location) -> Engine:
        """The office's view of its server's shared engine: same pool, its own schema."""
        if where.schema is None:
            raise ValueError("This office has no schema of its own.")
        base = self._engines.get(where.server_url)
        if base is None:
            with self._lock:
                base = self._engines.get(where.server_url)
                if base is None:
                    base = make_engine(
                        where.server_url, pool_size=self.pool_size, max_overflow=self.max_overflow
                    )
                    event.listen(base, "begin", _enter_schema)
                    self._prepare(base)
                    self._engines[where.server_url] = base
        return base.execution_options(**{OPTION: where.schema})

    def count(self) -> int:
        return len(self._engines)

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


def create_schema(conn: Connection, schema: str) -> None:
    """Create the office's schema if it is not there yet (its tables come from migrations),
    in the caller's transaction, so a failed first migration leaves no empty schema behind."""
    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quoted(schema)}")


def pin_functions(conn: Connection, schema: str) -> None:
    """Make every function of the office's schema (the trigger functions of aging, change
    counters and API Events) resolve names in that schema, whatever the writer's search_path:
    a write from outside dentin (psql, a report tool) then updates this office's own
    bookkeeping, never another office's."""
    rows = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :schema"
        ),
        {"schema": schema},
    )
    for (signature,) in rows.all():
        conn.exec_driver_sql(f"ALTER FUNCTION {signature} SET search_path = {quoted(schema)}")


def display(url: str) -> str:
    """A server URL fit to print: the password masked."""
    return make_url(normalize_url(url)).render_as_string(hide_password=True)
