"""``apikey`` through ShortQuery shows a caller only its own CustomerKeys (issue 11, item 11).

``SELECT * FROM apikey`` used to show every developer's CustomerKey in the office to any key and
to a read-only practice token. Now a developer's key sees its developer's rows only, however
the query reaches the table; a practice token sees the office's rows only with ``user:update``
(the administrative scope), and otherwise an empty table: the query still runs, finds nothing.
"""

from __future__ import annotations

import httpx
import pytest

from dentin.caller import PracticeIdentity
from dentin.hq import practice_tokens, tiers
from dentin.office.registry import OfficeDatabase
from tests.conftest import ACTOR, World
from tests.office_queries.conftest import SEED_CUSTOMER_KEY, Ask, Rival

# Ways to reach the table; each must show the rival nothing of the seed developer's key.
TRICKS = [
    "SELECT * FROM apikey",
    "SELECT CustApiKey, DevName FROM apikey WHERE DevName = 'YourName'",
    "SELECT CustApiKey FROM apikey WHERE DevName <> 'nobody' OR 1 = 1",
    "SELECT a.CustApiKey FROM apikey a JOIN apikey b ON b.APIKeyNum <> a.APIKeyNum",
    "SELECT CustApiKey FROM patient p LEFT JOIN apikey k ON 1 = 1",
    "SELECT x.k FROM (SELECT CustApiKey AS k FROM apikey) x",
    "SELECT (SELECT GROUP_CONCAT(CustApiKey) FROM apikey) AS k",
    "SELECT LName AS k FROM patient UNION ALL SELECT CustApiKey FROM apikey",
    "WITH k AS (SELECT * FROM apikey) SELECT * FROM k",
    "CREATE TEMPORARY TABLE t AS SELECT * FROM apikey; SELECT * FROM t",
    "SET @k = (SELECT GROUP_CONCAT(CustApiKey) FROM apikey); SELECT @k AS k",
    "SELECT PatNum FROM patient WHERE EXISTS (SELECT 1 FROM apikey WHERE CustApiKey LIKE 'Vzkm%')",
    "SELECT COUNT(*) AS n FROM apikey WHERE DevName = 'YourName'",
    "SELECT apikey.* FROM apikey",
    "SELECT `CustApiKey` FROM `APIKEY`",
]


@pytest.fixture
def as_rival(client: httpx.AsyncClient, rival: Rival, practice: OfficeDatabase) -> Ask:
    async def put(sql: str) -> httpx.Response:
        return await client.put(
            "/api/v1/queries/ShortQuery", json={"SqlCommand": sql}, headers=rival.odfhir()
        )

    return put


async def test_a_developer_sees_only_its_own_keys_in_select_star_from_apikey(
    as_rival: Ask, rival: Rival
) -> None:
    r = await as_rival("SELECT * FROM apikey")
    assert r.status_code == 200, r.text
    assert [(row["custapikey"], row["devname"]) for row in r.json()] == [
        (rival.customer_key, "Rival Dental Apps")
    ]
    assert SEED_CUSTOMER_KEY not in r.text


@pytest.mark.parametrize("sql", TRICKS)
async def test_no_query_shape_shows_a_developer_another_developers_key(
    as_rival: Ask, sql: str
) -> None:
    r = await as_rival(sql)
    assert r.status_code == 200, r.text
    assert SEED_CUSTOMER_KEY not in r.text
    assert "YourName" not in r.text
    if "EXISTS" in sql or "COUNT" in sql:
        assert r.json() in ([], [{"n": 0}])


async def test_the_seed_query_still_returns_the_callers_own_key(ask: Ask) -> None:
    r = await ask("SELECT CustApiKey FROM apikey WHERE DevName='YourName';")
    assert r.json() == [{"CustApiKey": SEED_CUSTOMER_KEY}]


async def test_the_seed_query_finds_nothing_for_another_developer(as_rival: Ask) -> None:
    r = await as_rival("SELECT CustApiKey FROM apikey WHERE DevName='YourName';")
    assert r.status_code == 200
    assert r.json() == []


def _token(world: World, scopes: list[str]) -> dict[str, str]:
    """A token issued by the seeded practice's administrator (userod 1, ``admin``)."""
    hq = world.rt.hq
    tiers.set_tier(hq, world.office_a.id, ACTOR, tier="enterprise")
    identity = PracticeIdentity(world.office_a.id, 1, "admin", is_admin=True)
    issued = practice_tokens.create_token(
        hq, identity, ACTOR, label="Reports", requested_scopes=scopes
    )
    return {"Authorization": f"Bearer {issued.token}"}


async def test_a_read_only_practice_token_sees_no_customer_keys(
    world: World, client: httpx.AsyncClient, rival: Rival, practice: OfficeDatabase
) -> None:
    headers = _token(world, ["query:read", "patient:read", "user:read"])
    for sql in ("SELECT * FROM apikey", "SELECT CustApiKey FROM apikey WHERE DevName='YourName'"):
        r = await client.put(
            "/api/v1/queries/ShortQuery", json={"SqlCommand": sql}, headers=headers
        )
        assert r.status_code == 200, r.text
        assert r.json() == []


async def test_a_practice_token_with_the_admin_scope_sees_every_key_of_its_office(
    world: World, client: httpx.AsyncClient, rival: Rival, practice: OfficeDatabase
) -> None:
    headers = _token(world, ["query:read", "user:update"])
    r = await client.put(
        "/api/v1/queries/ShortQuery",
        json={"SqlCommand": "SELECT CustApiKey, DevName FROM apikey ORDER BY DevName"},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    assert r.json() == [
        {"CustApiKey": rival.customer_key, "DevName": "Rival Dental Apps"},
        {"CustApiKey": SEED_CUSTOMER_KEY, "DevName": "YourName"},
    ]
