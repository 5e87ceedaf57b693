"""``PUT``/``DELETE /procedurelogs/{ProcNum}`` and the group notes (apiprocedurelogs.html)."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select

from dentin.office import aging
from dentin.office.models import ClaimProc, PaySplit, ProcedureLog
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API


def _balance(practice: Practice) -> float:
    rows = aging.family_aging(practice.db, dt.date(2030, 12, 31))
    return next(r.BalTotal for r in rows if r.PatNum == 1)


async def test_put_changes_a_planned_procedure_and_the_ledger_follows(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    num = ledger["planned"]
    before = _balance(practice)
    r = await client.put(
        f"{API}/procedurelogs/{num}",
        headers=practice.a(),
        json={
            "ProcFee": "250",
            "ProcStatus": "C",
            "ToothNum": "14",
            "Surf": "MO",
            "ToothRange": "",
            "ProcTime": "12:10:00",
            "Priority": "17",
            "DateTP": "2030-02-26",
        },
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["ProcFee"], got["ProcStatus"], got["ToothNum"], got["Surf"]) == (
        "250.00",
        "C",
        "14",
        "MO",
    )
    assert (got["ProcTime"], got["priority"], got["DateTP"]) == ("12:10:00", "2", "2030-02-26")
    assert got["serverDateTime"] == "" and got["DateEntryC"] != "0001-01-01"
    # Completing a $250 procedure adds $250 to the family's aged balance.
    assert _balance(practice) == round(before + 250, 2)


async def test_put_refuses_what_open_dental_refuses(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    done = ledger["cleaning"]
    cases = [
        (done, {"procCode": "D0120"}, "completed (C)"),
        (done, {"Discount": 5}, "completed (C)"),
        (ledger["planned"], {"ProcStatus": "D"}, "ProcStatus"),
        (ledger["planned"], {"CodeNum": 1, "procCode": "D0120"}, "not both"),
        (ledger["planned"], {"ProcFee": -1}, "negative"),
        (ledger["planned"], {"ProcTime": "25:00"}, "HH:mm:ss"),
        (ledger["planned"], {"Priority": 5}, "Priority 5"),
        (ledger["planned"], {"AptNum": 999}, "AptNum 999"),
    ]
    for num, body, words in cases:
        r = await client.put(f"{API}/procedurelogs/{num}", headers=practice.a(), json=body)
        assert r.status_code in (400, 404), (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    r = await client.put(f"{API}/procedurelogs/99999", headers=practice.a(), json={"Surf": "M"})
    assert r.status_code == 404
    r = await client.put(
        f"{API}/procedurelogs/{ledger['planned']}", headers=practice.b(), json={"Surf": "M"}
    )
    assert r.status_code == 404


async def test_a_procedure_on_a_claim_keeps_its_fee(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add(ClaimProc(ProcNum=ledger["planned"], ClaimNum=7, PatNum=1, SecDateTEdit=STAMP))
    r = await client.put(
        f"{API}/procedurelogs/{ledger['planned']}", headers=practice.a(), json={"ProcFee": 1}
    )
    assert r.status_code == 400 and "claim" in r.json()["message"]


async def test_delete_marks_the_procedure_deleted_and_takes_it_off_the_books(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    num = ledger["exam"]
    before = _balance(practice)
    r = await client.delete(f"{API}/procedurelogs/{num}", headers=practice.a())
    assert r.status_code == 200 and not r.content
    with practice.db.session() as s:
        assert s.get(ProcedureLog, num).ProcStatus == 6  # type: ignore[union-attr]
    assert _balance(practice) == round(before - 100, 2)
    again = await client.delete(f"{API}/procedurelogs/{num}", headers=practice.a())
    assert again.status_code == 404


async def test_delete_refuses_procedures_money_is_attached_to(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add(
            PaySplit(SplitAmt=5, PatNum=1, PayNum=1, ProcNum=ledger["cleaning"], SecDateTEdit=STAMP)
        )
        s.add(
            ProcedureLog(
                PatNum=1,
                ProcDate=dt.date(2030, 1, 1),
                ProcStatus=4,
                CodeNum=1,
                DateTStamp=STAMP,
            )
        )
    r = await client.delete(f"{API}/procedurelogs/{ledger['cleaning']}", headers=practice.a())
    assert r.status_code == 400 and "patient payment" in r.json()["message"]
    with practice.db.session() as s:
        eo = s.scalar(select(ProcedureLog.ProcNum).where(ProcedureLog.ProcStatus == 4))
    r = await client.delete(f"{API}/procedurelogs/{eo}", headers=practice.a())
    assert r.status_code == 400 and "Only TP, TPi or C" in r.json()["message"]
    r = await client.delete(f"{API}/procedurelogs/{ledger['planned']}", headers=practice.b())
    assert r.status_code == 404


async def test_group_notes_are_created_listed_edited_and_deleted(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        second = ProcedureLog(
            PatNum=1,
            ProcDate=dt.date(2025, 2, 1),
            ProcFee=20,
            ProcStatus=2,
            CodeNum=1,
            ProvNum=1,
            ClinicNum=1,
            DateTStamp=STAMP,
        )
        s.add(second)
        s.flush()
        pair = [ledger["cleaning"], second.ProcNum]
    body = {"PatNum": 1, "ProcNums": [*pair, pair[0]], "Note": "Medical: no changes"}
    r = await client.post(f"{API}/procedurelogs/GroupNote", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert list(made) == ["PatNum", "ProvNum", "ProcNum", "ProcNums", "Note", "isSigned"]
    assert (made["ProcNums"], made["Note"], made["isSigned"]) == (
        pair,
        "Medical: no changes",
        "false",
    )
    group = made["ProcNum"]
    proc = (await client.get(f"{API}/procedurelogs/{group}", headers=practice.a())).json()
    assert (proc["procCode"], proc["ProcStatus"], proc["ProcDate"]) == ("~GRP~", "EC", "2025-02-01")
    r = await client.put(
        f"{API}/procedurelogs/{group}/GroupNote",
        headers=practice.a(),
        json={
            "PatNum": 1,
            "Note": " Pt concerns: none",
            "doAppendNote": "true",
            "isSigned": "true",
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["Note"] == "Medical: no changes Pt concerns: none"
    listed = await client.get(
        f"{API}/procedurelogs/GroupNotes", params={"PatNum": 1}, headers=practice.a()
    )
    assert [(n["ProcNum"], n["isSigned"]) for n in listed.json()] == [(group, "True")]
    r = await client.delete(f"{API}/procedurelogs/{group}/GroupNote", headers=practice.a())
    assert r.status_code == 200
    listed = await client.get(
        f"{API}/procedurelogs/GroupNotes", params={"PatNum": 1}, headers=practice.a()
    )
    assert listed.json() == []


async def test_group_note_mistakes_are_explained(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    def post(body: dict[str, object]) -> object:
        return client.post(f"{API}/procedurelogs/GroupNote", headers=practice.a(), json=body)

    mixed = [ledger["cleaning"], ledger["planned"]]  # different dates
    cases = [
        ({"PatNum": 1, "Note": "x"}, 400, "ProcNums is required"),
        ({"PatNum": 1, "ProcNums": [ledger["cleaning"]]}, 400, "Note is required"),
        ({"PatNum": 1, "ProcNums": mixed, "Note": "x"}, 400, "same ProcDate"),
        ({"PatNum": 1, "ProcNums": [ledger["exam"]], "Note": "x"}, 400, "another patient"),
        ({"PatNum": 1, "ProcNums": [98765], "Note": "x"}, 404, "98765"),
    ]
    for body, status, words in cases:
        r = await post(body)  # type: ignore[misc]
        assert r.status_code == status and words in r.json()["message"], (body, r.text)
    r = await client.get(f"{API}/procedurelogs/GroupNotes", headers=practice.a())
    assert r.status_code == 400 and "PatNum is required" in r.json()["message"]
    r = await client.put(
        f"{API}/procedurelogs/{ledger['cleaning']}/GroupNote",
        headers=practice.a(),
        json={"PatNum": 1, "Note": "x"},
    )
    assert r.status_code == 400 and "not a group note" in r.json()["message"]
    r = await client.get(
        f"{API}/procedurelogs/GroupNotes", params={"PatNum": 500}, headers=practice.a()
    )
    assert r.status_code == 404
