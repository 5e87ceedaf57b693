"""A small, fixed practice for the ShortQuery corpora: every row is here to be counted by hand."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import text

from dentin.office.models import (
    Adjustment,
    Appointment,
    ClaimProc,
    Clinic,
    Patient,
    Payment,
    PaySplit,
    ProcedureCode,
    ProcedureLog,
    Provider,
    Userod,
)
from dentin.office.registry import OfficeDatabase

T = dt.datetime(2024, 1, 1, 8, 0, 0)
D = dt.date


def seed_practice(db: OfficeDatabase) -> None:
    with db.transaction() as s:
        s.add_all(
            [
                Clinic(ClinicNum=1, Description="Downtown", Abbr="DT"),
                Clinic(ClinicNum=2, Description="Uptown", Abbr="UP"),
                Provider(ProvNum=1, Abbr="DOC1", LName="Molar", FName="Mia", DateTStamp=T),
                Provider(ProvNum=2, Abbr="HYG1", LName="Floss", FName="Hal", DateTStamp=T),
                ProcedureCode(
                    CodeNum=1, ProcCode="D0120", Descript="periodic oral evaluation", DateTStamp=T
                ),
                ProcedureCode(
                    CodeNum=2, ProcCode="D1110", Descript="prophylaxis - adult", DateTStamp=T
                ),
                ProcedureCode(
                    CodeNum=3,
                    ProcCode="D2391",
                    Descript="resin composite, one surface",
                    DateTStamp=T,
                ),
                ProcedureCode(
                    CodeNum=4, ProcCode="D2740", Descript="crown - porcelain/ceramic", DateTStamp=T
                ),
            ]
        )
        s.add_all(
            [
                Patient(
                    PatNum=1,
                    LName="Smith",
                    FName="John",
                    Guarantor=1,
                    ClinicNum=1,
                    PriProv=1,
                    Birthdate=D(1970, 3, 15),
                    PatStatus=0,
                    Gender=0,
                    Email="john@example.com",
                    BalTotal=530.0,
                    Bal_0_30=80.0,
                    Bal_31_60=120.0,
                    Bal_61_90=200.0,
                    BalOver90=130.0,
                    InsEst=150.0,
                    EstBalance=150.0,
                    DateTStamp=T,
                    DateFirstVisit=D(2020, 1, 10),
                    City="Salem",
                    Zip="97301",
                ),
                Patient(
                    PatNum=2,
                    LName="Smith",
                    FName="Jane",
                    Guarantor=1,
                    ClinicNum=1,
                    PriProv=1,
                    Birthdate=D(1972, 7, 1),
                    PatStatus=0,
                    Gender=1,
                    EstBalance=50.0,
                    DateTStamp=T,
                    DateFirstVisit=D(2020, 1, 10),
                    City="Salem",
                    Zip="97301",
                ),
                Patient(
                    PatNum=3,
                    LName="Smith",
                    FName="Tim",
                    Guarantor=1,
                    ClinicNum=1,
                    PriProv=2,
                    Birthdate=D(2010, 12, 31),
                    PatStatus=0,
                    Gender=0,
                    EstBalance=180.0,
                    DateTStamp=T,
                    DateFirstVisit=D(2021, 5, 3),
                    City="Salem",
                    Zip="97301",
                ),
                Patient(
                    PatNum=4,
                    LName="Jones",
                    FName="Ann",
                    Guarantor=4,
                    ClinicNum=2,
                    PriProv=2,
                    Birthdate=D(1985, 1, 20),
                    PatStatus=0,
                    Gender=1,
                    BalTotal=85.5,
                    Bal_0_30=85.5,
                    EstBalance=85.5,
                    DateTStamp=T,
                    DateFirstVisit=D(2023, 2, 1),
                    City="Keizer",
                    Zip="97303",
                    Email="ann@example.com",
                ),
                Patient(
                    PatNum=5,
                    LName="Brown",
                    FName="Bob",
                    Guarantor=5,
                    ClinicNum=2,
                    PriProv=1,
                    Birthdate=D(1950, 6, 6),
                    PatStatus=2,
                    Gender=0,
                    DateTStamp=T,
                    DateFirstVisit=D(2015, 8, 8),
                    City="Keizer",
                    Zip="97303",
                ),
                Patient(
                    PatNum=6,
                    LName="O'Neil",
                    FName="Ola",
                    Guarantor=6,
                    ClinicNum=1,
                    PriProv=1,
                    Birthdate=D(2001, 2, 28),
                    PatStatus=0,
                    Gender=1,
                    BalTotal=-40.0,
                    Bal_0_30=-40.0,
                    EstBalance=-40.0,
                    DateTStamp=T,
                    DateFirstVisit=D(2024, 5, 5),
                    City="Salem",
                    Zip="97302",
                ),
            ]
        )
        procs = [
            # ProcNum, PatNum, CodeNum, ProcDate, ProcFee, ProcStatus, ProvNum, ClinicNum
            (1, 1, 4, D(2024, 2, 10), 1000.0, 2, 1, 1),
            (2, 2, 3, D(2024, 4, 20), 200.0, 2, 1, 1),
            (3, 3, 2, D(2024, 5, 20), 120.0, 2, 2, 1),
            (4, 3, 1, D(2024, 6, 20), 40.0, 2, 1, 1),
            (5, 4, 2, D(2024, 6, 1), 85.5, 2, 2, 2),
            (6, 1, 3, D(2024, 6, 1), 300.0, 1, 1, 1),  # treatment planned
            (7, 5, 1, D(2023, 11, 2), 55.0, 2, 1, 2),
            (8, 6, 1, D(2024, 5, 6), 60.0, 2, 1, 1),
        ]
        s.add_all(
            ProcedureLog(
                ProcNum=n,
                PatNum=p,
                CodeNum=c,
                ProcDate=d,
                ProcFee=f,
                ProcStatus=st,
                ProvNum=pr,
                ClinicNum=cl,
                UnitQty=1,
                DateTStamp=T,
            )
            for n, p, c, d, f, st, pr, cl in procs
        )
        s.add_all(
            [
                Adjustment(
                    AdjNum=1,
                    PatNum=3,
                    AdjDate=D(2024, 6, 25),
                    AdjAmt=-20.0,
                    ProvNum=1,
                    ClinicNum=1,
                    SecDateTEdit=T,
                ),
                Adjustment(
                    AdjNum=2,
                    PatNum=5,
                    AdjDate=D(2023, 11, 3),
                    AdjAmt=-55.0,
                    ProvNum=1,
                    ClinicNum=2,
                    SecDateTEdit=T,
                ),
            ]
        )
        s.add_all(
            [
                Payment(
                    PayNum=1,
                    PatNum=1,
                    PayDate=D(2024, 4, 1),
                    PayAmt=250.0,
                    PayType=70,
                    ClinicNum=1,
                    SecDateTEdit=T,
                    DateEntry=D(2024, 4, 1),
                ),
                Payment(
                    PayNum=2,
                    PatNum=6,
                    PayDate=D(2024, 5, 6),
                    PayAmt=100.0,
                    PayType=71,
                    ClinicNum=1,
                    SecDateTEdit=T,
                    DateEntry=D(2024, 5, 6),
                ),
            ]
        )
        s.add_all(
            [
                PaySplit(
                    SplitNum=1,
                    PayNum=1,
                    PatNum=1,
                    SplitAmt=250.0,
                    ProvNum=1,
                    DatePay=D(2024, 4, 1),
                    ClinicNum=1,
                    SecDateTEdit=T,
                ),
                PaySplit(
                    SplitNum=2,
                    PayNum=2,
                    PatNum=6,
                    SplitAmt=100.0,
                    ProvNum=1,
                    DatePay=D(2024, 5, 6),
                    ClinicNum=1,
                    SecDateTEdit=T,
                ),
            ]
        )
        s.add_all(
            [
                ClaimProc(
                    ClaimProcNum=1,
                    ProcNum=1,
                    ClaimNum=1,
                    PatNum=1,
                    ProvNum=1,
                    Status=1,
                    InsPayEst=550.0,
                    InsPayAmt=500.0,
                    WriteOff=100.0,
                    ProcDate=D(2024, 2, 10),
                    DateCP=D(2024, 3, 15),
                    ClinicNum=1,
                    SecDateTEdit=T,
                ),
                ClaimProc(
                    ClaimProcNum=2,
                    ProcNum=2,
                    ClaimNum=2,
                    PatNum=2,
                    ProvNum=1,
                    Status=0,
                    InsPayEst=120.0,
                    WriteOff=30.0,
                    ProcDate=D(2024, 4, 20),
                    ClinicNum=1,
                    SecDateTEdit=T,
                ),
            ]
        )
        apts = [
            # AptNum, PatNum, AptStatus, AptDateTime, ProvNum, Op, ClinicNum
            (1, 1, 2, dt.datetime(2024, 2, 10, 9, 0), 1, 1, 1),
            (2, 2, 2, dt.datetime(2024, 4, 20, 10, 30), 1, 1, 1),
            (3, 3, 1, dt.datetime(2024, 12, 2, 14, 0), 2, 2, 1),
            (4, 4, 5, dt.datetime(2024, 6, 3, 8, 0), 2, 3, 2),
            (5, 4, 1, dt.datetime(2024, 12, 3, 8, 0), 2, 3, 2),
            (6, 6, 3, None, 1, 0, 1),
        ]
        s.add_all(
            Appointment(
                AptNum=n,
                PatNum=p,
                AptStatus=st,
                AptDateTime=when,
                ProvNum=pr,
                Op=op,
                ClinicNum=cl,
                Pattern="//XX//",
                DateTStamp=T,
            )
            for n, p, st, when, pr, op, cl in apts
        )
        secret = hashlib.sha256(b"hunter2").hexdigest()
        s.add_all(
            [
                Userod(
                    UserNum=1,
                    UserName="admin",
                    Password=f"argon2$fake${secret}",
                    IsAdmin=1,
                    DateTStamp=T,
                ),
                Userod(
                    UserNum=2,
                    UserName="front",
                    Password=f"argon2$fake${secret}",
                    ClinicNum=1,
                    DateTStamp=T,
                ),
            ]
        )


def checksums(db: OfficeDatabase) -> dict[str, str]:
    """Every table's full contents, hashed: equal before and after means nothing changed."""
    out: dict[str, str] = {}
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            names = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
                )
            ]
        else:
            names = [
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
        for name in names:
            rows = conn.execute(text(f'SELECT * FROM "{name}"')).all()
            digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
            out[name] = f"{len(rows)}:{digest}"
    return out
