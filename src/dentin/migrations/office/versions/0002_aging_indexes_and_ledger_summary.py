"""aging: a per-day ledger summary kept by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 21:00:00

Aging needs, per patient, sums of millions of ledger rows by date; scanning them all (even
through covering indexes) costs SQLite seconds. So the sums are kept instead:
``agingday`` holds every ledger row's effect summed per (patient, clinic, day), and
``agingtotal`` the same summed per (patient, clinic) over all days. Database triggers keep
both in step with every insert, update and delete, whoever writes (the API, the generator's
bulk load, a test's raw SQL), inside the writer's own transaction. Aging as of any date then
reads the per-patient totals plus only the days after its 91-day boundary (docs/aging.md §7).

A ledger row contributes ``charge``/``credit`` (its signed amount split by sign) on its date,
and a claimproc its pending estimate (``pendpay``, ``pendwo``) as a step: + on ProcDate, and,
once received, - on DateCP. Summing the days up to D therefore gives exactly the claims
pending on D. The rules themselves are in docs/aging.md; ``EVENTS`` below must say the same.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECEIVED = "1, 4, 7"  # ClaimProcStatus Received, Supplemental, CapComplete

# table -> events: (condition, day, signed amount, pending InsPayEst, pending WriteOff), in
# terms of the row's columns prefixed with "{r}." (NEW or OLD in a trigger, the table in the
# backfill). A positive amount is a charge, a negative one a credit.
EVENTS: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "procedurelog": (
        (
            "{r}.procstatus = 2 AND {r}.procdate IS NOT NULL",
            "{r}.procdate",
            "{r}.procfee * ({r}.unitqty + {r}.baseunits)",
            "0",
            "0",
        ),
    ),
    "adjustment": (("{r}.adjdate IS NOT NULL", "{r}.adjdate", "{r}.adjamt", "0", "0"),),
    "paysplit": (("{r}.datepay IS NOT NULL", "{r}.datepay", "-{r}.splitamt", "0", "0"),),
    "claimproc": (
        (  # received: insurance paid and wrote off, on DateCP
            f"{{r}}.status IN ({RECEIVED}) AND {{r}}.datecp IS NOT NULL",
            "{r}.datecp",
            "-({r}.inspayamt + {r}.writeoff)",
            "0",
            "0",
        ),
        (  # pending from ProcDate: not received, or received only later
            "{r}.procdate IS NOT NULL AND ({r}.status = 0 OR "
            f"({{r}}.status IN ({RECEIVED}) AND {{r}}.datecp > {{r}}.procdate))",
            "{r}.procdate",
            "0",
            "{r}.inspayest",
            "{r}.writeoff",
        ),
        (  # ... until DateCP
            f"{{r}}.procdate IS NOT NULL AND {{r}}.status IN ({RECEIVED}) "
            "AND {r}.datecp > {r}.procdate",
            "{r}.datecp",
            "0",
            "-{r}.inspayest",
            "-{r}.writeoff",
        ),
    ),
}


def _select(event: tuple[str, str, str, str, str], r: str, sign: str) -> tuple[str, str]:
    """One event of row ``r`` as (patnum, clinicnum, d, charge, credit, pendpay, pendwo)."""
    cond, day, amount, pay, wo = (part.format(r=r) for part in event)
    return (
        f"SELECT {r}.patnum AS patnum, {r}.clinicnum AS clinicnum, {day} AS d, "
        f"{sign}(CASE WHEN {amount} > 0 THEN {amount} ELSE 0 END) AS charge, "
        f"{sign}(CASE WHEN {amount} < 0 THEN -({amount}) ELSE 0 END) AS credit, "
        f"{sign}({pay}) AS pendpay, {sign}({wo}) AS pendwo"
    ), cond


def _upserts(table: str, r: str, sign: str) -> list[str]:
    """Statements adding (sign "") or removing (sign "-") row ``r``'s effect on both sums."""
    sums = "charge, credit, pendpay, pendwo"
    statements = []
    for event in EVENTS[table]:
        select, cond = _select(event, r, sign)
        for target, key in (
            ("agingday", "patnum, clinicnum, d"),
            ("agingtotal", "patnum, clinicnum"),
        ):
            columns = f"{key}, {sums}"
            statements.append(
                f"INSERT INTO {target} ({columns}) SELECT {columns} "  # noqa: S608
                f"FROM ({select} WHERE {cond}) e WHERE true "
                f"ON CONFLICT ({key}) DO UPDATE SET "
                + ", ".join(f"{c} = {target}.{c} + excluded.{c}" for c in sums.split(", "))
            )
    return statements


