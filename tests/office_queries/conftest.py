"""One seeded practice per test, in office A of the ``world`` fixture.

Here the world's developer is seed 000's ``YourName`` and its key in office A is the seed's
CustomerKey, so the seed's ``SELECT CustApiKey FROM apikey WHERE DevName='YourName'`` finds
the caller's own key. ``rival`` is a second developer with a key in the same office.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from dentin import scopes
from dentin.hq import customer_keys, developers, offices
from dentin.office import apikeys
from dentin.office.registry import OfficeDatabase
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import ACTOR, OfficeFixture, World
from tests.office_queries.practice import seed_practice

Ask = Callable[..., Coroutine[Any, Any, httpx.Response]]
SEED_DEVELOPER = "YourName"
SEED_CUSTOMER_KEY = "VzkmZEaUWOjnQX2z"
RIVAL_DEVELOPER = "Rival Dental Apps"


def give_key(rt: Runtime, office_id: int, developer_id: int, key: str | None = None) -> str:
    """Create a CustomerKey, assign it to the office and copy it into its ``apikey`` table."""
    made = customer_keys.create_customer_key(rt.hq, developer_id, ACTOR, key=key)
    _view, dev_name = customer_keys.assign_customer_key(rt.hq, office_id, made.key, ACTOR)
    apikeys.upsert(rt.offices.get(office_id), made.key, dev_name)
    return made.key


def _office(rt: Runtime, name: str, url: str, developer_id: int, key: str | None) -> OfficeFixture:
    office = offices.create_office(
        rt.hq, name=name, actor=ACTOR, api_enabled=True, database_url=url
    )
    ensure_preferences(rt.offices.get(office.id), name)
    return OfficeFixture(office.id, give_key(rt, office.id, developer_id, key))


@pytest.fixture
def world(rt: Runtime, new_database: Callable[[str], str]) -> World:
    issued = developers.create_developer(
        rt.hq, company_name=SEED_DEVELOPER, actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
    )
    a = _office(rt, "Office A", new_database("office"), issued.developer_id, SEED_CUSTOMER_KEY)
    b = _office(rt, "Office B", new_database("office"), issued.developer_id, None)
    return World(rt, issued.developer_id, issued.developer_key, issued.portal_key, a, b)


@dataclass
class Rival:
    """Another developer whose key sits in office A next to the world's."""

    developer_key: str
    customer_key: str

    def odfhir(self) -> dict[str, str]:
        return {"Authorization": f"ODFHIR {self.developer_key}/{self.customer_key}"}


@pytest.fixture
def rival(world: World) -> Rival:
    issued = developers.create_developer(
        world.rt.hq, company_name=RIVAL_DEVELOPER, actor=ACTOR, permissions=["query:read"]
    )
    key = give_key(world.rt, world.office_a.id, issued.developer_id)
    return Rival(issued.developer_key, key)


@pytest.fixture
def practice(world: World) -> OfficeDatabase:
    db = world.rt.offices.get(world.office_a.id)
    seed_practice(db)
    return db


@pytest.fixture
def ask(world: World, client: httpx.AsyncClient, practice: OfficeDatabase) -> Ask:
    """PUT one ShortQuery for office A; extra keyword arguments become query parameters."""

    async def put(sql: str, **params: Any) -> httpx.Response:
        return await client.put(
            "/api/v1/queries/ShortQuery",
            params=params,
            json={"SqlCommand": sql},
            headers=world.odfhir(),
        )

    return put
