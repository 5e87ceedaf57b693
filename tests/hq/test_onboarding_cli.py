"""``dentin developer apply/approve/...`` and ``dentin office user/api ...`` end to end."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dentin.cli import app
from dentin.config import Settings
from dentin.hq import audit, customer_keys
from dentin.office import apikeys
from dentin.runtime import Runtime
from tests.conftest import ACTOR, TEST_SECRET

runner = CliRunner()
PASSWORD = "a long enough password"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("DENTIN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DENTIN_HQ_DATABASE_URL", settings.resolved_hq_url())
    monkeypatch.setenv("DENTIN_SECRET_KEY", TEST_SECRET)
    return settings


def _run(*args: str, input: str | None = None, code: int = 0) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == code, result.output
    return result.output


def _audit(settings: Settings, **where: int) -> list[audit.AuditRow]:
    rt = Runtime.build(settings)
    try:
        return audit.latest(rt.hq, **where)
    finally:
        rt.close()


APPLY = (
    "developer",
    "apply",
    "--company",
    "Bright Smile",
    "--phone",
    "503-555-0142",
    "--billing-email",
    "billing@bright.example",
    "--billing-address",
    "12 Main St, Salem",
    "--permissions",
    "patient:read,appointment:read",
    "--description",
    "Online booking.",
)


def test_apply_approve_and_keys_are_printed_once(env: Settings) -> None:
    out = _run(*APPLY)
    assert "Application 1 from Bright Smile is pending" in out
    assert "Bright Smile" in _run("developer", "applications")
    out = _run("developer", "approve", "1", "--grant", "patient:read,appointment:read")
    dev_key = re.search(r"DeveloperKey\s+(\S{16})", out)
    portal_key = re.search(r"DeveloperPortalKey\s+(\S{24})", out)
    assert dev_key and portal_key
    assert "Bright Smile" not in _run("developer", "applications")
    listing = _run("developer", "list") + _run("developer", "applications", "--all")
    assert dev_key.group(1) not in listing and portal_key.group(1) not in listing
    assert "approved" in _run("developer", "applications", "--all")
    out = _run("developer", "grant", "1", "appointment:create")
    assert "appointment:create" in out
    out = _run("developer", "revoke-grant", "1", "appointment:read")
    assert "appointment:read" not in out.split("holds:")[1]
    assert "suspended" in _run("developer", "suspend", "1", "--reason", "billing")
    assert "approved" in _run("developer", "reinstate", "1")
    events = {row.event for row in _audit(env, developer_id=1)}
    assert {
        "developer.apply",
        "developer.approve",
        "developer.suspend",
        "developer.grant",
    } <= events


def test_apply_names_each_bad_field(env: Settings) -> None:
    out = _run(
        "developer",
        "apply",
        "--company",
        "",
        "--phone",
        "abc",
        "--billing-email",
        "x",
        "--billing-address",
        "a",
        "--permissions",
        "patient:nope",
        "--description",
        "d",
        code=1,
    )
    for field in ("CompanyName", "ContactPhone", "BillingEmail", "RequestedPermissions"):
        assert field in out


def test_reject_and_set_password(env: Settings) -> None:
    _run(*APPLY)
    assert "rejected" in _run("developer", "reject", "1")
    out = _run("developer", "approve", "1", code=1)
    assert "not pending" in out
    out = _run(
        "developer",
        "set-password",
        "1",
        "--login-email",
        "ops@bright.example",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert "ops@bright.example" in out


def test_office_user_and_api_commands(env: Settings) -> None:
    _run("developer", "add", "Acme Apps", "--grant", "patient:read")
    _run("office", "add", "Main Street Dental")
    out = _run("office", "user", "add", "1", "Admin", "--admin", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert "added as administrator" in out
    rt = Runtime.build(env)
    try:
        key = customer_keys.create_customer_key(rt.hq, 1, ACTOR).key
    finally:
        rt.close()
    assert "API enabled" in _run("office", "api", "enable", "1")
    assert "Acme Apps added" in _run("office", "api", "add-key", "1", key)
    out = _run("office", "api", "keys", "1")
    assert key in out and "patient:read" in out and "enabled" in out
    assert "DisabledByCustomer" in _run("office", "api", "disable-key", "1", key)
    assert "Enabled" in _run("office", "api", "enable-key", "1", key)
    assert "API disabled" in _run("office", "api", "disable", "1")

    _run("office", "add", "Second Dental")
    assert "has not added any of your keys" in _run("developer", "move-key", key, "2", code=1)
    out = _run("developer", "move-key", key, "2", "--force")
    assert "from office 1 to office 2" in out
    rt = Runtime.build(env)
    try:
        rows = [k for k, dev in apikeys.listed(rt.offices.get(2)) if dev == "Acme Apps"]
        assert rows == [key]
        with rt.offices.get(1).session() as session:
            assert session.execute(text("SELECT COUNT(*) FROM apikey")).scalar_one() == 0
    finally:
        rt.close()
    assert _audit(env, office_id=2)[0].event == "customer_key.move"
