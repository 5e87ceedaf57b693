"""ShortQuery reads every table of the account part as Open Dental names them: rows where the
office has some, ``[]`` where it has none, never "no such table"."""

from __future__ import annotations

import httpx

from tests.office.conftest import Practice
from tests.office_account.conftest import API

TABLES = (
    "treatplan",
    "proctp",
    "treatplanattach",
    "statement",
    "payplan",
    "payplancharge",
    "task",
    "tasklist",
    "tasknote",
    "appointmenttype",
    "usergroup",
    "sheet",
    "sheetfield",
    "procgroupitem",
    "procnote",
    "eservicelog",
)


async def _query(client: httpx.AsyncClient, practice: Practice, sql: str) -> httpx.Response:
    return await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )


async def test_every_account_table_answers_a_query_written_for_open_dental(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    for table in TABLES:
        r = await _query(client, practice, f"SELECT * FROM {table}")
        assert r.status_code == 200, (table, r.text)
        assert r.json() == [], table


async def test_rows_written_through_the_api_are_read_back_by_open_dental_column_names(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"{API}/treatplans", headers=practice.a(), json={"PatNum": 1, "Heading": "Fillings"}
    )
    num = r.json()["TreatPlanNum"]
    r = await _query(
        client,
        practice,
        "SELECT TreatPlanNum, PatNum, Heading, TPStatus FROM treatplan WHERE TPStatus = 2",
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"TreatPlanNum": num, "PatNum": 1, "Heading": "Fillings", "TPStatus": 2}]
    body = {"PatNum": 1, "ProcNums": [ledger["cleaning"]], "Note": "Group"}
    group = (
        await client.post(f"{API}/procedurelogs/GroupNote", headers=practice.a(), json=body)
    ).json()["ProcNum"]
    r = await _query(
        client,
        practice,
        "SELECT g.ProcNum, n.Note FROM procgroupitem g "
        f"JOIN procnote n ON n.ProcNum = g.GroupNum WHERE g.GroupNum = {group}",
    )
    assert r.json() == [{"ProcNum": ledger["cleaning"], "Note": "Group"}]
    r = await _query(client, practice, "SELECT SSN, UsingTIN, SchedNote FROM provider LIMIT 1")
    assert r.status_code == 200 and list(r.json()[0]) == ["SSN", "UsingTIN", "SchedNote"]
