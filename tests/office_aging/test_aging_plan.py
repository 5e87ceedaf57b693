"""SQLite's plan for the aging report: what keeps it within 2x of DuckDB on a large office.

The report must read one ``agingtotal`` row per patient and clinic, only the last three
months of ``agingday`` (through ``ix_agingday_d``), and sum per family while walking
``patient`` in guarantor order, so the only temporary B-trees are the two small per-day
groupings and the final name order. A plan that falls back to scanning ``agingday`` or to
sorting every patient's sums by guarantor is several times slower on 100,000 patients
(bench/aging.py) while still giving the right answers, so only the plan shows it.
"""

from __future__ import annotations

import pytest

from dentin.office import aging
from dentin.office.registry import OfficeDatabase
from tests.office_aging.ledger import load
from tests.office_aging.worked import AS_OF, smith_family


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("clinic", [None, 1])
def test_the_report_walks_families_in_guarantor_order_and_reads_only_recent_days(
    office_db: OfficeDatabase, clinic: int | None
) -> None:
    # SQLite only: the check reads SQLite's EXPLAIN QUERY PLAN.
    load(office_db, smith_family())
    sql = aging.report_sql("sqlite", clinic=clinic is not None)
    with office_db.engine.connect() as conn:
        plan = [
            str(row[-1])
            for row in conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {sql}", aging.params("sqlite", AS_OF, clinic)
            )
        ]
    assert "SCAN p USING COVERING INDEX ix_patient_guarantor" in plan, plan
    assert not [s for s in plan if "agingday" in s and "ix_agingday_d" not in s], plan
    assert not [s for s in plan if s.startswith("SCAN agingtotal")], plan
    assert plan.count("USE TEMP B-TREE FOR GROUP BY") == 2, plan  # w and af, by day
    assert plan.count("USE TEMP B-TREE FOR ORDER BY") == 1, plan
