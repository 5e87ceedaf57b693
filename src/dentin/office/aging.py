"""Family aging in one set-based pass: the report as of any date, and the nightly recompute.

The ledger rules live in ``docs/aging.md``; in short, every ledger row becomes one signed
amount on one date, positive amounts are charges bucketed by age, negative amounts are credits
applied to the oldest charges first, and pending insurance is kept apart as estimates. The same
SQL serves ``GET /reports/Aging`` (as of any date, nothing written) and the aging service
(as of today, written to ``patient``), so the two can never disagree.

Doing it per family in Python is what makes Open Dental's report "not run in a timely fashion
on larger databases"; here the database scans each ledger table once.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, text

from dentin.office.registry import OfficeDatabase

RECEIVED_STATUSES = "1, 4, 7"  # ClaimProcStatus Received, Supplemental, CapComplete
NOT_RECEIVED = 0
COMPLETE = 2  # ProcStatus C
LEDGER_TABLES = ("procedurelog", "adjustment", "paysplit", "claimproc")
SUM_TABLES = ("agingday", "agingtotal")  # kept by triggers (office migration 0002)


class FamilyAging(NamedTuple):
    """One family's aging; amounts rounded to the cent.

    A named tuple rather than a frozen dataclass: a report builds tens of thousands of these,
    and a tuple is built several times faster while being just as immutable (cached reports
    are shared between requests).
    """

    PatNum: int
    patName: str
    Bal_0_30: float
    Bal_31_60: float
    Bal_61_90: float
    BalOver90: float
    BalTotal: float
    InsWoEst: float
    InsPayEst: float

    @property
    def PatientPortion(self) -> float:
        return round(self.BalTotal - self.InsWoEst - self.InsPayEst, 2)

    def wire(self) -> dict[str, Any]:
        """Open Dental's row, field for field."""
        return {
            "PatNum": self.PatNum,
            "patName": self.patName,
            "Bal_0_30": self.Bal_0_30,
            "Bal_31_60": self.Bal_31_60,
            "Bal_61_90": self.Bal_61_90,
            "BalOver90": self.BalOver90,
            "BalTotal": self.BalTotal,
            "InsWoEst": self.InsWoEst,
            "InsPayEst": self.InsPayEst,
            "PatientPortion": self.PatientPortion,
        }


@dataclass(frozen=True)
class AgingRun:
    as_of: dt.date
    patients_changed: int
    seconds: float


def _cents(dialect: str, expr: str) -> str:
    # PostgreSQL has no round(double precision, int); numeric rounding is exact anyway.
    if dialect == "postgresql":
        return f"ROUND(CAST({expr} AS NUMERIC), 2)"
    return f"ROUND({expr}, 2)"


