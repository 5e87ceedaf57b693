"""``/readyz`` says whether a load balancer may send this node traffic, and why not."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text

from dentin import readiness
from dentin.app import create_app
from dentin.config import Settings
from dentin.db import make_engine
from dentin.runtime import Runtime
from tests.pg import RedisServer


async def test_a_node_with_its_database_current_is_ready(local: httpx.AsyncClient) -> None:
    response = await local.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["hq_database"]["ok"] is True
    assert body["checks"]["migrations"]["ok"] is True
    assert "redis" not in body["checks"]  # not configured, so not a dependency
    assert response.headers["cache-control"] == "no-store"


async def test_a_node_whose_schema_is_behind_is_not_ready_and_says_to_migrate(
    rt: Runtime, local: httpx.AsyncClient
) -> None:
    with rt.hq.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001_hq_initial_schema'"))
    response = await local.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["migrations"]["ok"] is False
    assert head in body["reason"]
    assert "dentin migrate" in body["reason"]
    assert body["checks"]["hq_database"]["ok"] is True


async def test_an_unreachable_hq_database_is_a_reason_not_a_500() -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    engine = make_engine("postgresql://dentin@127.0.0.1:1/dentin")
    checks = {c.name: c for c in await readiness.check(engine, None)}
    assert checks["hq_database"].ok is False
    assert "OperationalError" in checks["hq_database"].reason
    assert checks["migrations"].reason == "Not checked: the HQ database is down."


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_redis_stopped_makes_the_node_not_ready_until_it_returns(
    settings: Settings, own_redis: RedisServer
) -> None:
    url = f"redis://127.0.0.1:{own_redis.port}/0"
    runtime = Runtime.build(settings.model_copy(update={"redis_url": url}))
    runtime.migrate_hq()
    transport = httpx.ASGITransport(
        app=create_app(runtime.settings, runtime), client=("127.0.0.1", 40000)
    )
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/readyz")).json()["checks"]["redis"]["ok"] is True
            own_redis.stop()
            down = await client.get("/readyz")
            assert down.status_code == 503
            assert down.json()["reason"].startswith("redis: ")
            assert down.json()["checks"]["hq_database"]["ok"] is True
            own_redis.start()  # the same port
            assert (await client.get("/readyz")).status_code == 200
    finally:
        runtime.close()
