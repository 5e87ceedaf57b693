"""Hypothesis: the set-based SQL equals the plain per-family reference, to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dentin.office import aging
from dentin.office.models import Patient
from dentin.office.registry import OfficeDatabase
from tests.office_aging.ledger import (
    Adj,
    Claim,
    Ledger,
    Pat,
    Proc,
    Split,
    as_wire,
    load,
    reference_est_balance,
    reference_report,
)

START = dt.date(2023, 1, 1)
days = st.integers(min_value=0, max_value=540).map(lambda n: START + dt.timedelta(days=n))
cents = st.integers(min_value=-50_000, max_value=300_000).map(lambda n: Decimal(n) / 100)
positive = st.integers(min_value=0, max_value=200_000).map(lambda n: Decimal(n) / 100)
clinics = st.sampled_from([0, 1, 2])
SLOW_OK = [HealthCheck.function_scoped_fixture]


@st.composite
def ledgers(draw: st.DrawFn) -> Ledger:
    n = draw(st.integers(min_value=1, max_value=7))
    patients: list[Pat] = []
    for num in range(1, n + 1):
        guarantors = [p.PatNum for p in patients if p.Guarantor == p.PatNum]
        guarantor = draw(st.sampled_from([num, *guarantors]))
        patients.append(
            Pat(
                num,
                guarantor,
                draw(st.sampled_from(["Ng", "Diaz", "Ode"])),
                draw(st.sampled_from(["Al", "Bo"])),
                draw(clinics),
            )
        )
    nums = st.sampled_from([p.PatNum for p in patients])
    return Ledger(
        patients=patients,
        procs=draw(
            st.lists(
                st.builds(
                    Proc,
                    nums,
                    days,
                    positive,
                    st.sampled_from([1, 2, 2, 2, 6]),
                    st.integers(1, 3),
                    clinics,
                ),
                max_size=8,
            )
        ),
        adjs=draw(st.lists(st.builds(Adj, nums, days, cents, clinics), max_size=4)),
        splits=draw(st.lists(st.builds(Split, nums, days, cents, clinics), max_size=5)),
        claims=draw(
            st.lists(
                st.builds(
                    Claim,
                    nums,
                    st.sampled_from([0, 1, 2, 4, 6, 7]),
                    days,
                    st.none() | days,
                    positive,
                    positive,
                    positive,
                    clinics,
                ),
                max_size=5,
            )
        ),
    )


def _names(ledger: Ledger) -> dict[int, str]:
    return {p.PatNum: f"{p.LName}, {p.FName} " for p in ledger.patients}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers(), as_of=days, clinic=st.none() | clinics)
def test_the_report_equals_the_reference_on_random_ledgers(
    office_db: OfficeDatabase, ledger: Ledger, as_of: dt.date, clinic: int | None
) -> None:
    load(office_db, ledger)
    names = _names(ledger)
    expected = [as_wire(f, names[f.PatNum]) for f in reference_report(ledger, as_of, clinic)]
    assert [f.wire() for f in aging.family_aging(office_db, as_of, clinic)] == expected


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers(), as_of=days)
def test_the_recompute_equals_the_reference_on_random_ledgers(
    office_db: OfficeDatabase, ledger: Ledger, as_of: dt.date
) -> None:
    load(office_db, ledger)
    aging.recompute(office_db, as_of)
    report = {f.PatNum: f for f in reference_report(ledger, as_of)}
    with office_db.session() as s:
        rows = s.execute(
            select(
                Patient.PatNum,
                Patient.Guarantor,
                Patient.Bal_0_30,
                Patient.Bal_31_60,
                Patient.Bal_61_90,
                Patient.BalOver90,
                Patient.BalTotal,
                Patient.InsEst,
                Patient.EstBalance,
            )
        ).all()
    for row in rows:
        est = reference_est_balance(ledger, row.PatNum, as_of)
        assert row.EstBalance == float(est.quantize(Decimal("0.01")))
        fam = report.get(row.PatNum)
        if row.PatNum != row.Guarantor or fam is None:
            assert (row.Bal_0_30, row.BalTotal, row.InsEst) == (0, 0, 0)
            continue
        wire = as_wire(fam, "")
        assert (row.Bal_0_30, row.Bal_31_60, row.Bal_61_90, row.BalOver90, row.BalTotal) == (
            wire["Bal_0_30"],
            wire["Bal_31_60"],
            wire["Bal_61_90"],
            wire["BalOver90"],
            wire["BalTotal"],
        )
        assert row.InsEst == float((fam.InsPayEst + fam.InsWoEst).quantize(Decimal("0.01")))