def _ledger_patient_ctes(clinic: bool) -> str:
    """``pat`` straight from the ledger rows, every row of all four tables scanned.

    The same sums as ``_patient_ctes`` without the kept ledger sums: what bench/aging.py
    compares against (here and in DuckDB) and what the tests cross-check the sums with.
    """
    where = " AND clinicnum = :clinic" if clinic else ""
    return f"""
    entries AS (
      SELECT patnum, procdate AS d, procfee * (unitqty + baseunits) AS amt
        FROM procedurelog WHERE procstatus = {COMPLETE} AND procdate <= :asof{where}
      UNION ALL
      SELECT patnum, adjdate, adjamt FROM adjustment WHERE adjdate <= :asof{where}
      UNION ALL
      SELECT patnum, datepay, -splitamt FROM paysplit WHERE datepay <= :asof{where}
      UNION ALL
      SELECT patnum, datecp, -(inspayamt + writeoff) FROM claimproc
        WHERE status IN ({RECEIVED_STATUSES}) AND datecp <= :asof{where}
    ),
    charges AS (
      SELECT patnum,
        SUM(CASE WHEN amt > 0 AND d > :b31 THEN amt ELSE 0 END) AS c0,
        SUM(CASE WHEN amt > 0 AND d <= :b31 AND d > :b61 THEN amt ELSE 0 END) AS c30,
        SUM(CASE WHEN amt > 0 AND d <= :b61 AND d > :b91 THEN amt ELSE 0 END) AS c60,
        SUM(CASE WHEN amt > 0 AND d <= :b91 THEN amt ELSE 0 END) AS c90,
        SUM(CASE WHEN amt < 0 THEN -amt ELSE 0 END) AS cr,
        SUM(amt) AS tot, 0 AS pe, 0 AS we
      FROM entries GROUP BY patnum
    ),
    pat AS (
      SELECT patnum, SUM(c0) AS c0, SUM(c30) AS c30, SUM(c60) AS c60, SUM(c90) AS c90,
             SUM(cr) AS cr, SUM(tot) AS tot, SUM(pe) AS pe, SUM(we) AS we
      FROM (
        SELECT patnum, c0, c30, c60, c90, cr, tot, pe, we FROM charges
        UNION ALL
        SELECT patnum, 0, 0, 0, 0, 0, 0, SUM(inspayest), SUM(writeoff) FROM claimproc
         WHERE procdate <= :asof{where} AND (status = {NOT_RECEIVED}
               OR (status IN ({RECEIVED_STATUSES}) AND datecp > :asof))
         GROUP BY patnum
      ) u GROUP BY patnum
    )"""  # noqa: S608


def _patient_ctes(clinic: bool, dialect: str) -> str:
    """``pat``: per patient bucketed charges, credits, total and pending insurance.

    Read from the ledger sums the triggers of office migration 0002 keep: ``agingtotal``
    (per patient and clinic, all days) and ``agingday`` (per patient, clinic and day), never
    from the millions of ledger rows. Charges and credits of all days, minus those after the
    as-of date, are what is on the ledger then; the days between the 91-day boundary and the
    as-of date fill the three recent buckets, and every other charge on the ledger is over 90.
    Only ``agingday``'s days after the boundary are read, through ``ix_agingday_d`` (SQLite's
    planner would rather walk the whole table in PatNum order, hence INDEXED BY), so the work
    is one row per patient plus the last three months. The pending estimates are stored as
    steps (+ on ProcDate, - on DateCP), so the same sums give the claims pending on the day.
    """
    where = " WHERE clinicnum = :clinic" if clinic else ""
    recent_where = " AND clinicnum = :clinic" if clinic else ""
    indexed = " INDEXED BY ix_agingday_d" if dialect == "sqlite" else ""
    after = "d > :asof"
    return f"""
    pat AS (
      SELECT t.patnum AS patnum,
        COALESCE(r.c0, 0) AS c0, COALESCE(r.c30, 0) AS c30, COALESCE(r.c60, 0) AS c60,
        t.charge - COALESCE(r.recent, 0) AS c90,
        t.credit - COALESCE(r.cr, 0) AS cr,
        t.charge - COALESCE(r.ch, 0) - (t.credit - COALESCE(r.cr, 0)) AS tot,
        t.pendpay - COALESCE(r.pe, 0) AS pe,
        t.pendwo - COALESCE(r.we, 0) AS we
      FROM (
        SELECT patnum, SUM(charge) AS charge, SUM(credit) AS credit,
               SUM(pendpay) AS pendpay, SUM(pendwo) AS pendwo
          FROM agingtotal{where} GROUP BY patnum
      ) t
      LEFT JOIN (
        SELECT patnum,
          SUM(CASE WHEN d > :b31 AND d <= :asof THEN charge ELSE 0 END) AS c0,
          SUM(CASE WHEN d > :b61 AND d <= :b31 THEN charge ELSE 0 END) AS c30,
          SUM(CASE WHEN d <= :b61 THEN charge ELSE 0 END) AS c60,
          SUM(charge) AS recent,
          SUM(CASE WHEN {after} THEN charge ELSE 0 END) AS ch,
          SUM(CASE WHEN {after} THEN credit ELSE 0 END) AS cr,
          SUM(CASE WHEN {after} THEN pendpay ELSE 0 END) AS pe,
          SUM(CASE WHEN {after} THEN pendwo ELSE 0 END) AS we
          FROM agingday{indexed} WHERE d > :b91{recent_where} GROUP BY patnum
      ) r ON r.patnum = t.patnum
    )"""  # noqa: S608


