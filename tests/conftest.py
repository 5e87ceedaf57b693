"""Fixtures: every HQ-touching test runs on SQLite and on a real PostgreSQL.

Databases are cloned from templates migrated once per session (a file copy for SQLite,
``CREATE DATABASE ... TEMPLATE`` for PostgreSQL), so each test starts clean and fast.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from dentin import scopes
from dentin.app import create_app
from dentin.config import Settings
from dentin.db import make_engine, migrate
from dentin.hq import customer_keys, developers, offices
from dentin.hq.context import Actor
from dentin.office import apikeys
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests import route_memo
from tests.pg import PgCluster, RedisServer

route_memo.install()

TEST_SECRET = "test-secret-0123456789abcdef"
ACTOR = Actor("test", "127.0.0.1")
_counter = itertools.count()


# Packages whose processes start once per package or module (a PostgreSQL, Redis and three HQ
# nodes; three modes' offices): one xdist worker runs each, or every worker that drew one of
# their tests would start them again (30-50 s of CPU each time on a busy machine).
_ONE_WORKER = ("nodes", "relay", "modes")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group as ``xdist_group`` does under ``--dist loadgroup``: the group's name after an ``@``
    in the test's id. xdist 3.8 writes it to ``item._nodeid``, which pytest 9.2 no longer reads
    (the id lives in ``item._id``), so its markers alone group nothing."""
    if not getattr(config.option, "loadgroup", False):  # set in xdist workers
        return
    for item in items:
        parts = Path(str(item.path)).parts
        group = next((p for p in _ONE_WORKER if ("tests", p) in itertools.pairwise(parts)), None)
        if group is None:
            continue
        grouped = f"{item.nodeid}@{group}"
        if hasattr(item, "_id"):
            item._id = type(item._id).parse(grouped)
        else:
            item._nodeid = grouped


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    cluster = PgCluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Lazily built, migrated template databases, per (backend, kind)."""
    return {"dir": tmp_path_factory.mktemp("templates")}


def _sqlite_template(templates: dict[str, Any], kind: str) -> Path:
    key = ("sqlite", kind)
    if key not in templates:
        path = templates["dir"] / f"{kind}.sqlite"
        engine = make_engine(f"sqlite:///{path}")
        migrate(kind, engine)  # type: ignore[arg-type]
        engine.dispose()
        templates[key] = path
    path: Path = templates[key]
    return path


def _pg_template(templates: dict[str, Any], pg: PgCluster, kind: str) -> str:
    key = ("postgresql", kind)
    if key not in templates:
        name = f"template_{kind}"
        admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        engine = make_engine(pg.url(name))
        migrate(kind, engine)  # type: ignore[arg-type]
        engine.dispose()
        templates[key] = name
    name: str = templates[key]
    return name


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_database(
    backend: str, request: pytest.FixtureRequest, templates: dict[str, Any], tmp_path: Path
) -> Iterator[Callable[[str], str]]:
    """Returns a factory: ``new_database("hq" | "office")`` → URL of a fresh migrated database."""

    made: list[str] = []

    def make(kind: str) -> str:
        n = next(_counter)
        if backend == "sqlite":
            target = tmp_path / f"{kind}_{n}.sqlite"
            shutil.copy(_sqlite_template(templates, kind), target)
            return f"sqlite:///{target}"
        cluster: PgCluster = request.getfixturevalue("pg")
        template = _pg_template(templates, cluster, kind)
        name = f"t_{kind}_{n}"
        admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"))
        admin.dispose()
        made.append(name)
        return cluster.url(name)

    yield make
    if made:
        # Dropped while its files are still in the page cache: a worker that kept every test's
        # database wrote gigabytes and spent minutes deleting them when it stopped.
        cluster = request.getfixturevalue("pg")
        admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, new_database: Callable[[str], str]) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        hq_database_url=new_database("hq"),
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
    )


@pytest.fixture
def rt(settings: Settings) -> Iterator[Runtime]:
    runtime = Runtime.build(settings)
    try:
        yield runtime
    finally:
        runtime.close()


@dataclass
class OfficeFixture:
    id: int
    customer_key: str


@dataclass
class World:
    """One developer holding every permission, with a key in each of two offices."""

    rt: Runtime
    developer_id: int
    developer_key: str
    portal_key: str
    office_a: OfficeFixture
    office_b: OfficeFixture

    def odfhir(self, second: str | None = None) -> dict[str, str]:
        return {
            "Authorization": f"ODFHIR {self.developer_key}/{second or self.office_a.customer_key}"
        }

    def portal(self) -> dict[str, str]:
        return {"Authorization": f"ODFHIR {self.developer_key}/{self.portal_key}"}


def add_office(rt: Runtime, name: str, url: str, developer_id: int) -> OfficeFixture:
    office = offices.create_office(
        rt.hq, name=name, actor=ACTOR, api_enabled=True, database_url=url
    )
    db = rt.offices.get(office.id)
    ensure_preferences(db, name)
    key = customer_keys.create_customer_key(rt.hq, developer_id, ACTOR)
    _view, dev_name = customer_keys.assign_customer_key(rt.hq, office.id, key.key, ACTOR)
    apikeys.upsert(db, key.key, dev_name)
    return OfficeFixture(office.id, key.key)


@pytest.fixture
def world(rt: Runtime, new_database: Callable[[str], str]) -> World:
    issued = developers.create_developer(
        rt.hq, company_name="Acme Dental Apps", actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
    )
    a = add_office(rt, "Office A", new_database("office"), issued.developer_id)
    b = add_office(rt, "Office B", new_database("office"), issued.developer_id)
    return World(rt, issued.developer_id, issued.developer_key, issued.portal_key, a, b)


@pytest.fixture
async def client(rt: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(rt.settings, rt)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def live_server(rt: Runtime) -> Iterator[str]:
    """The app behind a real uvicorn socket, for behaviour that depends on real HTTP."""
    import threading
    import time

    import uvicorn

    from tests.pg import free_port

    port = free_port()
    app = create_app(rt.settings, rt)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
