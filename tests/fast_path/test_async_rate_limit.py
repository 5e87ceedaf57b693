"""With Redis, the request path counts rate limits through the asyncio client: the event loop
never waits on a synchronous Redis round trip. Without Redis nothing waits at all."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dentin.runtime import Runtime
from tests.conftest import World


async def test_office_requests_count_through_the_asyncio_redis_client(
    rt: Runtime, world: World, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rt.limiter._async_storage is not None  # the settings carry DENTIN_REDIS_URL

    def synchronous(*_args: Any, **_kwargs: Any) -> bool:
        raise AssertionError("a synchronous Redis call on the request path")

    storage = rt.limiter._storage
    monkeypatch.setattr(storage, "acquire_sliding_window_entry", synchronous)
    monkeypatch.setattr(storage, "get_sliding_window", synchronous)
    r = await client.get("/api/v1/preferences?PrefName=DateLastAging", headers=world.odfhir())
    assert r.status_code == 200
    assert int(r.headers["X-RateLimit-Remaining"]) == int(r.headers["X-RateLimit-Limit"]) - 1