def _kept_family_ctes(clinic: bool, dialect: str) -> str:
    """``fam``: per guarantor bucketed charges, credits, total and pending insurance.

    Read from the ledger sums the triggers of office migration 0002 keep (see
    ``_patient_ctes`` for how the as-of arithmetic works), summed straight per family in one
    pass that needs neither a temporary B-tree nor a second grouping:

    - ``patient`` is walked in ``ix_patient_guarantor`` order (pinned by INDEXED BY on SQLite,
      where the planner could otherwise sort), so ``GROUP BY p.guarantor`` streams, and each
      patient's ``agingtotal`` rows are found by primary key;
    - ``w`` holds, per patient and clinic, the charges of the three recent buckets: only the
      ``agingday`` days between the 91-day boundary and the as-of date, read once through
      ``ix_agingday_d``, with three CASE sums rather than eight;
    - ``af`` holds what is dated after the as-of date (nothing, for a report as of today),
      taken away from the totals.

    Both are keyed by patient *and* clinic, like ``agingtotal``, so each ``agingtotal`` row
    meets at most one row of each and nothing is counted twice. Charges over 90 days are
    then the charges on the ledger minus the three recent buckets.
    """
    clinic_and = " AND clinicnum = :clinic" if clinic else ""
    clinic_where = "\n      WHERE t.clinicnum = :clinic" if clinic else ""
    by_day = " INDEXED BY ix_agingday_d" if dialect == "sqlite" else ""
    by_family = " INDEXED BY ix_patient_guarantor" if dialect == "sqlite" else ""
    return f"""
    w AS (
      SELECT patnum, clinicnum,
        SUM(CASE WHEN d > :b31 THEN charge ELSE 0 END) AS c0,
        SUM(CASE WHEN d > :b61 AND d <= :b31 THEN charge ELSE 0 END) AS c30,
        SUM(CASE WHEN d <= :b61 THEN charge ELSE 0 END) AS c60
      FROM agingday{by_day} WHERE d > :b91 AND d <= :asof{clinic_and}
      GROUP BY patnum, clinicnum
    ),
    af AS (
      SELECT patnum, clinicnum, SUM(charge) AS charge, SUM(credit) AS credit,
             SUM(pendpay) AS pendpay, SUM(pendwo) AS pendwo
      FROM agingday{by_day} WHERE d > :asof{clinic_and}
      GROUP BY patnum, clinicnum
    ),
    fam AS (
      SELECT p.guarantor AS guarantor,
        SUM(COALESCE(w.c0, 0)) AS c0, SUM(COALESCE(w.c30, 0)) AS c30,
        SUM(COALESCE(w.c60, 0)) AS c60,
        SUM(t.charge - COALESCE(f.charge, 0) - COALESCE(w.c0 + w.c30 + w.c60, 0)) AS c90,
        SUM(t.credit - COALESCE(f.credit, 0)) AS cr,
        SUM(t.charge - COALESCE(f.charge, 0) - (t.credit - COALESCE(f.credit, 0))) AS tot,
        SUM(t.pendpay - COALESCE(f.pendpay, 0)) AS pe,
        SUM(t.pendwo - COALESCE(f.pendwo, 0)) AS we
      FROM patient p{by_family}
      JOIN agingtotal t ON t.patnum = p.patnum
      LEFT JOIN w ON w.patnum = t.patnum AND w.clinicnum = t.clinicnum
      LEFT JOIN af f ON f.patnum = t.patnum AND f.clinicnum = t.clinicnum{clinic_where}
      GROUP BY p.guarantor
    )"""  # noqa: S608


