"""Offices kept as schemas of one shared PostgreSQL database (``?office_schema=``).

HQ runs on PostgreSQL here too; each test gets a fresh, empty shared database on the
session's cluster, and offices get their schemas there.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from dentin import scopes
from dentin.hq import customer_keys, developers, offices
from dentin.office import apikeys
from dentin.office.models import Patient
from dentin.office.registry import OfficeDatabase
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import ACTOR, OfficeFixture, World
from tests.pg import PgCluster

STAMP = dt.datetime(2026, 1, 5, 9, 0, 0)
_counter = itertools.count()


@pytest.fixture
def backend() -> str:
    return "postgresql"


@pytest.fixture
def shared_url(pg: PgCluster) -> str:
    """A fresh empty database that offices share, one schema each."""
    name = f"t_shared_{next(_counter)}"
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return pg.url(name)


@pytest.fixture
def shared_admin(shared_url: str) -> Iterator[Engine]:
    """A plain connection to the shared database, outside dentin: what psql would see."""
    engine = create_engine(shared_url)
    try:
        yield engine
    finally:
        engine.dispose()


def in_schema(shared_url: str, schema: str) -> str:
    return f"{shared_url}?office_schema={schema}"


def add_schema_office(
    rt: Runtime, name: str, url: str, developer_id: int | None = None
) -> OfficeFixture:
    """Register an office at HQ, create and migrate its schema, give the developer a key."""
    office = offices.create_office(
        rt.hq, name=name, actor=ACTOR, api_enabled=True, database_url=url
    )
    db = rt.offices.provision(office.id)
    ensure_preferences(db, name)
    if developer_id is None:
        return OfficeFixture(office.id, "")
    key = customer_keys.create_customer_key(rt.hq, developer_id, ACTOR)
    _view, dev_name = customer_keys.assign_customer_key(rt.hq, office.id, key.key, ACTOR)
    apikeys.upsert(db, key.key, dev_name)
    return OfficeFixture(office.id, key.key)


def add_patients(db: OfficeDatabase, *last_names: str) -> list[int]:
    with db.transaction() as s:
        patients = [
            Patient(LName=n, FName="Pat", Guarantor=0, DateTStamp=STAMP) for n in last_names
        ]
        s.add_all(patients)
        s.flush()
        for p in patients:
            p.Guarantor = p.PatNum
        return [p.PatNum for p in patients]


@pytest.fixture
def schema_world(rt: Runtime, shared_url: str) -> World:
    """One developer with every permission and a key in offices A and B, which live in
    schemas ``office_a`` and ``office_b`` of the same shared database."""
    issued = developers.create_developer(
        rt.hq, company_name="Acme Dental Apps", actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
    )
    a = add_schema_office(rt, "Office A", in_schema(shared_url, "office_a"), issued.developer_id)
    b = add_schema_office(rt, "Office B", in_schema(shared_url, "office_b"), issued.developer_id)
    return World(rt, issued.developer_id, issued.developer_key, issued.portal_key, a, b)
