"""The Redis map of which process holds which office's link: the newest link wins, a holder
extends only its own entry, and releases only its own."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import redis

from dentin.nodes.holders import Holder, LinkMap
from tests.pg import RedisServer

OFFICE = 7


@pytest.fixture
async def two_holders(redis_server: RedisServer) -> AsyncIterator[tuple[LinkMap, LinkMap]]:
    url = redis_server.url(11)
    redis.Redis.from_url(url).flushdb()
    a = LinkMap(url, Holder("http://10.0.0.1:9100", "a"), ttl_seconds=5)
    b = LinkMap(url, Holder("http://10.0.0.2:9100", "b"), ttl_seconds=5)
    yield a, b
    await a.close()
    await b.close()


async def test_the_newest_link_is_the_one_the_map_names(
    two_holders: tuple[LinkMap, LinkMap],
) -> None:
    a, b = two_holders
    await a.claim(OFFICE)
    assert await b.holder(OFFICE) == a.me
    await b.claim(OFFICE)
    assert await a.holder(OFFICE) == b.me


async def test_a_refresh_reports_an_office_another_process_took_and_leaves_its_entry(
    two_holders: tuple[LinkMap, LinkMap],
) -> None:
    a, b = two_holders
    await a.claim(OFFICE)
    await a.claim(OFFICE + 1)
    await b.claim(OFFICE)
    assert await a.refresh([OFFICE, OFFICE + 1]) == [OFFICE]
    assert await a.holder(OFFICE) == b.me
    assert await a.holder(OFFICE + 1) == a.me


async def test_a_refresh_puts_back_an_entry_redis_lost(
    two_holders: tuple[LinkMap, LinkMap], redis_server: RedisServer
) -> None:
    a, _b = two_holders
    await a.claim(OFFICE)
    redis.Redis.from_url(redis_server.url(11)).flushdb()  # as a Redis restart would
    assert await a.refresh([OFFICE]) == []
    assert await a.holder(OFFICE) == a.me


async def test_a_holder_releases_only_its_own_entry(
    two_holders: tuple[LinkMap, LinkMap],
) -> None:
    a, b = two_holders
    await a.claim(OFFICE)
    await b.claim(OFFICE)
    await a.release(OFFICE)  # a's link dropped after b took the office: b's entry stays
    assert await a.holder(OFFICE) == b.me
    await a.forget(OFFICE, a.me)
    assert await a.holder(OFFICE) == b.me
    await a.forget(OFFICE, b.me)
    assert await a.holder(OFFICE) is None


async def test_an_entry_not_refreshed_expires(redis_server: RedisServer) -> None:
    url = redis_server.url(11)
    short = LinkMap(url, Holder("http://10.0.0.3:9100", "c"), ttl_seconds=1)
    try:
        await short.claim(OFFICE + 2)
        ttl = redis.Redis.from_url(url).pttl(f"dentin:link:{OFFICE + 2}")
        assert 0 < ttl <= 1000
    finally:
        await short.close()
