"""Engines, sessions and the migration runner for both kinds of database (HQ and office)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker

from dentin.private_files import private_file, tighten_sqlite_files

MIGRATIONS = Path(__file__).parent / "migrations"
DatabaseKind = Literal["hq", "office"]


class HQBase(DeclarativeBase):
    pass


class OfficeBase(DeclarativeBase):
    pass


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


# SQLite: a pool as large as the server's thread pool (anyio's 40), so that no request opens
# and closes a connection (and runs its PRAGMAs) when the default five are busy.
SQLITE_POOL_SIZE = 40
# Read-only SQLite connections map the file into memory (reads skip a copy per page) and keep a
# page cache of their own (negative: KiB).
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
SQLITE_READ_CACHE_KIB = 8192


def make_engine(url: str, *, read_only: bool = False, **kwargs: Any) -> Engine:
    url = normalize_url(url)
    if is_sqlite(url):
        path = url.split("///", 1)[-1] if "///" in url else ""
        on_disk = bool(path) and path != ":memory:" and not read_only
        if on_disk:
            private_file(Path(path))  # 0600 (and its folder 0700) before SQLite creates it 0644
        connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": 30}
        if read_only:
            connect_args["uri"] = True
            url = f"sqlite:///file:{path}?mode=ro&uri=true"
        if path and path != ":memory:":
            kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
            kwargs.setdefault("max_overflow", SQLITE_POOL_SIZE)
        engine = create_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            if read_only:
                cur.execute("PRAGMA query_only = ON")
                cur.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
                cur.execute(f"PRAGMA cache_size = -{SQLITE_READ_CACHE_KIB}")
            else:
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = NORMAL")
                if on_disk:
                    tighten_sqlite_files(Path(path))
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_sessions(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(kind: DatabaseKind, engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS / kind))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(kind: DatabaseKind, engine: Engine) -> None:
    """Bring a database to the newest revision of its own history."""
    command.upgrade(alembic_config(kind, engine), "head")


def migrate_on(conn: Connection, schema: str | None = None) -> None:
    """Bring an office database to the newest revision inside the caller's transaction (with
    its version table in ``schema``), so that what the caller does next in the same
    transaction (triggers, grants) commits with the migration or not at all."""
    cfg = alembic_config("office", conn.engine)
    cfg.attributes["connection"] = conn
    cfg.attributes["schema"] = schema
    command.upgrade(cfg, "head")


def pending_migrations(kind: DatabaseKind, engine: Engine, schema: str | None = None) -> list[str]:
    """The revisions of ``kind``'s history not yet applied to ``engine``'s database (newest
    first): empty when it is current. A server must not call itself ready on an old schema."""
    script = ScriptDirectory.from_config(alembic_config(kind, engine))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table_schema": schema})
        current = set(context.get_current_heads())
    pending: list[str] = []
    for revision in script.walk_revisions():
        if revision.revision in current:
            break
        pending.append(revision.revision)
    return pending
