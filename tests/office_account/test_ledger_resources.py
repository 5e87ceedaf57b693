"""``/adjustments``, ``/paysplits``, ``/payplans``, ``/payplancharges``, ``/statements``."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office.models import PayPlan, PayPlanCharge, Statement
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API


async def test_adjustments_are_listed_created_and_changed(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/adjustments", params={"PatNum": 1}, headers=practice.a())
    assert r.status_code == 200, r.text
    first = r.json()[0]
    assert list(first)[:6] == ["AdjNum", "AdjDate", "AdjAmt", "PatNum", "AdjType", "adjType"]
    assert (first["AdjAmt"], first["adjType"], first["AdjDate"]) == (
        10.0,
        "Finance Charge",
        "2025-01-15",
    )
    body = {
        "PatNum": 1,
        "AdjType": 31,
        "AdjAmt": -24.99,
        "AdjDate": "2025-07-19",
        "AdjNote": "Discount",
        "ProcNum": ledger["cleaning"],
    }
    r = await client.post(f"{API}/adjustments", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["AdjAmt"], made["adjType"], made["ProcDate"], made["ProcNum"]) == (
        -24.99,
        "Cash Discount",
        "2025-02-01",
        ledger["cleaning"],
    )
    assert r.headers["Location"].endswith(f"/api/v1/adjustments/{made['AdjNum']}")
    r = await client.put(
        f"{API}/adjustments/{made['AdjNum']}", headers=practice.a(), json={"AdjAmt": -24.49}
    )
    assert r.status_code == 200 and r.json()["AdjAmt"] == -24.49
    listed = await client.get(
        f"{API}/adjustments",
        params={"PatNum": 1, "ProcNum": ledger["cleaning"]},
        headers=practice.a(),
    )
    assert [a["AdjNum"] for a in listed.json()] == [made["AdjNum"]]


async def test_adjustment_mistakes_are_explained(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    base = {"PatNum": 1, "AdjType": 31, "AdjAmt": -5, "AdjDate": "2025-07-19"}
    cases = [
        ({**base, "AdjAmt": 5}, "negative"),
        ({**base, "AdjType": 32}, "positive"),
        ({**base, "AdjType": 5}, "AdjType 5"),
        ({**base, "AdjDate": "2099-01-01"}, "future"),
        ({**base, "ProcNum": ledger["exam"]}, "another patient"),
        ({k: v for k, v in base.items() if k != "AdjAmt"}, "AdjAmt is required"),
    ]
    for body, words in cases:
        r = await client.post(f"{API}/adjustments", headers=practice.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"], (body, r.text)
    r = await client.get(f"{API}/adjustments", headers=practice.a())
    assert r.status_code == 400 and "PatNum is required" in r.json()["message"]
    r = await client.put(f"{API}/adjustments/{ledger['adj']}", headers=practice.b(), json={})
    assert r.status_code == 404


async def test_paysplits_filter_by_payment_and_procedure(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    pay = await client.post(
        f"{API}/payments", headers=practice.a(), json={"PayAmt": 120, "PatNum": 1}
    )
    num = pay.json()["PayNum"]
    r = await client.get(f"{API}/paysplits", params={"PayNum": num}, headers=practice.a())
    assert r.status_code == 200, r.text
    rows = r.json()
    assert sum(s["SplitAmt"] for s in rows) == 120
    assert rows[0]["PayPlanDebitType"] == "Unknown" and rows[0]["SecDateTEdit"].count("-") == 2
    by_proc = await client.get(
        f"{API}/paysplits", params={"ProcNum": ledger["exam"]}, headers=practice.a()
    )
    assert {s["ProcNum"] for s in by_proc.json()} == {ledger["exam"]}
    other = await client.get(f"{API}/paysplits", params={"PayNum": num}, headers=practice.b())
    assert other.json() == []


async def test_payment_plans_and_their_charges(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        plan = PayPlan(
            PatNum=1,
            Guarantor=1,
            PayPlanDate=dt.date(2025, 6, 24),
            PayAmt=128.6,
            IsDynamic=1,
            ChargeFrequency=3,
            DynamicPayPlanTPOption=1,
            DatePayPlanStart=dt.date(2025, 7, 24),
        )
        s.add(plan)
        s.flush()
        for day, amount in ((dt.date(2025, 7, 24), 25.0), (dt.date(2025, 8, 24), 40.96)):
            s.add(
                PayPlanCharge(
                    PayPlanNum=plan.PayPlanNum,
                    Guarantor=1,
                    PatNum=1,
                    ChargeDate=day,
                    Principal=amount,
                    ProvNum=1,
                    LinkType=1,
                    SecDateTEntry=STAMP,
                    SecDateTEdit=STAMP,
                )
            )
        num = plan.PayPlanNum
    r = await client.get(f"{API}/payplans", params={"PatNum": 1}, headers=practice.a())
    assert r.status_code == 200, r.text
    got = r.json()[0]
    assert (got["IsDynamic"], got["ChargeFrequency"], got["DynamicPayPlanTPOption"]) == (
        "true",
        "Monthly",
        "AwaitComplete",
    )
    assert got["principalAmount"] == 65.96 and got["PaySchedule"] == "Monthly"
    assert (await client.get(f"{API}/payplans/{num}", headers=practice.a())).json() == got
    r = await client.get(f"{API}/payplancharges", params={"PayPlanNum": num}, headers=practice.a())
    assert [(c["Principal"], c["ChargeType"], c["LinkType"]) for c in r.json()] == [
        (25.0, "Debit", "Procedure"),
        (40.96, "Debit", "Procedure"),
    ]
    r = await client.get(f"{API}/payplancharges", headers=practice.a())
    assert r.status_code == 400 and "PayPlanNum is required" in r.json()["message"]
    r = await client.get(f"{API}/payplans/{num}", headers=practice.b())
    assert r.status_code == 404
    r = await client.get(f"{API}/payplans", params={"PatNum": 999}, headers=practice.a())
    assert r.status_code == 404


async def test_statements_are_listed_and_read_one_by_one(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        st = Statement(
            PatNum=1,
            DateSent=dt.date(2025, 2, 8),
            DateRangeFrom=dt.date(2025, 1, 1),
            DateRangeTo=dt.date(2025, 3, 31),
            Mode_=1,
            IsSent=1,
            DateTStamp=STAMP,
        )
        s.add(st)
        s.flush()
        num = st.StatementNum
    r = await client.get(f"{API}/statements", params={"PatNum": 1}, headers=practice.a())
    assert r.status_code == 200
    got = r.json()[0]
    assert (got["Mode_"], got["IsSent"], got["StatementType"], got["DateSent"]) == (
        "Mail",
        "true",
        "NotSet",
        "2025-02-08",
    )
    assert (await client.get(f"{API}/statements/{num}", headers=practice.a())).json() == got
    assert (await client.get(f"{API}/statements/{num}", headers=practice.b())).status_code == 404
    assert (await client.get(f"{API}/statements/0x1", headers=practice.a())).status_code == 400
