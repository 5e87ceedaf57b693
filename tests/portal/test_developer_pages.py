"""Developer pages over HTTP: details, customer keys (create, DevRefId, disable, move), usage."""

from __future__ import annotations

import re

import httpx

from dentin.hq import applications, audit, customer_keys
from dentin.hq.context import Actor
from dentin.office import apikeys
from tests.conftest import ACTOR, World
from tests.portal.helpers import csrf_of, post_form

LOGIN, PASSWORD = "dev@acme.example", "developer-password-1"


async def _signed_in(client: httpx.AsyncClient, world: World) -> None:
    applications.set_password(world.rt.hq, world.developer_id, PASSWORD, ACTOR, login_email=LOGIN)
    r = await post_form(
        client,
        "/portal/developer/sign-in",
        "/portal/developer/sign-in",
        {"email": LOGIN, "password": PASSWORD},
    )
    assert r.status_code == 303, r.text


async def test_company_details_are_validated_per_field_saved_and_audited(
    client: httpx.AsyncClient, world: World
) -> None:
    await _signed_in(client, world)
    bad = await post_form(
        client,
        "/portal/developer/account",
        "/portal/developer/account",
        {
            "ContactPhone": "+1 555 010 0100",
            "BillingEmail": "nope",
            "BillingAddress": "1 Road",
            "Description": "Apps",
        },
    )
    assert bad.status_code == 400
    assert 'id="e-BillingEmail"' in bad.text and 'value="nope"' in bad.text
    ok = await post_form(
        client,
        "/portal/developer/account",
        "/portal/developer/account",
        {
            "ContactPhone": "+1 555 010 0100",
            "BillingEmail": "pay@acme.example",
            "BillingAddress": "1 Road",
            "Description": "Apps",
        },
    )
    assert ok.status_code == 303
    assert "pay@acme.example" in (await client.get("/portal/developer/account")).text
    events = audit.latest(
        world.rt.hq, developer_id=world.developer_id, event="developer.update_details"
    )
    assert events and events[0].after and events[0].after["BillingEmail"] == "pay@acme.example"
    assert events[0].actor == f"developer:{LOGIN}"


async def test_customer_keys_are_listed_created_renamed_disabled_and_moved(
    client: httpx.AsyncClient, world: World
) -> None:
    await _signed_in(client, world)
    page = await client.get("/portal/developer/customer-keys")
    assert world.office_a.customer_key in page.text and "Office A" in page.text
    created = await client.post(
        "/portal/developer/customer-keys",
        data={"DevRefId": "New clinic", "csrf_token": csrf_of(page.text)},
    )
    assert created.status_code == 303
    too_long = await client.post(
        f"/portal/developer/customer-keys/{world.office_a.customer_key}/dev-ref-id",
        data={"DevRefId": "x" * 300, "csrf_token": csrf_of(page.text)},
    )
    assert too_long.status_code == 400 and "the most it can hold is 255" in too_long.text
    disabled = await client.post(
        f"/portal/developer/customer-keys/{world.office_a.customer_key}/status",
        data={"action": "disable", "csrf_token": csrf_of(page.text)},
    )
    assert disabled.status_code == 303
    keys = {k.key: k for k in customer_keys.list_customer_keys(world.rt.hq, world.developer_id)}
    assert keys[world.office_a.customer_key].status == "DisabledByDeveloper"
    moved = await client.post(
        f"/portal/developer/customer-keys/{world.office_a.customer_key}/move",
        data={"office": str(world.office_b.id), "csrf_token": csrf_of(page.text)},
    )
    assert moved.status_code == 303
    keys = {k.key: k for k in customer_keys.list_customer_keys(world.rt.hq, world.developer_id)}
    assert keys[world.office_a.customer_key].office_id == world.office_b.id
    old_copy = apikeys.listed(world.rt.offices.get(world.office_a.id))
    assert world.office_a.customer_key not in [k for k, _ in old_copy]
    listing = (await client.get("/portal/developer/customer-keys")).text
    assert re.search(r"New clinic", listing)


async def test_a_pending_developer_sees_its_status_and_cannot_reach_keys(
    client: httpx.AsyncClient, world: World
) -> None:
    await _signed_in(client, world)
    applications.suspend(world.rt.hq, world.developer_id, Actor("op"), "late payment")
    # A suspension ends the session (issue 11, item 7); signing in again shows the status.
    signed_out = await client.get("/portal/developer/account")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/portal/developer/sign-in")
    again = await post_form(
        client,
        "/portal/developer/sign-in",
        "/portal/developer/sign-in",
        {"email": LOGIN, "password": PASSWORD},
    )
    assert again.status_code == 303, again.text
    account = await client.get("/portal/developer/account")
    assert account.status_code == 200 and "suspended" in account.text
    for path in ("keys", "customer-keys", "usage"):
        refused = await client.get(f"/portal/developer/{path}")
        assert refused.status_code == 403
        assert "Your developer account is suspended" in refused.text


async def test_the_usage_page_draws_a_chart_per_key(
    client: httpx.AsyncClient, world: World
) -> None:
    await _signed_in(client, world)
    page = await client.get("/portal/developer/usage")
    assert page.status_code == 200
    assert page.text.count('class="chart"') == 1  # the total; keys without traffic get no chart
    assert world.office_a.customer_key in page.text
