"""A node killed with SIGKILL loses at most the usage it counted since its last flush (one
``DENTIN_USAGE_FLUSH_SECONDS`` window), and nothing else: every change it answered was
committed before its answer went out, and it restarts on the same database as if nothing
happened."""

from __future__ import annotations

import signal

import pytest
from sqlalchemy import select

from dentin.hq.models import AuditEvent, CustomerKey
from tests.nodes.conftest import USAGE_FLUSH_SECONDS, Cluster, until
from tests.nodes.test_changes_reach_every_node import PATIENT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("nodes")]  # one cluster per run


def test_a_node_killed_with_sigkill_loses_at_most_its_last_flush_window_of_usage_and_nothing_else(
    cluster: Cluster,
) -> None:
    key = cluster.developer()
    node = cluster.nodes[2]
    meter = _meter(cluster, key.customer_key)

    flushed = 40
    for _ in range(flushed):
        assert node.get(PATIENT, key.odfhir).status_code == 200
    # Within a flush window (and some slack for a loaded machine) they are in HQ's database.
    until(lambda: cluster.usage(meter) == flushed, 4 * USAGE_FLUSH_SECONDS + 5, "a flush")

    made = node.request("POST", "/api/v1/apikeys", headers=key.portal, json={"DevRefId": "kept"})
    assert made.status_code == 201, made.text
    disabled = node.request(
        "PUT",
        "/api/v1/apikeys",
        headers=key.portal,
        json={"CustomerKey": key.customer_key, "KeyStatus": "DisabledByDeveloper"},
    )
    assert disabled.status_code == 200, disabled.text
    enabled = node.request(
        "PUT",
        "/api/v1/apikeys",
        headers=key.portal,
        json={"CustomerKey": key.customer_key, "KeyStatus": "Enabled"},
    )
    assert enabled.status_code == 200, enabled.text

    last_window = 25  # sent and answered within the last window, then the kill
    for _ in range(last_window):
        assert node.get(PATIENT, key.odfhir).status_code == 200
    assert node.kill() == -signal.SIGKILL

    counted = cluster.usage(meter)
    assert flushed <= counted <= flushed + last_window
    lost = flushed + last_window - counted
    print(f"usage lost to SIGKILL: {lost} of the last {last_window} requests")

    node.launch()
    node.wait_up()
    assert cluster.usage(meter) == counted  # a restart neither loses nor repeats a count
    new_key = made.json()["CustomerKey"]
    with cluster.rt.hq.read() as session:
        events = set(
            session.scalars(
                select(AuditEvent.event).where(AuditEvent.developer_id == key.developer_id)
            )
        )
        status = session.scalars(
            select(CustomerKey.status).where(CustomerKey.developer_id == key.developer_id)
        ).all()
    assert {"customer_key.create", "customer_key.disable", "customer_key.enable"} <= events
    assert sorted(status) == ["Enabled", "Enabled"]
    listed = node.get("/api/v1/apikeys", key.portal).json()
    assert new_key in [k["CustomerKey"] for k in listed]
    assert node.get(PATIENT, key.odfhir).status_code == 200
    until(lambda: cluster.usage(meter) == counted + 1, 4 * USAGE_FLUSH_SECONDS + 5, "counting")


def _meter(cluster: Cluster, customer_key: str) -> str:
    digest = cluster.rt.hq.hasher.digest(customer_key)
    with cluster.rt.hq.read() as session:
        key_id = session.scalars(select(CustomerKey.id).where(CustomerKey.key_hash == digest)).one()
    return f"customer_key:{key_id}"
