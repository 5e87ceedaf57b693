"""The ledger sums that aging reads are kept by triggers: edits and deletes must keep them exact.

Aging reads ``agingday``/``agingtotal`` (office migration 0002), never the ledger rows, so
every way the ledger changes has to reach them: rows edited in place (a claim received, a fee
corrected, a payment moved to another patient, a clinic changed), rows deleted. Here random
ledgers are edited with plain SQL (as any writer might) and mirrored on the reference's copy;
the report must still equal the reference to the cent, and the sums must equal sums rebuilt
from the ledger.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

import dentin
from dentin.office import aging
from dentin.office.registry import OfficeDatabase
from tests.office_aging.ledger import Ledger, as_wire, load, reference_report
from tests.office_aging.test_aging_property import cents, clinics, days, ledgers, positive
from tests.office_aging.worked import AS_OF, smith_family

MIGRATION = (
    Path(dentin.__file__).parent
    / "migrations/office/versions/0002_aging_indexes_and_ledger_summary.py"
)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("aging_summary_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (ledger list, table, primary key, {field of the list's items: column})
TABLES = {
    "procs": ("procedurelog", "procnum"),
    "adjs": ("adjustment", "adjnum"),
    "splits": ("paysplit", "splitnum"),
    "claims": ("claimproc", "claimprocnum"),
}

edits = st.one_of(
    st.tuples(
        st.just("claims"),
        st.integers(0, 50),
        st.fixed_dictionaries(
            {"Status": st.sampled_from([0, 1, 2, 4, 6, 7]), "DateCP": st.none() | days}
        ),
    ),
    st.tuples(
        st.just("procs"),
        st.integers(0, 50),
        st.fixed_dictionaries(
            {
                "ProcStatus": st.sampled_from([1, 2, 6]),
                "ProcFee": positive,
                "ProcDate": days,
                "ClinicNum": clinics,
            }
        ),
    ),
    st.tuples(
        st.just("splits"),
        st.integers(0, 50),
        st.fixed_dictionaries({"SplitAmt": cents, "DatePay": days}),
    ),
    st.tuples(st.just("adjs"), st.integers(0, 50), st.fixed_dictionaries({"AdjAmt": cents})),
    st.tuples(st.sampled_from(list(TABLES)), st.integers(0, 50), st.none()),  # delete
)


def _apply(
    db: OfficeDatabase, ledger: Ledger, edit: tuple[str, int, dict[str, Any] | None]
) -> None:
    """One edit in plain SQL, and the same edit on the reference's copy of the ledger."""
    kind, index, change = edit
    items: list[Any] = getattr(ledger, kind)
    if not items:
        return
    index %= len(items)
    table, key = TABLES[kind]
    with db.engine.begin() as conn:
        keys = conn.execute(text(f"SELECT {key} FROM {table} ORDER BY {key}")).scalars().all()
        row = keys[index]
        if change is None:
            conn.execute(text(f"DELETE FROM {table} WHERE {key} = :k"), {"k": row})
            del items[index]
            return
        values = {
            name.lower(): float(v) if isinstance(v, Decimal) else v for name, v in change.items()
        }
        assignments = ", ".join(f"{c} = :{c}" for c in values)
        conn.execute(
            text(f"UPDATE {table} SET {assignments} WHERE {key} = :k"),
            {**values, "k": row},
        )
    items[index] = dataclasses.replace(items[index], **change)


def _rows(db: OfficeDatabase, sql: str) -> dict[tuple[Any, ...], tuple[float, ...]]:
    """Sums by key, rounded to a thousandth of a cent, all-zero rows left out."""
    with db.engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    out = {}
    for row in rows:
        sums = tuple(round(float(v), 5) + 0.0 for v in row[-4:])
        if any(sums):
            out[tuple(str(k) for k in row[:-4])] = sums
    return out


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ledger=ledgers(),
    changes=st.lists(edits, min_size=1, max_size=6),
    as_of=days,
    clinic=st.none() | clinics,
)
def test_edited_and_deleted_ledger_rows_keep_the_report_equal_to_the_reference(
    office_db: OfficeDatabase,
    ledger: Ledger,
    changes: list[tuple[str, int, dict[str, Any] | None]],
    as_of: dt.date,
    clinic: int | None,
) -> None:
    load(office_db, ledger)
    for change in changes:
        _apply(office_db, ledger, change)
    names = {p.PatNum: f"{p.LName}, {p.FName} " for p in ledger.patients}
    expected = [as_wire(f, names[f.PatNum]) for f in reference_report(ledger, as_of, clinic)]
    assert [f.wire() for f in aging.family_aging(office_db, as_of, clinic)] == expected

    rebuilt = _migration().ledger_day_sums()
    kept = "SELECT patnum, clinicnum, d, charge, credit, pendpay, pendwo FROM agingday"
    assert _rows(office_db, kept) == _rows(office_db, rebuilt)
    totals = (
        "SELECT patnum, clinicnum, SUM(charge), SUM(credit), SUM(pendpay), SUM(pendwo) "
        f"FROM ({rebuilt}) x GROUP BY patnum, clinicnum"
    )
    kept_totals = "SELECT patnum, clinicnum, charge, credit, pendpay, pendwo FROM agingtotal"
    assert _rows(office_db, kept_totals) == _rows(office_db, totals)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ledger=ledgers(), as_of=days, clinic=st.none() | clinics)
def test_the_kept_sums_and_a_scan_of_the_ledger_rows_give_the_same_report(
    office_db: OfficeDatabase, ledger: Ledger, as_of: dt.date, clinic: int | None
) -> None:
    load(office_db, ledger)
    kept = aging.family_aging(office_db, as_of, clinic)
    assert kept == aging.family_aging(office_db, as_of, clinic, from_ledger=True)


def test_a_truncated_ledger_table_leaves_the_sums_of_the_others(office_db: OfficeDatabase) -> None:
    """PostgreSQL's TRUNCATE fires no row triggers; a statement trigger rebuilds the sums."""
    if office_db.dialect != "postgresql":
        return  # SQLite has no TRUNCATE (its DELETE without WHERE fires the row triggers)
    ledger = smith_family()
    load(office_db, ledger)
    with office_db.engine.begin() as conn:
        conn.execute(text("TRUNCATE claimproc"))
    ledger.claims.clear()
    names = {p.PatNum: f"{p.LName}, {p.FName} " for p in ledger.patients}
    expected = [as_wire(f, names[f.PatNum]) for f in reference_report(ledger, AS_OF)]
    assert [f.wire() for f in aging.family_aging(office_db, AS_OF)] == expected
