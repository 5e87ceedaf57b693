"""apikey sealed: a keyed-hash lookup column for the sealed CustomerKey copies

Revision ID: 0004_apikey_sealed
Revises: 0003
Create Date: 2026-12-02 10:00:00

The office's ``apikey.custapikey`` now holds each CustomerKey sealed (AES-256-GCM under a key
derived from the server secret), so an indexed lookup by value needs the key's keyed hash
(HMAC-SHA-256 keyed by the server secret). Migrations cannot reach the server secret, so rows
written before this revision keep their clear key and a NULL ``keyhash`` here; the office
registry seals them right after migrating (``OfficeRegistry.provision`` →
``dentin.office.apikeys.seal_legacy``), and every lookup falls back to the clear value until then.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_apikey_sealed"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("apikey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keyhash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_apikey_keyhash", ["keyhash"])


def downgrade() -> None:
    with op.batch_alter_table("apikey", schema=None) as batch_op:
        batch_op.drop_constraint("uq_apikey_keyhash", type_="unique")
        batch_op.drop_column("keyhash")
