"""Two HQ nodes sharing one HQ database and Redis: a change on one is refused on the other."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from dentin.config import Settings
from dentin.errors import Unauthorized
from dentin.hq import customer_keys
from dentin.keys.cache import VerificationCache
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World


@pytest.fixture
def settings(settings: Settings, redis_server: object) -> Settings:
    return settings.model_copy(update={"redis_url": redis_server.url(2)})  # type: ignore[attr-defined]


@pytest.fixture
def node_b(settings: Settings) -> Iterator[Runtime]:
    node = Runtime.build(settings)
    node.start_background()
    try:
        yield node
    finally:
        node.close()


def _refused_within(node: Runtime, header: str, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            node.auth.verify(header, "customer")
        except Unauthorized:
            return time.monotonic() - started
        time.sleep(0.005)
    raise AssertionError(f"node B still accepted the key after {seconds} s")


def test_a_key_disabled_on_node_a_is_refused_on_node_b_within_a_second(
    world: World, node_b: Runtime
) -> None:
    world.rt.start_background()
    header = world.odfhir()["Authorization"]
    assert node_b.auth.verify(header, "customer").office_id == world.office_a.id
    assert len(node_b.auth.cache) == 1
    customer_keys.update_customer_key(
        world.rt.hq,
        world.developer_id,
        world.office_a.customer_key,
        ACTOR,
        status="DisabledByDeveloper",
    )
    assert _refused_within(node_b, header, 1.0) < 1.0


def test_without_a_message_the_cache_still_expires() -> None:
    cache: VerificationCache[str] = VerificationCache(max_age=0.05)
    cache.put("k", "v", cache.generation)
    assert cache.get("k") == "v"
    time.sleep(0.08)
    assert cache.get("k") is None
