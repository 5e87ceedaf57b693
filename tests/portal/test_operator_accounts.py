"""Operator accounts: the CLI creates and resets them, and sign-in checks them with lockout."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dentin.cli import app
from dentin.config import Settings
from dentin.errors import BadRequest, Conflict, Unauthorized
from dentin.hq import audit, operators
from dentin.runtime import Runtime
from tests.conftest import ACTOR, TEST_SECRET

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DENTIN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DENTIN_HQ_DATABASE_URL", settings.resolved_hq_url())
    monkeypatch.setenv("DENTIN_SECRET_KEY", TEST_SECRET)


def test_operator_add_prompts_for_the_password_twice_and_set_password_resets_it(
    env: None, rt: Runtime
) -> None:
    password = "first-password-123"
    added = runner.invoke(
        app, ["operator", "add", "Ops@Dentin.example"], input=f"{password}\n{password}\n"
    )
    assert added.exit_code == 0, added.output
    assert password not in added.output
    assert operators.verify_login(rt.hq, "ops@dentin.example", password).email == (
        "ops@dentin.example"
    )
    again = runner.invoke(
        app, ["operator", "add", "ops@dentin.example"], input=f"{password}\n{password}\n"
    )
    assert again.exit_code == 1 and "already an operator" in again.output
    reset = runner.invoke(
        app,
        ["operator", "set-password", "ops@dentin.example"],
        input="second-password-123\nsecond-password-123\n",
    )
    assert reset.exit_code == 0, reset.output
    with pytest.raises(Unauthorized):
        operators.verify_login(rt.hq, "ops@dentin.example", password)
    operators.verify_login(rt.hq, "ops@dentin.example", "second-password-123")
    short = runner.invoke(app, ["operator", "add", "b@dentin.example"], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 12" in short.output


def test_a_locked_operator_stays_locked_even_with_the_right_password(rt: Runtime) -> None:
    operators.create_operator(rt.hq, "a@dentin.example", "right-password-1", ACTOR)
    with pytest.raises(Conflict):
        operators.create_operator(rt.hq, "A@dentin.example", "right-password-1", ACTOR)
    with pytest.raises(BadRequest):
        operators.create_operator(rt.hq, "not an email", "right-password-1", ACTOR)
    for _ in range(operators.MAX_FAILED_LOGINS - 1):
        with pytest.raises(Unauthorized) as wrong:
            operators.verify_login(rt.hq, "a@dentin.example", "wrong")
        assert wrong.value.code == "unauthorized"
    with pytest.raises(operators.AccountLocked):
        operators.verify_login(rt.hq, "a@dentin.example", "wrong")
    with pytest.raises(operators.AccountLocked):
        operators.verify_login(rt.hq, "a@dentin.example", "right-password-1")
    assert audit.latest(rt.hq, event="operator.locked")
    with pytest.raises(Unauthorized) as unknown:
        operators.verify_login(rt.hq, "nobody@dentin.example", "right-password-1")
    assert "do not match" in unknown.value.message
