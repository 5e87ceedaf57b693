"""The developer portal's API Events page reads a connected office's subscriptions over its
link (HQ never opens the office's database), and says so when the office is offline."""

from __future__ import annotations

import re

import httpx
import pytest

from dentin.hq import applications
from tests.connected.conftest import Linked
from tests.connector.sites import ACTOR
from tests.portal.helpers import csrf_of

pytestmark = pytest.mark.slow
EMAIL = "dev@acme.example"
PASSWORD = "developer-password-1"


def test_the_developer_events_page_shows_a_connected_offices_subscriptions(
    cloud: Linked,
) -> None:
    applications.set_password(
        cloud.rt.hq, cloud.site.developer_id, PASSWORD, ACTOR, login_email=EMAIL
    )
    created = httpx.post(
        cloud.site.base + "/api/v1/subscriptions",
        headers=cloud.site.auth,
        json={"EndPointUrl": "http://127.0.0.1:9/dentin-hook", "WatchTable": "Patient"},
        timeout=40,
    )
    assert created.status_code == 201, created.text
    number = created.json()["SubscriptionNum"]
    with httpx.Client(base_url=cloud.site.base, timeout=30) as client:
        form = client.get("/portal/developer/sign-in")
        signed_in = client.post(
            "/portal/developer/sign-in",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        )
        assert signed_in.status_code == 303, signed_in.text
        page = client.get("/portal/developer/events")
        assert page.status_code == 200
        text = re.sub(r"<[^>]+>", " ", page.text)
        assert f"Subscription {number} (Patient)" in text
        assert "http://127.0.0.1:9/dentin-hook" in text
        assert "cannot be asked right now" not in text

        cloud.stop_office()
        offline = re.sub(r"<[^>]+>", " ", client.get("/portal/developer/events").text)
        assert "Offices that cannot be asked right now" in offline
        assert "Remote Dental" in offline
        assert f"Subscription {number} (Patient)" not in offline
