"""Seed 000's "Retrieving Aging Data" recipe, followed to the letter, end to end."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import httpx
from sqlalchemy import update

from dentin.office import aging_service
from dentin.office.models import Preference
from tests.conftest import World
from tests.office_aging.ledger import (
    Adj,
    Claim,
    Ledger,
    Pat,
    Proc,
    Split,
    load,
    reference_est_balance,
    reference_family,
)

SEED_QUERY = (
    "SELECT patnum, estbalance, bal_0_30, bal_31_60, bal_61_90, balover90, insest, baltotal "
    "FROM patient WHERE patnum=guarantor and clinicnum=@ClinicNum AND ( estbalance>0 OR "
    "bal_0_30>0 OR bal_31_60>0 OR bal_61_90>0 OR balover90>0 OR insest>0 OR baltotal>0)"
)
TODAY = dt.date(2024, 6, 30)


def _practice(families: int) -> Ledger:
    rnd = random.Random(2024)
    ledger = Ledger()
    num = 0
    for _ in range(families):
        num += 1
        guarantor = num
        clinic = rnd.choice([1, 1, 1, 2])
        members = [guarantor] + [num + i for i in range(1, rnd.randint(1, 3))]
        num = members[-1]
        for m in members:
            ledger.patients.append(Pat(m, guarantor, f"Fam{guarantor:04d}", f"P{m}", clinic))
            for _ in range(rnd.randint(0, 3)):
                day = TODAY - dt.timedelta(days=rnd.randint(0, 200))
                fee = Decimal(rnd.randint(2000, 90000)) / 100
                ledger.procs.append(Proc(m, day, fee, ClinicNum=clinic))
                if rnd.random() < 0.4:
                    status = rnd.choice([0, 1])
                    paid = day + dt.timedelta(days=20) if status == 1 else None
                    est = (fee * Decimal("0.6")).quantize(Decimal("0.01"))
                    ledger.claims.append(
                        Claim(
                            m,
                            status,
                            day,
                            paid,
                            InsPayEst=est,
                            InsPayAmt=est if status else Decimal(0),
                            WriteOff=Decimal("5.00"),
                            ClinicNum=clinic,
                        )
                    )
            if rnd.random() < 0.5:
                day = TODAY - dt.timedelta(days=rnd.randint(0, 150))
                amount = Decimal(rnd.randint(1000, 60000)) / 100
                ledger.splits.append(Split(m, day, amount, clinic))
            if rnd.random() < 0.1:
                ledger.adjs.append(Adj(m, TODAY - dt.timedelta(days=3), Decimal("-10.00"), clinic))
    return ledger


def _expected(ledger: Ledger, clinic: int) -> list[dict[str, object]]:
    def c(v: Decimal) -> float:
        return float(v.quantize(Decimal("0.01"))) + 0.0

    rows = []
    for p in ledger.patients:
        if p.PatNum != p.Guarantor or p.ClinicNum != clinic:
            continue
        fam = reference_family(ledger, p.PatNum, TODAY)
        row = {
            "patnum": p.PatNum,
            "estbalance": c(reference_est_balance(ledger, p.PatNum, TODAY)),
            "bal_0_30": c(fam.Bal_0_30),
            "bal_31_60": c(fam.Bal_31_60),
            "bal_61_90": c(fam.Bal_61_90),
            "balover90": c(fam.BalOver90),
            "insest": c(fam.InsPayEst + fam.InsWoEst),
            "baltotal": c(fam.BalTotal),
        }
        if any(isinstance(v, float) and v > 0 for k, v in row.items() if k != "patnum"):
            rows.append(row)
    return rows


async def test_seed_000_recipe_returns_the_independently_computed_family_balances(
    world: World, client: httpx.AsyncClient
) -> None:
    db = world.rt.offices.get(world.office_a.id)
    ledger = _practice(300)
    load(db, ledger)
    with db.transaction() as s:  # aging last ran yesterday
        s.execute(
            update(Preference)
            .where(Preference.PrefName == "DateLastAging")
            .values(ValueString=(TODAY - dt.timedelta(days=1)).isoformat())
        )
    # The office's aging service runs at AgingServiceTimeDue (02:00) on the day.
    ran = aging_service.run_due([db], dt.datetime.combine(TODAY, dt.time(2, 5)))
    assert len(ran) == 1
    h = world.odfhir()

    # 1. GET preferences: when aging last ran, and at what time of day it runs.
    r = await client.get("/api/v1/preferences?PrefName=DateLastAging", headers=h)
    (last,) = r.json()
    assert set(last) == {"PrefNum", "PrefName", "ValueString"}
    assert last["ValueString"] == TODAY.isoformat()
    r = await client.get("/api/v1/preferences?PrefName=AgingServiceTimeDue", headers=h)
    (due,) = r.json()
    assert due["ValueString"].endswith("02:00:00")  # the date part is to be ignored

    # 2. DateLastAging is today, so go ahead. 3. PUT queries/ShortQuery, paging by 100.
    rows: list[dict[str, object]] = []
    offset = 0
    while True:
        r = await client.put(
            f"/api/v1/queries/ShortQuery?Offset={offset}",
            json={"SqlCommand": f"SET @ClinicNum=1; {SEED_QUERY}"},
            headers=h,
        )
        assert r.status_code == 200, r.text
        page = r.json()
        rows.extend(page)
        if len(page) < 100:
            break
        offset += 100
    expected = _expected(ledger, 1)
    assert len(expected) > 100  # the recipe really had to page
    assert sorted(rows, key=lambda row: int(row["patnum"])) == expected  # type: ignore[call-overload]
    assert len({row["patnum"] for row in rows}) == len(rows)  # no page overlapped another
