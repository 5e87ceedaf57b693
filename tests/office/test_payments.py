"""``/payments``: Open Dental's shape (PayAmt and ClinicNum as strings) and FIFO splits."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from sqlalchemy import select

from dentin.office.allocation import Charge, allocate
from dentin.office.models import Adjustment, ClaimProc, PaySplit, ProcedureLog
from tests.office.conftest import STAMP, Practice


@pytest.fixture
def ledger(practice: Practice) -> dict[str, int]:
    """Smith family: the child's $100 exam (30 paid), Jane's $10 charge and $50 cleaning
    (insurance paid 20, wrote off 5), and a planned procedure that is not a charge."""
    with practice.db.transaction() as s:
        p1 = ProcedureLog(
            PatNum=2,
            ProcDate=dt.date(2030, 1, 1),
            ProcFee=100,
            ProcStatus=2,
            CodeNum=1,
            ProvNum=1,
            ClinicNum=1,
            DateTStamp=STAMP,
        )
        p2 = ProcedureLog(
            PatNum=1,
            ProcDate=dt.date(2030, 2, 1),
            ProcFee=50,
            ProcStatus=2,
            CodeNum=2,
            ProvNum=2,
            DateTStamp=STAMP,
        )
        p3 = ProcedureLog(
            PatNum=1,
            ProcDate=dt.date(2029, 1, 1),
            ProcFee=900,
            ProcStatus=1,
            CodeNum=2,
            DateTStamp=STAMP,
        )
        s.add_all([p1, p2, p3])
        s.flush()
        s.add(PaySplit(SplitAmt=30, PatNum=2, PayNum=999, ProcNum=p1.ProcNum, SecDateTEdit=STAMP))
        s.add(
            ClaimProc(
                ProcNum=p2.ProcNum, PatNum=1, Status=1, InsPayAmt=20, WriteOff=5, SecDateTEdit=STAMP
            )
        )
        adj = Adjustment(
            PatNum=1, AdjDate=dt.date(2030, 1, 15), AdjAmt=10, ProvNum=1, SecDateTEdit=STAMP
        )
        s.add(adj)
        s.flush()
        return {"p1": p1.ProcNum, "p2": p2.ProcNum, "p3": p3.ProcNum, "adj": adj.AdjNum}


def splits(practice: Practice, pay_num: int) -> list[tuple[int, int, int, float]]:
    with practice.db.session() as s:
        rows = s.scalars(
            select(PaySplit).where(PaySplit.PayNum == pay_num).order_by(PaySplit.SplitNum)
        )
        return [(r.PatNum, r.ProcNum, r.AdjNum, r.SplitAmt) for r in rows]


async def test_payment_goes_to_the_familys_oldest_charges_first(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/payments",
        headers=practice.a(),
        json={"PayAmt": "100.00", "PatNum": 1, "CheckNum": "1234"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/payments/{body['PayNum']}")
    # PayAmt as Open Dental spells it: "339", "129.99" (apipayments.html).
    assert body["PayAmt"] == "100" and body["ClinicNum"] == "1"
    assert (body["PayType"], body["payType"]) == (5, "Check")
    assert body["CheckNum"] == "1234" and "serverDateTime" in body
    assert splits(practice, body["PayNum"]) == [
        (2, ledger["p1"], 0, 70.0),
        (1, 0, ledger["adj"], 10.0),
        (1, ledger["p2"], 0, 20.0),
    ]


async def test_overpayment_leaves_an_unallocated_split(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/payments", headers=practice.a(), json={"PayAmt": 200, "PatNum": 2}
    )
    assert r.status_code == 201
    assert splits(practice, r.json()["PayNum"]) == [
        (2, ledger["p1"], 0, 70.0),
        (1, 0, ledger["adj"], 10.0),
        (1, ledger["p2"], 0, 25.0),
        (2, 0, 0, 95.0),
    ]
    second = await client.post(
        "/api/v1/payments", headers=practice.a(), json={"PayAmt": 5, "PatNum": 1}
    )
    assert splits(practice, second.json()["PayNum"]) == [(1, 0, 0, 5.0)]


async def test_patient_preferred_and_procnums_choose_the_charges(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/payments",
        headers=practice.a(),
        json={"PayAmt": 40, "PatNum": 1, "isPatientPreferred": "true"},
    )
    assert splits(practice, r.json()["PayNum"]) == [
        (1, 0, ledger["adj"], 10.0),
        (1, ledger["p2"], 0, 25.0),
        (2, ledger["p1"], 0, 5.0),
    ]
    r = await client.post(
        "/api/v1/payments",
        headers=practice.a(),
        json={"PayAmt": 70, "PatNum": 1, "procNums": [ledger["p1"]]},
    )
    assert splits(practice, r.json()["PayNum"]) == [(2, ledger["p1"], 0, 65.0), (1, 0, 0, 5.0)]
    r = await client.post(
        "/api/v1/payments",
        headers=practice.a(),
        json={"PayAmt": 10, "PatNum": 1, "isPrepayment": "true"},
    )
    assert splits(practice, r.json()["PayNum"]) == [(1, 0, 0, 10.0)]


async def test_payments_list_filters_by_patnum_and_dateentry(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    h = practice.a()
    await client.post("/api/v1/payments", headers=h, json={"PayAmt": 1, "PatNum": 1})
    await client.post("/api/v1/payments", headers=h, json={"PayAmt": 2, "PatNum": 3, "PayType": 6})
    assert [
        p["PayAmt"] for p in (await client.get("/api/v1/payments?PatNum=3", headers=h)).json()
    ] == ["2"]
    assert [
        p["payType"] for p in (await client.get("/api/v1/payments?PayType=6", headers=h)).json()
    ] == ["Cash"]
    assert len((await client.get("/api/v1/payments?DateEntry=2000-01-01", headers=h)).json()) == 2
    assert (await client.get("/api/v1/payments?DateEntry=2999-01-01", headers=h)).json() == []
    bad = await client.get("/api/v1/payments?DateEntry=01/01/2020", headers=h)
    assert bad.status_code == 400 and "DateEntry" in bad.json()["message"]


async def test_payment_refusals_name_the_field(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    h = practice.a()
    for body, status, word in (
        ({"PatNum": 1}, 400, "PayAmt"),
        ({"PayAmt": 0, "PatNum": 1}, 400, "PayAmt"),
        ({"PayAmt": -5, "PatNum": 1}, 400, "PayAmt"),
        ({"PayAmt": "ten", "PatNum": 1}, 400, "PayAmt"),
        ({"PayAmt": 10}, 400, "PatNum"),
        ({"PayAmt": 10, "PatNum": 1, "PayType": 19}, 400, "PayType"),
        ({"PayAmt": 10, "PatNum": 1, "procNums": [ledger["p3"]]}, 400, "procNums"),
        ({"PayAmt": 10, "PatNum": 1, "procNums": "1,2"}, 400, "procNums"),
        ({"PayAmt": 10, "PatNum": 404}, 404, "PatNum 404"),
        ({"PayAmt": 10, "PatNum": practice.b_patient}, 404, "PatNum 500"),
    ):
        r = await client.post("/api/v1/payments", headers=h, json=body)
        assert r.status_code == status, body
        assert word in r.json()["message"], body


def test_allocate_rounds_to_cents_and_stops_when_the_money_runs_out() -> None:
    day = dt.date(2030, 1, 1)
    charges = [Charge(day, 1, 1, 1, 0, 33.333), Charge(day, 2, 1, 1, 0, 50.0)]
    assert [part for _c, part in allocate(40.0, charges)] == [33.33, 6.67]
    assert [c for c, _part in allocate(100.0, charges)][-1] is None
