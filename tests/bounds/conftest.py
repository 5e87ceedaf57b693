"""Signed-in callers for replaying out-of-range inputs: a practice admin and a developer."""

from __future__ import annotations

import httpx
import pytest

from dentin.hq import applications, operators, practice_sessions, tiers
from dentin.office import users
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World
from tests.office.conftest import fix_sequences, seed_practice
from tests.portal.helpers import post_form, sign_in_operator

PRACTICE_PASSWORD = "bounds admin password 1"
DEVELOPER_LOGIN, DEVELOPER_PASSWORD = "dev@bounds.example", "developer-password-1"
OPERATOR_EMAIL, OPERATOR_PASSWORD = "ops@bounds.example", "operator-password-1"


@pytest.fixture
def seeded(world: World) -> World:
    """Office A with patients 1-3, operatories 1-2 and a schedule, as the office tests have."""
    db = world.rt.offices.get(world.office_a.id)
    seed_practice(db)
    fix_sequences(db)
    return world


@pytest.fixture
def practice_admin(world: World) -> dict[str, str]:
    """A signed-in administrator of office A, on a tier that includes API keys."""
    tiers.set_tier(world.rt.hq, world.office_a.id, ACTOR, tier="enterprise")
    db = world.rt.offices.get(world.office_a.id)
    users.add_user(world.rt.hq, db, "admin", PRACTICE_PASSWORD, ACTOR, is_admin=True)
    session = practice_sessions.sign_in(
        world.rt.hq, world.rt.offices, world.office_a.id, "admin", PRACTICE_PASSWORD
    )
    return {"Authorization": f"Practice {session.token}"}


@pytest.fixture
async def developer_portal(world: World, client: httpx.AsyncClient) -> httpx.AsyncClient:
    """``client`` signed in to /portal/developer as the world's developer."""
    applications.set_password(
        world.rt.hq, world.developer_id, DEVELOPER_PASSWORD, ACTOR, login_email=DEVELOPER_LOGIN
    )
    r = await post_form(
        client,
        "/portal/developer/sign-in",
        "/portal/developer/sign-in",
        {"email": DEVELOPER_LOGIN, "password": DEVELOPER_PASSWORD},
    )
    assert r.status_code == 303, r.text
    return client


@pytest.fixture
async def operator_portal(rt: Runtime, client: httpx.AsyncClient) -> httpx.AsyncClient:
    """``client`` signed in to /portal/admin as an operator."""
    operators.create_operator(rt.hq, OPERATOR_EMAIL, OPERATOR_PASSWORD, ACTOR, name="Ops")
    await sign_in_operator(client, OPERATOR_EMAIL, OPERATOR_PASSWORD)
    return client
