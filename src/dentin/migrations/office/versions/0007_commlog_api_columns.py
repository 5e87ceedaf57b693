"""commlog: the columns Open Dental's commlog API shows (CommSource, ProgramNum, DateTEntry,
ReferralNum)

Revision ID: 0007_commlog_api_columns
Revises: 0006_office_change_generation
Create Date: 2026-12-05 15:00:00

apicommlogs.html's objects carry ``CommSource``, ``ProgramNum``, ``DateTEntry`` and
``ReferralNum``. Entries written before this revision were made by users through the API
(``CommSource`` 0, "User") and never edited, so their ``DateTEntry`` is their ``DateTStamp``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_commlog_api_columns"
down_revision: str | None = "0006_office_change_generation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commlog", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("commsource", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("programnum", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("datetentry", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("referralnum", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE commlog SET datetentry = datetstamp")


def downgrade() -> None:
    with op.batch_alter_table("commlog", schema=None) as batch_op:
        batch_op.drop_column("referralnum")
        batch_op.drop_column("datetentry")
        batch_op.drop_column("programnum")
        batch_op.drop_column("commsource")
