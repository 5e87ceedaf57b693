"""Office id → its database (Datasette's add_database/get_database idea).

One dependency resolves the caller's office here, so every office query runs on that office's
own engine: a key for office A has no handle on office B's data at all.

The registry is bounded: it keeps at most ``office_engines_max`` offices open and closes the
pools of offices idle for ``office_engine_idle_seconds``, least recently used first, so a
server that serves thousands of offices does not hold thousands of pools. An office closed
this way is opened again by its next request (a closed engine's pool starts anew, so a
request still holding one finishes normally).

An office whose URL names a schema (``?office_schema=office_42``, see ``office/schemas.py``)
has no pool of its own: it shares one with every office on the same server, so closing it
only drops its cached lookups.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

from dentin.config import Settings
from dentin.db import make_engine, make_sessions, migrate_on, pending_migrations
from dentin.errors import OfficeUnavailable
from dentin.office import apikeys, schemas
from dentin.office.events import capture
from dentin.office.lookups import Executes, LookupCache, Tables
from dentin.office.serialize import Lookups
from dentin.office.workpool import WorkPool

# SQLite read connections: one per thread that may read at once (the reader threads of
# office/routes/reads.py, and anyio's 40 for routes that render after a write).
READ_POOL_SIZE = 40
_WRITES = ("insert", "update", "delete", "replac")


@dataclass
class OfficeDatabase:
    office_id: int
    url: str
    engine: Engine
    sessions: sessionmaker[Any]

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    _read_only: Engine | None = field(default=None, repr=False, compare=False)
    # The server secret: seals and hashes the CustomerKeys in ``apikey`` (office/apikeys.py).
    secret: bytes | None = field(default=None, repr=False, compare=False)
    cache: LookupCache = field(default_factory=LookupCache, repr=False, compare=False)
    # The office's image folder (office/document_files.py); None where none is kept.
    images: Path | None = field(default=None, repr=False, compare=False)
    _reads: Engine | None = field(default=None, repr=False, compare=False)
    last_used: float = field(default_factory=time.monotonic, repr=False, compare=False)
    # The office's schema in a shared database (None: the database is the office's own).
    schema: str | None = None

    def __post_init__(self) -> None:
        watch_writes(self.engine, self.cache)
        if self.schema is None:
            count_writes(self.engine)

    @property
    def owns_pool(self) -> bool:
        return self.schema is None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def lookups(self, conn: Executes | None = None) -> Lookups:
        """The office's providers, clinics, definitions and preferences (serialize.Lookups),
        from this process's copy, re-read only when they changed (office/lookups.py)."""
        return Lookups(conn, self.cache.get(conn) if conn is not None else self.tables())

    def tables(self) -> Tables:
        """The cached lookup tables; a read connection is taken only when a check is due."""
        tables = self.cache.fresh()
        if tables is not None:
            return tables
        with self.reading() as conn:
            return self.cache.get(conn)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for hot reads: on SQLite one of a pool of read-only connections
        (``mode=ro``, memory-mapped, with a page cache of their own), never opened per request;
        on PostgreSQL the ordinary pool."""
        with self.read_engine().connect() as conn:
            yield conn

    def read_engine(self) -> Engine:
        if self._reads is None:
            self._reads = (
                make_engine(
                    self.url, read_only=True, pool_size=READ_POOL_SIZE, max_overflow=READ_POOL_SIZE
                )
                if self.dialect == "sqlite"
                else self.engine
            )
        return self._reads

    def read_only_engine(self) -> Engine:
        """A second pool that cannot write (SQLite opened read-only, ``query_only``): ShortQuery.

        PostgreSQL needs none: ShortQuery runs there in a READ ONLY transaction as a
        SELECT-only role on the ordinary engine.
        """
        if self._read_only is None:
            self._read_only = (
                make_engine(self.url, read_only=True) if self.dialect == "sqlite" else self.engine
            )
        return self._read_only

    def dispose(self) -> None:
        if not self.owns_pool:
            return  # the shared pool outlives any one office (SharedServers closes it)
        self.engine.dispose()
        for other in (self._read_only, self._reads):
            if other is not None and other is not self.engine:
                other.dispose()


def watch_writes(engine: Engine, cache: LookupCache) -> None:
    """Tell ``cache`` about every write committed through ``engine``: a statement that writes
    marks its connection with the cache to tell, and ``count_writes`` tells it when the
    connection goes back to the pool, after its commit (or rollback: a needless check costs
    one small read). The mark names the cache because a shared pool serves many offices."""

    @event.listens_for(engine, "after_cursor_execute")
    def _mark(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip()[:6].lower() in _WRITES:
            conn.info["dentin_wrote"] = cache


def count_writes(engine: Engine) -> None:
    """Once per pool: at checkin, tell the cache a write marked (``watch_writes``)."""

    @event.listens_for(engine, "checkin")
    def _count(_dbapi_conn: Any, record: Any) -> None:
        cache = record.info.pop("dentin_wrote", None)
        if cache is not None:
            cache.note_write()


# Where an office's database lives: its URL, or None for the default SQLite file. Raises
# OfficeUnavailable for an office nobody registered. The edge that runs the office fills it in
# (HQ reads its office table; a standalone office knows its one database).
Locate = Callable[[int], str | None]


class OfficeRegistry:
    def __init__(self, settings: Settings, locate: Locate) -> None:
        self.settings = settings
        self.locate = locate
        self._databases: dict[int, OfficeDatabase] = {}
        self._lock = threading.Lock()
        self._next_sweep = 0.0
        self.shared = schemas.SharedServers(
            settings.office_schema_pool_size, settings.office_schema_max_overflow, count_writes
        )
        self.long_work = WorkPool(
            threads=settings.long_work_threads,
            per_key=settings.long_work_per_key,
            per_office=settings.long_work_per_office,
        )

    def url_for(self, office_id: int) -> str:
        return self.locate(office_id) or self.settings.office_sqlite_url(office_id)

    def get(self, office_id: int) -> OfficeDatabase:
        now = time.monotonic()
        db = self._databases.get(office_id)
        if db is not None:
            db.last_used = now
            if now >= self._next_sweep:
                self.sweep(now)
            return db
        with self._lock:
            db = self._databases.get(office_id)
            if db is None:
                self._evict(now, room_for=1)
                url = self.url_for(office_id)
                try:
                    where = schemas.locate(url)
                except ValueError as exc:
                    raise OfficeUnavailable(
                        f"Office {office_id}'s database URL at HQ is not usable: {exc}"
                    ) from None
                engine = make_engine(url) if where.schema is None else self.shared.engine(where)
                db = OfficeDatabase(
                    office_id,
                    url,
                    engine,
                    make_sessions(engine),
                    secret=self.settings.pepper(),
                    cache=LookupCache(self.settings.change_poll_seconds),
                    schema=where.schema,
                    images=self.images_for(office_id),
                )
                self._databases[office_id] = db
            return db

    def images_for(self, office_id: int) -> Path | None:
        root = self.settings.office_images_dir
        return None if root is None else root / f"office_{office_id}"

    def sweep(self, now: float | None = None) -> None:
        """Close the offices idle past ``office_engine_idle_seconds``."""
        with self._lock:
            self._evict(time.monotonic() if now is None else now, room_for=0)

    def _evict(self, now: float, *, room_for: int) -> None:
        """Close idle offices, then the least recently used ones until ``room_for`` more fit.
        Called with the lock held."""
        idle = self.settings.office_engine_idle_seconds
        self._next_sweep = now + min(idle, 60.0)
        closing = [db for db in self._databases.values() if now - db.last_used > idle]
        by_use = sorted(
            (db for db in self._databases.values() if now - db.last_used <= idle),
            key=lambda db: db.last_used,
        )
        overflow = len(by_use) + room_for - max(1, self.settings.office_engines_max)
        closing.extend(by_use[: max(0, overflow)])
        for db in closing:
            del self._databases[db.office_id]
            db.dispose()

    def open_count(self) -> int:
        return len(self._databases)

    def current(self, office_id: int) -> bool:
        """Whether the office's database has every migration (``dentin migrate`` skips it)."""
        db = self.get(office_id)
        return not pending_migrations("office", db.engine, db.schema)

    def provision(self, office_id: int) -> OfficeDatabase:
        """Create or upgrade the office's database (or schema) to the newest migration.

        In the same transaction, reinstall the API Events capture triggers (see
        ``events.capture``; a batch migration on SQLite drops a rebuilt table's triggers) and,
        for a schema office, create the schema first and pin its trigger functions to it
        (``schemas.pin_functions``): on PostgreSQL an office is migrated whole or not at all.
        Then seal any CustomerKey still in clear in ``apikey``: a migration cannot reach the
        server secret, the registry can.
        """
        db = self.get(office_id)
        with db.engine.begin() as conn:
            if db.schema is not None:
                schemas.create_schema(conn, db.schema)
            migrate_on(conn, db.schema)
            capture.install(conn)
            if db.schema is not None:
                schemas.pin_functions(conn, db.schema)
        apikeys.seal_legacy(db)
        return db

    def dispose(self) -> None:
        self.long_work.close()
        with self._lock:
            for db in self._databases.values():
                db.dispose()
            self._databases.clear()
        self.shared.dispose()
