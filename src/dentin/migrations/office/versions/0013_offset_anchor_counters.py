"""changegeneration counters for patient and claimproc: deep-Offset anchors

Revision ID: 0013_offset_anchor_counters
Revises: 0012_breadth_rest
Create Date: 2026-12-06 08:20:00

``/patients/Simple`` and ``/claimprocs`` remember every thousandth key of their unfiltered
lists (office/offset_anchors.py), so a deep ``Offset`` starts near its page instead of
walking every key before it. A page read from an anchor is only right if the table has not
changed since the anchors were taken; these counters, moved by triggers on every write (as
0006's for the cached lookup tables), say so in the page's own statement.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_offset_anchor_counters"
down_revision: str | None = "0012_breadth_rest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("patient", "claimproc")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.bulk_insert(
        sa.table("changegeneration", sa.column("tablename"), sa.column("generation")),
        [{"tablename": t, "generation": 0} for t in TABLES],
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgresql:
            op.execute(
                f"CREATE TRIGGER changegeneration_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION changegeneration_bump()"
            )
            continue
        for event in EVENTS:
            op.execute(
                f"CREATE TRIGGER changegeneration_{table}_{event.lower()} AFTER {event} "  # noqa: S608 (constants)
                f"ON {table} BEGIN UPDATE changegeneration SET generation = generation + 1 "
                f"WHERE tablename = '{table}'; END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS changegeneration_{table} ON {table}")
        else:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS changegeneration_{table}_{event.lower()}")
    op.execute("DELETE FROM changegeneration WHERE tablename IN ('patient', 'claimproc')")
