"""A small practice in office A (and one patient in office B) for the resource tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dentin.office.models import (
    Clinic,
    Operatory,
    Patient,
    ProcedureCode,
    Provider,
    Schedule,
    ScheduleOp,
    Userod,
)
from dentin.office.registry import OfficeDatabase
from dentin.wire import utcnow
from tests.conftest import World

STAMP = dt.datetime(2026, 1, 5, 9, 0, 0)
DAY = dt.date(2030, 3, 4)  # a Monday far from "today", so tests never depend on the clock


@dataclass
class Practice:
    world: World
    db: OfficeDatabase
    db_b: OfficeDatabase
    smith: int  # guarantor
    smith_child: int
    jones: int
    b_patient: int  # lives in office B only

    def a(self) -> dict[str, str]:
        return self.world.odfhir()

    def b(self) -> dict[str, str]:
        return self.world.odfhir(self.world.office_b.customer_key)


def _patient(**kw: object) -> Patient:
    base: dict[str, object] = {
        "MiddleI": "",
        "Preferred": "",
        "SSN": "",
        "Address": "",
        "Address2": "",
        "City": "",
        "State": "",
        "Zip": "",
        "HmPhone": "",
        "WkPhone": "",
        "WirelessPhone": "",
        "Email": "",
        "ChartNumber": "",
        "MedicaidID": "",
        "Language": "",
        "DateTStamp": STAMP,
        "PriProv": 1,
        "BillingType": 1,
    }
    base.update(kw)
    return Patient(**base)


def seed_practice(db: OfficeDatabase) -> tuple[int, int, int]:
    with db.transaction() as s:
        s.add(
            Clinic(
                ClinicNum=1,
                Description="Main Street",
                Abbr="MAIN",
                Address="1 Main St",
                City="Salem",
                State="OR",
                Zip="97301",
                Phone="5035550100",
            )
        )
        s.add(Provider(ProvNum=1, Abbr="DOC1", LName="Doe", FName="John", DateTStamp=STAMP))
        s.add(Provider(ProvNum=2, Abbr="HYG1", LName="Hy", FName="Gina", DateTStamp=STAMP))
        s.add(
            Operatory(
                OperatoryNum=1,
                OpName="Op 1",
                Abbrev="OP1",
                ProvDentist=1,
                ClinicNum=1,
                DateTStamp=STAMP,
            )
        )
        s.add(
            Operatory(
                OperatoryNum=2,
                OpName="Hyg 1",
                Abbrev="HYG",
                ProvDentist=1,
                ProvHygienist=2,
                IsHygiene=1,
                ClinicNum=0,
                DateTStamp=STAMP,
            )
        )
        s.add(
            ProcedureCode(
                CodeNum=1,
                ProcCode="D0120",
                Descript="Periodic oral evaluation",
                AbbrDesc="PerEx",
                DateTStamp=STAMP,
            )
        )
        s.add(
            ProcedureCode(
                CodeNum=2,
                ProcCode="D1110",
                Descript="Prophylaxis - adult",
                AbbrDesc="Pro",
                DateTStamp=STAMP,
            )
        )
        s.add(
            Userod(
                UserNum=1,
                UserName="admin",
                Password="$argon2id$v=19$secret-hash",
                IsAdmin=1,
                DateTStamp=STAMP,
            )
        )
        s.add(
            Userod(
                UserNum=2,
                UserName="frontdesk",
                Password="$argon2id$other",
                ClinicNum=1,
                DateTStamp=STAMP,
            )
        )
        smith = _patient(
            PatNum=1,
            LName="Smith",
            FName="Jane",
            Gender=1,
            Birthdate=dt.date(1976, 5, 24),
            Guarantor=1,
            Email="jane@example.com",
            ClinicNum=1,
            EstBalance=12.5,
            BalTotal=111.9,
        )
        child = _patient(
            PatNum=2,
            LName="Smith",
            FName="Tommy",
            Gender=0,
            Position=2,
            Birthdate=dt.date(2015, 2, 1),
            Guarantor=1,
            ClinicNum=1,
        )
        jones = _patient(
            PatNum=3,
            LName="Jones",
            FName="Bob",
            Gender=0,
            PatStatus=2,
            Birthdate=dt.date(1960, 1, 1),
            Guarantor=3,
            DateTStamp=dt.datetime(2026, 6, 1, 12, 0, 0),
        )
        s.add_all([smith, child, jones])
        # Practice hours on DAY: provider 1 in op 1 08:00-12:00; the practice 13:00-15:00.
        s.add(
            Schedule(
                ScheduleNum=1,
                SchedDate=DAY,
                StartTime=dt.time(8),
                StopTime=dt.time(12),
                SchedType=1,
                ProvNum=1,
                DateTStamp=STAMP,
            )
        )
        s.add(ScheduleOp(ScheduleOpNum=1, ScheduleNum=1, OperatoryNum=1))
    return 1, 2, 3


def fix_sequences(db: OfficeDatabase) -> None:
    """Explicit ids were inserted; move PostgreSQL's serials past them."""
    if db.dialect != "postgresql":
        return
    from sqlalchemy import text

    with db.transaction() as s:
        for table, pk in (
            ("clinic", "clinicnum"),
            ("provider", "provnum"),
            ("operatory", "operatorynum"),
            ("procedurecode", "codenum"),
            ("userod", "usernum"),
            ("patient", "patnum"),
            ("schedule", "schedulenum"),
            ("scheduleop", "scheduleopnum"),
        ):
            s.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "
                    f"(SELECT COALESCE(MAX({pk}), 1) FROM {table}))"
                )
            )


@pytest.fixture
def practice(world: World) -> Practice:
    db = world.rt.offices.get(world.office_a.id)
    db_b = world.rt.offices.get(world.office_b.id)
    smith, child, jones = seed_practice(db)
    fix_sequences(db)
    with db_b.transaction() as s:
        b = _patient(
            PatNum=500, LName="Bee", FName="Office", Guarantor=500, PriProv=0, DateTStamp=utcnow()
        )
        s.add(b)
    fix_sequences(db_b)
    return Practice(world, db, db_b, smith, child, jones, 500)
