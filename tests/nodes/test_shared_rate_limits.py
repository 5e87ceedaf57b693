"""Three nodes on one Redis admit one key's configured rate together (±10%), not three times it."""

from __future__ import annotations

import pytest

from tests.nodes.conftest import LIMIT_PER_HOUR, LIMITED_TIER, Cluster, burst

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nodes")]  # one cluster per run


def test_three_nodes_together_admit_the_configured_rate_not_three_times_it(
    cluster: Cluster,
) -> None:
    key = cluster.developer(LIMITED_TIER)
    statuses = burst(cluster.nodes, key.odfhir, 3 * LIMIT_PER_HOUR)
    admitted = statuses.count(200)
    assert abs(admitted - LIMIT_PER_HOUR) <= 0.1 * LIMIT_PER_HOUR, statuses
    assert statuses.count(429) == len(statuses) - admitted
    for node in cluster.nodes:  # every node refuses now, whichever admitted the last one
        refused = node.get("/api/v1/patients/1", key.odfhir)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) >= 1
        assert refused.json()["code"] == "rate_limited"
