"""``/accountmodules/{PatNum}/Aging``, ``/PatientBalances`` and ``/ServiceDateView``."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office import aging
from dentin.office.clock import office_now
from dentin.office.models import ClaimProc, Patient, PaySplit, ProcedureLog
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API


def _recent(practice: Practice) -> None:
    """A $40 exam of Jane's ten days ago, $30 of insurance pending on it, $5 unearned."""
    today = office_now(practice.db).date()
    with practice.db.transaction() as s:
        proc = ProcedureLog(
            PatNum=1,
            ProcDate=today - dt.timedelta(days=10),
            ProcFee=40,
            ProcStatus=2,
            CodeNum=1,
            ProvNum=1,
            DateTStamp=STAMP,
        )
        s.add(proc)
        s.flush()
        s.add(
            ClaimProc(
                ProcNum=proc.ProcNum,
                PatNum=1,
                Status=0,
                InsPayEst=30,
                ProcDate=proc.ProcDate,
                SecDateTEdit=STAMP,
            )
        )
        s.add(PaySplit(SplitAmt=5, PatNum=2, PayNum=77, DatePay=today, SecDateTEdit=STAMP))


async def test_aging_matches_the_aging_report_for_the_family(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    _recent(practice)
    r = await client.get(f"{API}/accountmodules/2/Aging", headers=practice.a())
    assert r.status_code == 200, r.text
    got = r.json()
    assert list(got) == [
        "Bal_0_30",
        "Bal_31_60",
        "Bal_61_90",
        "BalOver90",
        "Total",
        "InsEst",
        "EstBal",
        "PatEstBal",
        "Unearned",
    ]
    report = aging.family_aging(practice.db, office_now(practice.db).date())
    family = next(f for f in report if f.PatNum == 1)
    assert (got["Bal_0_30"], got["Bal_31_60"], got["Bal_61_90"], got["BalOver90"]) == (
        family.Bal_0_30,
        family.Bal_31_60,
        family.Bal_61_90,
        family.BalOver90,
    )
    assert got["Total"] == family.BalTotal == 195.0  # 100 + 50 + 10 + 40 - 5
    assert got["BalOver90"] == 155.0 and got["Bal_0_30"] == 40.0  # the credit pays the oldest
    assert (got["InsEst"], got["EstBal"], got["Unearned"]) == (30.0, 165.0, 5.0)
    assert got["PatEstBal"] == 95.0  # the child's own: $100 exam less the $5 split


async def test_patient_balances_list_each_member_then_the_family(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/accountmodules/2/PatientBalances", headers=practice.a())
    assert r.status_code == 200, r.text
    assert r.json() == [
        {"PatNum": 1, "Name": "Smith, Jane", "Balance": 60.0},
        {"PatNum": 2, "Name": "Smith, Tommy", "Balance": 100.0},
        {"PatNum": 1, "Name": "Entire Family", "Balance": 160.0},
    ]


async def test_service_date_view_groups_charges_by_date_with_totals(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    pay = await client.post(
        f"{API}/payments",
        headers=practice.a(),
        json={"PayAmt": 30, "PatNum": 1, "procNums": [ledger["cleaning"]]},
    )
    assert pay.status_code == 201
    r = await client.get(f"{API}/accountmodules/1/ServiceDateView", headers=practice.a())
    assert r.status_code == 200, r.text
    rows = r.json()
    assert all(isinstance(v, str) for row in rows for v in row.values())
    assert [(x["Type"], x["Reference"]) for x in rows] == [
        ("Adj", "Adj- Finance Charge"),
        ("Day Total", "Total for Date"),
        ("Proc", "D1110-Pro"),
        ("PatPay Att.", "Pat Payment - Check"),
        ("Day Total", "Total for Date"),
        ("Overall Total", "Total"),
    ]
    proc = rows[2]
    assert (proc["ObjectType"], proc["PrimaryKey"], proc["ServiceDate"]) == (
        "Procedure",
        str(ledger["cleaning"]),
        "2025-02-01",
    )
    assert (proc["Charge"], proc["AcctBal"], proc["Patient"]) == ("50.00", "20.00", "Jane")
    assert rows[-1]["AcctBal"] == "30.00"  # 10 + 50 - 30
    family = await client.get(
        f"{API}/accountmodules/1/ServiceDateView",
        params={"isFamily": "true"},
        headers=practice.a(),
    )
    assert "Tommy" in {x["Patient"] for x in family.json()}
    bad = await client.get(
        f"{API}/accountmodules/1/ServiceDateView", params={"isFamily": "yes"}, headers=practice.a()
    )
    assert bad.status_code == 400 and "isFamily" in bad.json()["message"]


async def test_account_modules_refuse_unknown_deleted_and_other_office_patients(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    for view in ("Aging", "PatientBalances", "ServiceDateView"):
        r = await client.get(f"{API}/accountmodules/999/{view}", headers=practice.a())
        assert r.status_code == 404 and "PatNum 999" in r.json()["message"]
        r = await client.get(f"{API}/accountmodules/1/{view}", headers=practice.b())
        assert r.status_code == 404
        r = await client.get(f"{API}/accountmodules/x/{view}", headers=practice.a())
        assert r.status_code == 400
    with practice.db.transaction() as s:
        s.get(Patient, 3).PatStatus = 4  # type: ignore[union-attr]  # Deleted
    r = await client.get(f"{API}/accountmodules/3/Aging", headers=practice.a())
    assert r.status_code == 400 and "deleted patient" in r.json()["message"]
