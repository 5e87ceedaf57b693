"""Refused requests (401/403) are budgeted per client address and per DeveloperKey.

The attack: guessing keys as fast as the server answers, each guess a 401 and never a 429.
"""

from __future__ import annotations

import httpx
import pytest

from dentin.config import Settings
from dentin.gateway.auth import Authenticator
from dentin.hq import applications
from dentin.keys.formats import new_customer_key, new_developer_key, new_practice_token
from tests.conftest import ACTOR, World
from tests.gateway.conftest import ClientAt

PREFS = "/api/v1/preferences?PrefName=DateLastAging"
PER_ADDRESS = 60  # the defaults' amounts
PER_KEY = 120


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The default amounts over a day instead of a minute: a sliding window lets the count of
    the minute before decay, so a run slowed down across a minute's end (a loaded machine, 120
    PostgreSQL-backed refusals) would see its early guesses forgotten and no 429 at all."""
    return settings.model_copy(
        update={
            "refusal_limit_per_address": f"{PER_ADDRESS}/day",
            "refusal_limit_per_key": f"{PER_KEY}/day",
        }
    )


def _guess(developer_key: str | None = None) -> dict[str, str]:
    return {"Authorization": f"ODFHIR {developer_key or new_developer_key()}/{new_customer_key()}"}


def _assert_budget_refusal(response: httpx.Response) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["code"] == "too_many_refusals"
    assert "refused requests" in body["message"] and "retry after" in body["message"]


async def test_guessing_keys_from_one_address_gets_429_after_60_refusals_while_others_work(
    world: World, client_at: ClientAt
) -> None:
    attacker = await client_at("198.51.100.66")
    for _ in range(PER_ADDRESS):
        assert (await attacker.get(PREFS, headers=_guess())).status_code == 401
    _assert_budget_refusal(await attacker.get(PREFS, headers=_guess()))
    # The address is turned away whatever it sends, a good key too...
    _assert_budget_refusal(await attacker.get(PREFS, headers=world.odfhir()))
    # ...while the same good key from another address still works.
    someone_else = await client_at("198.51.100.7")
    assert (await someone_else.get(PREFS, headers=world.odfhir())).status_code == 200


async def test_guessing_customer_keys_for_one_developer_key_from_many_addresses_gets_429(
    world: World, client_at: ClientAt
) -> None:
    for i in range(PER_KEY):
        guesser = await client_at(f"10.0.{i // 200}.{i % 200 + 1}")
        response = await guesser.get(PREFS, headers=_guess(world.developer_key))
        assert response.status_code == 401
    fresh = await client_at("192.0.2.200")
    _assert_budget_refusal(await fresh.get(PREFS, headers=_guess(world.developer_key)))
    assert (await fresh.get(PREFS, headers=_guess())).status_code == 401  # another key


async def test_a_request_over_the_budget_costs_no_verification(
    world: World, client_at: ClientAt, monkeypatch: pytest.MonkeyPatch
) -> None:
    attacker = await client_at("198.51.100.66")
    for _ in range(PER_ADDRESS):
        await attacker.get(PREFS, headers=_guess())
    calls: list[str] = []
    verify = Authenticator.verify

    def counting(self: Authenticator, header: str | None, purpose: str) -> object:
        calls.append(purpose)
        return verify(self, header, purpose)  # type: ignore[arg-type]

    monkeypatch.setattr(Authenticator, "verify", counting)
    for _ in range(20):
        assert (await attacker.get(PREFS, headers=_guess())).status_code == 429
    assert calls == []


async def test_forbidden_answers_count_against_the_budget_too(
    world: World, client_at: ClientAt
) -> None:
    applications.revoke_grant(world.rt.hq, world.developer_id, ["preference:read"], ACTOR)
    prober = await client_at("198.51.100.9")
    for _ in range(PER_ADDRESS):
        assert (await prober.get(PREFS, headers=world.odfhir())).status_code == 403
    _assert_budget_refusal(await prober.get(PREFS, headers=world.odfhir()))


class TestAConfiguredBudget:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"refusal_limit_per_address": "3/minute"})

    async def test_the_budget_comes_from_the_settings(
        self, world: World, client_at: ClientAt
    ) -> None:
        attacker = await client_at("203.0.113.50")
        for _ in range(3):
            assert (await attacker.get(PREFS, headers=_guess())).status_code == 401
        response = await attacker.get(PREFS, headers=_guess())
        _assert_budget_refusal(response)
        assert "3 per minute" in response.json()["message"]


async def test_ipv6_guessers_are_counted_per_64_block(world: World, client_at: ClientAt) -> None:
    for i in range(PER_ADDRESS):
        guesser = await client_at(f"2001:db8:1:2::{i + 1:x}")
        assert (await guesser.get(PREFS, headers=_guess())).status_code == 401
    same_block = await client_at("2001:db8:1:2:ffff::1")
    _assert_budget_refusal(await same_block.get(PREFS, headers=_guess()))
    other_block = await client_at("2001:db8:1:3::1")
    assert (await other_block.get(PREFS, headers=world.odfhir())).status_code == 200


def test_the_counters_name_a_key_by_a_keyed_digest_never_the_key(world: World) -> None:
    budget = world.rt.refusals
    pair = budget.key_identity(world.odfhir()["Authorization"])
    assert pair is not None and world.developer_key not in pair
    other_customer = budget.key_identity(_guess(world.developer_key)["Authorization"])
    assert other_customer == pair  # counted per DeveloperKey, whatever the second key
    token = new_practice_token("us")
    bearer = budget.key_identity(f"Bearer {token}")
    assert bearer is not None and token[4:] not in bearer
    assert budget.key_identity("Bearer not-a-token") is None  # the address budget counts it
