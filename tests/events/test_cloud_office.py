"""A Cloud office delivers its own events: the subscription is made through HQ's relay, the
change happens in the office's own database, and the connector process at the office sends it.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from dentin.config import Settings
from dentin.runtime import Runtime
from tests.connector.sites import make_site, pair
from tests.events.conftest import Receiver


@pytest.fixture
def backend() -> str:
    """Real HQ and office processes (seconds each): run once, on HQ's production store."""
    return "postgresql"


@pytest.mark.slow
def test_a_cloud_office_delivers_events_from_the_office_itself(
    rt: Runtime, settings: Settings, tmp_path: Path, receiver: Receiver
) -> None:
    site = make_site(rt, settings, tmp_path)
    site.office_env["DENTIN_EVENTS_ALLOW_PRIVATE"] = "1"
    site.office_env["DENTIN_EVENTS_POLL_SECONDS"] = "0.05"
    hq = site.hq()
    connector = site.connector(pair(site))
    try:
        connector.wait_linked()
        created = httpx.post(
            site.base + "/api/v1/subscriptions",
            headers=site.auth,
            json={"EndPointUrl": receiver.url, "WatchTable": "Patient", "PollingSeconds": 5},
            timeout=40,
        )
        assert created.status_code == 201, created.text
        customer_key = site.auth["Authorization"].split("/")[-1]
        assert created.json()["CustomerKey"] == customer_key  # HQ relayed it with the caller
        engine = create_engine(site.office_db)  # the practice's own program, at the office
        with engine.begin() as conn:
            conn.execute(text("UPDATE patient SET lname = 'AtTheOffice' WHERE patnum = 1"))
        engine.dispose()
        [item] = receiver.wait_for(1, timeout=30)
        assert item["PatNum"] == 1 and item["LName"] == "AtTheOffice"
        assert receiver.received[0].headers["Authorization"] == customer_key
        shown = httpx.get(site.base + "/api/v1/patients/1", headers=site.auth, timeout=40)
        assert item == shown.json()
    finally:
        connector.stop()
        hq.stop()
