"""customer_key.key holds sealed text; audit subjects name a CustomerKey by its last 4

Revision ID: 0005_customer_key_sealed
Revises: 0006_connectors

The migration cannot see the server secret, so it only widens the column; the clear rows
left from before are sealed by ``Runtime.migrate_hq`` right after (``dentin migrate``, the
demo), and until then ``Sealer.open`` passes them through unchanged.

Audit rows of CustomerKey events written before this revision name the key in full. That is
the one rewrite the append-only log ever gets: the subject is cut to the key's last 4
characters (``…W2HD``, as new rows are written), with the append-only triggers lifted for the
length of this statement only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_customer_key_sealed"
down_revision: str | None = "0006_connectors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MASK_OLD_SUBJECTS = (
    "UPDATE audit_event SET subject = '…' || substr(subject, length(subject) - 3) "
    "WHERE event LIKE 'customer_key.%' AND length(subject) >= 16 AND subject NOT LIKE '…%'"
)


def upgrade() -> None:
    with op.batch_alter_table("customer_key", schema=None) as batch_op:
        batch_op.alter_column(
            "key",
            existing_type=sa.String(length=64),
            type_=sa.String(length=200),
            existing_nullable=False,
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change")
        op.execute(_MASK_OLD_SUBJECTS)
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change")
    else:
        op.execute("DROP TRIGGER audit_event_no_update")
        op.execute(_MASK_OLD_SUBJECTS)
        op.execute(
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
        )


def downgrade() -> None:
    # Sealed values do not fit 64 characters: downgrading needs the keys opened first.
    with op.batch_alter_table("customer_key", schema=None) as batch_op:
        batch_op.alter_column(
            "key",
            existing_type=sa.String(length=200),
            type_=sa.String(length=64),
            existing_nullable=False,
        )
