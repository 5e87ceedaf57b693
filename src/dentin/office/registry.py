"""Office id → its database (Datasette's add_database/get_database idea).

One dependency resolves the caller's office here, so every office query runs on that office's
own engine: a key for office A has no handle on office B's data at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dentin.config import Settings
from dentin.db import make_engine, make_sessions, migrate
from dentin.office import apikeys
from dentin.office.events import capture
from dentin.office.workpool import WorkPool


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

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

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
        self.engine.dispose()
        if self._read_only is not None and self._read_only is not self.engine:
            self._read_only.dispose()


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
        self.long_work = WorkPool(
            threads=settings.long_work_threads,
            per_key=settings.long_work_per_key,
            per_office=settings.long_work_per_office,
        )

    def url_for(self, office_id: int) -> str:
        return self.locate(office_id) or self.settings.office_sqlite_url(office_id)

    def get(self, office_id: int) -> OfficeDatabase:
        db = self._databases.get(office_id)
        if db is not None:
            return db
        with self._lock:
            db = self._databases.get(office_id)
            if db is None:
                url = self.url_for(office_id)
                engine = make_engine(url)
                db = OfficeDatabase(
                    office_id, url, engine, make_sessions(engine), secret=self.settings.pepper()
                )
                self._databases[office_id] = db
            return db

    def provision(self, office_id: int) -> OfficeDatabase:
        """Create or upgrade the office's schema to the newest migration.

        Then reinstall the API Events capture triggers (see ``events.capture``), and seal any
        CustomerKey still in clear in ``apikey``: a migration cannot reach the server secret,
        the registry can.
        """
        db = self.get(office_id)
        migrate("office", db.engine)
        with db.engine.begin() as conn:
            capture.install(conn)  # a batch migration on SQLite drops a rebuilt table's triggers
        apikeys.seal_legacy(db)
        return db

    def dispose(self) -> None:
        self.long_work.close()
        with self._lock:
            for db in self._databases.values():
                db.dispose()
            self._databases.clear()