def _family_ctes(clinic: bool, dialect: str, from_ledger: bool = False) -> str:
    """``aged``: per guarantor, credits applied oldest bucket first."""
    if from_ledger:
        families = f"""{_ledger_patient_ctes(clinic)},
    fam AS (
      SELECT p.guarantor AS guarantor, SUM(x.c0) AS c0, SUM(x.c30) AS c30, SUM(x.c60) AS c60,
             SUM(x.c90) AS c90, SUM(x.cr) AS cr, SUM(x.tot) AS tot,
             SUM(x.pe) AS pe, SUM(x.we) AS we
      FROM pat x JOIN patient p ON p.patnum = x.patnum
      GROUP BY p.guarantor
    )"""  # noqa: S608
    else:
        families = _kept_family_ctes(clinic, dialect)
    return f"""{families},
    a1 AS (
      SELECT guarantor, c0, c30, c60, tot, pe, we,
        CASE WHEN c90 > cr THEN c90 - cr ELSE 0 END AS r90,
        CASE WHEN cr > c90 THEN cr - c90 ELSE 0 END AS left1
      FROM fam
    ),
    a2 AS (
      SELECT guarantor, c0, c30, tot, pe, we, r90,
        CASE WHEN c60 > left1 THEN c60 - left1 ELSE 0 END AS r60,
        CASE WHEN left1 > c60 THEN left1 - c60 ELSE 0 END AS left2
      FROM a1
    ),
    aged AS (
      SELECT guarantor, tot, pe, we, r90, r60,
        CASE WHEN c30 > left2 THEN c30 - left2 ELSE 0 END AS r30,
        c0 - CASE WHEN left2 > c30 THEN left2 - c30 ELSE 0 END AS r0
      FROM a2
    )"""  # noqa: S608


def report_sql(dialect: str, *, clinic: bool, from_ledger: bool = False) -> str:
    """Families with anything owed or pending, in the report's order (name, then PatNum).

    ``from_ledger`` sums the ledger rows themselves instead of the kept sums (comparisons).

    A family is kept when any amount is non-zero *to the cent*, so the test is on the rounded
    amounts; rounding is the dearest step left on SQLite (a printf per value), so two cheap
    guards go first: families whose sums are all exactly zero (most of those dropped) are
    skipped before rounding and before the guarantor's row is read (a rounded amount can
    only be non-zero if the amount is), and the total is tested first, as it is what nearly
    every family kept has non-zero (OR stops at the first true term).
    """

    def r(expr: str) -> str:
        # Most buckets of most families are exactly zero: skip the rounding for those.
        return f"CASE WHEN {expr} = 0 THEN 0 ELSE {_cents(dialect, expr)} END"

    return f"""WITH {_family_ctes(clinic, dialect, from_ledger)},
    rounded AS (
      SELECT g.patnum AS patnum, g.lname AS lname, g.fname AS fname, g.middlei AS middlei,
        {r("a.r0")} AS b0, {r("a.r30")} AS b30, {r("a.r60")} AS b60, {r("a.r90")} AS b90,
        {r("a.tot")} AS tot, {r("a.we")} AS we, {r("a.pe")} AS pe
      FROM aged a JOIN patient g ON g.patnum = a.guarantor
      WHERE a.tot <> 0 OR a.r90 <> 0 OR a.r60 <> 0 OR a.r30 <> 0 OR a.r0 <> 0
         OR a.pe <> 0 OR a.we <> 0
    )
    SELECT patnum, lname, fname, middlei, b0, b30, b60, b90, tot, we, pe FROM rounded
    WHERE tot <> 0 OR b90 <> 0 OR b60 <> 0 OR b30 <> 0 OR b0 <> 0 OR pe <> 0 OR we <> 0
    ORDER BY lname, fname, patnum"""  # noqa: S608


