"""A practice with an administrator and a limited user, each signed in, and API access on."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from dentin.hq import practice_sessions, tiers
from dentin.office import users
from tests.conftest import ACTOR, World

ADMIN_PASSWORD = "correct horse battery staple"
CLERK_PASSWORD = "front desk password 42"


@dataclass
class Practice:
    world: World
    admin: dict[str, str]
    clerk: dict[str, str]
    other_office_admin: dict[str, str]

    async def create(
        self, client: httpx.AsyncClient, who: dict[str, str] | None = None, **body: object
    ) -> httpx.Response:
        payload = {
            "Label": "Power BI sync",
            "Purpose": "Reporting",
            "SoftwareName": "Power BI",
            **body,
        }
        return await client.post("/api/v1/practice/tokens", headers=who or self.admin, json=payload)


def _session(world: World, office_id: int, name: str, password: str) -> dict[str, str]:
    session = practice_sessions.sign_in(world.rt.hq, world.rt.offices, office_id, name, password)
    return {"Authorization": f"Practice {session.token}"}


@pytest.fixture
def practice(world: World) -> Practice:
    hq = world.rt.hq
    for office_id in (world.office_a.id, world.office_b.id):
        tiers.set_tier(hq, office_id, ACTOR, tier="enterprise")
    db_a = world.rt.offices.get(world.office_a.id)
    db_b = world.rt.offices.get(world.office_b.id)
    users.add_user(hq, db_a, "admin", ADMIN_PASSWORD, ACTOR, is_admin=True)
    users.add_user(
        hq, db_a, "clerk", CLERK_PASSWORD, ACTOR, user_scopes=["patient:read", "appointment:read"]
    )
    users.add_user(hq, db_b, "admin", ADMIN_PASSWORD, ACTOR, is_admin=True)
    return Practice(
        world,
        _session(world, world.office_a.id, "admin", ADMIN_PASSWORD),
        _session(world, world.office_a.id, "clerk", CLERK_PASSWORD),
        _session(world, world.office_b.id, "admin", ADMIN_PASSWORD),
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


SCHEDULER_PASSWORD = "scheduler password 77"
SCHEDULER_SCOPES = ["patient:read", "appointment:read", "appointment:create"]


@pytest.fixture
def scheduler(practice: Practice) -> dict[str, str]:
    """A non-admin user of office A who may book appointments, signed in."""
    world = practice.world
    db = world.rt.offices.get(world.office_a.id)
    users.add_user(
        world.rt.hq, db, "scheduler", SCHEDULER_PASSWORD, ACTOR, user_scopes=SCHEDULER_SCOPES
    )
    return _session(world, world.office_a.id, "scheduler", SCHEDULER_PASSWORD)
