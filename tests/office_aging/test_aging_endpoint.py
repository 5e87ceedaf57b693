"""``GET /reports/Aging``, the scheduler's timing, and ``dentin office aging run``."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select, update

from dentin.office import aging_service
from dentin.office.models import Patient, Preference
from dentin.office.registry import OfficeDatabase
from tests.conftest import World
from tests.office_aging.ledger import load
from tests.office_aging.worked import AS_OF, JONES_ROW, SMITH_ROW, smith_family


def _office(world: World) -> OfficeDatabase:
    return world.rt.offices.get(world.office_a.id)


async def test_the_aging_report_has_open_dentals_row_shape(
    world: World, client: httpx.AsyncClient
) -> None:
    load(_office(world), smith_family())
    r = await client.get("/api/v1/reports/Aging?DateAsOf=2024-06-30", headers=world.odfhir())
    assert r.status_code == 200
    assert r.json() == [JONES_ROW, SMITH_ROW]
    assert list(r.json()[0]) == list(JONES_ROW)


async def test_the_aging_report_filters_by_clinic_and_pages_exactly(
    world: World, client: httpx.AsyncClient
) -> None:
    load(_office(world), smith_family())
    h = world.odfhir()
    r = await client.get("/api/v1/reports/aging?dateasof=2024-06-30&clinicnum=2", headers=h)
    assert r.json() == [JONES_ROW]
    r = await client.get("/api/v1/reports/Aging?DateAsOf=2024-06-30&Offset=1", headers=h)
    assert r.json() == [SMITH_ROW]
    r = await client.get("/api/v1/reports/Aging?DateAsOf=2024-06-30&Offset=1&Limit=1", headers=h)
    assert r.json() == [SMITH_ROW]


async def test_the_aging_report_sees_a_ledger_change_at_once(
    world: World, client: httpx.AsyncClient
) -> None:
    db = _office(world)
    load(db, smith_family())
    h = world.odfhir()
    first = await client.get("/api/v1/reports/Aging?DateAsOf=2024-06-30", headers=h)
    ledger = smith_family()
    ledger.procs = [p for p in ledger.procs if p.PatNum != 4]
    load(db, ledger)
    second = await client.get("/api/v1/reports/Aging?DateAsOf=2024-06-30", headers=h)
    assert len(first.json()) == 2
    assert second.json() == [SMITH_ROW]


async def test_the_aging_report_refuses_a_bad_date_with_a_sentence(
    world: World, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/reports/Aging?DateAsOf=06/30/2024", headers=world.odfhir())
    assert r.status_code == 400
    assert "DateAsOf" in r.json()["message"]
    r = await client.get("/api/v1/reports/Aging?ClinicNum=-1", headers=world.odfhir())
    assert r.status_code == 400


async def test_the_aging_report_needs_report_read(world: World, client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/reports/Aging")
    assert r.status_code == 401


def test_aging_is_due_after_the_time_of_day_once_a_day() -> None:
    two = aging_service.parse_time_due("0001-01-01 02:00:00")
    assert two == dt.time(2, 0)
    assert aging_service.parse_time_due("") is None
    assert aging_service.parse_time_due("soon") is None
    day = dt.date(2024, 6, 30)
    assert not aging_service.is_due(dt.datetime(2024, 6, 30, 1, 59), two, dt.date(2024, 6, 29))
    assert aging_service.is_due(dt.datetime(2024, 6, 30, 2, 0), two, dt.date(2024, 6, 29))
    assert not aging_service.is_due(dt.datetime(2024, 6, 30, 23, 0), two, day)
    assert not aging_service.is_due(dt.datetime(2024, 6, 30, 23, 0), None, None)


def test_the_scheduler_ages_a_due_office_and_sets_date_last_aging(world: World) -> None:
    db = _office(world)
    load(db, smith_family())
    with db.transaction() as s:
        s.execute(
            update(Preference)
            .where(Preference.PrefName == "DateLastAging")
            .values(ValueString="2024-06-29")
        )
    not_yet = aging_service.run_due([db], dt.datetime.combine(AS_OF, dt.time(1, 0)))
    assert not_yet == []
    ran = aging_service.run_due([db], dt.datetime.combine(AS_OF, dt.time(2, 30)))
    assert [office for office, _run in ran] == [db.office_id]
    with db.session() as s:
        assert s.scalar(select(Patient.BalTotal).where(Patient.PatNum == 1)) == 530.0
        last = s.scalar(
            select(Preference.ValueString).where(Preference.PrefName == "DateLastAging")
        )
    assert last == "2024-06-30"
    assert aging_service.run_due([db], dt.datetime.combine(AS_OF, dt.time(3, 0))) == []


def test_the_cli_runs_aging_now(world: World) -> None:
    from typer.testing import CliRunner

    from dentin.cli import app

    db = _office(world)
    load(db, smith_family())
    settings = world.rt.settings
    env = {
        "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
        "DENTIN_SECRET_KEY": settings.secret_key.get_secret_value() if settings.secret_key else "",
        "DENTIN_DATA_DIR": str(settings.data_dir),
    }
    result = CliRunner().invoke(
        app,
        ["office", "aging", "run", "--office", str(db.office_id), "--date", "2024-06-30"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert "aged as of 2024-06-30" in result.output
    with db.session() as s:
        assert s.scalar(select(Patient.BalTotal).where(Patient.PatNum == 1)) == 530.0
