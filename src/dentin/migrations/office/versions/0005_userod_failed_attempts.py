"""userod failed attempts: Open Dental's lockout columns, counted atomically

Revision ID: 0005_userod_failed_attempts
Revises: 0004_apikey_sealed
Create Date: 2026-12-02 10:00:00

Practice-user lockout used to be read from HQ's audit log before each check, so concurrent
guesses all saw "no failures yet" and every one was checked. ``FailedAttempts`` and
``DateTFailed`` (Open Dental's own ``userod`` columns) let a sign-in reserve its attempt with one
conditional UPDATE before the password is checked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_userod_failed_attempts"
down_revision: str | None = "0004_apikey_sealed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("userod", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failedattempts", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("datetfailed", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("userod", schema=None) as batch_op:
        batch_op.drop_column("datetfailed")
        batch_op.drop_column("failedattempts")
