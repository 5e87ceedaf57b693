"""offset paging: index-only page keys for the Offset-paged lists

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:10:00

Every Offset-paged list first selects the page's primary keys with its filters applied, then
reads at most Limit rows by key (office/listing.py ``paged``). Skipping Offset rows must then
touch an index, never whole rows:

- ``ix_patient_patnum_patstatus`` covers ``/patients/Simple``'s standing filter
  ``PatStatus != Deleted`` in PatNum order, on both backends (PostgreSQL answers it with an
  index-only scan once the table is vacuumed).
- On SQLite the primary key *is* the table (rowid), so walking it in key order reads the full
  rows. A one-column index on the key is a compact copy of it for unfiltered paging of the big
  lists (appointments, procedures, payments, commlogs). PostgreSQL's primary-key index already
  is exactly that, so there the duplicate would only cost writes: SQLite only.

Plain column indexes only (no expressions), so reflection and ``alembic check`` see them.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns) on every backend.
BOTH: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_patient_patnum_patstatus", "patient", ["patnum", "patstatus"]),
)
# (index, table, columns) on SQLite only: a copy of the rowid key, see above.
SQLITE_ONLY: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_appointment_aptnum", "appointment", ["aptnum"]),
    ("ix_procedurelog_procnum", "procedurelog", ["procnum"]),
    ("ix_payment_paynum", "payment", ["paynum"]),
    ("ix_commlog_commlognum", "commlog", ["commlognum"]),
)


def _indexes() -> tuple[tuple[str, str, list[str]], ...]:
    sqlite = op.get_bind().dialect.name == "sqlite"
    return BOTH + SQLITE_ONLY if sqlite else BOTH


def upgrade() -> None:
    for name, table, columns in _indexes():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(_indexes()):
        op.drop_index(name, table_name=table)