def _new_balances_sql(dialect: str) -> str:
    """One row per patient: the family columns (guarantors only) and the patient's EstBalance."""

    def r(expr: str) -> str:
        return _cents(dialect, expr)

    return f"""WITH {_patient_ctes(False, dialect)}, {_family_ctes(False, dialect)}
    SELECT p.patnum AS patnum,
      {r("COALESCE(CASE WHEN p.patnum = p.guarantor THEN a.r0 END, 0)")} AS bal_0_30,
      {r("COALESCE(CASE WHEN p.patnum = p.guarantor THEN a.r30 END, 0)")} AS bal_31_60,
      {r("COALESCE(CASE WHEN p.patnum = p.guarantor THEN a.r60 END, 0)")} AS bal_61_90,
      {r("COALESCE(CASE WHEN p.patnum = p.guarantor THEN a.r90 END, 0)")} AS balover90,
      {r("COALESCE(CASE WHEN p.patnum = p.guarantor THEN a.tot END, 0)")} AS baltotal,
      {r("COALESCE(CASE WHEN p.patnum = p.guarantor THEN a.pe + a.we END, 0)")} AS insest,
      {r("COALESCE(x.tot - x.pe - x.we, 0)")} AS estbalance
    FROM patient p
    LEFT JOIN aged a ON a.guarantor = p.patnum
    LEFT JOIN pat x ON x.patnum = p.patnum"""  # noqa: S608


BALANCE_COLUMNS = (
    "bal_0_30",
    "bal_31_60",
    "bal_61_90",
    "balover90",
    "baltotal",
    "insest",
    "estbalance",
)


def params(dialect: str, as_of: dt.date, clinic: int | None = None) -> dict[str, Any]:
    """Bucket boundaries: age 0-30 days is ``d > as_of - 31`` and so on."""
    values: dict[str, Any] = {
        "asof": as_of,
        "b31": as_of - dt.timedelta(days=31),
        "b61": as_of - dt.timedelta(days=61),
        "b91": as_of - dt.timedelta(days=91),
    }
    if dialect == "sqlite":
        # SQLite keeps dates as ISO text; comparing text to text keeps every index usable.
        values = {k: v.isoformat() for k, v in values.items()}
    if clinic is not None:
        values["clinic"] = clinic
    return values


def family_aging(
    db: OfficeDatabase,
    as_of: dt.date,
    clinic_num: int | None = None,
    *,
    from_ledger: bool = False,
) -> list[FamilyAging]:
    """The aging report as of ``as_of``; reads only (``from_ledger``: see ``report_sql``)."""
    sql = report_sql(db.dialect, clinic=clinic_num is not None, from_ledger=from_ledger)
    # The SQL has rounded every amount to the cent already; float() turns PostgreSQL's
    # NUMERIC into the same double, and + 0.0 turns -0.0 into 0.0 (None cannot occur: every
    # sum is over at least one NOT NULL value, but a 0 is the right reading if it did).
    # The rows are converted as they are fetched rather than after ``.all()``: the fetched
    # rows then die one by one instead of piling up, which spares a report of tens of
    # thousands of families most of the garbage collector's passes (up to 70 ms in a busy
    # process, as much as a fifth of the SQL).
    with db.engine.connect() as conn:
        return [
            FamilyAging(
                int(pat),
                f"{lname}, {fname} {middlei}",
                float(b0 or 0) + 0.0,
                float(b30 or 0) + 0.0,
                float(b60 or 0) + 0.0,
                float(b90 or 0) + 0.0,
                float(tot or 0) + 0.0,
                float(we or 0) + 0.0,
                float(pe or 0) + 0.0,
            )
            for pat, lname, fname, middlei, b0, b30, b60, b90, tot, we, pe in conn.execute(
                text(sql), params(db.dialect, as_of, clinic_num)
            )
        ]


