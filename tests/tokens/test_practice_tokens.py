"""Practice tokens: shown once, scoped, one permission engine with ODFHIR, revoke and rotate."""

from __future__ import annotations

import re

import httpx
from structlog.testing import capture_logs

from tests.tokens.conftest import Practice, bearer

PREFS = "/api/v1/preferences?PrefName=PracticeTitle"


async def test_a_new_key_is_read_only_by_default_and_shown_once(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    created = await practice.create(client)
    assert created.status_code == 201
    body = created.json()
    token = body["Token"]
    assert re.fullmatch(r"dnt_us_[0-9A-Za-z]{36}", token)
    assert all(scope.endswith(":read") for scope in body["Scopes"])
    assert "patient:read" in body["Scopes"] and "user:read" in body["Scopes"]
    assert created.headers["Cache-Control"] == "no-store"
    listed = (await client.get("/api/v1/practice/tokens", headers=practice.admin)).json()
    assert token not in repr(listed)
    [item] = listed
    assert item["Preview"] == f"dnt_us_…{token[-4:]}"
    assert item["Label"] == "Power BI sync" and item["SoftwareName"] == "Power BI"
    assert item["CreatedBy"] == "admin" and item["Status"] == "active"
    assert item["LastUsed"] == "0001-01-01 00:00:00"


async def test_a_bearer_token_reads_what_its_scopes_allow_and_gets_403_naming_the_missing_one(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    token = (await practice.create(client)).json()["Token"]
    ok = await client.get(PREFS, headers=bearer(token))
    assert ok.status_code == 200
    assert ok.json()[0]["ValueString"] == "Office A"
    refused = await client.post(
        "/api/v1/patients", headers=bearer(token), json={"LName": "Doe", "FName": "Jane"}
    )
    assert refused.status_code == 403
    assert "patient:create" in refused.json()["message"]
    assert refused.json()["missing_permission"] == "patient:create"


async def test_write_scopes_allow_writes(practice: Practice, client: httpx.AsyncClient) -> None:
    token = (await practice.create(client, Scopes=["patient:read", "patient:create"])).json()[
        "Token"
    ]
    created = await client.post(
        "/api/v1/patients", headers=bearer(token), json={"LName": "Doe", "FName": "Jane"}
    )
    assert created.status_code == 201


async def test_revocation_is_instant_and_revoking_twice_is_a_conflict(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = (await practice.create(client)).json()
    assert (await client.get(PREFS, headers=bearer(body["Token"]))).status_code == 200
    revoked = await client.post(
        f"/api/v1/practice/tokens/{body['TokenNum']}/revoke", headers=practice.admin
    )
    assert revoked.status_code == 200 and revoked.json()["Status"] == "revoked"
    refused = await client.get(PREFS, headers=bearer(body["Token"]))
    assert refused.status_code == 401
    assert "was revoked on" in refused.json()["message"]
    again = await client.post(
        f"/api/v1/practice/tokens/{body['TokenNum']}/revoke", headers=practice.admin
    )
    assert again.status_code == 409
    assert "already revoked" in again.json()["message"]


async def test_rotation_keeps_label_and_scopes_and_the_old_key_works_during_the_grace(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    old = (await practice.create(client, Scopes=["patient:read"])).json()
    rotated = await client.post(
        f"/api/v1/practice/tokens/{old['TokenNum']}/rotate",
        headers=practice.admin,
        json={"GraceDays": 2},
    )
    assert rotated.status_code == 201
    new = rotated.json()
    assert new["Token"] != old["Token"]
    assert (new["Label"], new["Scopes"]) == (old["Label"], ["patient:read"])
    assert (
        await client.get("/api/v1/patients/Simple", headers=bearer(old["Token"]))
    ).status_code == 200
    assert (
        await client.get("/api/v1/patients/Simple", headers=bearer(new["Token"]))
    ).status_code == 200
    listed = {
        t["TokenNum"]: t
        for t in (await client.get("/api/v1/practice/tokens", headers=practice.admin)).json()
    }
    assert listed[old["TokenNum"]]["Status"] == "grace"
    assert listed[old["TokenNum"]]["GraceUntil"] != "0001-01-01 00:00:00"


async def test_rotation_with_no_grace_stops_the_old_key_at_once(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    old = (await practice.create(client)).json()
    await client.post(
        f"/api/v1/practice/tokens/{old['TokenNum']}/rotate",
        headers=practice.admin,
        json={"GraceDays": 0},
    )
    refused = await client.get(PREFS, headers=bearer(old["Token"]))
    assert refused.status_code == 401
    assert "when it was rotated" in refused.json()["message"]


async def test_rotating_a_revoked_key_or_with_a_long_grace_is_refused(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = (await practice.create(client)).json()
    too_long = await client.post(
        f"/api/v1/practice/tokens/{body['TokenNum']}/rotate",
        headers=practice.admin,
        json={"GraceDays": 8},
    )
    assert too_long.status_code == 400 and "between 0 and 7" in too_long.json()["message"]
    await client.post(f"/api/v1/practice/tokens/{body['TokenNum']}/revoke", headers=practice.admin)
    rotated = await client.post(
        f"/api/v1/practice/tokens/{body['TokenNum']}/rotate", headers=practice.admin
    )
    assert rotated.status_code == 409 and "is revoked" in rotated.json()["message"]


async def test_bad_creation_requests_are_refused_naming_the_problem(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    cases = [
        ({"Label": ""}, 400, "Label is required"),
        ({"Label": "x" * 101}, 400, "101 characters"),
        ({"Scopes": ["patient:destroy"]}, 400, "patient:destroy"),
        ({"Scopes": "patient:read"}, 400, "JSON array of strings"),
        ({"Scopes": []}, 400, "Scopes is empty"),
        ({"ExpiresOn": "2001-01-01"}, 400, "not in the future"),
        ({"ExpiresOn": "next week"}, 400, "yyyy-MM-dd"),
    ]
    for body, status, text in cases:
        response = await practice.create(client, **body)
        assert response.status_code == status, (body, response.text)
        assert text in response.json()["message"], (body, response.text)


async def test_a_key_can_never_hold_more_than_its_creator_may_do(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    refused = await practice.create(
        client, who=practice.clerk, Scopes=["patient:read", "appointment:create"]
    )
    assert refused.status_code == 403
    assert "clerk lacks appointment:create" in refused.json()["message"]
    default = await practice.create(client, who=practice.clerk)
    assert default.status_code == 201
    assert default.json()["Scopes"] == ["patient:read", "appointment:read"]


async def test_each_user_sees_only_their_office_and_a_clerk_only_their_own_keys(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    mine = (await practice.create(client)).json()
    await practice.create(client, who=practice.clerk)
    clerk_view = (await client.get("/api/v1/practice/tokens", headers=practice.clerk)).json()
    assert [t["CreatedBy"] for t in clerk_view] == ["clerk"]
    other = (
        await client.get("/api/v1/practice/tokens", headers=practice.other_office_admin)
    ).json()
    assert other == []
    cross = await client.post(
        f"/api/v1/practice/tokens/{mine['TokenNum']}/revoke", headers=practice.other_office_admin
    )
    assert cross.status_code == 404
    assert (await client.get(PREFS, headers=bearer(mine["Token"]))).status_code == 200


async def test_a_typo_is_refused_before_any_lookup_and_another_region_gets_its_url(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    token = (await practice.create(client)).json()["Token"]
    typo = token[:-1] + ("A" if token[-1] != "A" else "B")
    refused = await client.get(PREFS, headers=bearer(typo))
    assert refused.status_code == 401 and refused.json()["code"] == "malformed_token"
    from dentin.keys import formats

    uk = formats.new_practice_token("uk")
    wrong = await client.get(PREFS, headers=bearer(uk))
    assert wrong.status_code == 401
    assert "issued in the 'uk' region" in wrong.json()["message"]
    assert "https://api.uk.dentin.example/api/v1" in wrong.json()["message"]


async def test_no_token_appears_in_any_log_line(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with capture_logs() as logs:
        token = (await practice.create(client)).json()["Token"]
        await client.get(PREFS, headers=bearer(token))
        await client.get(PREFS, headers=bearer(token[:-2] + "zz"))
    assert token not in repr(logs)
    assert token[7:-4] not in repr(logs)


async def test_the_list_shows_requests_per_day_and_error_rate(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    token = (await practice.create(client)).json()["Token"]
    for _ in range(3):
        await client.get(PREFS, headers=bearer(token))
    await client.get("/api/v1/preferences?Offset=-1", headers=bearer(token))
    practice.world.rt.flush_usage()
    [item] = (await client.get("/api/v1/practice/tokens", headers=practice.admin)).json()
    assert len(item["RequestsPerDay"]) == 30
    assert item["RequestsPerDay"][-1] == 4
    assert item["ErrorRate"] == 0.25
    assert item["LastUsed"] != "0001-01-01 00:00:00"
