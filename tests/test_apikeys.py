"""``/api/v1/apikeys`` replays seed 002's examples field for field."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from sqlalchemy import update

from dentin.hq import customer_keys
from dentin.hq.models import CustomerKey
from tests.conftest import ACTOR, World

SEED_LIST = [
    {
        "CustomerKey": "QJXZR4PNK5B8W2HD",
        "KeyStatus": "DisabledByDeveloper",
        "DateCreated": "2022-05-25",
        "DateDisabled": "2025-08-29",
        "DateTimeAssigned": "2022-06-22 03:37:33",
        "DevRefId": "Sarah's Super Dental",
    },
    {
        "CustomerKey": "AAM2DYNOLF0F7ZUD",
        "KeyStatus": "Enabled",
        "DateCreated": "2024-12-04",
        "DateDisabled": "0001-01-01",
        "DateTimeAssigned": "0001-01-01 00:00:00",
        "DevRefId": "",
    },
    {
        "CustomerKey": "93R8TEL22OI4UPYX",
        "KeyStatus": "Enabled",
        "DateCreated": "2024-12-04",
        "DateDisabled": "0001-01-01",
        "DateTimeAssigned": "0001-01-01 00:00:00",
        "DevRefId": "",
    },
    {
        "CustomerKey": "565ATSAH4SZDUTTK",
        "KeyStatus": "Enabled",
        "DateCreated": "2025-06-12",
        "DateDisabled": "0001-01-01",
        "DateTimeAssigned": "0001-01-01 00:00:00",
        "DevRefId": "",
    },
]


def _plant_seed_keys(world: World) -> None:
    """Create seed 002's four keys with its dates, as if made on those days."""
    hq = world.rt.hq
    for item in SEED_LIST:
        customer_keys.create_customer_key(
            hq, world.developer_id, ACTOR, key=item["CustomerKey"], dev_ref_id=item["DevRefId"]
        )
        with hq.transaction() as session:
            values: dict[str, object] = {
                "date_created": dt.date.fromisoformat(item["DateCreated"]),
                "status": item["KeyStatus"],
            }
            if item["DateDisabled"] != "0001-01-01":
                values["date_disabled"] = dt.date.fromisoformat(item["DateDisabled"])
            if item["DateTimeAssigned"] != "0001-01-01 00:00:00":
                values["datetime_assigned"] = dt.datetime.fromisoformat(item["DateTimeAssigned"])
            session.execute(
                update(CustomerKey)
                .where(CustomerKey.key_hash == hq.hasher.digest(item["CustomerKey"]))
                .values(**values)
            )
    hq.changed()


async def test_get_apikeys_returns_seed_002_list_field_for_field(
    world: World, client: httpx.AsyncClient
) -> None:
    _plant_seed_keys(world)
    response = await client.get("/api/v1/apikeys", headers=world.portal())
    assert response.status_code == 200
    body = response.json()
    seed_keys = {item["CustomerKey"] for item in SEED_LIST}
    assert [k for k in body if k["CustomerKey"] in seed_keys] == SEED_LIST
    for item in body:
        assert list(item) == [
            "CustomerKey",
            "KeyStatus",
            "DateCreated",
            "DateDisabled",
            "DateTimeAssigned",
            "DevRefId",
        ]


async def test_put_apikeys_replays_seed_002_example(
    world: World, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant_seed_keys(world)
    with world.rt.hq.transaction() as session:
        session.execute(
            update(CustomerKey)
            .where(CustomerKey.key_hash == world.rt.hq.hasher.digest("QJXZR4PNK5B8W2HD"))
            .values(
                status="Enabled",
                date_disabled=None,
                dev_ref_id="",
                date_created=dt.date(2021, 5, 25),
                datetime_assigned=dt.datetime(2021, 6, 22, 3, 37, 33),
            )
        )
    world.rt.hq.changed()
    monkeypatch.setattr(customer_keys, "utcnow", lambda: dt.datetime(2025, 8, 29, 10, 0, 0))
    response = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={
            "CustomerKey": "QJXZR4PNK5B8W2HD",
            "KeyStatus": "DisabledByDeveloper",
            "DevRefId": "Sarah's Super Dental",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "CustomerKey": "QJXZR4PNK5B8W2HD",
        "KeyStatus": "DisabledByDeveloper",
        "DateCreated": "2021-05-25",
        "DateDisabled": "2025-08-29",
        "DateTimeAssigned": "2021-06-22 03:37:33",
        "DevRefId": "Sarah's Super Dental",
    }


async def test_post_apikeys_creates_an_enabled_16_character_key_with_201(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.post("/api/v1/apikeys", headers=world.portal())
    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"[A-Z0-9]{16}", body["CustomerKey"])
    assert body["KeyStatus"] == "Enabled"
    assert body["DateCreated"] == dt.datetime.now(dt.UTC).date().isoformat()
    assert body["DateDisabled"] == "0001-01-01"
    assert body["DateTimeAssigned"] == "0001-01-01 00:00:00"
    assert body["DevRefId"] == ""
    assert response.headers["Location"].endswith(f"/apikeys/{body['CustomerKey']}")
    listed = (await client.get("/api/v1/apikeys", headers=world.portal())).json()
    assert body in listed


async def test_many_posts_give_distinct_keys(world: World, client: httpx.AsyncClient) -> None:
    keys = {
        (await client.post("/api/v1/apikeys", headers=world.portal())).json()["CustomerKey"]
        for _ in range(20)
    }
    assert len(keys) == 20


async def test_reenabling_resets_date_disabled_to_the_sentinel(
    world: World, client: httpx.AsyncClient
) -> None:
    key = world.office_a.customer_key
    off = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": key, "KeyStatus": "DisabledByDeveloper"},
    )
    assert off.json()["DateDisabled"] == dt.datetime.now(dt.UTC).date().isoformat()
    on = await client.put(
        "/api/v1/apikeys", headers=world.portal(), json={"CustomerKey": key, "KeyStatus": "Enabled"}
    )
    assert on.status_code == 200
    assert on.json()["KeyStatus"] == "Enabled"
    assert on.json()["DateDisabled"] == "0001-01-01"