def _lock_for_run(conn: Connection, dialect: str) -> None:
    """Writers wait for the run instead of racing it, so none is lost or half-counted."""
    if dialect == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        tables = ", ".join((*LEDGER_TABLES, "patient"))
        conn.exec_driver_sql(f"LOCK TABLE {tables} IN SHARE MODE")


def recompute(
    db: OfficeDatabase,
    today: dt.date | None = None,
    *,
    checkpoint: Callable[[str], None] | None = None,
) -> AgingRun:
    """Write every family's aging and every EstBalance as of ``today``, then DateLastAging.

    One transaction: a run killed at any point leaves the previous values and the previous
    DateLastAging, never a mix. Only rows whose values change are written.
    """
    today = today or dt.date.today()
    started = time.perf_counter()
    dialect = db.dialect
    changed_where = " OR ".join(f"patient.{c} <> n.{c}" for c in BALANCE_COLUMNS)
    assignments = ", ".join(f"{c} = n.{c}" for c in BALANCE_COLUMNS)
    with db.engine.connect() as conn:
        _lock_for_run(conn, dialect)
        conn.exec_driver_sql("DROP TABLE IF EXISTS temp_aging_new")
        conn.execute(
            text(f"CREATE TEMPORARY TABLE temp_aging_new AS {_new_balances_sql(dialect)}"),
            params(dialect, today),
        )
        if checkpoint:
            checkpoint("computed")
        result = conn.exec_driver_sql(
            f"UPDATE patient SET {assignments} FROM temp_aging_new n "  # noqa: S608
            f"WHERE n.patnum = patient.patnum AND ({changed_where})"
        )
        changed = int(result.rowcount or 0)
        if checkpoint:
            checkpoint("updated")
        set_date_last_aging(conn, today)
        conn.exec_driver_sql("DROP TABLE temp_aging_new")
        if checkpoint:
            checkpoint("before-commit")
        conn.commit()
    return AgingRun(today, changed, time.perf_counter() - started)


def set_date_last_aging(conn: Connection, day: dt.date) -> None:
    updated = conn.execute(
        text("UPDATE preference SET valuestring = :v WHERE prefname = 'DateLastAging'"),
        {"v": day.isoformat()},
    )
    if not updated.rowcount:
        conn.execute(
            text(
                "INSERT INTO preference (prefname, valuestring, comments) "
                "VALUES ('DateLastAging', :v, '')"
            ),
            {"v": day.isoformat()},
        )


def ledger_fingerprint(db: OfficeDatabase) -> str:
    """Changes whenever anything is committed to the office database.

    SQLite: the database and WAL files' size and modification time (every commit touches one).
    PostgreSQL: the WAL insert position, which moves with every commit; reads rarely move it.
    """
    if db.dialect == "sqlite":
        path = db.url.split("///", 1)[-1]
        parts = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(path + suffix)
            except OSError:
                parts.append("-")
                continue
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        return "|".join(parts)
    with db.engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT pg_current_wal_insert_lsn()").scalar())


class AgingReportCache:
    """Recent reports, so that paging through one costs one computation, not one per page.

    An entry is used only while the office database is unchanged (see ``ledger_fingerprint``)
    and for at most ``ttl`` seconds, so every page of one walk comes from the same snapshot.
    """

    def __init__(self, *, ttl: float = 300.0, size: int = 16) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[
            tuple[str, dt.date, int | None], tuple[str, float, list[FamilyAging]]
        ]
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def report(
        self, db: OfficeDatabase, as_of: dt.date, clinic_num: int | None = None
    ) -> list[FamilyAging]:
        key = (db.url, as_of, clinic_num)
        mark = ledger_fingerprint(db)
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == mark and now - hit[1] < self.ttl:
                self._entries.move_to_end(key)
                return hit[2]
        rows = family_aging(db, as_of, clinic_num)
        with self._lock:
            self._entries[key] = (mark, now, rows)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return rows
