"""The aging rules of docs/aging.md: the worked example, as-of dates, clinics, atomic runs."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select

from dentin.office import aging
from dentin.office.models import Patient, Preference, ProcedureLog
from dentin.office.registry import OfficeDatabase
from tests.office_aging.ledger import (
    as_wire,
    load,
    reference_est_balance,
    reference_report,
)
from tests.office_aging.worked import AS_OF, JONES_ROW, SMITH_ROW, smith_family


def _pref(db: OfficeDatabase, name: str) -> str:
    with db.session() as s:
        return s.scalars(select(Preference.ValueString).where(Preference.PrefName == name)).one()


def _balances(db: OfficeDatabase) -> dict[int, tuple[float, ...]]:
    with db.session() as s:
        rows = s.execute(
            select(
                Patient.PatNum,
                Patient.Bal_0_30,
                Patient.Bal_31_60,
                Patient.Bal_61_90,
                Patient.BalOver90,
                Patient.BalTotal,
                Patient.InsEst,
                Patient.EstBalance,
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_the_worked_family_example_ages_as_the_document_says(office_db: OfficeDatabase) -> None:
    load(office_db, smith_family())
    rows = [f.wire() for f in aging.family_aging(office_db, AS_OF)]
    assert rows == [JONES_ROW, SMITH_ROW]


def test_the_reference_implementation_agrees_with_the_worked_example() -> None:
    ledger = smith_family()
    names = {1: "Smith, John ", 4: "Jones, Ann "}
    rows = [as_wire(f, names[f.PatNum]) for f in reference_report(ledger, AS_OF)]
    assert rows == [JONES_ROW, SMITH_ROW]


def test_a_clinic_filter_ages_only_that_clinics_entries(office_db: OfficeDatabase) -> None:
    load(office_db, smith_family())
    assert [f.wire() for f in aging.family_aging(office_db, AS_OF, 2)] == [JONES_ROW]
    assert aging.family_aging(office_db, AS_OF, 9) == []


def test_an_earlier_as_of_date_moves_charges_to_younger_buckets(office_db: OfficeDatabase) -> None:
    load(office_db, smith_family())
    (smith,) = [f for f in aging.family_aging(office_db, dt.date(2024, 3, 1)) if f.PatNum == 1]
    # Only the crown exists on March 1st and the insurance check has not come in yet.
    assert (smith.Bal_0_30, smith.Bal_31_60, smith.BalTotal) == (1000.0, 0.0, 1000.0)
    assert smith.InsPayEst == 550.0  # received later, so still pending as of March 1st
    assert smith.InsWoEst == 100.0


def test_the_report_changes_no_account(office_db: OfficeDatabase) -> None:
    load(office_db, smith_family())
    before = _balances(office_db)
    aging.family_aging(office_db, AS_OF)
    assert _balances(office_db) == before


def test_credits_beyond_all_charges_show_as_a_negative_current_balance(
    office_db: OfficeDatabase,
) -> None:
    ledger = smith_family()
    ledger.splits[0].SplitAmt = ledger.splits[0].SplitAmt + 1000
    load(office_db, ledger)
    (smith,) = [f for f in aging.family_aging(office_db, AS_OF) if f.PatNum == 1]
    assert (smith.BalOver90, smith.Bal_61_90, smith.Bal_31_60) == (0.0, 0.0, 0.0)
    assert smith.Bal_0_30 == -470.0
    assert smith.BalTotal == -470.0


def test_recompute_writes_family_balances_on_the_guarantor_and_est_balance_on_each_patient(
    office_db: OfficeDatabase,
) -> None:
    ledger = smith_family()
    load(office_db, ledger)
    run = aging.recompute(office_db, AS_OF)
    balances = _balances(office_db)
    assert balances[1] == (80.0, 120.0, 200.0, 130.0, 530.0, 150.0, 150.0)
    assert balances[2][:6] == (0.0,) * 6  # family members carry no family balance
    assert balances[4][:6] == (85.5, 0.0, 0.0, 0.0, 85.5, 0.0)
    for patnum in (1, 2, 3, 4):
        assert balances[patnum][6] == float(reference_est_balance(ledger, patnum, AS_OF))
    assert run.patients_changed == 4
    assert _pref(office_db, "DateLastAging") == AS_OF.isoformat()
    assert aging.recompute(office_db, AS_OF).patients_changed == 0  # nothing to change


class KilledError(Exception):
    pass


@pytest.mark.parametrize("stage", ["computed", "updated", "before-commit"])
def test_a_run_killed_midway_leaves_the_previous_values(
    office_db: OfficeDatabase, stage: str
) -> None:
    load(office_db, smith_family())
    aging.recompute(office_db, dt.date(2024, 3, 1))
    before = _balances(office_db)

    def kill(at: str) -> None:
        if at == stage:
            raise KilledError(at)

    with pytest.raises(KilledError):
        aging.recompute(office_db, AS_OF, checkpoint=kill)
    assert _balances(office_db) == before
    assert _pref(office_db, "DateLastAging") == "2024-03-01"
    aging.recompute(office_db, AS_OF)
    assert _balances(office_db)[1][4] == 530.0


def test_a_write_that_arrives_during_a_run_waits_and_is_not_lost(
    office_db: OfficeDatabase,
) -> None:
    load(office_db, smith_family())
    done: list[str] = []

    def write_during_run() -> None:
        with office_db.transaction() as s:
            s.add(
                ProcedureLog(
                    PatNum=3,
                    ProcDate=dt.date(2024, 6, 29),
                    ProcFee=100.0,
                    ProcStatus=2,
                    DateTStamp=dt.datetime(2024, 6, 29),
                )
            )
        done.append("written")

    writer = threading.Thread(target=write_during_run)

    def start_writer(at: str) -> None:
        if at == "computed":
            writer.start()
            time.sleep(0.3)
            assert done == []  # the writer waits for the run instead of racing it

    aging.recompute(office_db, AS_OF, checkpoint=start_writer)
    writer.join(timeout=30)
    assert done == ["written"]
    assert _balances(office_db)[1][0] == 80.0  # this run's snapshot, consistently
    aging.recompute(office_db, AS_OF)
    assert _balances(office_db)[1][0] == 180.0
