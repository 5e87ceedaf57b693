"""The synthetic practice: deterministic per seed, real families, and a ledger that adds up."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import func, select

from dentin.db import OfficeBase
from dentin.errors import Conflict
from dentin.office.generate import CODES, generate_office
from dentin.office.models import (
    Appointment,
    ClaimProc,
    Operatory,
    Patient,
    Payment,
    PaySplit,
    ProcedureCode,
    ProcedureLog,
    Schedule,
)
from dentin.office.registry import OfficeDatabase
from dentin.office.seed import ensure_preferences
from dentin.office.slots import find_slots
from tests.office_generate.conftest import OfficeFactory

AS_OF = dt.date(2026, 6, 15)
TABLES = (
    "clinic", "provider", "operatory", "procedurecode", "patient", "appointment",
    "procedurelog", "claimproc", "payment", "paysplit", "adjustment",
)  # fmt: skip


def _normal(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def checksum(db: OfficeDatabase) -> str:
    digest = hashlib.sha256()
    with db.session() as session:
        for name in TABLES:
            table = OfficeBase.metadata.tables[name]
            pk = next(iter(table.primary_key.columns))
            for row in session.execute(select(table).order_by(pk)):
                digest.update("|".join(_normal(v) for v in row).encode())
    return digest.hexdigest()


def rows(db: OfficeDatabase, model: Any) -> list[Any]:
    with db.session() as session:
        return list(session.scalars(select(model)))


def cents(value: float) -> bool:
    return abs(value * 100 - round(value * 100)) < 1e-6


def test_the_same_seed_makes_the_same_practice(new_office: OfficeFactory) -> None:
    first, second, other = new_office(), new_office(), new_office()
    generate_office(first, 30, seed=7, as_of=AS_OF)
    generate_office(second, 30, seed=7, as_of=AS_OF)
    generate_office(other, 30, seed=8, as_of=AS_OF)
    assert checksum(first) == checksum(second)
    assert checksum(first) != checksum(other)


def test_the_result_counts_what_is_in_the_tables(office_db: OfficeDatabase) -> None:
    result = generate_office(office_db, 30, seed=1, as_of=AS_OF)
    with office_db.session() as session:
        for name, count in result.counts.items():
            table = OfficeBase.metadata.tables[name]
            assert session.scalar(select(func.count()).select_from(table)) == count, name
    assert result.patients == result.counts["patient"] == 30
    assert result.ledger_rows == sum(
        result.counts[t] for t in ("procedurelog", "claimproc", "paysplit", "adjustment")
    )


def test_a_practice_has_about_thirty_ledger_rows_per_patient(office_db: OfficeDatabase) -> None:
    result = generate_office(office_db, 300, seed=3, as_of=AS_OF)
    assert 24 <= result.ledger_rows / result.patients <= 40
    assert result.counts["clinic"] >= 2
    assert result.counts["provider"] >= 4
    assert result.counts["operatory"] >= 4


def test_families_have_one_guarantor_who_guarantees_himself(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 60, seed=2, as_of=AS_OF)
    patients = {p.PatNum: p for p in rows(office_db, Patient)}
    families: dict[int, list[Patient]] = defaultdict(list)
    for p in patients.values():
        guarantor = patients[p.Guarantor]
        assert guarantor.Guarantor == guarantor.PatNum
        families[p.Guarantor].append(p)
    assert any(len(members) >= 3 for members in families.values())
    assert any(len(members) == 1 for members in families.values())
    for head, members in families.items():
        assert {m.LName for m in members} == {patients[head].LName}
        assert {m.Address for m in members} == {patients[head].Address}
        assert {m.ClinicNum for m in members} == {patients[head].ClinicNum}
        for child in (m for m in members if m.Position == 2):
            assert child.Birthdate is not None
            assert patients[head].Birthdate is not None
            assert child.Birthdate > patients[head].Birthdate


def test_patients_look_like_open_dental_patients(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 60, seed=4, as_of=AS_OF)
    patients = rows(office_db, Patient)
    assert {p.Gender for p in patients} <= {0, 1, 2}
    assert {p.PatStatus for p in patients} <= {0, 1, 2, 3, 4}
    assert 0 in {p.PatStatus for p in patients}
    assert all(p.LName and p.FName and p.Birthdate for p in patients)
    assert all(p.Birthdate is not None and p.Birthdate <= AS_OF for p in patients)
    assert all(p.HmPhone.startswith("(") for p in patients)
    seen = [p for p in patients if p.DateFirstVisit is not None]
    assert seen
    assert all(p.DateFirstVisit <= AS_OF for p in seen if p.DateFirstVisit)


def test_procedures_use_real_cdt_codes_in_both_states(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 60, seed=5, as_of=AS_OF)
    codes = {c.CodeNum: c.ProcCode for c in rows(office_db, ProcedureCode)}
    assert {"D0120", "D1110", "D2391"} <= set(codes.values())
    assert set(codes.values()) == {c[0] for c in CODES}
    procs = rows(office_db, ProcedureLog)
    assert {p.ProcStatus for p in procs} == {1, 2}
    assert all(p.CodeNum in codes for p in procs)
    assert all(p.ProcFee > 0 and cents(p.ProcFee) for p in procs)
    done = [p for p in procs if p.ProcStatus == 2]
    assert all(p.ProcDate is not None and p.ProcDate <= AS_OF for p in done)
    assert all(p.DateEntryC == p.ProcDate for p in done)
    assert all(p.DateTP is not None for p in procs if p.ProcStatus == 1)


def test_every_ledger_row_points_at_a_real_row(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 80, seed=6, as_of=AS_OF)
    patients = {p.PatNum: p for p in rows(office_db, Patient)}
    procs = {p.ProcNum: p for p in rows(office_db, ProcedureLog)}
    payments = {p.PayNum: p for p in rows(office_db, Payment)}
    apts = {a.AptNum: a for a in rows(office_db, Appointment)}
    ops = {o.OperatoryNum for o in rows(office_db, Operatory)}
    claimprocs = rows(office_db, ClaimProc)
    splits = rows(office_db, PaySplit)

    assert all(a.PatNum in patients and a.Op in ops for a in apts.values())
    for proc in procs.values():
        assert proc.PatNum in patients
        assert proc.AptNum == 0 or apts[proc.AptNum].PatNum == proc.PatNum
    assert {c.Status for c in claimprocs} == {0, 1, 6}
    for cp in claimprocs:
        proc = procs[cp.ProcNum]
        assert cp.PatNum == proc.PatNum
        assert proc.ProcStatus == (1 if cp.Status == 6 else 2)
        for money in (cp.InsPayEst, cp.InsPayAmt, cp.WriteOff, cp.WriteOffEst, cp.FeeBilled):
            assert money >= 0
            assert cents(money)
        if cp.Status != 1:
            assert cp.InsPayAmt == 0
    paid: dict[int, float] = defaultdict(float)
    for split in splits:
        proc = procs[split.ProcNum]
        payment = payments[split.PayNum]
        assert proc.ProcStatus == 2
        assert proc.PatNum == split.PatNum
        assert payment.PatNum == patients[split.PatNum].Guarantor
        assert split.DatePay == payment.PayDate
        assert split.DatePay is not None
        assert proc.ProcDate is not None
        assert split.DatePay >= proc.ProcDate
        assert split.SplitAmt > 0
        assert cents(split.SplitAmt)
        paid[split.PayNum] += split.SplitAmt
    assert splits
    assert set(paid) == set(payments)
    for num, payment in payments.items():
        assert payment.PayAmt == pytest.approx(paid[num], abs=0.001)
        assert payment.PayDate is not None
        assert payment.PayDate <= AS_OF


def test_nobody_is_credited_more_than_a_procedure_cost(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 80, seed=9, as_of=AS_OF)
    credited: dict[int, float] = defaultdict(float)
    for cp in rows(office_db, ClaimProc):
        if cp.Status == 1:
            credited[cp.ProcNum] += cp.InsPayAmt + cp.WriteOff
        elif cp.Status == 0:
            credited[cp.ProcNum] += cp.InsPayEst + cp.WriteOff
    for split in rows(office_db, PaySplit):
        credited[split.ProcNum] += split.SplitAmt
    procs = {p.ProcNum: p for p in rows(office_db, ProcedureLog)}
    assert credited
    for num, amount in credited.items():
        assert amount <= procs[num].ProcFee + 0.005


def test_appointments_span_the_past_years_and_the_next_months(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 60, seed=10, as_of=AS_OF, years=3)
    apts = rows(office_db, Appointment)
    assert {a.AptStatus for a in apts} >= {1, 2}
    assert {a.AptStatus for a in apts} <= {1, 2, 5}
    for a in apts:
        assert a.AptDateTime is not None
        assert a.AptDateTime.weekday() < 5
        assert 8 <= a.AptDateTime.hour < 17
        assert set(a.Pattern) <= {"/", "X"}
        assert len(a.Pattern) % 2 == 0
        if a.AptStatus == 2:
            assert a.AptDateTime.date() <= AS_OF
            assert a.DateTimeDismissed is not None
            assert a.DateTimeDismissed > a.AptDateTime
        if a.AptStatus == 1:
            assert AS_OF < a.AptDateTime.date() <= AS_OF + dt.timedelta(days=130)
    days = sorted(a.AptDateTime.date() for a in apts if a.AptDateTime)
    assert days[0] < AS_OF - dt.timedelta(days=2 * 365)


def test_no_two_appointments_overlap_in_an_operatory(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 150, seed=11, as_of=AS_OF)
    by_op: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for a in rows(office_db, Appointment):
        assert a.AptDateTime is not None
        by_op[a.Op].append(
            (a.AptDateTime, a.AptDateTime + dt.timedelta(minutes=5 * len(a.Pattern)))
        )
    for spans in by_op.values():
        spans.sort()
        for (_start, end), (next_start, _end) in itertools.pairwise(spans):
            assert end <= next_start


def test_a_practice_that_already_has_patients_is_left_alone(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 10, seed=1, as_of=AS_OF)
    before = checksum(office_db)
    with pytest.raises(Conflict, match="already has patients"):
        generate_office(office_db, 10, seed=2, as_of=AS_OF)
    assert checksum(office_db) == before


def test_progress_is_reported_until_done(office_db: OfficeDatabase) -> None:
    seen: list[tuple[str, int]] = []
    generate_office(
        office_db, 30, seed=1, as_of=AS_OF, on_progress=lambda p, n: seen.append((p, n))
    )
    assert seen[-1] == ("done", 30)
    counts = [n for _phase, n in seen]
    assert counts == sorted(counts)


def test_new_rows_after_generation_get_fresh_ids(office_db: OfficeDatabase) -> None:
    generate_office(office_db, 10, seed=1, as_of=AS_OF)
    with office_db.transaction() as session:
        most = session.scalar(select(func.max(Patient.PatNum)))
        session.add(
            Patient(LName="Later", FName="Added", Guarantor=0, DateTStamp=dt.datetime(2026, 6, 16))
        )
        session.flush()
        added = session.scalar(select(func.max(Patient.PatNum)))
    assert most is not None
    assert added == most + 1


def test_the_practice_is_open_on_weekdays_so_slots_can_be_found(office_db: OfficeDatabase) -> None:
    ensure_preferences(office_db)
    generate_office(office_db, 40, seed=12, as_of=AS_OF)
    day = AS_OF + dt.timedelta(days=3)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    with office_db.session() as session:
        days = {s.SchedDate for s in session.scalars(select(Schedule))}
        slots = find_slots(session, day, day, length=30, prov_num=None, op_num=None)
    assert day in days
    assert all(d.weekday() < 5 for d in days)
    assert slots
    booked = [a for a in rows(office_db, Appointment) if a.AptStatus in (1, 2, 5)]
    for slot in slots:
        for a in booked:
            assert a.AptDateTime is not None
            end = a.AptDateTime + dt.timedelta(minutes=5 * len(a.Pattern))
            assert a.Op != slot.op_num or end <= slot.start or a.AptDateTime >= slot.end
