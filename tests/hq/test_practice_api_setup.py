"""The office's API Setup (seed 000): practice sign-in, Enabled, Add Key, enable/disable keys."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from dentin.errors import BadRequest, Conflict, Unauthorized
from dentin.hq import audit, customer_keys, developers, office_setup, offices, practice_sessions
from dentin.office import apikeys, users
from dentin.office.seed import ensure_preferences
from tests.conftest import ACTOR, World

ADMIN_PASSWORD = "front desk admin 2026"
STAFF_PASSWORD = "hygienist password"
PREFS = "/api/v1/preferences?PrefName=DateLastAging"


def _add_users(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    users.add_user(world.rt.hq, db, "Admin", ADMIN_PASSWORD, ACTOR, is_admin=True)
    users.add_user(world.rt.hq, db, "Hygienist", STAFF_PASSWORD, ACTOR)


async def _sign_in(
    client: httpx.AsyncClient, office_id: int, user: str, password: str
) -> dict[str, str]:
    response = await client.post(
        "/api/v1/practice/sessions",
        json={"OfficeNum": office_id, "UserName": user, "Password": password},
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Practice {response.json()['Token']}"}


@pytest.fixture
async def admin(world: World, client: httpx.AsyncClient) -> dict[str, str]:
    _add_users(world)
    return await _sign_in(client, world.office_a.id, "Admin", ADMIN_PASSWORD)


async def test_sign_in_returns_an_eight_hour_practice_session(
    world: World, client: httpx.AsyncClient
) -> None:
    _add_users(world)
    response = await client.post(
        "/api/v1/practice/sessions",
        json={"officenum": str(world.office_a.id), "username": "admin", "password": ADMIN_PASSWORD},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["Scheme"] == "Practice"
    assert body["UserName"] == "Admin" and body["IsAdmin"] is True
    assert body["Token"].startswith("dps_")
    assert ADMIN_PASSWORD not in response.text
    rows = audit.latest(world.rt.hq, office_id=world.office_a.id, event="practice_user.login")
    assert rows[0].subject == "Admin" and rows[0].source == "203.0.113.9"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"UserName": "Admin", "Password": "x"}, "OfficeNum is required"),
        ({"OfficeNum": 1, "Password": "x"}, "UserName is required"),
        ({"OfficeNum": 1, "UserName": "Admin"}, "Password is required"),
    ],
)
async def test_sign_in_names_a_missing_field(
    world: World, client: httpx.AsyncClient, body: dict[str, object], says: str
) -> None:
    response = await client.post("/api/v1/practice/sessions", json=body)
    assert response.status_code == 400
    assert says in response.json()["message"]


async def test_wrong_password_unknown_user_and_unknown_office_are_401(
    world: World, client: httpx.AsyncClient
) -> None:
    _add_users(world)
    for body in (
        {"OfficeNum": world.office_a.id, "UserName": "Admin", "Password": "not the password"},
        {"OfficeNum": world.office_a.id, "UserName": "Nobody", "Password": ADMIN_PASSWORD},
        {"OfficeNum": 999, "UserName": "Admin", "Password": ADMIN_PASSWORD},
    ):
        response = await client.post("/api/v1/practice/sessions", json=body)
        assert response.status_code == 401, body
    # Office B has no such user: users are per office.
    response = await client.post(
        "/api/v1/practice/sessions",
        json={"OfficeNum": world.office_b.id, "UserName": "Admin", "Password": ADMIN_PASSWORD},
    )
    assert response.status_code == 401


async def test_five_wrong_passwords_lock_the_user_even_for_the_right_one(
    world: World, client: httpx.AsyncClient
) -> None:
    _add_users(world)
    body = {"OfficeNum": world.office_a.id, "UserName": "Admin", "Password": "wrong password!"}
    for _ in range(4):
        response = await client.post("/api/v1/practice/sessions", json=body)
        assert response.json()["code"] == "bad_login"
    response = await client.post("/api/v1/practice/sessions", json=body)
    assert response.status_code == 401
    assert "locked after 5 failed sign-ins" in response.json()["message"]
    response = await client.post(
        "/api/v1/practice/sessions", json={**body, "Password": ADMIN_PASSWORD}
    )
    assert response.status_code == 401 and response.json()["code"] == "account_locked"
    events = [r.event for r in audit.latest(world.rt.hq, office_id=world.office_a.id, limit=6)]
    assert events[0] == "practice_user.locked"
    assert events.count("practice_user.login_failed") == 5

    # Another user of the office is not affected; a password reset lifts the lock.
    await _sign_in(client, world.office_a.id, "Hygienist", STAFF_PASSWORD)
    db = world.rt.offices.get(world.office_a.id)
    users.set_password(world.rt.hq, db, "Admin", ADMIN_PASSWORD, ACTOR)
    await _sign_in(client, world.office_a.id, "Admin", ADMIN_PASSWORD)


async def test_setup_needs_a_practice_session(world: World, client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/practice/api-setup")
    assert missing.status_code == 401
    assert "POST /api/v1/practice/sessions" in missing.json()["message"]
    odfhir = await client.get("/api/v1/practice/api-setup", headers=world.odfhir())
    assert odfhir.status_code == 401
    assert odfhir.json()["code"] == "unsupported_scheme"
    forged = await client.get(
        "/api/v1/practice/api-setup",
        headers={"Authorization": f"Practice dps_{world.office_a.id}_1_9999999999_{'0' * 64}"},
    )
    assert forged.status_code == 401
    assert forged.json()["code"] == "invalid_session"


async def test_a_non_admin_gets_403_on_every_setup_endpoint(
    world: World, client: httpx.AsyncClient
) -> None:
    _add_users(world)
    staff = await _sign_in(client, world.office_a.id, "Hygienist", STAFF_PASSWORD)
    key = world.office_a.customer_key
    for method, path, body in (
        ("GET", "/api/v1/practice/api-setup", None),
        ("PUT", "/api/v1/practice/api-setup", {"Enabled": False}),
        ("POST", "/api/v1/practice/api-setup/keys", {"CustomerKey": key}),
        ("PUT", "/api/v1/practice/api-setup/keys", {"CustomerKey": key, "KeyStatus": "Enabled"}),
    ):
        response = await client.request(method, path, json=body, headers=staff)
        assert response.status_code == 403, (method, path)
        assert "not a practice administrator" in response.json()["message"]
    assert offices.get_office(world.rt.hq, world.office_a.id).api_enabled


async def test_setup_shows_each_key_with_its_developers_read_only_permissions(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.get("/api/v1/practice/api-setup", headers=admin)
    assert response.status_code == 200
    body = response.json()
    assert body["OfficeNum"] == world.office_a.id
    assert body["Enabled"] is True
    assert body["Source"] == "HQ"
    assert "cannot change its permissions" in body["Note"]
    [key] = body["Keys"]
    assert key["CustomerKey"] == world.office_a.customer_key
    assert key["KeyStatus"] == "Enabled"
    assert key["DevName"] == "Acme Dental Apps"
    assert key["DateTimeAssigned"] != "0001-01-01 00:00:00"
    assert "patient:read" in key["Permissions"]
    # Only this office's keys: office B's key is not listed.
    assert world.office_b.customer_key not in response.text


async def test_unchecking_enabled_refuses_every_key_of_the_office_with_a_401_saying_so(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    response = await client.put(
        "/api/v1/practice/api-setup", json={"Enabled": False}, headers=admin
    )
    assert response.status_code == 200 and response.json()["Enabled"] is False
    refused = await client.get(PREFS, headers=world.odfhir())
    assert refused.status_code == 401
    assert "practice has not enabled the API" in refused.json()["message"]
    # Office B is untouched.
    other = await client.get(PREFS, headers=world.odfhir(world.office_b.customer_key))
    assert other.status_code == 200

    await client.put("/api/v1/practice/api-setup", json={"enabled": "true"}, headers=admin)
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    rows = audit.latest(world.rt.hq, office_id=world.office_a.id, limit=2)
    assert [r.event for r in rows] == ["office.api_enabled", "office.api_disabled"]
    assert rows[1].actor == f"practice:{world.office_a.id}:Admin"
    assert rows[1].before == {"api_enabled": True} and rows[1].after == {"api_enabled": False}


async def test_enabled_must_be_true_or_false(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.put(
        "/api/v1/practice/api-setup", json={"Enabled": "yes"}, headers=admin
    )
    assert response.status_code == 400
    assert "Enabled" in response.json()["fields"]


async def test_add_key_assigns_it_and_copies_it_into_the_office_apikey_table(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    new = customer_keys.create_customer_key(world.rt.hq, world.developer_id, ACTOR)
    unassigned = await client.get(PREFS, headers=world.odfhir(new.key))
    assert unassigned.status_code == 401
    response = await client.post(
        "/api/v1/practice/api-setup/keys", json={"CustomerKey": f" {new.key} "}, headers=admin
    )
    assert response.status_code == 201, response.text
    assert response.json()["DevName"] == "Acme Dental Apps"
    assert (await client.get(PREFS, headers=world.odfhir(new.key))).status_code == 200

    db = world.rt.offices.get(world.office_a.id)
    found = [k for k, dev in apikeys.listed(db) if dev == "Acme Dental Apps"]
    assert set(found) == {world.office_a.customer_key, new.key}
    listing = await client.get("/api/v1/apikeys", headers=world.portal())
    [item] = [k for k in listing.json() if k["CustomerKey"] == new.key]
    assert item["DateTimeAssigned"] != "0001-01-01 00:00:00"
    assert audit.latest(world.rt.hq, office_id=world.office_a.id, event="customer_key.assign")


async def test_add_key_explains_a_bad_an_unknown_and_a_taken_key(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    url = "/api/v1/practice/api-setup/keys"
    bad = await client.post(url, json={"CustomerKey": "not a key"}, headers=admin)
    assert bad.status_code == 400
    unknown = await client.post(url, json={"CustomerKey": "ZZZZZZZZZZZZZZZZ"}, headers=admin)
    assert unknown.status_code == 404
    taken = await client.post(url, json={"CustomerKey": world.office_b.customer_key}, headers=admin)
    assert taken.status_code == 409
    assert "another office" in taken.json()["message"]


async def test_the_practice_disables_a_key_and_the_developer_sees_disabled_by_customer(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    key = world.office_a.customer_key
    url = "/api/v1/practice/api-setup/keys"
    response = await client.put(
        url, json={"CustomerKey": key, "KeyStatus": "DisabledByCustomer"}, headers=admin
    )
    assert response.status_code == 200 and response.json()["KeyStatus"] == "DisabledByCustomer"
    refused = await client.get(PREFS, headers=world.odfhir())
    assert refused.status_code == 401
    assert "office has disabled this CustomerKey" in refused.json()["message"]

    listing = await client.get("/api/v1/apikeys", headers=world.portal())
    [item] = [k for k in listing.json() if k["CustomerKey"] == key]
    assert item["KeyStatus"] == "DisabledByCustomer"
    assert item["DateDisabled"] != "0001-01-01"

    developer_try = await client.put(
        "/api/v1/apikeys", json={"CustomerKey": key, "KeyStatus": "Enabled"}, headers=world.portal()
    )
    assert developer_try.status_code == 409

    response = await client.put(
        url, json={"CustomerKey": key, "KeyStatus": "Enabled"}, headers=admin
    )
    assert response.json()["KeyStatus"] == "Enabled"
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 200
    rows = audit.latest(world.rt.hq, office_id=world.office_a.id, limit=2)
    assert [r.event for r in rows] == ["customer_key.enable", "customer_key.disable"]
    assert rows[1].before is not None and rows[1].before["KeyStatus"] == "Enabled"
    assert rows[1].after is not None and rows[1].after["KeyStatus"] == "DisabledByCustomer"


async def test_the_practice_cannot_touch_another_offices_key_or_a_developer_disabled_one(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    url = "/api/v1/practice/api-setup/keys"
    other = await client.put(
        url,
        json={"CustomerKey": world.office_b.customer_key, "KeyStatus": "DisabledByCustomer"},
        headers=admin,
    )
    assert other.status_code == 404
    customer_keys.update_customer_key(
        world.rt.hq,
        world.developer_id,
        world.office_a.customer_key,
        ACTOR,
        status="DisabledByDeveloper",
    )
    for status in ("Enabled", "DisabledByCustomer"):
        response = await client.put(
            url,
            json={"CustomerKey": world.office_a.customer_key, "KeyStatus": status},
            headers=admin,
        )
        assert response.status_code == 409
        assert "disabled by its developer" in response.json()["message"]
    wrong = await client.put(
        url,
        json={"CustomerKey": world.office_a.customer_key, "KeyStatus": "DisabledByDeveloper"},
        headers=admin,
    )
    assert wrong.status_code == 400


async def test_a_session_ends_when_the_password_changes_or_the_user_is_disabled(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    url = "/api/v1/practice/api-setup"
    assert (await client.get(url, headers=admin)).status_code == 200
    db = world.rt.offices.get(world.office_a.id)
    users.set_password(world.rt.hq, db, "Admin", "another long password", ACTOR)
    assert (await client.get(url, headers=admin)).status_code == 401
    fresh = await _sign_in(client, world.office_a.id, "Admin", "another long password")
    assert (await client.get(url, headers=fresh)).status_code == 200
    users.disable_user(world.rt.hq, db, "admin", ACTOR)
    assert (await client.get(url, headers=fresh)).status_code == 401
    response = await client.post(
        "/api/v1/practice/sessions",
        json={
            "OfficeNum": world.office_a.id,
            "UserName": "Admin",
            "Password": "another long password",
        },
    )
    assert response.status_code == 401
    assert audit.latest(world.rt.hq, office_id=world.office_a.id, event="practice_user.disable")


def test_an_expired_session_is_refused(world: World) -> None:
    _add_users(world)
    session = practice_sessions.sign_in(
        world.rt.hq, world.rt.offices, world.office_a.id, "Admin", ADMIN_PASSWORD
    )
    office, user, _expires, signature = session.token.removeprefix("dps_").split("_")
    stale = f"dps_{office}_{user}_1000000000_{signature}"
    with pytest.raises(Unauthorized, match="expired"):
        practice_sessions.verify(world.rt.hq, world.rt.offices, stale)
    # Tampering with the office or user breaks the signature.
    moved = session.token.replace(f"dps_{office}_", f"dps_{world.office_b.id}_", 1)
    with pytest.raises(Unauthorized):
        practice_sessions.verify(world.rt.hq, world.rt.offices, moved)
    assert practice_sessions.verify(world.rt.hq, world.rt.offices, session.token).is_admin


def test_users_are_validated_and_unique_per_office(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    with pytest.raises(BadRequest, match="at least 12"):
        users.add_user(world.rt.hq, db, "Short", "short", ACTOR)
    with pytest.raises(BadRequest, match="UserName is required"):
        users.add_user(world.rt.hq, db, "  ", ADMIN_PASSWORD, ACTOR)
    view = users.add_user(world.rt.hq, db, "Admin", ADMIN_PASSWORD, ACTOR, is_admin=True)
    with pytest.raises(Conflict):
        users.add_user(world.rt.hq, db, "ADMIN", ADMIN_PASSWORD, ACTOR)
    with db.session() as session:
        stored = session.execute(
            text("SELECT Password FROM userod WHERE UserNum=:n"), {"n": view.user_num}
        ).scalar_one()
    assert stored.startswith("$argon2") and ADMIN_PASSWORD not in stored
    rows = audit.latest(world.rt.hq, office_id=world.office_a.id, event="practice_user.create")
    assert rows[0].subject == "Admin" and rows[0].after is not None
    assert rows[0].after["IsAdmin"] is True


def test_office_setup_actions_work_without_http(world: World) -> None:
    hq = world.rt.hq
    dev = developers.create_developer(hq, company_name="Other Dev", actor=ACTOR)
    office = offices.create_office(hq, name="Office C", actor=ACTOR)
    ensure_preferences(world.rt.offices.provision(office.id), "Office C")
    key = customer_keys.create_customer_key(hq, dev.developer_id, ACTOR)
    item = office_setup.add_key(hq, world.rt.offices, office.id, key.key, ACTOR)
    assert item.developer_name == "Other Dev" and item.permissions == []
    view = office_setup.set_enabled(hq, office.id, True, ACTOR)
    assert view.enabled and [k.key.key for k in view.keys] == [key.key]


async def test_a_developer_cannot_launder_the_practices_disable_through_its_own(
    world: World, client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    key = world.office_a.customer_key
    await client.put(
        "/api/v1/practice/api-setup/keys",
        json={"CustomerKey": key, "KeyStatus": "DisabledByCustomer"},
        headers=admin,
    )
    for status in ("DisabledByDeveloper", "Enabled"):
        response = await client.put(
            "/api/v1/apikeys",
            json={"CustomerKey": key, "KeyStatus": status},
            headers=world.portal(),
        )
        assert response.status_code in (200, 409)
    listing = await client.get("/api/v1/apikeys", headers=world.portal())
    [item] = [k for k in listing.json() if k["CustomerKey"] == key]
    assert item["KeyStatus"] == "DisabledByCustomer"
    assert (await client.get(PREFS, headers=world.odfhir())).status_code == 401
