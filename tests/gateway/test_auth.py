"""ODFHIR authentication: every refusal is a 401 whose message names the problem."""

from __future__ import annotations

import base64

import httpx
import pytest

from dentin.hq import applications, customer_keys, developers, offices
from tests.conftest import ACTOR, World

PREFS = "/api/v1/preferences?PrefName=DateLastAging"


async def _get(client: httpx.AsyncClient, path: str, header: str | None) -> httpx.Response:
    headers = {} if header is None else {"Authorization": header}
    return await client.get(path, headers=headers)


async def test_valid_pair_reads_office_preferences(world: World, client: httpx.AsyncClient) -> None:
    response = await client.get(PREFS, headers=world.odfhir())
    assert response.status_code == 200
    assert [p["PrefName"] for p in response.json()] == ["DateLastAging"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "Authorization header is missing"),
        ("", "Authorization header is missing"),
        ("Token abc/def", "scheme 'Token' is not supported"),
        ("ODFHIR NFF6i0KrXrxDkZHt", "two keys separated by a slash"),
        ("ODFHIR NFF6i0KrXrxDkZHt/", "two keys separated by a slash"),
        ("ODFHIR /VzkmZEaUWOjnQX2z", "two keys separated by a slash"),
        ("ODFHIR NFF6i0KrXrxDkZHt/Vzkm-ZEaUWOjnQX2z", "other characters"),
        ("Basic !!!notbase64", "not valid base64"),
    ],
)
async def test_malformed_headers_are_rejected_with_401_naming_the_problem(
    world: World, client: httpx.AsyncClient, header: str | None, expected: str
) -> None:
    for path in (PREFS, "/api/v1/apikeys"):
        response = await _get(client, path, header)
        assert response.status_code == 401
        assert expected in response.json()["message"]


async def test_unknown_developer_key_is_rejected_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await _get(client, PREFS, f"ODFHIR AAAAAAAAAAAAAAAA/{world.office_a.customer_key}")
    assert response.status_code == 401
    assert response.json()["code"] == "unknown_developer_key"


async def test_unknown_customer_key_is_rejected_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await _get(client, PREFS, f"ODFHIR {world.developer_key}/AAAAAAAAAAAAAAAA")
    assert response.status_code == 401
    assert "CustomerKey is not recognised" in response.json()["message"]


async def test_rotated_developer_key_is_rejected_and_the_new_one_works(
    world: World, client: httpx.AsyncClient
) -> None:
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    new_key = developers.rotate_secret(world.rt.hq, world.developer_id, "developer", ACTOR)
    old = await client.get(PREFS, headers=world.odfhir())
    assert old.status_code == 401
    assert "was rotated on" in old.json()["message"]
    fresh = await _get(client, PREFS, f"ODFHIR {new_key}/{world.office_a.customer_key}")
    assert fresh.status_code == 200


async def test_rotated_portal_key_is_rejected_on_apikeys(
    world: World, client: httpx.AsyncClient
) -> None:
    new_portal = developers.rotate_secret(world.rt.hq, world.developer_id, "portal", ACTOR)
    old = await client.get("/api/v1/apikeys", headers=world.portal())
    assert old.status_code == 401
    assert "DeveloperPortalKey ending in" in old.json()["message"]
    fresh = await _get(client, "/api/v1/apikeys", f"ODFHIR {world.developer_key}/{new_portal}")
    assert fresh.status_code == 200


async def test_suspended_developer_is_rejected_on_the_next_request(
    world: World, client: httpx.AsyncClient
) -> None:
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    applications.suspend(world.rt.hq, world.developer_id, ACTOR)
    for response in (
        await client.get(PREFS, headers=world.odfhir()),
        await client.get("/api/v1/apikeys", headers=world.portal()),
    ):
        assert response.status_code == 401
        assert "suspended" in response.json()["message"]


async def test_customer_key_used_where_the_portal_key_belongs_is_rejected_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.get("/api/v1/apikeys", headers=world.odfhir())
    assert response.status_code == 401
    assert response.json()["code"] == "wrong_key_kind"
    assert "DeveloperPortalKey" in response.json()["message"]


async def test_portal_key_used_for_office_data_is_rejected_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.get(PREFS, headers=world.portal())
    assert response.status_code == 401
    assert "only works with /apikeys" in response.json()["message"]


async def test_disabled_customer_key_is_rejected_with_401_on_the_very_next_request(
    world: World, client: httpx.AsyncClient
) -> None:
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    put = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": world.office_a.customer_key, "KeyStatus": "DisabledByDeveloper"},
    )
    assert put.status_code == 200
    refused = await client.get(PREFS, headers=world.odfhir())
    assert refused.status_code == 401
    assert "disabled by its developer" in refused.json()["message"]
    await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": world.office_a.customer_key, "KeyStatus": "Enabled"},
    )
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200


async def test_unassigned_customer_key_is_rejected_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    fresh = customer_keys.create_customer_key(world.rt.hq, world.developer_id, ACTOR)
    response = await client.get(PREFS, headers=world.odfhir(fresh.key))
    assert response.status_code == 401
    assert "not been assigned to an office" in response.json()["message"]


async def test_office_with_api_disabled_refuses_its_keys_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    offices.set_api_enabled(world.rt.hq, world.office_a.id, False, ACTOR)
    response = await client.get(PREFS, headers=world.odfhir())
    assert response.status_code == 401
    assert "has not enabled the API" in response.json()["message"]
    other = await client.get(PREFS, headers=world.odfhir(world.office_b.customer_key))
    assert other.status_code == 200


async def test_another_developers_customer_key_is_not_recognised(
    world: World, client: httpx.AsyncClient
) -> None:
    other = developers.create_developer(world.rt.hq, company_name="Rival", actor=ACTOR)
    response = await _get(
        client, PREFS, f"ODFHIR {other.developer_key}/{world.office_a.customer_key}"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unknown_customer_key"


async def test_basic_auth_with_the_same_pair_is_accepted(
    world: World, client: httpx.AsyncClient
) -> None:
    raw = f"{world.developer_key}:{world.office_a.customer_key}".encode()
    response = await _get(client, PREFS, "Basic " + base64.b64encode(raw).decode())
    assert response.status_code == 200


async def test_each_key_reads_only_its_own_office(world: World, client: httpx.AsyncClient) -> None:
    a = await client.get("/api/v1/preferences?PrefName=PracticeTitle", headers=world.odfhir())
    b = await client.get(
        "/api/v1/preferences?PrefName=PracticeTitle",
        headers=world.odfhir(world.office_b.customer_key),
    )
    assert a.json()[0]["ValueString"] == "Office A"
    assert b.json()[0]["ValueString"] == "Office B"


async def test_bearer_token_on_apikeys_is_rejected_with_401(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await _get(client, "/api/v1/apikeys", "Bearer dnt_us_whatever")
    assert response.status_code == 401
    assert "ODFHIR" in response.json()["message"]
