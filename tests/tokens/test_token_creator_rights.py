"""A practice token acts with its scopes ∩ its creator's *current* rights (issue 11, item 13)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from dentin.cli import app
from dentin.hq import audit
from dentin.office import users
from dentin.office.models import Userod
from tests.conftest import ACTOR
from tests.tokens.conftest import SCHEDULER_SCOPES, Practice, bearer

BOOKING = {"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 09:00:00", "Pattern": "//XX//"}


async def _token(practice: Practice, client: httpx.AsyncClient, who: dict[str, str]) -> str:
    created = await practice.create(client, who=who, Scopes=SCHEDULER_SCOPES)
    assert created.status_code == 201, created.text
    token: str = created.json()["Token"]
    return token


async def test_a_token_loses_a_scope_on_the_next_request_when_its_creator_loses_the_right(
    practice: Practice, client: httpx.AsyncClient, scheduler: dict[str, str]
) -> None:
    token = await _token(practice, client, scheduler)
    before = await client.post("/api/v1/appointments", headers=bearer(token), json=BOOKING)
    assert before.status_code != 403, before.text  # the scope works while the user holds it
    assert (await client.get("/api/v1/patients", headers=bearer(token))).status_code == 200

    db = practice.world.rt.offices.get(practice.world.office_a.id)
    users.set_rights(
        practice.world.rt.hq, db, "scheduler", ["patient:read", "appointment:read"], ACTOR
    )

    refused = await client.post("/api/v1/appointments", headers=bearer(token), json=BOOKING)
    assert refused.status_code == 403
    assert refused.json()["missing_permission"] == "appointment:create"
    assert "appointment:create" in refused.json()["message"]
    # The token's other scopes keep working.
    assert (await client.get("/api/v1/patients", headers=bearer(token))).status_code == 200
    assert (await client.get("/api/v1/appointments", headers=bearer(token))).status_code == 200
    row = audit.latest(practice.world.rt.hq, event="practice_user.set_rights")[0]
    assert row.subject == "scheduler"
    assert row.after == {"IsAdmin": False, "Scopes": ["patient:read", "appointment:read"]}


async def test_giving_the_right_back_restores_the_scope_but_never_beyond_the_token(
    practice: Practice, client: httpx.AsyncClient, scheduler: dict[str, str]
) -> None:
    token = await _token(practice, client, scheduler)
    hq, db = practice.world.rt.hq, practice.world.rt.offices.get(practice.world.office_a.id)
    users.set_rights(hq, db, "scheduler", ["patient:read"], ACTOR)
    assert (await client.get("/api/v1/appointments", headers=bearer(token))).status_code == 403
    users.set_rights(hq, db, "scheduler", [], ACTOR, is_admin=True)
    assert (await client.get("/api/v1/appointments", headers=bearer(token))).status_code == 200
    # An administrator creator still cannot widen the token itself.
    refused = await client.get("/api/v1/providers", headers=bearer(token))
    assert refused.status_code == 403
    assert refused.json()["missing_permission"] == "provider:read"


async def test_a_token_whose_creator_no_longer_exists_is_refused_with_401(
    practice: Practice, client: httpx.AsyncClient, scheduler: dict[str, str]
) -> None:
    token = await _token(practice, client, scheduler)
    db = practice.world.rt.offices.get(practice.world.office_a.id)
    with db.transaction() as session:
        session.execute(delete(Userod).where(Userod.UserName == "scheduler"))
    practice.world.rt.hq.changed()
    refused = await client.get("/api/v1/patients", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.json()["code"] == "token_creator_disabled"
    assert "no longer exists or is disabled" in refused.json()["message"]


def test_the_cli_changes_a_users_rights_and_names_what_they_now_hold(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = practice.world.rt.settings
    monkeypatch.setenv("DENTIN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("DENTIN_HQ_DATABASE_URL", settings.resolved_hq_url())
    monkeypatch.setenv("DENTIN_SECRET_KEY", settings.pepper().decode())
    office = str(practice.world.office_a.id)
    runner = CliRunner()
    result = runner.invoke(
        app, ["office", "user", "rights", office, "clerk", "--scopes", "patient:read"]
    )
    assert result.exit_code == 0, result.output
    assert "clerk now holds: patient:read" in result.output
    db = practice.world.rt.offices.get(practice.world.office_a.id)
    clerk = next(u for u in users.list_users(db) if u.user_name == "clerk")
    assert clerk.scopes == {"patient:read"}

    bad = runner.invoke(app, ["office", "user", "rights", office, "clerk", "--scopes", "x:y"])
    assert bad.exit_code == 1 and "'x:y'" in bad.output
    gone = runner.invoke(
        app, ["office", "user", "rights", office, "nobody", "--scopes", "patient:read"]
    )
    assert gone.exit_code == 1 and "no user named 'nobody'" in gone.output
