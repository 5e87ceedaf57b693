"""One seeded practice per test, in office A of the ``world`` fixture."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from dentin.office.registry import OfficeDatabase
from tests.conftest import World
from tests.office_queries.practice import seed_practice

Ask = Callable[..., Coroutine[Any, Any, httpx.Response]]


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
