"""Hundreds of offices in one shared database cost one engine and one bounded pool, and every
transaction sees only its own office's schema, whichever pooled connection carries it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, select, text

from dentin.config import Settings
from dentin.db import OfficeBase
from dentin.hq import offices
from dentin.office.models import Preference
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World
from tests.office_schemas.conftest import in_schema

OFFICES = 200
POOL_SIZE, OVERFLOW = 4, 2


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.office_schema_pool_size = POOL_SIZE
    settings.office_schema_max_overflow = OVERFLOW
    return settings


def _many_offices(rt: Runtime, shared_url: str, admin: Engine) -> list[int]:
    """Offices with a one-table schema each (enough to show where every statement lands)."""
    ids = []
    with admin.begin() as conn:
        for n in range(OFFICES):
            conn.execute(text(f"CREATE SCHEMA office_{n}"))
    for n in range(OFFICES):
        office = offices.create_office(
            rt.hq,
            name=f"Office {n}",
            actor=ACTOR,
            database_url=in_schema(shared_url, f"office_{n}"),
        )
        ids.append(office.id)
    preference = OfficeBase.metadata.tables["preference"]
    for n, office_id in enumerate(ids):
        db = rt.offices.get(office_id)
        with db.transaction() as session:
            preference.create(session.connection())  # lands in the office's schema
            session.add(Preference(PrefName="PracticeTitle", ValueString=f"Office {n}"))
    return ids


def _connections(admin: Engine, shared_url: str) -> int:
    database = shared_url.rsplit("/", 1)[1]
    with admin.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :d "
                    "AND pid <> pg_backend_pid()"
                ),
                {"d": database},
            ).scalar_one()
        )


def test_two_hundred_schema_offices_share_one_engine_and_one_bounded_pool(
    rt: Runtime, shared_url: str, shared_admin: Engine
) -> None:
    ids = _many_offices(rt, shared_url, shared_admin)
    wrong: list[str] = []
    lock = threading.Lock()

    def read_all(start: int) -> None:
        for i in range(OFFICES):
            n = (start + i) % OFFICES
            db = rt.offices.get(ids[n])
            with db.session() as session:
                title = session.scalar(select(Preference.ValueString))
                schema = session.execute(text("SELECT current_schema()")).scalar()
            if title != f"Office {n}" or schema != f"office_{n}":
                with lock:
                    wrong.append(f"office {n} read {title!r} in {schema!r}")

    with ThreadPoolExecutor(16) as workers:
        list(workers.map(read_all, range(0, OFFICES, OFFICES // 16)))
    assert wrong == []
    assert rt.offices.open_count() == OFFICES
    assert rt.offices.shared.count() == 1
    assert len({id(rt.offices.get(i).engine.pool) for i in ids}) == 1
    assert 1 <= _connections(shared_admin, shared_url) <= POOL_SIZE + OVERFLOW


def test_a_connection_goes_back_to_the_pool_carrying_nothing_of_its_office(
    schema_world: World,
) -> None:
    a = schema_world.rt.offices.get(schema_world.office_a.id)
    b = schema_world.rt.offices.get(schema_world.office_b.id)
    with a.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT current_schema()").scalar() == "office_a"
        conn.commit()
        # The next transaction on the same connection is pointed at the office again.
        assert conn.exec_driver_sql("SELECT current_schema()").scalar() == "office_a"
    raw = b.engine.pool.connect()  # the same pool, outside any office
    try:
        cursor = raw.cursor()
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == '"$user", public'
    finally:
        raw.close()


def test_closing_an_idle_schema_office_leaves_the_shared_pool_open_for_the_rest(
    schema_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = schema_world.rt
    a = rt.offices.get(schema_world.office_a.id)
    rt.offices.get(schema_world.office_b.id)
    monkeypatch.setattr(rt.offices.settings, "office_engines_max", 1)
    rt.offices.sweep()
    assert rt.offices.open_count() == 1
    with a.engine.connect() as conn:  # a request still holding office A's handle finishes
        assert conn.exec_driver_sql("SELECT count(*) FROM preference").scalar()
    again = rt.offices.get(schema_world.office_a.id)
    assert again is not a and again.engine.pool is a.engine.pool
    assert rt.offices.shared.count() == 1