async def test_put_with_only_devrefid_keeps_the_status(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": world.office_a.customer_key, "DevRefId": "Front desk sync"},
    )
    assert response.status_code == 200
    assert response.json()["KeyStatus"] == "Enabled"
    assert response.json()["DevRefId"] == "Front desk sync"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object, not a JSON array"),
        (b'{"KeyStatus": "Enabled"}', "CustomerKey is required"),
        (b'{"CustomerKey": 12345}', "CustomerKey must be a string"),
        (b'{"CustomerKey": "QJXZR4PNK5B8W2HD", "KeyStatus": "Paused"}', "KeyStatus 'Paused'"),
        (b'{"CustomerKey": "QJXZR4PNK5B8W2HD", "KeyStatus": true}', "KeyStatus must be a string"),
        (b'{"CustomerKey": "QJXZR4PNK5B8W2HD", "DevRefId": 7}', "DevRefId must be a string"),
        (
            b'{"CustomerKey": "QJXZR4PNK5B8W2HD", "DevRefId": "' + b"x" * 300 + b'"}',
            "300 characters",
        ),
    ],
)
async def test_bad_put_bodies_get_400_naming_the_problem(
    world: World, client: httpx.AsyncClient, body: bytes, expected: str
) -> None:
    response = await client.put(
        "/api/v1/apikeys",
        headers={**world.portal(), "Content-Type": "application/json"},
        content=body,
    )
    assert response.status_code == 400
    assert expected in response.json()["message"]


async def test_put_on_unknown_key_is_404(world: World, client: httpx.AsyncClient) -> None:
    response = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": "ZZZZZZZZZZZZZZZZ", "KeyStatus": "DisabledByDeveloper"},
    )
    assert response.status_code == 404
    assert "ZZZZZZZZZZZZZZZZ" in response.json()["message"]


async def test_another_developers_key_is_404_exactly_like_a_missing_one(
    world: World, client: httpx.AsyncClient
) -> None:
    from dentin.hq import developers

    other = developers.create_developer(world.rt.hq, company_name="Other Co", actor=ACTOR)
    theirs = customer_keys.create_customer_key(world.rt.hq, other.developer_id, ACTOR)
    missing = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": "ZZZZZZZZZZZZZZZZ", "DevRefId": "x"},
    )
    foreign = await client.put(
        "/api/v1/apikeys", headers=world.portal(), json={"CustomerKey": theirs.key, "DevRefId": "x"}
    )
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["code"] == missing.json()["code"]
    assert foreign.json()["message"].replace(theirs.key, "K") == missing.json()["message"].replace(
        "ZZZZZZZZZZZZZZZZ", "K"
    )
    listed = (await client.get("/api/v1/apikeys", headers=world.portal())).json()
    assert theirs.key not in {k["CustomerKey"] for k in listed}


async def test_a_post_body_with_devrefid_is_honoured(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.post(
        "/api/v1/apikeys", headers=world.portal(), json={"DevRefId": "Sarah's Super Dental"}
    )
    assert response.status_code == 201
    assert response.json()["DevRefId"] == "Sarah's Super Dental"


async def test_field_names_match_case_insensitively(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"customerkey": world.office_a.customer_key, "keystatus": "DisabledByDeveloper"},
    )
    assert response.status_code == 200
    assert response.json()["KeyStatus"] == "DisabledByDeveloper"
