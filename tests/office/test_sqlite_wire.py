"""Pages written by SQLite (office/sqlite_wire.py, office/sqlite_pages.py: ``/patients/Simple``,
``/patients/{PatNum}``, ``/appointments``) are byte for byte what the Python serializer writes,
and a row SQLite cannot spell exactly sends its page through Python instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import insert, text
from starlette.datastructures import QueryParams

from dentin.errors import NotFound
from dentin.office import serialize
from dentin.office.generate import generate_office
from dentin.office.models import Appointment, Clinic, Definition, Patient
from dentin.office.registry import OfficeDatabase
from dentin.office.routes import appointments
from dentin.office.routes.patients import SIMPLE, _one, _render, _simple_params
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


def _apt_python(db: OfficeDatabase, params: dict[str, Any]) -> bytes:
    rows = appointments.LIST.rows(db.read_engine(), params)
    return orjson.dumps(serialize.appointments(rows, db.lookups(), SERVER))


def _apt_packed(db: OfficeDatabase, params: dict[str, Any]) -> str | None:
    return appointments.LIST.packed(db.read_engine(), params, {"server": SERVER})


def _apt_params(**query: str) -> dict[str, Any]:
    return appointments._list_params(Args(QueryParams(query)))


def test_every_patients_appointments_are_written_by_sqlite_exactly_as_by_python(
    office: OfficeDatabase,
) -> None:
    written = 0
    for pat_num in range(1, 245):
        params = _apt_params(PatNum=str(pat_num))
        packed = _apt_packed(office, params)
        assert packed is not None, pat_num
        assert packed.encode() == _apt_python(office, params), pat_num
        written += packed != "[]"
    assert written > 100
    for query in (
        {},
        {"Offset": "50", "Limit": "100"},
        {"AptStatus": "Complete"},
        {"dateStart": "2025-06-01", "dateEnd": "2026-09-01"},
        {"Op": "1", "DateTStamp": "2000-01-01 00:00:00"},
    ):
        params = _apt_params(**query)
        packed = _apt_packed(office, params)
        assert packed is not None and packed != "[]", query
        assert packed.encode() == _apt_python(office, params), query


def _appointment(num: int, **kw: Any) -> dict[str, Any]:
    when = dt.datetime(2026, 3, 4, 9, 30)
    return {"AptNum": num, "PatNum": 1, "AptDateTime": when, "DateTStamp": when} | kw


def test_awkward_appointments_are_spelled_alike(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    with db.transaction() as s:
        s.execute(
            insert(Definition),
            [{"DefNum": 88, "Category": 2, "ItemName": "Unconfirmed ✓", "ItemOrder": 0}],
        )
        s.execute(insert(Patient), [_patient(1)])
        s.execute(
            insert(Appointment),
            [
                _appointment(1, Note='line\nbreak "quoted" \x02', Confirmed=88, TimeLocked=1),
                _appointment(2, ColorOverride="", ProvNum=999, UnschedStatus=88, IsHygiene=1),
                _appointment(3, ColorOverride="255,0,0", DateTimeArrived=dt.datetime(1, 1, 1)),
                _appointment(4, AptStatus=42, Priority=1, IsNewPatient=1),
            ],
        )
    params = _apt_params(PatNum="1")
    packed = _apt_packed(db, params)
    assert packed is not None
    assert packed.encode() == _apt_python(db, params)
    assert len(orjson.loads(packed)) == 4


@pytest.mark.parametrize("awkward", [{"TimeLocked": "yes"}, {"IsHygiene": 0.5}])
def test_an_appointment_sqlite_cannot_spell_sends_its_page_through_python(
    world: World, awkward: dict[str, Any]
) -> None:
    db = world.rt.offices.get(world.office_a.id)
    with db.transaction() as s:
        s.execute(insert(Patient), [_patient(1)])
        s.execute(insert(Appointment), [_appointment(1), _appointment(2, **awkward)])
    assert _apt_packed(db, _apt_params(PatNum="1")) is None
    assert _apt_packed(db, _apt_params(PatNum="1", Limit="1")) is not None


def test_one_patient_is_written_by_sqlite_exactly_as_by_python(office: OfficeDatabase) -> None:
    for pat_num in range(1, 241):
        response = _one(office, pat_num)
        assert response.body == orjson.dumps(_render(office, pat_num)), pat_num
    with pytest.raises(NotFound, match="PatNum 9999 was not found"):
        _one(office, 9999)


def test_one_patient_sqlite_cannot_spell_is_written_by_python(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    with db.transaction() as s:
        s.execute(insert(Patient), [_patient(1, EstBalance=0.1 + 0.2)])
    assert _one(db, 1).body == orjson.dumps(_render(db, 1))
    assert b"0.30000000000000004" in _one(db, 1).body
