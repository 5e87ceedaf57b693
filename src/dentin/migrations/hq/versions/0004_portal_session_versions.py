"""portal session versions: sign-out, password change, suspension and rotation end sessions

Revision ID: 0004_portal_session_versions
Revises: 0003_hq_change_generation
Create Date: 2026-12-02 10:00:00

Developer and operator portal sessions are signed cookies; a copied cookie stayed valid for its
whole 8 hours. Each account now carries a ``session_version`` that the cookie names and every
portal page checks; bumping it ends every session of that account at once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_portal_session_versions"
down_revision: str | None = "0003_hq_change_generation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("developer", "operator")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("session_version")
