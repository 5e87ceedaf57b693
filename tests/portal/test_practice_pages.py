"""Practice pages over HTTP: rotation, marks, leaks, who may see what, and the operator's tiers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import httpx
from sqlalchemy import update

from dentin.hq import operators, practice_sessions, practice_tokens, tiers
from dentin.hq.context import Actor
from dentin.hq.models import PracticeToken
from dentin.office import users
from dentin.runtime import Runtime
from dentin.wire import utcnow
from tests.conftest import ACTOR
from tests.portal.conftest import make_practice
from tests.portal.helpers import csrf_of, post_form, sign_in_operator, sign_in_practice


def _token(rt: Runtime, office_id: int, user: str, password: str, label: str) -> str:
    identity = practice_sessions.sign_in(rt.hq, rt.offices, office_id, user, password).identity
    issued = practice_tokens.create_token(rt.hq, identity, ACTOR, label=label)
    return issued.token


async def test_rotating_shows_the_new_key_once_with_its_grace_period(
    client: httpx.AsyncClient, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    p = make_practice(rt, "Bay Dental", new_database("office"), api_enabled=True, tier="enterprise")
    old = _token(rt, p.office_id, p.user, p.password, "Website booking widget")
    await sign_in_practice(client, p.office_id, p.user, p.password)
    page = await client.get(f"/portal/practice/{p.office_id}/api-keys")
    token_id = re.search(r'id="token-(\d+)"', page.text)
    assert token_id and old not in page.text
    r = await client.post(
        f"/portal/practice/{p.office_id}/api-keys/{token_id.group(1)}/rotate",
        data={"grace": "2", "csrf_token": csrf_of(page.text)},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 201
    new = re.search(r'value="(dnt_[^"]+)"', r.text)
    assert new and new.group(1) != old
    assert "keeps working until" in r.text
    listing = (await client.get(f"/portal/practice/{p.office_id}/api-keys")).text
    assert new.group(1) not in listing
    assert "grace" in listing


async def test_old_and_idle_keys_are_marked_and_a_leaked_key_is_announced(
    client: httpx.AsyncClient, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    p = make_practice(rt, "Elm Dental", new_database("office"), api_enabled=True, tier="enterprise")
    old = _token(rt, p.office_id, p.user, p.password, "Old sync")
    _token(rt, p.office_id, p.user, p.password, "Idle widget")
    leaked = _token(rt, p.office_id, p.user, p.password, "Pasted in a forum")
    now = utcnow()
    with rt.hq.transaction() as session:
        session.execute(
            update(PracticeToken)
            .where(PracticeToken.label == "Old sync")
            .values(created_at=now - dt.timedelta(days=120), last_used_at=now)
        )
        session.execute(
            update(PracticeToken)
            .where(PracticeToken.label == "Idle widget")
            .values(created_at=now - dt.timedelta(days=13))
        )
    practice_tokens.report_leaks(rt.hq, [leaked], Actor("scanner"))
    await sign_in_practice(client, p.office_id, p.user, p.password)
    text = (await client.get(f"/portal/practice/{p.office_id}/api-keys")).text
    old_row = text[text.index("Old sync") :].split("</tr>")[0]
    idle_row = text[text.index("Idle widget") :].split("</tr>")[0]
    assert "rotation due" in old_row
    assert "unless used" in idle_row
    assert "was found in public and has been revoked" in text
    assert old not in text


async def test_a_user_who_is_not_an_administrator_gets_keys_but_not_api_setup(
    client: httpx.AsyncClient, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    p = make_practice(rt, "Oak Dental", new_database("office"), api_enabled=True, tier="enterprise")
    users.add_user(
        rt.hq,
        rt.offices.get(p.office_id),
        "hygienist",
        "hygienist-password",
        ACTOR,
        user_scopes=["patient:read"],
    )
    r = await sign_in_practice(client, p.office_id, "hygienist", "hygienist-password")
    assert r.headers["location"] == f"/portal/practice/{p.office_id}/api-keys"
    keys = await client.get(r.headers["location"])
    assert keys.status_code == 200
    # Only what the user may do can be ticked.
    assert re.search(r'value="patient:read" checked>', keys.text)
    assert re.search(r'value="appointment:read" disabled>', keys.text)
    setup = await client.get(f"/portal/practice/{p.office_id}/api-setup")
    assert setup.status_code == 403 and "Practice administrators only" in setup.text


async def test_another_offices_key_pages_and_tokens_are_refused(
    client: httpx.AsyncClient, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    mine = make_practice(rt, "Ash Dental", new_database("office"), tier="enterprise")
    other = make_practice(rt, "Yew Dental", new_database("office"), tier="enterprise")
    _token(rt, other.office_id, other.user, other.password, "Theirs")
    await sign_in_practice(client, mine.office_id, mine.user, mine.password)
    for page in ("api-keys", "api-keys/new", "billing"):
        r = await client.get(f"/portal/practice/{other.office_id}/{page}")
        assert r.status_code == 403 and "another office" in r.text, page
    own = await client.get(f"/portal/practice/{mine.office_id}/api-keys")
    their_token = 1  # the only token so far belongs to the other office
    r = await client.post(
        f"/portal/practice/{mine.office_id}/api-keys/{their_token}/revoke",
        data={"csrf_token": csrf_of(own.text)},
    )
    assert r.status_code == 404 and "no API key" in r.text


async def test_an_operator_unlocks_api_access_with_the_add_on(
    client: httpx.AsyncClient, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    p = make_practice(rt, "Fir Dental", new_database("office"), tier="standard")
    operators.create_operator(rt.hq, "ops@dentin.example", "operator-password-1", ACTOR)
    await sign_in_operator(client, "ops@dentin.example", "operator-password-1")
    r = await post_form(
        client,
        "/portal/admin/offices",
        f"/portal/admin/offices/{p.office_id}/tier",
        {"tier": "professional", "addon_api": "1"},
    )
    assert r.status_code == 303
    features = tiers.features(rt.hq, p.office_id)
    assert features.tier == "professional" and features.api_access
