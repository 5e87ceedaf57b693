"""``/patients/Simple`` pages written by SQLite (office/sqlite_wire.py) are byte for byte the
pages the Python serializer writes, and a row SQLite cannot spell exactly sends its page
through Python instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import insert, text
from starlette.datastructures import QueryParams

from dentin.office import serialize
from dentin.office.generate import generate_office
from dentin.office.models import Clinic, Definition, Patient
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.patients import SIMPLE, _simple_params
from dentin.query import Args
from tests.conftest import World

SERVER = "2026-12-06 10:11:12"


@pytest.fixture
def backend() -> str:
    """SQLite writes these pages; PostgreSQL's always go through Python."""
    return "sqlite"


@pytest.fixture
def office(world: World) -> OfficeDatabase:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 240, seed=3, as_of=dt.date(2026, 6, 1), years=1)
    return db


def _python(db: OfficeDatabase, params: dict[str, Any]) -> bytes:
    rows = SIMPLE.rows(db.read_engine(), params)
    return orjson.dumps(serialize.patients(rows, db.lookups(), SERVER))


def _packed(db: OfficeDatabase, params: dict[str, Any]) -> str | None:
    return SIMPLE.packed(db.read_engine(), params, {"server": SERVER})


def _params(**query: str) -> dict[str, Any]:
    return _simple_params(Args(QueryParams(query)))


def _patient(num: int, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "PatNum": num,
        "LName": f"Edge{num}",
        "FName": "Case",
        "Guarantor": num,
        "PriProv": 1,
        "DateTStamp": dt.datetime(2026, 1, 5, 9, 0, 0, 123456),
    }
    return row | kw


def test_every_generated_page_is_written_by_sqlite_exactly_as_by_python(
    office: OfficeDatabase,
) -> None:
    written = 0
    for limit in ("1", "7", "100"):
        for offset in range(0, 260, 13):
            params = _params(Limit=limit, Offset=str(offset))
            packed = _packed(office, params)
            assert packed is not None, (limit, offset)
            assert packed.encode() == _python(office, params), (limit, offset)
            written += packed != "[]"
    assert written > 40


def test_filtered_pages_are_written_by_sqlite_exactly_as_by_python(
    office: OfficeDatabase,
) -> None:
    for query in (
        {"PatStatus": "Patient"},
        {"LName": "s"},
        {"PriProv": "1", "Limit": "5"},
        {"DateTStamp": "2000-01-01 00:00:00"},
        {"Birthdate": "1980-01-01"},
        {"Guarantor": "999999"},
    ):
        params = _params(**query)
        packed = _packed(office, params)
        assert packed is not None, query
        assert packed.encode() == _python(office, params), query


def test_awkward_text_dates_lookups_and_amounts_are_spelled_alike(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    with db.transaction() as s:
        s.execute(insert(Clinic), [{"ClinicNum": 3, "Abbr": 'Nörth "2"', "Description": "N"}])
        s.execute(
            insert(Definition),
            [{"DefNum": 77, "Category": 4, "ItemName": "Tab\tand\\slash", "ItemOrder": 0}],
        )
        s.execute(
            insert(Patient),
            [
                _patient(1, LName='O"Brien \\ \n\r\t\b\f\x01\x1f\x7f', FName="Zoë 🦷"),
                _patient(2, Birthdate=dt.date(1000, 1, 1), DateFirstVisit=dt.date(1, 1, 1)),
                _patient(3, EstBalance=-0.0, BalTotal=123456789012.99, ClinicNum=3),
                _patient(4, EstBalance=100.0, BalTotal=-5.5, BillingType=77, SecProv=999),
                _patient(5, EstBalance=0.01, BalTotal=1e12, PriProv=0, Preferred="Al Bo"),
                _patient(6, DateTStamp=dt.datetime(1, 1, 1), SecDateEntry=dt.date(2026, 2, 3)),
            ],
        )
    params = _params()
    packed = _packed(db, params)
    assert packed is not None
    assert packed.encode() == _python(db, params)
    assert len(orjson.loads(packed)) == 6


@pytest.mark.parametrize(
    "awkward",
    [
        {"EstBalance": 0.1 + 0.2},  # 0.30000000000000004: not whole cents
        {"BalTotal": 1e13},  # 10^13 and beyond: %.15g writes an exponent
        {"Birthdate": dt.date(999, 12, 31)},  # strftime's year below 1000
        {"PatStatus": 99},  # a newer Open Dental's value: written as its number
    ],
)
def test_a_row_sqlite_cannot_spell_sends_its_page_through_python(
    world: World, awkward: dict[str, Any]
) -> None:
    db = world.rt.offices.get(world.office_a.id)
    with db.transaction() as s:
        s.execute(insert(Patient), [_patient(1), _patient(2, **awkward), _patient(3)])
    if "PatStatus" in awkward:
        # The number is spelled by both; this checks the CASE's fallback word, not Python's.
        packed = _packed(db, _params())
        assert packed is not None and packed.encode() == _python(db, _params())
        return
    assert _packed(db, _params()) is None
    assert _packed(db, _params(Offset="2")) is not None  # the pages without it do not
    with db.transaction() as s:
        s.execute(text("DELETE FROM patient WHERE patnum = 2"))
    assert _packed(db, _params()) is not None


async def test_the_api_answers_the_page_sqlite_writes_and_python_would(
    world: World, office: OfficeDatabase, client: httpx.AsyncClient
) -> None:
    response = await client.get(
        "/api/v1/patients/Simple?Limit=50&Offset=20", headers=world.odfhir()
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert len(body) == 50
    assert [row["PatNum"] for row in body] == sorted(row["PatNum"] for row in body)
    server = body[0]["serverDateTime"]
    params = _params(Limit="50", Offset="20")
    python = orjson.dumps(
        serialize.patients(SIMPLE.rows(office.read_engine(), params), office.lookups(), server)
    )
    assert response.content == python
