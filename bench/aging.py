"""Aging on a 100,000-patient office: set-based SQL vs a per-family loop vs DuckDB.

    .venv/bin/python bench/aging.py [--patients 100000] [--db /tmp/aging_bench.sqlite]

Prints the aging service's full recompute, the reports/Aging first page and all pages (the
route's own code path: cached report, slice, orjson), the naive per-family loop on a sample
(extrapolated), the same report SQL over the same rows in DuckDB, the ratios, and the memory
peak (ru_maxrss). Goals: >= 50x the per-family loop, within 2x of DuckDB, recompute < 10 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import orjson
from sqlalchemy import select

from dentin.db import make_engine, make_sessions, migrate
from dentin.office import aging
from dentin.office.generate import generate_office
from dentin.office.models import Adjustment, ClaimProc, Patient, PaySplit, ProcedureLog
from dentin.office.registry import OfficeDatabase

AS_OF = dt.date(2026, 6, 30)
SAMPLE = 400


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def office(path: Path, patients: int) -> OfficeDatabase:
    fresh = not path.exists()
    engine = make_engine(f"sqlite:///{path}")
    db = OfficeDatabase(1, f"sqlite:///{path}", engine, make_sessions(engine))
    migrate("office", engine)  # a cached office gets new revisions (e.g. 0002's indexes) too
    if fresh:
        started = time.perf_counter()
        result = generate_office(db, patients, seed=1, as_of=AS_OF)
        print(
            f"generated {result.patients} patients, {result.ledger_rows} ledger rows "
            f"in {time.perf_counter() - started:.1f} s"
        )
    return db


def naive_family(db: OfficeDatabase, guarantor: int) -> tuple[Decimal, ...]:
    """What a per-family implementation does: fetch each family's rows, age them in Python."""
    with db.session() as s:
        members = list(s.scalars(select(Patient.PatNum).where(Patient.Guarantor == guarantor)))
        entries: list[tuple[dt.date, Decimal]] = []
        for p in s.scalars(
            select(ProcedureLog).where(
                ProcedureLog.PatNum.in_(members), ProcedureLog.ProcStatus == 2
            )
        ):
            if p.ProcDate and p.ProcDate <= AS_OF:
                entries.append((p.ProcDate, Decimal(str(p.ProcFee)) * (p.UnitQty + p.BaseUnits)))
        for a in s.scalars(select(Adjustment).where(Adjustment.PatNum.in_(members))):
            if a.AdjDate and a.AdjDate <= AS_OF:
                entries.append((a.AdjDate, Decimal(str(a.AdjAmt))))
        for x in s.scalars(select(PaySplit).where(PaySplit.PatNum.in_(members))):
            if x.DatePay and x.DatePay <= AS_OF:
                entries.append((x.DatePay, -Decimal(str(x.SplitAmt))))
        pending = Decimal(0)
        for c in s.scalars(select(ClaimProc).where(ClaimProc.PatNum.in_(members))):
            if c.Status in (1, 4, 7) and c.DateCP and c.DateCP <= AS_OF:
                entries.append((c.DateCP, -Decimal(str(c.InsPayAmt + c.WriteOff))))
            elif c.ProcDate and c.ProcDate <= AS_OF and c.Status == 0:
                pending += Decimal(str(c.InsPayEst + c.WriteOff))
    buckets = [Decimal(0)] * 4
    credits = Decimal(0)
    for day, amount in entries:
        if amount < 0:
            credits -= amount
            continue
        age = (AS_OF - day).days
        buckets[0 if age <= 30 else 1 if age <= 60 else 2 if age <= 90 else 3] += amount
    for i in (3, 2, 1):
        used = min(buckets[i], credits)
        buckets[i] -= used
        credits -= used
    buckets[0] -= credits
    return (*buckets, pending)


