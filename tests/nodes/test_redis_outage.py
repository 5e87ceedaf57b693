"""Redis stopped: the nodes keep serving, each counts rate limits on its own, and a change is
still refused everywhere within a second (the HQ database's change generation). When Redis
returns, the nodes share one budget again without being restarted."""

from __future__ import annotations

import time

import pytest

from dentin.counters import RETRY_SECONDS
from tests.nodes.conftest import LIMIT_PER_HOUR, LIMITED_TIER, Cluster, burst
from tests.nodes.test_changes_reach_every_node import BOUND, PATIENT, refused_within

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nodes")]  # one cluster per run


def test_with_redis_stopped_every_node_serves_and_counts_its_own_budget_until_redis_returns(
    cluster: Cluster,
) -> None:
    served = cluster.developer()
    pids = [node.pid for node in cluster.nodes]
    cluster.redis.halt()

    for node in cluster.nodes:
        r = node.get(PATIENT, served.odfhir)
        assert r.status_code == 200, f"{node.name}: {r.text}"
        assert int(r.headers["X-RateLimit-Remaining"]) >= 0
        bad = node.get(PATIENT, {"Authorization": "ODFHIR AAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBB"})
        assert bad.status_code == 401, bad.text  # the refusal budget counts in memory too

    # Per node: each admits the whole budget, so three admit three times it.
    limited = cluster.developer(LIMITED_TIER)
    statuses = burst(cluster.nodes, limited.odfhir, 4 * LIMIT_PER_HOUR)
    assert set(statuses) == {200, 429}
    assert abs(statuses.count(200) - 3 * LIMIT_PER_HOUR) <= 0.1 * 3 * LIMIT_PER_HOUR

    cluster.redis.start()  # the same port, empty
    time.sleep(RETRY_SECONDS + 0.5)  # each node asks Redis again a second after it failed
    shared = cluster.developer(LIMITED_TIER)
    statuses = burst(cluster.nodes, shared.odfhir, 3 * LIMIT_PER_HOUR)
    assert abs(statuses.count(200) - LIMIT_PER_HOUR) <= 0.1 * LIMIT_PER_HOUR
    assert [node.pid for node in cluster.nodes] == pids  # nobody was restarted


def test_with_redis_stopped_a_key_disabled_through_node_1_is_refused_on_the_others_within_a_second(
    cluster: Cluster,
) -> None:
    key = cluster.developer()
    for node in cluster.nodes:
        assert node.get(PATIENT, key.odfhir).status_code == 200
    cluster.redis.halt()
    node1, *others = cluster.nodes
    r = node1.request(
        "PUT",
        "/api/v1/apikeys",
        headers=key.portal,
        json={"CustomerKey": key.customer_key, "KeyStatus": "DisabledByDeveloper"},
    )
    assert r.status_code == 200, r.text
    assert refused_within(others, PATIENT, key.odfhir) < BOUND
