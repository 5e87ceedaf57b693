"""Moving a CustomerKey between offices: next request, apikey copies, trust rule, audit."""

from __future__ import annotations

import httpx

from dentin.hq import audit, customer_keys, developers, office_setup, offices
from dentin.office import apikeys
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World

TITLE = "/api/v1/preferences?PrefName=PracticeTitle"


def _custapikeys(rt: Runtime, office_id: int, dev_name: str) -> set[str]:
    return {k for k, dev in apikeys.listed(rt.offices.get(office_id)) if dev == dev_name}


async def _title(client: httpx.AsyncClient, world: World, key: str) -> str:
    response = await client.get(TITLE, headers=world.odfhir(key))
    assert response.status_code == 200, response.text
    value: str = response.json()[0]["ValueString"]
    return value


async def test_a_moved_key_reaches_the_new_office_on_the_next_request(
    world: World, client: httpx.AsyncClient
) -> None:
    rt = world.rt
    key = world.office_a.customer_key
    assert await _title(client, world, key) == "Office A"
    before = customer_keys.list_customer_keys(rt.hq, world.developer_id)[0].datetime_assigned

    response = await client.put(
        "/api/v1/apikeys/move",
        json={"CustomerKey": key, "OfficeNum": world.office_b.id},
        headers=world.portal(),
    )
    assert response.status_code == 200, response.text
    assert response.json()["CustomerKey"] == key
    assert set(response.json()) == {
        "CustomerKey",
        "KeyStatus",
        "DateCreated",
        "DateDisabled",
        "DateTimeAssigned",
        "DevRefId",
    }

    assert await _title(client, world, key) == "Office B"
    assert key not in _custapikeys(rt, world.office_a.id, "Acme Dental Apps")
    assert _custapikeys(rt, world.office_b.id, "Acme Dental Apps") == {
        key,
        world.office_b.customer_key,
    }
    moved = [v for v in customer_keys.list_customer_keys(rt.hq, world.developer_id) if v.key == key]
    assert moved[0].office_id == world.office_b.id
    assert moved[0].datetime_assigned is not None and before is not None
    assert moved[0].datetime_assigned >= before

    [row] = audit.latest(rt.hq, event="customer_key.move")
    assert row.actor == f"developer:{world.developer_id}" and row.source == "203.0.113.9"
    assert row.before is not None and row.before["office_id"] == world.office_a.id
    assert row.after is not None and row.after["office_id"] == world.office_b.id


async def test_a_key_cannot_move_into_an_office_that_never_accepted_the_developer(
    world: World, client: httpx.AsyncClient
) -> None:
    rt = world.rt
    stranger = offices.create_office(rt.hq, name="Stranger", actor=ACTOR, api_enabled=True)
    ensure_preferences(rt.offices.provision(stranger.id), "Stranger")
    response = await client.put(
        "/api/v1/apikeys/move",
        json={"CustomerKey": world.office_a.customer_key, "OfficeNum": stranger.id},
        headers=world.portal(),
    )
    assert response.status_code == 403
    assert "has not added any of your keys" in response.json()["message"]
    assert await _title(client, world, world.office_a.customer_key) == "Office A"
    assert not audit.latest(rt.hq, event="customer_key.move")


async def test_move_refusals_explain_themselves(world: World, client: httpx.AsyncClient) -> None:
    rt = world.rt
    url = "/api/v1/apikeys/move"
    headers = world.portal()
    missing = await client.put(
        url, json={"CustomerKey": world.office_a.customer_key}, headers=headers
    )
    assert missing.status_code == 400 and "OfficeNum" in missing.json()["fields"]
    no_office = await client.put(
        url, json={"CustomerKey": world.office_a.customer_key, "OfficeNum": 999}, headers=headers
    )
    assert no_office.status_code == 404
    same = await client.put(
        url,
        json={"CustomerKey": world.office_a.customer_key, "OfficeNum": world.office_a.id},
        headers=headers,
    )
    assert same.status_code == 409
    other = developers.create_developer(rt.hq, company_name="Other", actor=ACTOR)
    theirs = customer_keys.create_customer_key(rt.hq, other.developer_id, ACTOR)
    not_mine = await client.put(
        url, json={"CustomerKey": theirs.key, "OfficeNum": world.office_b.id}, headers=headers
    )
    assert not_mine.status_code == 404
    customer_key_auth = await client.put(
        url,
        json={"CustomerKey": world.office_a.customer_key, "OfficeNum": world.office_b.id},
        headers=world.odfhir(),
    )
    assert customer_key_auth.status_code == 401


async def test_seed_002_put_is_unchanged_by_the_move_route(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.put(
        "/api/v1/apikeys",
        json={"CustomerKey": world.office_a.customer_key, "DevRefId": "Sarah's Super Dental"},
        headers=world.portal(),
    )
    assert response.status_code == 200
    assert response.json()["DevRefId"] == "Sarah's Super Dental"


async def test_the_operator_can_force_a_move_and_the_office_copies_follow(
    world: World, client: httpx.AsyncClient
) -> None:
    rt = world.rt
    new_home = offices.create_office(rt.hq, name="New Home", actor=ACTOR, api_enabled=True)
    ensure_preferences(rt.offices.provision(new_home.id), "New Home")
    key = world.office_a.customer_key
    moved = office_setup.move_key(
        rt.hq, rt.offices, None, key, new_home.id, ACTOR, require_trust=False
    )
    assert moved.from_office_id == world.office_a.id
    assert await _title(client, world, key) == "New Home"
    assert apikeys.listed(rt.offices.get(new_home.id)) == [(key, "Acme Dental Apps")]
    assert apikeys.listed(rt.offices.get(world.office_a.id)) == []