def duckdb_report(db: OfficeDatabase, workdir: Path) -> tuple[float, float, float, int, int]:
    """DuckDB over the same rows: the report SQL as dentin runs it, and the ledger-scan SQL.

    The ledger tables and the kept ledger sums (``agingday``, ``agingtotal``) are copied in,
    so DuckDB runs exactly dentin's SQL over exactly the same rows; it also runs the SQL that
    scans the ledger rows themselves (what dentin ran before the kept sums).
    """
    import duckdb

    con = duckdb.connect()
    tables = ("patient", *aging.LEDGER_TABLES, *aging.SUM_TABLES)
    load_started = time.perf_counter()
    with db.engine.connect() as conn:
        for table in tables:
            cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
            out = workdir / f"{table}.csv"
            with out.open("w", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(cols)
                writer.writerows(conn.exec_driver_sql(f"SELECT * FROM {table}"))
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv_auto('{out}')")
    load = time.perf_counter() - load_started
    values = aging.params("postgresql", AS_OF)
    best: list[float] = []
    rows: list[int] = []
    for from_ledger in (False, True):
        sql = aging.report_sql("postgresql", clinic=False, from_ledger=from_ledger)
        for name in ("asof", "b31", "b61", "b91"):
            sql = sql.replace(f":{name}", f"${name}")
        fastest = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            n = len(con.execute(sql, values).fetchall())
            fastest = min(fastest, time.perf_counter() - started)
        best.append(fastest)
        rows.append(n)
    return best[0], best[1], load, rows[0], rows[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "aging_bench.sqlite"
    )
    args = parser.parse_args()
    db = office(args.db, args.patients)
    with db.engine.connect() as conn:
        counts = {
            t: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {t}").scalar()
            for t in ("patient", *aging.LEDGER_TABLES)
        }
        families = (
            conn.exec_driver_sql("SELECT COUNT(*) FROM patient WHERE patnum = guarantor").scalar()
            or 0
        )
        conn.exec_driver_sql(
            "UPDATE patient SET bal_0_30 = 0, bal_31_60 = 0, bal_61_90 = 0, "
            "balover90 = 0, baltotal = 0, insest = 0, estbalance = 0"
        )
        conn.commit()
    ledger_rows = sum(v or 0 for k, v in counts.items() if k != "patient")
    print(
        f"office: {counts['patient']} patients, {families} families, {ledger_rows} ledger rows "
        f"({', '.join(f'{k} {v}' for k, v in counts.items() if k != 'patient')})"
    )

    run = aging.recompute(db, AS_OF)
    print(
        f"aging service full recompute (all rows written): {run.seconds:.2f} s, "
        f"{run.patients_changed} patients changed   [goal < 10 s]"
    )
    again = aging.recompute(db, AS_OF)
    print(f"aging service recompute, nothing changed:       {again.seconds:.2f} s")

    cache = aging.AgingReportCache()
    started = time.perf_counter()
    first = orjson.dumps([r.wire() for r in cache.report(db, AS_OF)[:100]])
    first_page = time.perf_counter() - started
    started = time.perf_counter()
    pages = 0
    offset = 0
    while True:
        page = cache.report(db, AS_OF)[offset : offset + 100]
        orjson.dumps([r.wire() for r in page])
        pages += 1
        offset += 100
        if len(page) < 100:
            break
    all_pages = time.perf_counter() - started
    report_rows = len(cache.report(db, AS_OF))
    sql_only = float("inf")  # best of 3, as DuckDB's below: this machine's load varies
    for _ in range(3):
        started = time.perf_counter()
        aging.family_aging(db, AS_OF)
        sql_only = min(sql_only, time.perf_counter() - started)
    scan = time.perf_counter()
    scanned = aging.family_aging(db, AS_OF, from_ledger=True)
    scan = time.perf_counter() - scan
    same = scanned == cache.report(db, AS_OF)
    print(
        f"reports/Aging first page (cold): {first_page:.2f} s ({len(first)} bytes); all {pages} "
        f"pages ({report_rows} families): {first_page + all_pages:.2f} s total; "
        f"report SQL alone {sql_only:.3f} s (best of 3)"
    )
    print(
        f"the same report scanning the ledger rows instead of the kept sums: {scan:.2f} s "
        f"(identical result: {same})"
    )

    with db.session() as s:
        guarantors = list(
            s.scalars(select(Patient.PatNum).where(Patient.PatNum == Patient.Guarantor))
        )
    sample = random.Random(7).sample(guarantors, min(SAMPLE, len(guarantors)))
    started = time.perf_counter()
    for g in sample:
        naive_family(db, g)
    per_family = (time.perf_counter() - started) / len(sample)
    naive_total = per_family * len(guarantors)
    print(
        f"per-family loop: {per_family * 1000:.2f} ms/family on {len(sample)} families, "
        f"extrapolated {naive_total:.1f} s for {len(guarantors)}"
    )

    aging_peak = peak_mb()
    with tempfile.TemporaryDirectory() as tmp:
        duck, duck_scan, load, duck_rows, duck_scan_rows = duckdb_report(db, Path(tmp))
    print(
        f"DuckDB, same report SQL, same rows: {duck:.3f} s (best of 3; loading took {load:.1f} s); "
        f"{duck_rows} rows vs {report_rows}"
    )
    print(f"DuckDB, ledger-scan SQL over the ledger rows: {duck_scan:.3f} s; {duck_scan_rows} rows")

    print("ratios:")
    print(
        f"  per-family loop / set-based report SQL: {naive_total / sql_only:.0f}x   [goal >= 50x]"
    )
    print(f"  per-family loop / full recompute:       {naive_total / run.seconds:.0f}x")
    print(f"  set-based report SQL / DuckDB, same SQL: {sql_only / duck:.2f}x   [goal <= 2x]")
    print(f"  set-based report SQL / DuckDB scanning the ledger: {sql_only / duck_scan:.2f}x")
    print(f"  ledger-scan SQL on SQLite / DuckDB, same SQL: {scan / duck_scan:.2f}x")
    print(
        f"memory peak (ru_maxrss): {aging_peak:.0f} MB through the aging paths, "
        f"{peak_mb():.0f} MB after loading DuckDB"
    )
    db.engine.dispose()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
