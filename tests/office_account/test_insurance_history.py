"""``GET``/``POST /procedurelogs/InsuranceHistory`` (apiprocedurelogs.html)."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select

from dentin.office.models import ClaimProc, Preference, ProcedureCode, ProcedureLog
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API
from tests.office_account.subscribers import subscriber


def _codes(practice: Practice) -> None:
    with practice.db.transaction() as s:
        s.add(
            ProcedureCode(ProcCode="D0150", Descript="Comprehensive evaluation", DateTStamp=STAMP)
        )
        s.add(ProcedureCode(ProcCode="D0274", Descript="Bitewings - four films", DateTStamp=STAMP))
        for name, value in (
            ("InsHistExamCodes", "D0150,D0120"),
            ("InsHistBWCodes", "D0272,D0274"),
            ("InsHistPanoCodes", ""),
        ):
            pref = s.scalars(select(Preference).where(Preference.PrefName == name)).first()
            if pref is None:
                s.add(Preference(PrefName=name, ValueString=value))
            else:
                pref.ValueString = value


async def test_history_shows_each_category_and_a_recorded_date_counts(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    _codes(practice)
    sub = subscriber(practice.db, 7)
    params = {"PatNum": 1, "InsSubNum": sub}
    r = await client.get(
        f"{API}/procedurelogs/InsuranceHistory", params=params, headers=practice.a()
    )
    assert r.status_code == 200, r.text
    got = {x["insHistPrefName"]: (x["procDate"], x["ProcNum"]) for x in r.json()}
    assert len(got) == 10
    assert got["InsHistBWCodes"] == ("No History", 0)
    assert got["InsHistPanoCodes"] == ("Not Set", 0)
    assert got["InsHistDebridementCodes"] == ("No History", 0)  # the office's default codes
    body = {
        "PatNum": 1,
        "InsSubNum": sub,
        "insHistPrefName": "InsHistBWCodes",
        "ProcDate": "2025-01-23",
    }
    r = await client.post(f"{API}/procedurelogs/InsuranceHistory", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["ProcStatus"], made["procCode"], made["ProcDate"], made["serverDateTime"]) == (
        "EO",
        "D0274",
        "2025-01-23",
        "",
    )
    with practice.db.session() as s:
        cp = s.scalars(select(ClaimProc).where(ClaimProc.ProcNum == made["ProcNum"])).one()
        assert (cp.Status, cp.PlanNum) == (11, 7)
    r = await client.get(
        f"{API}/procedurelogs/InsuranceHistory", params=params, headers=practice.a()
    )
    got = {x["insHistPrefName"]: (x["procDate"], x["ProcNum"]) for x in r.json()}
    assert got["InsHistBWCodes"] == ("2025-01-23", made["ProcNum"])
    # The completed exam of the ledger (D0120 on 2025-01-01) is the child's, not Jane's.
    assert got["InsHistExamCodes"] == ("No History", 0)
    with practice.db.transaction() as s:
        s.add(
            ProcedureLog(
                PatNum=1, ProcDate=dt.date(2025, 3, 3), ProcStatus=2, CodeNum=1, DateTStamp=STAMP
            )
        )
    r = await client.get(
        f"{API}/procedurelogs/InsuranceHistory", params=params, headers=practice.a()
    )
    got = {x["insHistPrefName"]: x["procDate"] for x in r.json()}
    assert got["InsHistExamCodes"] == "2025-03-03"


async def test_insurance_history_mistakes_are_explained(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    _codes(practice)
    r = await client.get(
        f"{API}/procedurelogs/InsuranceHistory", params={"PatNum": 1}, headers=practice.a()
    )
    assert r.status_code == 400 and "InsSubNum" in r.json()["message"]
    r = await client.get(
        f"{API}/procedurelogs/InsuranceHistory",
        params={"PatNum": 1, "InsSubNum": 404040},
        headers=practice.a(),
    )
    assert r.status_code == 404 and "InsSubNum 404040" in r.json()["message"]
    sub = subscriber(practice.db, 7)
    base = {"PatNum": 1, "InsSubNum": sub, "ProcDate": "2025-01-23"}
    for body, words in (
        ({**base, "insHistPrefName": "inshistbwcodes"}, "case sensitive"),
        ({**base, "insHistPrefName": "InsHistPanoCodes"}, "names no procedure code"),
        (
            {k: v for k, v in base.items() if k != "ProcDate"}
            | {"insHistPrefName": "InsHistBWCodes"},
            "ProcDate",
        ),
    ):
        r = await client.post(
            f"{API}/procedurelogs/InsuranceHistory", headers=practice.a(), json=body
        )
        assert r.status_code == 400 and words in r.json()["message"], (body, r.text)
    r = await client.get(
        f"{API}/procedurelogs/InsuranceHistory",
        params={"PatNum": 500, "InsSubNum": sub},
        headers=practice.a(),
    )
    assert r.status_code == 404
