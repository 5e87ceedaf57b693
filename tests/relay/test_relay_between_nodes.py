"""Three HQ nodes, one connected office: whichever node a request reaches, the office answers.

The connector holds its link at one node; the others find it in the Redis map and relay the
request to that node's internal port. The link moves, the map follows; the holder dies, the
others answer 503 at once, and again 200 once the connector has reconnected elsewhere.
"""

from __future__ import annotations

import time

import httpx
import orjson

from dentin.caller import Caller
from dentin.connector import frames
from dentin.connector.frames import Frame
from dentin.connector.wire_caller import caller_to_wire
from dentin.nodes.peer import RELAY_PATH
from dentin.nodes.signing import NodeSigner, derive
from tests.conftest import TEST_SECRET
from tests.connector.sites import SERVER_TIME, answers
from tests.pg import free_port
from tests.relay.conftest import LINK_TTL, Cluster, relays

SHORTQUERY = {"SqlCommand": "SELECT PatNum, LName FROM patient WHERE PatNum < 4 ORDER BY PatNum"}


def _answers_at(cluster: Cluster, index: int) -> list[tuple[int, str, bytes]]:
    cluster.site.hq_port = cluster.nodes[index].port
    try:
        return answers(cluster.site)
    finally:
        cluster.site.hq_port = cluster.nodes[0].port


def test_nodes_without_the_link_answer_byte_for_byte_as_the_node_that_holds_it(
    three_nodes: Cluster,
) -> None:
    holder, *others = three_nodes.nodes
    three_nodes.link_to(holder)
    at_holder = _answers_at(three_nodes, 0)
    assert {status for status, _type, _body in at_holder} >= {200, 400, 404}
    assert _answers_at(three_nodes, 1) == at_holder
    assert _answers_at(three_nodes, 2) == at_holder
    assert relays(others[0].base, "sent", "answered") >= len(at_holder)
    assert relays(holder.base, "served", "answered") >= 2 * len(at_holder)


def test_a_practice_sign_in_at_a_node_without_the_link_is_asked_of_the_office_there(
    three_nodes: Cluster,
) -> None:
    """HQ's own questions to the office (here a sign-in) take the same way as clients'."""
    three_nodes.link_to(three_nodes.nodes[0])
    body = {"OfficeNum": three_nodes.site.office_id, "UserName": "Nobody", "Password": "wrong"}
    got = [
        httpx.post(node.base + "/api/v1/practice/sessions", json=body, timeout=40)
        for node in three_nodes.nodes
    ]
    assert [r.status_code for r in got] == [401, 401, 401], [r.text for r in got]
    assert got[1].content == got[0].content == got[2].content


def test_the_map_follows_the_connector_when_it_reconnects_to_another_node(
    three_nodes: Cluster,
) -> None:
    first, second, third = three_nodes.nodes
    three_nodes.link_to(first)
    before = three_nodes.get(third, "/api/v1/patients/1")
    three_nodes.link_to(second)
    held = three_nodes.holder()
    assert held is not None and held.url == second.internal
    for node in (first, third):
        r = three_nodes.get(node, "/api/v1/patients/1")
        assert (r.status_code, SERVER_TIME.sub(b"", r.content)) == (
            200,
            SERVER_TIME.sub(b"", before.content),
        )


def test_a_killed_holder_means_a_prompt_503_then_answers_once_the_link_is_elsewhere(
    three_nodes: Cluster,
) -> None:
    first, second, third = three_nodes.nodes
    three_nodes.link_to(second)
    second.kill()
    try:
        started = time.monotonic()
        r = three_nodes.get(first, "/api/v1/patients/1")
        took = time.monotonic() - started
        assert r.status_code == 503, r.text
        assert r.headers["retry-after"] == "5"
        assert r.json()["code"] == "office_node_unreachable"
        assert "does not answer" in r.json()["message"]
        # Fast, never a hang: a refused connection, not a timeout (the bound is generous).
        assert took < 5, took
        # The dead node's entry is gone: the next caller hears the office is offline.
        r = three_nodes.get(third, "/api/v1/patients/1")
        assert (r.status_code, r.json()["code"]) == (503, "office_offline"), r.text
        assert three_nodes.holder() is None
        three_nodes.link_to(third)  # the balancer takes the dead node out; the connector follows
        assert three_nodes.get(first, "/api/v1/patients/1").status_code == 200
    finally:
        second.start()


def test_an_entry_of_a_killed_holder_expires_by_itself(three_nodes: Cluster) -> None:
    """Nobody asks for the office while its holder is dead and its connector cannot reach
    another node: the entry outlives its holder by no more than its time to live."""
    _first, second, _third = three_nodes.nodes
    three_nodes.link_to(second)
    second.kill()  # it cannot release its entry
    three_nodes.balancer.point_to(free_port())  # nothing listens there: no new link anywhere
    try:
        held = three_nodes.holder()
        assert held is not None and held.url == second.internal
        deadline = time.monotonic() + float(LINK_TTL) + 10
        while three_nodes.holder() is not None:
            assert time.monotonic() < deadline, "the dead holder's entry never expired"
            time.sleep(0.2)
    finally:
        second.start()


def test_the_internal_port_refuses_requests_not_signed_for_it(three_nodes: Cluster) -> None:
    holder = three_nodes.nodes[0]
    three_nodes.link_to(holder)
    held = three_nodes.holder()
    assert held is not None
    office_id = three_nodes.site.office_id
    payload = frames.encode(
        Frame(
            frames.REQUEST,
            {
                "o": office_id,
                "m": "GET",
                "p": "/api/v1/patients/1",
                "q": "",
                "h": [],
                "c": caller_to_wire(
                    Caller("customer", 1, "Anyone", frozenset({"patient:read"}), office_id)
                ),
                "sc": "http",
            },
        )
    )
    url = holder.internal + RELAY_PATH

    def post(headers: dict[str, str]) -> httpx.Response:
        return httpx.post(url, content=payload, headers=headers, timeout=10)

    unsigned = post({})
    assert unsigned.status_code == 401
    assert unsigned.json()["code"] == "node_signature_refused"
    assert "only other dentin processes" in unsigned.json()["message"]
    stranger = NodeSigner(derive(b"another-deployment-secret", None))
    assert post(stranger.headers(payload, held.instance)).status_code == 401
    ours = NodeSigner(derive(TEST_SECRET.encode(), None))
    assert post(ours.headers(payload, "another-process")).status_code == 401
    signed = ours.headers(payload, held.instance)
    first = post(signed)
    assert first.status_code == 200, first.text
    assert orjson.loads(first.content)["PatNum"] == 1
    replay = post(signed)
    assert replay.status_code == 401
    assert "already received once" in replay.json()["message"]
    # The public port has no such route at all.
    assert httpx.post(holder.base + RELAY_PATH, content=payload).status_code == 404
