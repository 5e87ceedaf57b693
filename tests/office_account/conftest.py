"""The small practice of ``tests/office`` (office A, one patient in office B), plus a ledger
for the Smith family, for the account part of issue 15."""

from __future__ import annotations

import datetime as dt

import pytest

from dentin.office.models import Adjustment, ProcedureLog
from tests.office.conftest import STAMP, Practice, practice  # noqa: F401 - fixture

API = "/api/v1"


@pytest.fixture
def ledger(practice: Practice) -> dict[str, int]:  # noqa: F811 - the imported fixture
    """Smith family: the child's $100 exam and Jane's $50 cleaning (both complete), Jane's $10
    finance charge, and a $900 treatment-planned procedure of Jane's (not a charge)."""
    with practice.db.transaction() as s:
        exam = ProcedureLog(
            PatNum=2,
            ProcDate=dt.date(2025, 1, 1),
            ProcFee=100,
            ProcStatus=2,
            CodeNum=1,
            ProvNum=1,
            ClinicNum=1,
            DateTStamp=STAMP,
        )
        cleaning = ProcedureLog(
            PatNum=1,
            ProcDate=dt.date(2025, 2, 1),
            ProcFee=50,
            ProcStatus=2,
            CodeNum=2,
            ProvNum=1,
            ClinicNum=1,
            DateTStamp=STAMP,
        )
        planned = ProcedureLog(
            PatNum=1,
            ProcDate=dt.date(2025, 3, 1),
            ProcFee=900,
            ProcStatus=1,
            CodeNum=2,
            ProvNum=1,
            ClinicNum=1,
            DateTStamp=STAMP,
        )
        s.add_all([exam, cleaning, planned])
        s.flush()
        adj = Adjustment(
            PatNum=1,
            AdjDate=dt.date(2025, 1, 15),
            AdjAmt=10,
            AdjType=32,
            ProvNum=1,
            SecDateTEdit=STAMP,
        )
        s.add(adj)
        s.flush()
        return {
            "exam": exam.ProcNum,
            "cleaning": cleaning.ProcNum,
            "planned": planned.ProcNum,
            "adj": adj.AdjNum,
        }