def ledger_day_sums() -> str:
    """SELECT of what ``agingday`` holds, summed from the ledger itself (backfill, tests)."""
    parts = []
    for table, events in EVENTS.items():
        for event in events:
            select, cond = _select(event, table, "")
            parts.append(f"{select} FROM {table} WHERE {cond}")
    return (
        "SELECT patnum, clinicnum, d, SUM(charge) AS charge, SUM(credit) AS credit, "  # noqa: S608
        "SUM(pendpay) AS pendpay, SUM(pendwo) AS pendwo "
        f"FROM ({' UNION ALL '.join(parts)}) e GROUP BY patnum, clinicnum, d"
    )


def _backfill_statements() -> list[str]:
    """Sum the existing ledger into both tables (what the triggers would have written)."""
    return [
        "INSERT INTO agingday (patnum, clinicnum, d, charge, credit, pendpay, pendwo) "
        + ledger_day_sums(),
        "INSERT INTO agingtotal (patnum, clinicnum, charge, credit, pendpay, pendwo) "
        "SELECT patnum, clinicnum, SUM(charge), SUM(credit), SUM(pendpay), SUM(pendwo) "
        "FROM agingday GROUP BY patnum, clinicnum",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    rowid = " WITHOUT ROWID" if dialect == "sqlite" else ""
    money = "DOUBLE PRECISION" if dialect == "postgresql" else "REAL"
    sums = ", ".join(
        f"{c} {money} NOT NULL DEFAULT 0" for c in ("charge", "credit", "pendpay", "pendwo")
    )
    op.execute(
        f"CREATE TABLE agingday (patnum INTEGER NOT NULL, clinicnum INTEGER NOT NULL, "
        f"d DATE NOT NULL, {sums}, PRIMARY KEY (patnum, clinicnum, d)){rowid}"
    )
    op.execute(
        f"CREATE TABLE agingtotal (patnum INTEGER NOT NULL, clinicnum INTEGER NOT NULL, "
        f"{sums}, PRIMARY KEY (patnum, clinicnum)){rowid}"
    )
    # Aging reads only the days after its 91-day boundary from here, in date order.
    op.execute(
        "CREATE INDEX ix_agingday_d ON agingday "
        "(d, patnum, clinicnum, charge, credit, pendpay, pendwo)"
    )
    for statement in _backfill_statements():
        op.execute(statement)
    for table in EVENTS:
        added = _upserts(table, "NEW", "")
        removed = _upserts(table, "OLD", "-")
        if dialect == "sqlite":
            for kind, body in (
                ("INSERT", added),
                ("DELETE", removed),
                ("UPDATE", removed + added),
            ):
                statements = "".join(f"{s};\n" for s in body)
                op.execute(
                    f"CREATE TRIGGER aging_{table}_{kind.lower()} AFTER {kind} ON {table} "
                    f"BEGIN\n{statements}END"
                )
        else:
            minus = "".join(f"    {s};\n" for s in removed)
            plus = "".join(f"    {s};\n" for s in added)
            op.execute(
                f"CREATE FUNCTION aging_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                "BEGIN\n"
                f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n{minus}  END IF;\n"
                f"  IF TG_OP IN ('UPDATE', 'INSERT') THEN\n{plus}  END IF;\n"
                "  RETURN NULL;\nEND $$"
            )
            op.execute(
                f"CREATE TRIGGER aging_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION aging_{table}()"
            )
    if dialect == "postgresql":
        # TRUNCATE fires no row triggers: start the sums again from what is left.
        op.execute(
            "CREATE FUNCTION aging_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$\n"  # noqa: S608
            "BEGIN\n  DELETE FROM agingday;\n  DELETE FROM agingtotal;\n"
            + "".join(f"  {s};\n" for s in _backfill_statements())
            + "  RETURN NULL;\nEND $$"
        )
        for table in EVENTS:
            op.execute(
                f"CREATE TRIGGER aging_{table}_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION aging_rebuild()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in EVENTS:
        if dialect == "sqlite":
            for kind in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS aging_{table}_{kind}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS aging_{table}_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS aging_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS aging_{table}()")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS aging_rebuild()")
    op.execute("DROP TABLE agingtotal")
    op.execute("DROP TABLE agingday")
