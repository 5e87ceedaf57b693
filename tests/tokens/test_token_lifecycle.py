"""Unused expiry (correct despite batched last-used), rotation due, tiers, leaks, leavers."""

from __future__ import annotations

import base64
import datetime as dt
import time

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import update
from standardwebhooks.webhooks import Webhook

from dentin.caller import Caller
from dentin.config import Settings
from dentin.hq import audit, tiers
from dentin.hq.models import PracticeToken
from dentin.office import users
from dentin.wire import utcnow
from tests.conftest import ACTOR
from tests.tokens.conftest import Practice, bearer

PREFS = "/api/v1/preferences?PrefName=PracticeTitle"
LEAK_SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"leak_report_secret": SecretStr(LEAK_SECRET)})


def _age(practice: Practice, token_num: int, **values: object) -> None:
    with practice.world.rt.hq.transaction() as session:
        session.execute(update(PracticeToken).where(PracticeToken.id == token_num).values(**values))
    practice.world.rt.hq.changed()


async def test_a_key_unused_for_more_than_14_days_expires_with_a_401_that_says_so(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = (await practice.create(client)).json()
    _age(
        practice,
        body["TokenNum"],
        created_at=utcnow() - dt.timedelta(days=20),
        last_used_at=utcnow() - dt.timedelta(days=15),
    )
    refused = await client.get(PREFS, headers=bearer(body["Token"]))
    assert refused.status_code == 401
    assert "expired after 14 days without use and must be replaced" in refused.json()["message"]
    again = await client.get(PREFS, headers=bearer(body["Token"]))
    assert again.status_code == 401
    events = audit.latest(practice.world.rt.hq, event="token.expire")
    assert len(events) == 1
    [item] = (await client.get("/api/v1/practice/tokens", headers=practice.admin)).json()
    assert item["Status"] == "expired-unused"


async def test_expiry_counts_a_use_that_is_not_yet_flushed(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = (await practice.create(client)).json()
    _age(
        practice,
        body["TokenNum"],
        created_at=utcnow() - dt.timedelta(days=20),
        last_used_at=utcnow() - dt.timedelta(days=15),
    )
    # A use an hour ago sits in the meter, waiting for the next batched flush.
    caller = Caller(
        "token",
        None,
        "x",
        frozenset(),
        office_id=practice.world.office_a.id,
        meter_id=f"token:{body['TokenNum']}",
    )
    practice.world.rt.meter.record(caller, 200, at=utcnow() - dt.timedelta(hours=1))
    assert (await client.get(PREFS, headers=bearer(body["Token"]))).status_code == 200


async def test_the_office_chooses_how_many_unused_days_expire_a_key(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    from dentin.hq.models import Office

    with practice.world.rt.hq.transaction() as session:
        session.execute(
            update(Office)
            .where(Office.id == practice.world.office_a.id)
            .values(unused_token_days=30)
        )
    body = (await practice.create(client)).json()
    _age(practice, body["TokenNum"], created_at=utcnow() - dt.timedelta(days=20))
    assert (await client.get(PREFS, headers=bearer(body["Token"]))).status_code == 200


async def test_keys_older_than_90_days_are_flagged_for_rotation(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = (await practice.create(client)).json()
    _age(
        practice,
        body["TokenNum"],
        created_at=utcnow() - dt.timedelta(days=91),
        last_used_at=utcnow(),
    )
    response = await client.get(PREFS, headers=bearer(body["Token"]))
    assert response.status_code == 200
    assert response.headers["Dentin-Token-Rotation-Due"].startswith("true")
    [item] = (await client.get("/api/v1/practice/tokens", headers=practice.admin)).json()
    assert item["RotationDue"] is True and item["AgeDays"] == 91


async def test_a_fixed_expiry_date_ends_the_key(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = (
        await practice.create(
            client, ExpiresOn=(utcnow().date() + dt.timedelta(days=3)).isoformat()
        )
    ).json()
    assert body["DateExpires"] == (utcnow().date() + dt.timedelta(days=3)).isoformat()
    _age(practice, body["TokenNum"], expires_at=utcnow() - dt.timedelta(minutes=1))
    refused = await client.get(PREFS, headers=bearer(body["Token"]))
    assert refused.status_code == 401 and "expired on" in refused.json()["message"]


async def test_without_api_access_generation_is_refused_and_keys_pause_until_it_returns(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    hq = practice.world.rt.hq
    token = (await practice.create(client)).json()["Token"]
    tiers.set_tier(hq, practice.world.office_a.id, ACTOR, tier="professional")
    features = (await client.get("/api/v1/practice/features", headers=practice.admin)).json()
    assert features["ApiAccess"] is False and "api-access add-on" in features["Unlock"]
    refused = await practice.create(client)
    assert refused.status_code == 403
    assert "does not include API access" in refused.json()["message"]
    paused = await client.get(PREFS, headers=bearer(token))
    assert paused.status_code == 403 and paused.json()["code"] == "api_access_locked"
    tiers.set_tier(hq, practice.world.office_a.id, ACTOR, add=["api-access"])
    assert (await client.get(PREFS, headers=bearer(token))).status_code == 200
    features = (await client.get("/api/v1/practice/features", headers=practice.admin)).json()
    assert features["ApiAccessVia"] == "add-on"


async def test_a_user_who_leaves_has_their_keys_revoked(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    token = (await practice.create(client, who=practice.clerk)).json()["Token"]
    db = practice.world.rt.offices.get(practice.world.office_a.id)
    users.disable_user(practice.world.rt.hq, db, "clerk", ACTOR)
    refused = await client.get(PREFS, headers=bearer(token))
    assert refused.status_code == 401 and "revoked" in refused.json()["message"]


def _signed(body: bytes, secret: str = LEAK_SECRET) -> dict[str, str]:
    now = int(time.time())
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(now),
        "webhook-signature": Webhook(secret).sign(
            "msg_1", dt.datetime.fromtimestamp(now, dt.UTC), body
        ),
        "Content-Type": "application/json",
    }


async def test_a_leaked_key_reported_by_a_scanner_is_revoked_and_flagged(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    token = (await practice.create(client)).json()["Token"]
    body = f'[{{"token": "{token}", "url": "https://example.com/leak"}}]'.encode()
    reported = await client.post("/api/v1/token-leaks", content=body, headers=_signed(body))
    assert reported.status_code == 202
    refused = await client.get(PREFS, headers=bearer(token))
    assert refused.status_code == 401 and "found in public" in refused.json()["message"]
    [item] = (await client.get("/api/v1/practice/tokens", headers=practice.admin)).json()
    assert item["LeakReported"] is True
    assert audit.latest(practice.world.rt.hq, event="token.leak_revoke")


async def test_leak_reports_do_not_reveal_whether_a_token_existed(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    from dentin.keys import formats

    unknown = f'[{{"token": "{formats.new_practice_token("us")}"}}]'.encode()
    garbage = b'[{"token": "not-a-token"}]'
    a = await client.post("/api/v1/token-leaks", content=unknown, headers=_signed(unknown))
    b = await client.post("/api/v1/token-leaks", content=garbage, headers=_signed(garbage))
    assert a.status_code == b.status_code == 202
    assert a.json() == b.json() == {"received": 1}


async def test_unsigned_or_badly_signed_leak_reports_are_refused(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = b'[{"token": "x"}]'
    unsigned = await client.post("/api/v1/token-leaks", content=body)
    assert unsigned.status_code == 401 and "webhook-signature" in unsigned.json()["message"]
    forged = _signed(body, "whsec_" + base64.b64encode(b"z" * 32).decode())
    bad = await client.post("/api/v1/token-leaks", content=body, headers=forged)
    assert bad.status_code == 401 and "no webhook-signature matches" in bad.json()["message"]
    stale = _signed(body)
    stale["webhook-timestamp"] = str(int(time.time()) - 3600)
    assert (
        await client.post("/api/v1/token-leaks", content=body, headers=stale)
    ).status_code == 401
