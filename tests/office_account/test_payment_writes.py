"""``PUT /payments/{PayNum}``, ``POST /payments/Refund`` and ``PUT /payments/{PayNum}/Partial``."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select

from dentin.office import aging
from dentin.office.models import PaySplit
from tests.office.conftest import Practice
from tests.office_account.conftest import API


def splits(practice: Practice, pay_num: int) -> list[tuple[int, int, float]]:
    with practice.db.session() as s:
        rows = s.scalars(
            select(PaySplit).where(PaySplit.PayNum == pay_num).order_by(PaySplit.SplitNum)
        )
        return [(r.PatNum, r.ProcNum, r.SplitAmt) for r in rows]


def balance(practice: Practice) -> float:
    rows = aging.family_aging(practice.db, dt.date(2031, 12, 31))
    return next((r.BalTotal for r in rows if r.PatNum == 1), 0.0)


async def _pay(client: httpx.AsyncClient, practice: Practice, amount: str) -> int:
    r = await client.post(
        f"{API}/payments", headers=practice.a(), json={"PayAmt": amount, "PatNum": 1}
    )
    assert r.status_code == 201, r.text
    return int(r.json()["PayNum"])


async def test_put_changes_the_fields_open_dental_lets_it(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    num = await _pay(client, practice, "20")
    r = await client.put(
        f"{API}/payments/{num}",
        headers=practice.a(),
        json={"PayType": 6, "CheckNum": "7492", "BankBranch": "98-795", "PayNote": "12 months"},
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["PayType"], got["payType"], got["CheckNum"], got["PayNote"]) == (
        6,
        "Cash",
        "7492",
        "12 months",
    )
    assert got["PayAmt"] == "20" and got["serverDateTime"] == ""
    r = await client.put(
        f"{API}/payments/{num}", headers=practice.a(), json={"ProcessStatus": "OnlineProcessed"}
    )
    assert r.json()["ProcessStatus"] == "OnlineProcessed"
    for body, words in (
        ({"ProcessStatus": "OfficeProcessed"}, "ProcessStatus"),
        ({"PayType": 19}, "PayType 19"),
    ):
        r = await client.put(f"{API}/payments/{num}", headers=practice.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"]
    assert (
        await client.put(f"{API}/payments/{num}", headers=practice.b(), json={})
    ).status_code == 404


async def test_a_refund_mirrors_the_splits_and_restores_the_balance(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    before = balance(practice)
    num = await _pay(client, practice, "129.99")
    assert balance(practice) == round(before - 129.99, 2)
    r = await client.post(f"{API}/payments/Refund", headers=practice.a(), json={"PayNum": num})
    assert r.status_code == 201, r.text
    refund = r.json()
    assert refund["PayAmt"] == "-129.99" and refund["PayNum"] != num
    assert r.headers["Location"].endswith(f"/api/v1/payments/{refund['PayNum']}")
    assert splits(practice, refund["PayNum"]) == [
        (p, proc, -amt) for p, proc, amt in splits(practice, num)
    ]
    assert balance(practice) == before
    r = await client.post(
        f"{API}/payments/Refund", headers=practice.a(), json={"PayNum": refund["PayNum"]}
    )
    assert r.status_code == 400 and "not a positive payment" in r.json()["message"]
    r = await client.post(f"{API}/payments/Refund", headers=practice.a(), json={})
    assert r.status_code == 400 and "PayNum" in r.json()["message"]
    r = await client.post(f"{API}/payments/Refund", headers=practice.b(), json={"PayNum": num})
    assert r.status_code == 404


async def test_partial_replaces_the_splits_with_the_named_procedures(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    num = await _pay(client, practice, "55")
    body = {
        "procNumsAndAmounts": [
            {"ProcNum": ledger["exam"], "Amount": 40},
            {"ProcNum": ledger["cleaning"], "Amount": 15},
        ]
    }
    r = await client.put(f"{API}/payments/{num}/Partial", headers=practice.a(), json=body)
    assert r.status_code == 200, r.text
    assert r.json()["PayNum"] == num
    assert splits(practice, num) == [(2, ledger["exam"], 40.0), (1, ledger["cleaning"], 15.0)]


async def test_partial_refuses_amounts_that_do_not_fit(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    num = await _pay(client, practice, "55")
    kept = splits(practice, num)
    cases = [
        ({}, "procNumsAndAmounts or payPlanChargeNumsAndAmounts"),
        ({"procNumsAndAmounts": [{"ProcNum": ledger["exam"], "Amount": 50}]}, "must be equal"),
        ({"procNumsAndAmounts": [{"ProcNum": ledger["planned"], "Amount": 55}]}, "outstanding"),
        ({"procNumsAndAmounts": [{"ProcNum": ledger["cleaning"], "Amount": 55}]}, "50.00"),
        ({"procNumsAndAmounts": [{"Amount": 55}]}, "needs ProcNum and Amount"),
        ({"payPlanChargeNumsAndAmounts": [{"PayPlanChargeNum": 9, "Amount": 55}]}, "9"),
    ]
    for body, words in cases:
        r = await client.put(f"{API}/payments/{num}/Partial", headers=practice.a(), json=body)
        assert r.status_code in (400, 404), (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    assert splits(practice, num) == kept  # nothing half-done
