"""Usage: counted in memory, flushed in batches, additive across nodes, shown per key and day."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import func, select

from dentin.caller import Caller
from dentin.gateway.metering import UsageMeter
from dentin.hq import usage
from dentin.hq.models import CustomerKey, UsageDaily
from dentin.wire import utcnow
from tests.conftest import World

PREFS = "/api/v1/preferences?PrefName=DateLastAging"


def _rows(world: World) -> list[UsageDaily]:
    with world.rt.hq.read() as session:
        return list(session.scalars(select(UsageDaily)))


async def test_requests_are_not_written_per_request_but_in_a_batch(
    world: World, client: httpx.AsyncClient
) -> None:
    for _ in range(3):
        await client.get(PREFS, headers=world.odfhir())
    assert _rows(world) == []
    world.rt.flush_usage()
    [row] = _rows(world)
    assert (row.requests, row.errors_4xx, row.errors_5xx) == (3, 0, 0)
    assert row.day == utcnow().date()
    assert row.office_id == world.office_a.id


async def test_client_errors_are_counted_apart(world: World, client: httpx.AsyncClient) -> None:
    await client.get(PREFS, headers=world.odfhir())
    await client.get("/api/v1/preferences?Offset=-5", headers=world.odfhir())
    world.rt.flush_usage()
    [row] = _rows(world)
    assert (row.requests, row.errors_4xx) == (2, 1)


async def test_usage_endpoint_shows_each_key_per_day_with_last_used_and_error_rate(
    world: World, client: httpx.AsyncClient
) -> None:
    for _ in range(3):
        await client.get(PREFS, headers=world.odfhir())
    await client.get("/api/v1/preferences?Limit=x", headers=world.odfhir())
    response = await client.get("/api/v1/usage?days=7", headers=world.portal())
    assert response.status_code == 200
    by_key = {item["CustomerKey"]: item for item in response.json()}
    a = by_key[world.office_a.customer_key]
    assert a["Requests"] == 4
    assert a["ErrorRate"] == 0.25
    assert len(a["Days"]) == 7
    assert a["Days"][-1] == {
        "Date": utcnow().date().isoformat(),
        "Requests": 4,
        "Errors4xx": 1,
        "Errors5xx": 0,
    }
    assert a["LastUsed"] != "0001-01-01 00:00:00"
    b = by_key[world.office_b.customer_key]
    assert b["Requests"] == 0 and b["LastUsed"] == "0001-01-01 00:00:00"


async def test_last_used_is_stored_on_the_key(world: World, client: httpx.AsyncClient) -> None:
    await client.get(PREFS, headers=world.odfhir())
    world.rt.flush_usage()
    with world.rt.hq.read() as session:
        used = session.scalar(
            select(CustomerKey.last_used_at).where(
                CustomerKey.key_hash == world.rt.hq.hasher.digest(world.office_a.customer_key)
            )
        )
    assert used is not None and abs((utcnow() - used).total_seconds()) < 60


def test_two_nodes_flushing_the_same_day_add_up(world: World) -> None:
    caller = Caller(
        "customer", 1, "x", frozenset(), office_id=world.office_a.id, meter_id="customer_key:1"
    )
    for node_requests in (4, 6):
        meter = UsageMeter()
        for _ in range(node_requests):
            meter.record(caller, 200)
        meter.record(caller, 500)
        usage.flush(world.rt.hq, meter.take())
    with world.rt.hq.read() as session:
        total = session.scalar(select(func.sum(UsageDaily.requests)))
        errors = session.scalar(select(func.sum(UsageDaily.errors_5xx)))
    assert (total, errors) == (12, 2)


def test_a_failed_flush_keeps_the_counts_for_the_next_one(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    caller = Caller("customer", 1, "x", frozenset(), office_id=1, meter_id="customer_key:1")
    world.rt.meter.record(caller, 200)
    real_flush = usage.flush

    def broken(*_args: object) -> None:
        raise RuntimeError("database away")

    monkeypatch.setattr(usage, "flush", broken)
    with pytest.raises(RuntimeError):
        world.rt.flush_usage()
    world.rt.meter.record(caller, 200)
    monkeypatch.setattr(usage, "flush", real_flush)
    world.rt.flush_usage()
    assert sum(r.requests for r in _rows(world)) == 2


def test_days_without_traffic_are_zeros(world: World) -> None:
    series = usage.days_for(world.rt.hq, ["customer_key:999"], days=3)["customer_key:999"]
    assert [d.requests for d in series] == [0, 0, 0]
    assert series[-1].day == utcnow().date()
    assert series[0].day == utcnow().date() - dt.timedelta(days=2)
