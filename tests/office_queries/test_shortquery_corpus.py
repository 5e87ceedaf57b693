"""Open Dental-style queries run unchanged and return the right rows on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.office_queries.conftest import Ask
from tests.office_queries.corpus import CORPUS

# Hand-checked against practice.py (e.g. DOC1's 2024 production: 1000 + 200 + 40 + 60).
EXPECTED = json.loads((Path(__file__).parent / "corpus_expected.json").read_text())


def test_the_corpus_has_at_least_forty_queries_each_with_expected_rows() -> None:
    assert len(CORPUS) >= 40
    assert {name for name, _sql in CORPUS} == set(EXPECTED)


async def test_every_corpus_query_returns_its_expected_rows(ask: Ask) -> None:
    wrong = {}
    for name, sql in CORPUS:
        r = await ask(sql)
        if r.status_code != 200 or r.json() != EXPECTED[name]:
            wrong[name] = (r.status_code, r.text[:300])
    assert wrong == {}


async def test_column_names_stay_as_written(ask: Ask) -> None:
    r = await ask("SELECT patnum, PatNum AS PN, LName, p.FName FROM patient p WHERE PatNum=1")
    assert list(r.json()[0]) == ["patnum", "PN", "LName", "FName"]


@pytest.mark.parametrize("offset", [0, 1, 2, 4, 5, 6, 50])
async def test_paging_is_exact_for_every_offset(ask: Ask, offset: int) -> None:
    everything = (await ask("SELECT PatNum, City FROM patient")).json()
    page = await ask("SELECT PatNum, City FROM patient", Offset=offset, Limit=2)
    assert page.json() == everything[offset : offset + 2]


async def test_paging_without_order_by_is_stable_and_complete(ask: Ask) -> None:
    sql = "SELECT City FROM patient"  # duplicates and no ORDER BY
    pages = [(await ask(sql, Offset=o, Limit=1)).json() for o in range(7)]
    assert [row for page in pages for row in page] == (await ask(sql)).json()
    assert pages[-1] == []


async def test_a_limit_larger_than_100_is_capped_not_refused(ask: Ask) -> None:
    r = await ask("SELECT PatNum FROM patient", Limit=5000)
    assert r.status_code == 200
    assert len(r.json()) == 6


async def test_offset_may_come_in_the_body_too(ask: Ask, world, client) -> None:  # type: ignore[no-untyped-def]
    r = await client.put(
        "/api/v1/queries/shortquery",
        json={"SqlCommand": "SELECT PatNum FROM patient ORDER BY PatNum", "Offset": 4},
        headers=world.odfhir(),
    )
    assert r.json() == [{"PatNum": 5}, {"PatNum": 6}]


async def test_variables_may_be_expressions_and_refer_to_earlier_ones(ask: Ask) -> None:
    r = await ask(
        "SET @Min=(SELECT MIN(ProcFee) FROM procedurelog); SET @Twice=@Min*2; "
        "SELECT ProcNum FROM procedurelog WHERE ProcFee <= @Twice ORDER BY ProcNum"
    )
    assert r.json() == [{"ProcNum": 4}, {"ProcNum": 7}, {"ProcNum": 8}]  # fees 40, 55, 60


async def test_dates_come_back_in_open_dentals_serializer_format(ask: Ask) -> None:
    r = await ask("SELECT Birthdate, DateTStamp FROM patient WHERE PatNum=1")
    assert r.json() == [{"Birthdate": "1970-03-15T00:00:00", "DateTStamp": "2024-01-01T08:00:00"}]


async def test_now_and_curdate_work(ask: Ask) -> None:
    r = await ask(
        "SELECT NOW() > '2020-01-01' AS a, CURDATE() - INTERVAL 1 YEAR > '2020-01-01' AS b"
    )
    assert r.json() == [{"a": 1, "b": 1}]


async def test_the_sql_text_goes_to_the_audit_log(ask: Ask, world) -> None:  # type: ignore[no-untyped-def]
    from dentin.hq import audit

    await ask("SELECT COUNT(*) FROM patient")
    await ask("DELETE FROM patient")
    events = audit.latest(world.rt.hq, event="query.shortquery")
    assert [e.after["SqlCommand"] for e in events] == [
        "DELETE FROM patient",
        "SELECT COUNT(*) FROM patient",
    ]
    assert [e.after["outcome"] for e in events] == ["query_refused", "ok"]
    assert events[0].office_id == world.office_a.id
    assert events[0].developer_id == world.developer_id


async def test_an_empty_or_missing_sql_command_is_a_400(ask: Ask, world, client) -> None:  # type: ignore[no-untyped-def]
    r = await client.put("/api/v1/queries/ShortQuery", json={}, headers=world.odfhir())
    assert r.status_code == 400
    assert "SqlCommand" in r.json()["message"]
    assert (await ask("   ")).status_code == 400
    r = await ask("SELEC PatNum FRM patient")
    assert r.status_code == 400


async def test_a_database_error_is_a_400_with_the_reason(ask: Ask) -> None:
    r = await ask("SELECT NoSuchColumn FROM patient")
    assert r.status_code == 400
    assert r.json()["code"] == "query_failed"
    assert "nosuchcolumn" in r.json()["message"].lower()
