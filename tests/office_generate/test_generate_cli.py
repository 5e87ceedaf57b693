"""``dentin generate office`` and the demo's small practice."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from dentin.cli import app
from dentin.config import Settings
from dentin.demo import DEMO_PATIENTS, seed_demo
from dentin.hq import offices
from dentin.office.models import Patient, Preference
from dentin.office.registry import OfficeDatabase
from dentin.runtime import Runtime
from tests.conftest import TEST_SECRET

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "DENTIN_DATA_DIR": str(settings.data_dir),
        "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
        "DENTIN_SECRET_KEY": TEST_SECRET,
        "COLUMNS": "200",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def _patients(db: OfficeDatabase) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Patient)) or 0)


def _generate(*extra: str) -> str:
    result = runner.invoke(app, ["generate", "office", "Synthetic Dental", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_generate_office_registers_the_office_and_fills_it(
    env: dict[str, str], rt: Runtime, new_database: Callable[[str], str]
) -> None:
    url = new_database("office")
    out = _generate(
        "--patients", "25", "--seed", "1", "--as-of", "2026-01-15", "--database-url", url
    )
    assert "registered with the API enabled" in out
    assert "ledger rows" in out
    assert "25 patients" in out
    office = offices.find_office(rt.hq, "Synthetic Dental")
    assert office is not None
    assert office.api_enabled
    assert office.tier == "enterprise"
    db = rt.offices.get(office.id)
    assert _patients(db) == 25
    with db.session() as session:
        assert session.scalar(
            select(Preference.ValueString).where(Preference.PrefName == "PracticeTitle")
        ) == ("Synthetic Dental")


def test_generating_again_leaves_a_populated_office_alone(
    env: dict[str, str], rt: Runtime, new_database: Callable[[str], str]
) -> None:
    url = new_database("office")
    _generate("--patients", "12", "--database-url", url)
    out = _generate("--patients", "40")
    assert "already has patients" in out
    office = offices.find_office(rt.hq, "Synthetic Dental")
    assert office is not None
    assert _patients(rt.offices.get(office.id)) == 12


def test_a_bad_as_of_date_is_refused_naming_the_form(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["generate", "office", "X", "--as-of", "15/01/2026"])
    assert result.exit_code == 2
    assert "yyyy-MM-dd" in result.output


def test_a_patient_count_below_one_is_refused(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["generate", "office", "X", "--patients", "0"])
    assert result.exit_code == 2


def test_the_demo_office_gets_a_few_hundred_patients_once(rt: Runtime) -> None:
    first = seed_demo(rt)
    db = rt.offices.get(first.office_id)
    assert _patients(db) == DEMO_PATIENTS
    second = seed_demo(rt)
    assert second.office_id == first.office_id
    assert _patients(db) == DEMO_PATIENTS
