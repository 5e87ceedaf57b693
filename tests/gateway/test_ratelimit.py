"""Rate limits: per key and per developer, with IETF and X-RateLimit headers, 429 + Retry-After."""

from __future__ import annotations

import time

import httpx
import pytest

from dentin.config import Settings
from dentin.errors import TooManyRequests
from dentin.gateway.ratelimit import DEFAULT_LIMITS, RateLimiter
from tests.conftest import World

PREFS = "/api/v1/preferences?PrefName=DateLastAging"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rate_limits": {"standard": ("5/minute", "8/minute")}})


async def test_every_success_carries_the_rate_limit_headers(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.get(PREFS, headers=world.odfhir())
    assert response.status_code == 200
    assert response.headers["RateLimit-Policy"] == '"key";q=5;w=60'
    assert response.headers["RateLimit"].startswith('"key";r=4;t=')
    assert response.headers["X-RateLimit-Limit"] == "5"
    assert response.headers["X-RateLimit-Remaining"] == "4"
    assert int(response.headers["X-RateLimit-Reset"]) >= int(time.time())


async def test_the_request_over_the_key_budget_gets_429_with_retry_after(
    world: World, client: httpx.AsyncClient
) -> None:
    first_at = time.time()
    for _ in range(5):
        assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    refused = await client.get(PREFS, headers=world.odfhir())
    assert refused.status_code == 429
    assert "5 requests per 60 seconds" in refused.json()["message"]
    retry = int(refused.headers["Retry-After"])
    # The current window alone is full, so the wait reaches past its end.
    assert retry >= 60 - (time.time() - first_at) - 1 - 60
    assert 1 <= retry <= 120
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["RateLimit-Policy"] == '"key";q=5;w=60'


async def test_the_developer_budget_spans_all_its_keys(
    world: World, client: httpx.AsyncClient
) -> None:
    for _ in range(5):
        assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    other = world.odfhir(world.office_b.customer_key)
    for _ in range(3):
        assert (await client.get(PREFS, headers=other)).status_code == 200
    refused = await client.get(PREFS, headers=other)
    assert refused.status_code == 429
    assert "this developer's keys together may make 8 requests" in refused.json()["message"]
    assert refused.headers["RateLimit-Policy"] == '"developer";q=8;w=60'


async def test_portal_calls_count_against_the_developer_budget(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.get("/api/v1/apikeys", headers=world.portal())
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Limit"] == "5"


def test_default_limits_allow_a_real_sync() -> None:
    per_key, _ = DEFAULT_LIMITS["standard"]
    assert per_key == "600/minute"
    limiter = RateLimiter()
    for _ in range(600):
        limiter.check("standard", "customer_key:1", 1)
    with pytest.raises(TooManyRequests):
        limiter.check("standard", "customer_key:1", 1)


def test_an_unknown_tier_falls_back_to_standard() -> None:
    limiter = RateLimiter(limits={"standard": ("2/minute", "10/minute")})
    limiter.check("platinum", "k", None)
    limiter.check("platinum", "k", None)
    with pytest.raises(TooManyRequests):
        limiter.check("platinum", "k", None)


def test_nodes_sharing_redis_share_one_budget(redis_server: object) -> None:
    url = redis_server.url(1)  # type: ignore[attr-defined]
    node_a = RateLimiter(url, {"standard": ("3/minute", "30/minute")})
    node_b = RateLimiter(url, {"standard": ("3/minute", "30/minute")})
    node_a.check("standard", "customer_key:77", 77)
    node_b.check("standard", "customer_key:77", 77)
    node_a.check("standard", "customer_key:77", 77)
    with pytest.raises(TooManyRequests):
        node_b.check("standard", "customer_key:77", 77)


@pytest.mark.parametrize("offset_in_window", [0.5, 17.0, 59.5])
@pytest.mark.parametrize("earlier", [0, 3, 9])
def test_retry_after_is_exactly_when_a_retry_is_admitted(
    monkeypatch: pytest.MonkeyPatch, offset_in_window: float, earlier: int
) -> None:
    """Still refused a second before Retry-After elapses, admitted once it has."""
    clock = [600_000.0 - 60 + 30.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    limiter = RateLimiter(limits={"standard": ("10/minute", "1000/minute")})
    for _ in range(earlier):  # traffic in the previous window, which still weighs in
        limiter.check("standard", "k", None)
    clock[0] = 600_000.0 + offset_in_window
    admitted = 0
    while True:
        try:
            limiter.check("standard", "k", None)
        except TooManyRequests as exc:
            refused = exc
            break
        admitted += 1
    assert 0 < admitted <= 10
    retry = int(refused.headers["Retry-After"])
    refused_at = clock[0]
    clock[0] = refused_at + retry - 1.01
    with pytest.raises(TooManyRequests):
        limiter.check("standard", "k", None)
    clock[0] = refused_at + retry
    limiter.check("standard", "k", None)


def test_counters_live_under_the_keys_limits_itself_spells() -> None:
    # Nodes share counters in Redis by these keys: they must be limits' own spelling.
    limiter = RateLimiter(limits={"standard": ("5/minute", "50/minute")})
    limiter.check("standard", "customer_key:9", 3)
    key_budget, dev_budget = limiter.budgets("standard")
    window = key_budget.item.get_expiry()
    for budget, ident in ((key_budget, "customer_key:9"), (dev_budget, "developer:3")):
        spelled = budget.item.key_for(ident)
        assert limiter._storage.get_sliding_window(spelled, window)[2] == 1
