"""connector pairing codes and credentials; offices HQ hosts itself are Embedded

Revision ID: 0006_connectors
Revises: 0004_portal_session_versions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_connectors"
down_revision: str | None = "0004_portal_session_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "connector_pairing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_connector_pairing_office_id", "connector_pairing", ["office_id"])
    op.create_table(
        "connector_credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("last_address", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
    )
    op.create_index("ix_connector_credential_office_id", "connector_credential", ["office_id"])
    # "Cloud" used to mean "HQ holds the database"; it now means "reached through a connector".
    op.execute("UPDATE office SET api_mode = 'Embedded' WHERE api_mode = 'Cloud'")


def downgrade() -> None:
    op.execute("UPDATE office SET api_mode = 'Cloud' WHERE api_mode = 'Embedded'")
    op.drop_index("ix_connector_credential_office_id", table_name="connector_credential")
    op.drop_table("connector_credential")
    op.drop_index("ix_connector_pairing_office_id", table_name="connector_pairing")
    op.drop_table("connector_pairing")
