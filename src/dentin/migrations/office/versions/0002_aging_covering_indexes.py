"""aging covering indexes on the ledger tables, keyed by PatNum

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 21:00:00

Aging sums every ledger row per patient. With these indexes each ledger table's per-patient
aggregate reads one index in PatNum order (no table lookups, no sort of millions of rows),
on SQLite and PostgreSQL alike (PostgreSQL answers it with an index-only scan once the table
is vacuumed).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "ix_procedurelog_aging",
        "procedurelog",
        ("patnum", "procstatus", "procdate", "procfee", "unitqty", "baseunits", "clinicnum"),
    ),
    (
        "ix_claimproc_aging",
        "claimproc",
        (
            "patnum",
            "status",
            "datecp",
            "procdate",
            "inspayamt",
            "writeoff",
            "inspayest",
            "clinicnum",
        ),
    ),
    ("ix_paysplit_aging", "paysplit", ("patnum", "datepay", "splitamt", "clinicnum")),
    ("ix_adjustment_aging", "adjustment", ("patnum", "adjdate", "adjamt", "clinicnum")),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns), unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
