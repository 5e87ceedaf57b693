"""A disable, revoke, rotate or move made through node 1 is refused on nodes 2 and 3 within 1 s.

Nodes 2 and 3 have the credential in their verification caches first (each answered it), so
what is measured is how fast the change empties them: the clock starts when node 1 has
answered the change (it is committed) and stops when both other nodes refuse.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from dentin.hq import applications
from tests.conftest import ACTOR
from tests.nodes.conftest import DEVELOPER_PASSWORD, Cluster, Node
from tests.portal.helpers import csrf_of

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nodes")]  # one cluster per run

BOUND = 1.0  # the promise
PATIENT = "/api/v1/patients/1"
TITLE = "/api/v1/preferences?PrefName=PracticeTitle"


def refused_within(
    nodes: list[Node], path: str, headers: dict[str, str], refused: int = 401
) -> float:
    """Seconds from now until every node in ``nodes`` refuses (answers ``refused``)."""
    return changed_within(nodes, path, headers, lambda r: r.status_code == refused, "refused")


def changed_within(
    nodes: list[Node],
    path: str,
    headers: dict[str, str],
    changed: Callable[[httpx.Response], bool],
    what: str,
) -> float:
    """Seconds from now until a request sent to each node gets the changed answer: each node
    is asked over and over, in a thread of its own, and its time is when the first request
    answered the new way was sent (not when that answer came back: on a loaded machine the
    answer's own latency is not propagation). Fails after the bound plus a few seconds' grace,
    saying how late it was."""
    started = time.monotonic()

    def probe(node: Node) -> float:
        while True:
            sent = time.monotonic() - started
            if changed(node.get(path, headers)):
                return sent
            assert sent < BOUND + 5, f"{node.name} still answered the old way after {sent} s"
            time.sleep(0.01)

    with ThreadPoolExecutor(len(nodes)) as pool:
        elapsed = max(pool.map(probe, nodes))
    print(f"{what} on {', '.join(n.name for n in nodes)} after {elapsed * 1000:.0f} ms")
    return elapsed


def admitted_everywhere(cluster: Cluster, path: str, headers: dict[str, str]) -> None:
    for node in cluster.nodes:
        r = node.get(path, headers)
        assert r.status_code == 200, f"{node.name}: {r.text}"


def test_a_customer_key_disabled_through_node_1_is_refused_on_nodes_2_and_3_within_a_second(
    cluster: Cluster,
) -> None:
    key = cluster.developer()
    admitted_everywhere(cluster, PATIENT, key.odfhir)
    node1, *others = cluster.nodes
    r = node1.request(
        "PUT",
        "/api/v1/apikeys",
        headers=key.portal,
        json={"CustomerKey": key.customer_key, "KeyStatus": "DisabledByDeveloper"},
    )
    assert r.status_code == 200, r.text
    assert refused_within(others, PATIENT, key.odfhir) < BOUND
    answer = others[0].get(PATIENT, key.odfhir)
    assert answer.json()["code"] == "customer_key_disabled"


def test_a_practice_token_revoked_through_node_1_is_refused_on_nodes_2_and_3_within_a_second(
    cluster: Cluster,
) -> None:
    node1, *others = cluster.nodes
    admin = cluster.practice_session(node1)
    made = node1.request(
        "POST",
        "/api/v1/practice/tokens",
        headers=admin,
        json={"Label": "Nightly export", "Scopes": ["patient:read"]},
    )
    assert made.status_code == 201, made.text
    bearer = {"Authorization": f"Bearer {made.json()['Token']}"}
    admitted_everywhere(cluster, PATIENT, bearer)
    revoked = node1.request(
        "POST", f"/api/v1/practice/tokens/{made.json()['TokenNum']}/revoke", headers=admin
    )
    assert revoked.status_code == 200, revoked.text
    assert refused_within(others, PATIENT, bearer) < BOUND
    assert "revoked" in others[1].get(PATIENT, bearer).json()["message"].lower()


def test_a_developer_key_rotated_through_node_1_is_refused_on_nodes_2_and_3_within_a_second(
    cluster: Cluster,
) -> None:
    key = cluster.developer()
    email = f"dev{key.developer_id}@apps.example"
    applications.set_password(
        cluster.rt.hq, key.developer_id, DEVELOPER_PASSWORD, ACTOR, login_email=email
    )
    admitted_everywhere(cluster, PATIENT, key.odfhir)
    node1, *others = cluster.nodes
    with httpx.Client(base_url=node1.base, timeout=20) as browser:
        form = browser.get("/portal/developer/sign-in")
        signed_in = browser.post(
            "/portal/developer/sign-in",
            data={"email": email, "password": DEVELOPER_PASSWORD, "csrf_token": csrf_of(form.text)},
        )
        assert signed_in.status_code == 303, signed_in.text
        page = browser.get("/portal/developer/keys")
        rotated = browser.post(
            "/portal/developer/keys/developer/rotate", data={"csrf_token": csrf_of(page.text)}
        )
    assert rotated.status_code == 200, rotated.text
    assert refused_within(others, PATIENT, key.odfhir) < BOUND
    shown = re.search(r'readonly value="([^"]+)" data-secret', rotated.text)
    assert shown is not None
    new = {"Authorization": f"ODFHIR {shown.group(1)}/{key.customer_key}"}
    admitted_everywhere(cluster, PATIENT, new)


def test_a_key_moved_through_node_1_reads_the_new_office_on_nodes_2_and_3_within_a_second(
    cluster: Cluster,
) -> None:
    key = cluster.developer()
    cluster.add_key(key.developer_id, cluster.office_b)  # a move needs a foothold there
    for node in cluster.nodes:
        assert node.get(TITLE, key.odfhir).json()[0]["ValueString"] == "Alder Dental"
    node1, *others = cluster.nodes
    moved = node1.request(
        "PUT",
        "/api/v1/apikeys/move",
        headers=key.portal,
        json={"CustomerKey": key.customer_key, "OfficeNum": cluster.office_b},
    )
    assert moved.status_code == 200, moved.text
    elapsed = changed_within(
        others,
        TITLE,
        key.odfhir,
        lambda r: r.json()[0]["ValueString"] == "Birch Dental",
        "the new office read",
    )
    assert elapsed < BOUND
