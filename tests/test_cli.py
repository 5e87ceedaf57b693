"""The operator CLI calls the same service functions as the HTTP routes."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from dentin import cli
from dentin.cli import app
from dentin.config import Settings
from tests.conftest import TEST_SECRET

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "DENTIN_DATA_DIR": str(settings.data_dir),
        "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
        "DENTIN_SECRET_KEY": TEST_SECRET,
        "COLUMNS": "250",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    # Rich reads COLUMNS once, when the CLI module is imported (perhaps by an earlier test).
    monkeypatch.setattr(cli.console, "width", 250)
    return values


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_developer_add_prints_both_keys_once_and_list_shows_only_hints(env: dict[str, str]) -> None:
    _ok("migrate")
    out = _ok("developer", "add", "Acme Apps", "--grant", "patient:read,appointment:create")
    dev_key = re.search(r"DeveloperKey\s+(\S+)", out)
    portal_key = re.search(r"DeveloperPortalKey\s+(\S+)", out)
    assert dev_key and portal_key
    listing = _ok("developer", "list")
    assert "Acme Apps" in listing
    assert dev_key.group(1) not in listing and portal_key.group(1) not in listing
    assert dev_key.group(1)[-4:] in listing


def test_developer_add_refuses_an_unknown_permission(env: dict[str, str]) -> None:
    _ok("migrate")
    result = runner.invoke(app, ["developer", "add", "Acme", "--grant", "patient:destroy"])
    assert result.exit_code == 1
    assert "patient:destroy" in result.output


def test_rotate_key_prints_a_new_key_and_audit_records_it(env: dict[str, str]) -> None:
    _ok("migrate")
    _ok("developer", "add", "Acme Apps")
    out = _ok("developer", "rotate-key", "1")
    assert re.search(r"New DeveloperKey \(shown only once\): \S{16}", out)
    audit = _ok("audit", "--developer", "1")
    assert "developer_key.rotate" in audit
    assert "developer.create" in audit


def test_office_add_and_list(env: dict[str, str]) -> None:
    _ok("migrate")
    _ok("office", "add", "Smile Studio", "--enable-api")
    listing = _ok("office", "list")
    assert "Smile Studio" in listing and "enabled" in listing


def test_office_add_sets_the_offices_time_zone_and_refuses_an_unknown_one(
    env: dict[str, str],
) -> None:
    _ok("migrate")
    out = _ok("office", "add", "Lakeside", "--time-zone", "America/Chicago")
    assert "time zone America/Chicago" in out
    refused = runner.invoke(app, ["office", "add", "Hilltop", "--time-zone", "Central"])
    assert refused.exit_code == 1
    assert "not a time zone" in refused.output and "Hilltop" not in _ok("office", "list")


def test_rotating_an_unknown_developer_fails_with_a_message(env: dict[str, str]) -> None:
    _ok("migrate")
    result = runner.invoke(app, ["developer", "rotate-key", "999"])
    assert result.exit_code == 1
    assert "no developer 999" in result.output


def test_serve_refuses_to_start_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.delenv("DENTIN_SECRET_KEY", raising=False)
    monkeypatch.setenv("DENTIN_DATA_DIR", str(tmp_path))
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "DENTIN_SECRET_KEY is not set" in result.output


def test_office_tier_shows_and_changes_api_access(env: dict[str, str]) -> None:
    _ok("migrate")
    _ok("office", "add", "Smile Studio")
    assert "API access locked" in _ok("office", "tier", "1")
    assert "API access on (via add-on)" in _ok("office", "tier", "1", "--add-addon", "api-access")
    assert "API access on (via tier)" in _ok(
        "office", "tier", "1", "--set", "enterprise", "--remove-addon", "api-access"
    )
    result = runner.invoke(app, ["office", "tier", "1", "--set", "gold"])
    assert result.exit_code == 1 and "gold" in result.output


def test_office_token_expiry_is_validated(env: dict[str, str]) -> None:
    _ok("migrate")
    _ok("office", "add", "Smile Studio")
    assert "after 30 days" in _ok("office", "token-expiry", "1", "30")
    result = runner.invoke(app, ["office", "token-expiry", "1", "0"])
    assert result.exit_code == 1 and "between 1 and 365" in result.output
