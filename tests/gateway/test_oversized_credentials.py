"""Oversized and padded credentials: capped at the edge, cached by digest, bounded in number.

The attack: Authorization headers padded to 1 MB (spaces between the scheme and the keys are
ignored), 400 of them, each cached whole as its own refusal, took the server from 120 to 502 MB.
"""

from __future__ import annotations

import httpx

from dentin.errors import Unauthorized
from dentin.gateway.auth import Authenticator, Verdict
from dentin.keys.cache import DIGEST_SIZE, VerificationCache
from dentin.keys.formats import new_customer_key
from tests.conftest import World

PREFS = "/api/v1/preferences?PrefName=DateLastAging"


def _padded(world: World, customer_key: str, size: int) -> str:
    """A header that parses as the pair however many spaces pad it."""
    tail = f"{world.developer_key}/{customer_key}"
    return "ODFHIR " + " " * (size - len(tail) - 7) + tail


def _refuse(auth: Authenticator, header: str) -> None:
    try:
        auth.verify(header, "customer")
    except Unauthorized:
        return
    raise AssertionError("the padded header was accepted")


async def test_an_authorization_header_over_8_kb_is_refused_with_431(
    world: World, client: httpx.AsyncClient
) -> None:
    header = _padded(world, world.office_a.customer_key, 9 * 1024)
    response = await client.get(PREFS, headers={"Authorization": header})
    assert response.status_code == 431
    body = response.json()
    assert body["code"] == "header_too_large"
    assert "8192" in body["message"] and "Authorization" in body["message"]
    assert world.developer_key not in response.text
    assert len(world.rt.auth.cache) == 0


async def test_headers_over_64_kb_in_all_are_refused_with_431(
    world: World, client: httpx.AsyncClient
) -> None:
    padding = {f"X-Pad-{i}": "x" * 4000 for i in range(20)}
    response = await client.get(PREFS, headers={**world.odfhir(), **padding})
    assert response.status_code == 431
    assert "65536" in response.json()["message"]


async def test_an_authorization_header_of_8_kb_is_still_read(
    world: World, client: httpx.AsyncClient
) -> None:
    header = _padded(world, world.office_a.customer_key, 8 * 1024)
    response = await client.get(PREFS, headers={"Authorization": header})
    assert response.status_code == 200


def test_padded_refused_headers_are_cached_under_a_fixed_size_digest_not_their_text(
    world: World,
) -> None:
    auth = world.rt.auth
    for i in range(400):
        # An unknown CustomerKey with a valid DeveloperKey is a cached refusal.
        _refuse(auth, _padded(world, "UNKNOWNKEY000000", 7000 + i))
    keys = auth.cache.digests()
    assert 0 < len(keys) <= 400
    assert all(isinstance(k, bytes) and len(k) == DIGEST_SIZE for k in keys)
    assert sum(len(k) for k in keys) <= 400 * DIGEST_SIZE  # not 400 × 7 KB
    assert not any(world.developer_key.encode() in k or b"ODFHIR" in k for k in keys)


def test_a_flood_of_refusals_churns_its_own_bound_and_never_evicts_a_verified_caller(
    world: World,
) -> None:
    cache: VerificationCache[Verdict] = VerificationCache(max_entries=50, max_negative=20)
    auth = Authenticator(world.rt.hq, cache)
    good = world.odfhir()["Authorization"]
    assert auth.verify(good, "customer").office_id == world.office_a.id
    for _ in range(100):
        _refuse(auth, f"ODFHIR {world.developer_key}/{new_customer_key()}")
    assert cache.count(negative=True) == 20
    assert cache.count(negative=False) == 1
    assert auth.cached(good, "customer") is not None
