"""Sign-in and application doors are rate-limited and bound their argon2 work (issue 11, item 8).

The attack: 200 concurrent sign-ins each ran argon2 (~64 MiB) at once, took the server to
2.6 GB and slowed other tenants to 3 s. Attempts now count per client address and per account
name (429 beyond either), and at most a few password checks run at once (429, not a queue).
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from limits import parse

from dentin import passwords
from dentin.app import create_app
from dentin.runtime import Runtime
from tests.conftest import World
from tests.hq.conftest import CountingHasher, HangingHasher
from tests.portal.helpers import csrf_of, post_form

SESSIONS = "/api/v1/practice/sessions"
APPLICATIONS = "/api/v1/developer-applications"


def _budgets(limits: tuple[str, str]) -> tuple[int, int]:
    return parse(limits[0]).amount, parse(limits[1]).amount


def _client(rt: Runtime, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(rt.settings, rt), client=(address, 5555))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def _application(n: int) -> dict[str, Any]:
    return {
        "CompanyName": f"Flood {n} LLC",
        "ContactPhone": "+1 503 555 0142",
        "BillingEmail": f"billing{n}@flood.example",
        "BillingAddress": "12 Main St, Salem, OR 97301",
        "RequestedPermissions": ["patient:read"],
        "Description": "Testing how many applications one address may send.",
        "LoginEmail": f"dev{n}@flood.example",
        "Password": "correct horse battery",
    }


def _assert_429(response: httpx.Response, says: str) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["code"] == "too_many_attempts"
    assert says in body["message"] and "retry after" in body["message"]


async def test_a_burst_of_sign_ins_from_one_address_is_refused_with_429_after_the_budget(
    world: World, client: httpx.AsyncClient, cheap_hashes: CountingHasher
) -> None:
    per_address, _per_account = _budgets(world.rt.settings.sign_in_limits)
    for n in range(per_address):
        body = {"OfficeNum": world.office_a.id, "UserName": f"user{n}", "Password": "guess 1234"}
        assert (await client.post(SESSIONS, json=body)).status_code == 401
    checked = cheap_hashes.verified
    body = {"OfficeNum": world.office_a.id, "UserName": "one more", "Password": "guess 1234"}
    refused = await client.post(SESSIONS, json=body)
    _assert_429(refused, "sign-in attempts from your address")
    assert cheap_hashes.verified == checked  # refused before any password was hashed
    # Another address still gets in line.
    async with _client(world.rt, "198.51.100.7") as other:
        assert (await other.post(SESSIONS, json=body)).status_code == 401


async def test_the_per_account_limit_applies_across_addresses(
    world: World, cheap_hashes: CountingHasher
) -> None:
    _per_address, per_account = _budgets(world.rt.settings.sign_in_limits)
    body = {"OfficeNum": world.office_a.id, "UserName": "Nobody", "Password": "guess 1234"}
    for n in range(per_account):
        async with _client(world.rt, f"198.51.100.{n + 1}") as c:
            assert (await c.post(SESSIONS, json=body)).status_code == 401
    async with _client(world.rt, "192.0.2.200") as fresh:
        _assert_429(
            await fresh.post(SESSIONS, json={**body, "UserName": "NOBODY"}),
            "sign-in attempts for this account",
        )
        # Other accounts from the same fresh address are unaffected.
        assert (await fresh.post(SESSIONS, json={**body, "UserName": "x"})).status_code == 401


async def test_a_saturated_password_checker_answers_429_instead_of_queueing(
    world: World, client: httpx.AsyncClient, hanging_hashes: HangingHasher
) -> None:
    gate = passwords._gate
    busy = [
        threading.Thread(target=passwords.verify, args=(None, "x" * 12))
        for _ in range(gate.concurrency)
    ]
    for thread in busy:
        thread.start()
    for _ in busy:
        assert hanging_hashes.inside.acquire(timeout=30)  # every slot is taken
    try:
        body = {"OfficeNum": world.office_a.id, "UserName": "Admin", "Password": "guess 1234"}
        refused = await client.post(SESSIONS, json=body)
        assert refused.status_code == 429
        assert refused.json()["code"] == "busy_password_checks"
        assert "checking too many passwords at once" in refused.json()["message"]
        assert int(refused.headers["Retry-After"]) >= 1
        assert hanging_hashes.verified == 0
    finally:
        hanging_hashes.release.set()
        for thread in busy:
            thread.join(timeout=30)
    ok = await client.post(SESSIONS, json=body)  # the slots are free again
    assert ok.status_code == 401 and ok.json()["code"] == "bad_login"


async def test_developer_applications_from_one_address_are_limited(
    rt: Runtime, client: httpx.AsyncClient, cheap_hashes: CountingHasher
) -> None:
    per_address, _per_account = _budgets(rt.settings.application_limits)
    for n in range(per_address):
        created = await client.post(APPLICATIONS, json=_application(n))
        assert created.status_code == 201, created.text
    _assert_429(
        await client.post(APPLICATIONS, json=_application(999)),
        "applications from your address",
    )


async def test_applications_for_one_login_email_are_limited_across_addresses(
    rt: Runtime, cheap_hashes: CountingHasher
) -> None:
    _per_address, per_account = _budgets(rt.settings.application_limits)
    for n in range(per_account):
        async with _client(rt, f"198.51.100.{n + 1}") as c:
            answer = await c.post(APPLICATIONS, json=_application(1))
            assert answer.status_code in (201, 409), answer.text
    async with _client(rt, "192.0.2.200") as fresh:
        _assert_429(
            await fresh.post(APPLICATIONS, json=_application(1)), "applications for this account"
        )


@pytest.mark.parametrize(
    ("area", "fields"),
    [
        ("developer", {"email": "dev@flood.example", "password": "guess 1234"}),
        ("admin", {"email": "ops@flood.example", "password": "guess 1234"}),
        ("practice", {"office": "1", "user": "Admin", "password": "guess 1234"}),
    ],
)
async def test_portal_sign_in_pages_answer_a_rendered_429_after_the_account_budget(
    rt: Runtime,
    client: httpx.AsyncClient,
    cheap_hashes: CountingHasher,
    area: str,
    fields: dict[str, str],
) -> None:
    _per_address, per_account = _budgets(rt.settings.sign_in_limits)
    page = f"/portal/{area}/sign-in"
    for _ in range(per_account):
        r = await post_form(client, page, page, fields)
        assert r.status_code == 400, r.text
    refused = await post_form(client, page, page, fields)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("text/html")
    assert int(refused.headers["Retry-After"]) >= 1
    assert "Too many sign-in attempts for this account" in refused.text
    assert "guess 1234" not in refused.text
    csrf_of(refused.text)  # still a working form


async def test_the_portal_application_form_answers_a_rendered_429(
    rt: Runtime, client: httpx.AsyncClient, cheap_hashes: CountingHasher
) -> None:
    per_address, _per_account = _budgets(rt.settings.application_limits)
    form = {
        **{k: v for k, v in _application(0).items() if k != "RequestedPermissions"},
        "RequestedPermissions": "patient:read",
    }
    for n in range(per_address):
        r = await post_form(
            client,
            "/portal/developer/apply",
            "/portal/developer/apply",
            {
                **form,
                "CompanyName": f"Flood {n} LLC",
                "LoginEmail": f"dev{n}@flood.example",
                "PasswordAgain": form["Password"],
            },
        )
        assert r.status_code == 200, r.text
    refused = await post_form(
        client,
        "/portal/developer/apply",
        "/portal/developer/apply",
        {
            **form,
            "CompanyName": "Flood Late LLC",
            "LoginEmail": "late@flood.example",
            "PasswordAgain": form["Password"],
        },
    )
    assert refused.status_code == 429
    assert "Too many applications from your address" in refused.text
    assert int(refused.headers["Retry-After"]) >= 1
