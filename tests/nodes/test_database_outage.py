"""PostgreSQL restarted under the nodes: while it is down every request that needs it is a 503
with a reason and ``Retry-After`` (never a 500, never a 401 for a good key), and the same nodes
answer again once it is back, without being restarted."""

from __future__ import annotations

import pytest

from tests.nodes.conftest import Cluster, until
from tests.nodes.test_changes_reach_every_node import PATIENT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nodes")]  # one cluster per run


def test_while_postgresql_restarts_requests_get_503_with_a_reason_and_then_the_same_nodes_recover(
    cluster: Cluster,
) -> None:
    cached = cluster.developer()  # answered once on every node: its verdict is cached
    for node in cluster.nodes:
        assert node.get(PATIENT, cached.odfhir).status_code == 200
    fresh = cluster.developer()  # never seen by any node: verifying it needs the database
    pids = [node.pid for node in cluster.nodes]

    cluster.pg.halt()
    try:
        for node in cluster.nodes:
            for key in (cached, fresh):
                r = node.get(PATIENT, key.odfhir)
                assert r.status_code == 503, f"{node.name}: {r.status_code} {r.text}"
                assert r.json()["code"] == "database_unavailable"
                assert "again in a few seconds" in r.json()["message"]
                assert int(r.headers["Retry-After"]) > 0
            assert node.get("/healthz", {}).status_code == 200  # the process itself is fine
            ready = node.get("/readyz", {})
            assert ready.status_code == 503
            assert ready.json()["reason"].startswith("hq_database: ")
    finally:
        cluster.pg.resume()

    for node in cluster.nodes:
        for key in (cached, fresh):
            until(
                lambda n=node, k=key: n.get(PATIENT, k.odfhir).status_code == 200,  # type: ignore[misc]
                within=20,
                what=f"{node.name} serving again",
                step=0.2,
            )
        assert node.get("/readyz", {}).status_code == 200
    assert [node.pid for node in cluster.nodes] == pids  # nobody was restarted
