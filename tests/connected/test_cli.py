"""The CLI and connected offices: it holds no link, so at HQ a command that needs a connected
office's database stops with where to run it; at the office, ``--database`` runs it there and
the connector reports its audit events to HQ."""

from __future__ import annotations

import subprocess
import time

import pytest
from typer.testing import CliRunner

from dentin.cli import app
from dentin.config import Settings
from dentin.hq import audit, connectors
from dentin.runtime import Runtime
from tests.conftest import TEST_SECRET
from tests.connected.conftest import Linked
from tests.connector.sites import ACTOR, CLI, Site

runner = CliRunner()
NEW_PASSWORD = "a long enough password"
WHERE = "run this command at the office, with --database"


@pytest.fixture
def paired(site: Site, rt: Runtime, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Site:
    """The site's office paired (Cloud mode at HQ), and this process's CLI set up as HQ's."""
    code = connectors.create_pairing_code(rt.hq, site.office_id, ACTOR)
    connectors.redeem(rt.hq, code.code, ACTOR)
    monkeypatch.setenv("DENTIN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DENTIN_HQ_DATABASE_URL", settings.resolved_hq_url())
    monkeypatch.setenv("DENTIN_SECRET_KEY", TEST_SECRET)
    return site


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["office", "user", "add", "{office}", "carol"], "its practice users"),
        (["office", "user", "set-password", "{office}", "Admin"], "its practice users"),
        (["office", "user", "disable", "{office}", "Admin"], "its practice users"),
        (["office", "user", "rights", "{office}", "Admin", "--scopes", ""], "its practice users"),
        (["office", "aging", "report", "{office}"], "its accounts"),
        (["office", "aging", "run", "--office", "{office}"], "its accounts"),
        (["events", "dead", "--office", "{office}"], "its API Events"),
    ],
)
def test_a_command_needing_a_connected_offices_database_stops_at_hq_saying_where_to_run_it(
    paired: Site, args: list[str], what: str
) -> None:
    argv = [a.format(office=paired.office_id) for a in args]
    result = runner.invoke(app, argv, input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    output = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert f"Office {paired.office_id} is connected to HQ through its connector" in output
    assert f"so {what} live in its own database at the office" in output
    assert WHERE in output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_aging_every_office_at_hq_skips_a_connected_office_which_ages_itself(
    paired: Site,
) -> None:
    result = runner.invoke(app, ["office", "aging", "run"])
    assert result.exit_code == 0, result.output
    assert f"office {paired.office_id}: connected; it ages itself at the office" in result.output


def _at_office(linked: Linked, *args: str, input: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args, "--database", linked.site.office_db],
        env=linked.site.office_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _until_audited(linked: Linked, event: str, subject: str, within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not [
        r
        for r in audit.latest(linked.rt.hq, event=event, office_id=linked.office_id)
        if r.subject == subject
    ]:
        assert time.monotonic() < deadline, f"HQ never audited {event} of {subject}"
        time.sleep(0.1)


def test_user_commands_run_at_a_connected_office_change_its_users_and_hq_audits_them(
    cloud: Linked,
) -> None:
    office = str(cloud.office_id)
    added = _at_office(
        cloud, "office", "user", "add", office, "carol", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert added.returncode == 0, added.stdout + added.stderr
    assert "(carol) added as user" in added.stdout
    assert "HQ's audit log gets this when the office's connector is next linked" in added.stdout
    assert cloud.sign_in(NEW_PASSWORD, user="carol").status_code == 201
    _until_audited(cloud, "practice_user.create", "carol")
    (created,) = audit.latest(cloud.rt.hq, event="practice_user.create", office_id=cloud.office_id)
    assert created.actor == "office:cli"

    disabled = _at_office(cloud, "office", "user", "disable", office, "carol")
    assert disabled.returncode == 0, disabled.stdout + disabled.stderr
    refused = cloud.sign_in(NEW_PASSWORD, user="carol")
    assert refused.status_code == 401 and refused.json()["code"] == "bad_login"
    _until_audited(cloud, "practice_user.disable", "carol")


def test_events_recorded_at_the_office_while_offline_reach_hq_when_the_connector_returns(
    cloud: Linked,
) -> None:
    cloud.stop_office()
    office = str(cloud.office_id)
    reset = _at_office(
        cloud,
        "office",
        "user",
        "set-password",
        office,
        "Admin",
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert reset.returncode == 0, reset.stdout + reset.stderr
    time.sleep(1.5)
    assert not audit.latest(
        cloud.rt.hq, event="practice_user.password_set", office_id=cloud.office_id
    )
    cloud.start_office()
    _until_audited(cloud, "practice_user.password_set", "Admin")
    assert cloud.sign_in(NEW_PASSWORD).status_code == 201


def test_the_aging_report_runs_at_a_connected_office_against_its_own_database(
    cloud: Linked,
) -> None:
    shown = _at_office(cloud, "office", "aging", "report", str(cloud.office_id))
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "families with a balance or pending insurance" in shown.stdout
    wrong = _at_office(cloud, "office", "aging", "report", str(cloud.office_id + 1))
    assert wrong.returncode == 1
    assert f"paired as office {cloud.office_id}" in wrong.stdout
