"""``dentin serve --workers 2`` with a connected office: the kernel hands each connection to
either worker, and the one without the link relays to the other's internal port."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.connector.sites import SERVER_TIME
from tests.relay.conftest import Cluster, relays

REQUESTS = 60


def test_every_request_for_a_connected_office_succeeds_whichever_worker_takes_it(
    two_workers: Cluster,
) -> None:
    node = two_workers.nodes[0]
    two_workers.link_to(node)
    before = relays(node.base, "sent", "answered")

    def one(_n: int) -> tuple[int, bytes]:
        # A connection each, so that the kernel picks a worker each time.
        r = httpx.get(
            node.base + "/api/v1/patients/1",
            headers={**two_workers.site.auth, "Connection": "close"},
            timeout=40,
        )
        return r.status_code, SERVER_TIME.sub(b"", r.content)

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(one, range(REQUESTS)))
    assert {status for status, _body in got} == {200}, got
    assert len({body for _status, body in got}) == 1
    # Both workers took some: the one without the link relayed them.
    assert relays(node.base, "sent", "answered") > before
