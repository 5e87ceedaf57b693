"""The practice session header: a malformed one is refused without echoing the credential."""

from __future__ import annotations

import httpx
import pytest

from dentin.office import users
from tests.conftest import ACTOR, World

SETUP = "/api/v1/practice/api-setup"
PASSWORD = "front desk admin 2026"


@pytest.fixture
async def token(world: World, client: httpx.AsyncClient) -> str:
    db = world.rt.offices.get(world.office_a.id)
    users.add_user(world.rt.hq, db, "Admin", PASSWORD, ACTOR, is_admin=True)
    response = await client.post(
        "/api/v1/practice/sessions",
        json={"OfficeNum": world.office_a.id, "UserName": "Admin", "Password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    value: str = response.json()["Token"]
    return value


@pytest.mark.parametrize("shape", ["Practice{token}", "{token}", "Practice:{token}"])
async def test_a_token_sent_without_the_space_after_its_scheme_is_not_echoed_in_the_401(
    client: httpx.AsyncClient, token: str, shape: str
) -> None:
    response = await client.get(SETUP, headers={"Authorization": shape.format(token=token)})
    assert response.status_code == 401
    # Not even the token's first characters: its shape names the office and the user.
    assert token[:8] not in response.text
    assert token[-8:] not in response.text
    body = response.json()
    assert body["code"] == "unsupported_scheme"
    assert "`Practice` followed by a space" in body["message"]


async def test_a_known_scheme_is_named_in_the_401(world: World, client: httpx.AsyncClient) -> None:
    response = await client.get(SETUP, headers=world.odfhir())
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unsupported_scheme"
    assert "not ODFHIR credentials" in body["message"]
    assert world.developer_key not in response.text


async def test_the_practice_scheme_with_no_token_says_the_token_is_empty(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(SETUP, headers={"Authorization": "Practice   "})
    assert response.status_code == 401
    assert response.json()["code"] == "malformed_credentials"
    assert "token is empty" in response.json()["message"]


async def test_a_well_formed_practice_header_still_signs_in(
    client: httpx.AsyncClient, token: str
) -> None:
    response = await client.get(SETUP, headers={"Authorization": f"Practice {token}"})
    assert response.status_code == 200, response.text
