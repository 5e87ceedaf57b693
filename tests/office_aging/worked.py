"""The worked family example of docs/aging.md, as data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.office_aging.ledger import Adj, Claim, Ledger, Pat, Proc, Split

AS_OF = dt.date(2024, 6, 30)


def smith_family() -> Ledger:
    return Ledger(
        patients=[
            Pat(1, 1, "Smith", "John"),
            Pat(2, 1, "Smith", "Jane"),
            Pat(3, 1, "Smith", "Tim"),
            Pat(4, 4, "Jones", "Ann", ClinicNum=2),
        ],
        procs=[
            Proc(1, dt.date(2024, 2, 10), Decimal("1000.00")),  # crown, 141 days old
            Proc(2, dt.date(2024, 4, 20), Decimal("200.00")),  # fillings, 71 days old
            Proc(3, dt.date(2024, 5, 20), Decimal("120.00")),  # cleaning, 41 days old
            Proc(3, dt.date(2024, 6, 20), Decimal("40.00"), UnitQty=2),  # two sealants, 10 days old
            Proc(3, dt.date(2024, 7, 5), Decimal("99.00")),  # after the as-of date: not yet
            Proc(1, dt.date(2024, 6, 1), Decimal("300.00"), ProcStatus=1),  # treatment plan only
            Proc(4, dt.date(2024, 6, 1), Decimal("85.50"), ClinicNum=2),
        ],
        adjs=[Adj(3, dt.date(2024, 6, 25), Decimal("-20.00"))],  # courtesy discount
        splits=[Split(1, dt.date(2024, 4, 1), Decimal("250.00"))],
        claims=[
            Claim(
                1,
                1,
                dt.date(2024, 2, 10),
                dt.date(2024, 3, 15),
                InsPayEst=Decimal("550.00"),
                InsPayAmt=Decimal("500.00"),
                WriteOff=Decimal("100.00"),
            ),
            Claim(
                2,
                0,
                dt.date(2024, 4, 20),
                None,
                InsPayEst=Decimal("120.00"),
                WriteOff=Decimal("30.00"),
            ),
            Claim(3, 6, dt.date(2024, 7, 5), None, InsPayEst=Decimal("50.00")),  # an estimate only
        ],
    )


SMITH_ROW = {
    "PatNum": 1,
    "patName": "Smith, John ",
    "Bal_0_30": 80.0,
    "Bal_31_60": 120.0,
    "Bal_61_90": 200.0,
    "BalOver90": 130.0,
    "BalTotal": 530.0,
    "InsWoEst": 30.0,
    "InsPayEst": 120.0,
    "PatientPortion": 380.0,
}
JONES_ROW = {
    "PatNum": 4,
    "patName": "Jones, Ann ",
    "Bal_0_30": 85.5,
    "Bal_31_60": 0.0,
    "Bal_61_90": 0.0,
    "BalOver90": 0.0,
    "BalTotal": 85.5,
    "InsWoEst": 0.0,
    "InsPayEst": 0.0,
    "PatientPortion": 85.5,
}
