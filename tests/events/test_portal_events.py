"""The developer portal's API Events page: each subscription, its state and a delivery chart."""

from __future__ import annotations

from sqlalchemy import text

from dentin import scopes
from dentin.hq import applications, developers
from dentin.office.events import delivery
from tests.conftest import ACTOR
from tests.events.conftest import Office, Receiver
from tests.portal.helpers import post_form

PASSWORD = "developer-password-1"


async def _sign_in(office: Office, developer_id: int, login: str) -> None:
    hq = office.world.rt.hq
    applications.set_password(hq, developer_id, PASSWORD, ACTOR, login_email=login)
    signed = await post_form(
        office.client,
        "/portal/developer/sign-in",
        "/portal/developer/sign-in",
        {"email": login, "password": PASSWORD},
    )
    assert signed.status_code == 303, signed.text


async def test_the_events_page_shows_each_subscription_with_its_deliveries_and_failures(
    office: Office, receiver: Receiver, policy: delivery.Policy
) -> None:
    sub = await office.subscribe(receiver.url, "Patient")
    receiver.plan.put((503, {}))
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'x' WHERE patnum = 1"))
    worker = delivery.Worker(policy, lambda: [office.db], poll=0.05)
    worker.start()
    try:
        receiver.wait_for(1)
    finally:
        worker.stop()
    await _sign_in(office, office.world.developer_id, "dev@acme.example")
    page = await office.client.get("/portal/developer/events")
    assert page.status_code == 200
    assert f"Subscription {sub['SubscriptionNum']} (Patient)" in page.text
    assert receiver.url in page.text and office.world.office_a.customer_key in page.text
    assert page.text.count('class="chart"') == 1
    assert "2 requests and 1 errors" in page.text  # two attempts, one of them failed


async def test_another_developer_does_not_see_the_subscription_on_its_page(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url, "Patient")
    other = developers.create_developer(
        office.world.rt.hq,
        company_name="Other Apps",
        actor=ACTOR,
        permissions=sorted(scopes.ALL_SCOPES),
    )
    await _sign_in(office, other.developer_id, "other@apps.example")
    page = await office.client.get("/portal/developer/events")
    assert page.status_code == 200
    assert receiver.url not in page.text and "No subscriptions" in page.text
