"""``/metrics``: Prometheus text by route template, status and tier, for this machine or a
scraper holding the node's token."""

from __future__ import annotations

import re

import httpx
import pytest

from dentin.app import create_app
from dentin.runtime import Runtime
from tests.conftest import World

PREFS = "/api/v1/preferences?PrefName=DateLastAging"


def _value(text: str, name: str, **labels: str) -> float:
    """One sample's value (0 when the series does not exist yet)."""
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}", 1)[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def _scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def test_requests_are_counted_by_route_template_status_and_tier(
    world: World, local: httpx.AsyncClient
) -> None:
    patient = "/api/v1/preferences"
    before = await _scrape(local)
    for _ in range(3):
        assert (await local.get(PREFS, headers=world.odfhir())).status_code == 200
    wrong = {"Authorization": f"ODFHIR {world.developer_key}/not-a-key"}
    assert (await local.get(PREFS, headers=wrong)).status_code == 401
    after = await _scrape(local)

    def grown(**labels: str) -> float:
        name = "dentin_requests_total"
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert grown(route=patient, method="GET", status="200", tier="standard") == 3
    assert grown(route=patient, method="GET", status="401", tier="none") == 1
    assert PREFS not in after  # never a raw path: no ids, no keys
    assert world.office_a.customer_key not in after
    assert _value(after, "dentin_request_duration_seconds_count", route=patient) >= 4


async def test_the_verification_cache_hit_rate_is_reported(
    world: World, local: httpx.AsyncClient
) -> None:
    for _ in range(5):
        await local.get(PREFS, headers=world.odfhir())
    text = await _scrape(local)
    hits = _value(text, "dentin_cache_lookups_total", cache="verification", result="hit")
    misses = _value(text, "dentin_cache_lookups_total", cache="verification", result="miss")
    assert misses >= 1  # the first request verified the key
    assert hits >= 4  # the rest were answered from the cache


async def test_unmatched_paths_share_one_series(local: httpx.AsyncClient) -> None:
    # Every label pinned and a difference taken: the registry is the process's, and an earlier
    # test on this worker may have left other unmatched series (another method, another tier).
    series = {"route": "unmatched", "method": "GET", "status": "404", "tier": "none"}
    before = _value(await _scrape(local), "dentin_requests_total", **series)
    for n in range(3):
        assert (await local.get(f"/no/such/{n}")).status_code == 404
    text = await _scrape(local)
    assert _value(text, "dentin_requests_total", **series) - before == 3
    assert "/no/such" not in text


async def test_rate_limit_refusals_are_counted_by_budget(rt: Runtime, world: World) -> None:
    settings = rt.settings.model_copy(
        update={"rate_limits": {"standard": ["2/minute", "100/minute"]}}
    )
    limited = Runtime.build(settings)
    try:
        app = create_app(settings, limited)
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40001))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            before = _value(await _scrape(client), "dentin_rate_limit_refusals_total", budget="key")
            statuses = [
                (await client.get(PREFS, headers=world.odfhir())).status_code for _ in range(4)
            ]
            assert statuses.count(429) == 2
            after = _value(await _scrape(client), "dentin_rate_limit_refusals_total", budget="key")
            assert after - before == 2
    finally:
        limited.close()


async def test_metrics_are_refused_to_other_machines_with_an_explanation(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/metrics")  # the shared client comes from 203.0.113.9
    assert response.status_code == 403
    assert "DENTIN_METRICS_TOKEN" in response.json()["message"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_scraper_with_the_token_may_read_metrics_from_anywhere(rt: Runtime) -> None:
    settings = rt.settings.model_copy(update={"metrics_token": "s3cret-scrape-token"})
    app = create_app(settings, rt)
    rt.settings = settings
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 40002))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as remote:
        assert (await remote.get("/metrics")).status_code == 403
        wrong = await remote.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        right = await remote.get(
            "/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}
        )
        assert right.status_code == 200
        assert "dentin_requests_total" in right.text
