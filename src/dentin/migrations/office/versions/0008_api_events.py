"""API Events: subscriptions, the outbox its triggers fill, messages and the delivery log

Revision ID: 0008_api_events
Revises: 0007_commlog_api_columns
Create Date: 2026-12-05 10:00:00

``apisubscription`` is Open Dental's table plus what push delivery needs (the CustomerKey and
signing secrets sealed, the owner's key hash, a lease); ``apioutbox`` is filled by the capture
triggers in the writer's transaction; ``apimessage`` holds each batch's fixed body for retries
and replays; ``apiattempt`` is the delivery log. The triggers themselves are (re)installed by
``dentin.office.events.capture.install``, which provisioning also runs after every migration.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dentin.office.events import capture

revision: str = "0008_api_events"
down_revision: str | None = "0007_commlog_api_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "apisubscription",
        sa.Column("subscriptionnum", sa.Integer(), nullable=False),
        sa.Column("endpointurl", sa.String(length=2000), nullable=False),
        sa.Column("workstation", sa.String(length=255), nullable=False),
        sa.Column("customerkey", sa.String(length=255), nullable=False),
        sa.Column("keyhash", sa.String(length=64), nullable=False),
        sa.Column("watchtable", sa.String(length=50), nullable=False),
        sa.Column("pollingseconds", sa.Integer(), nullable=False),
        sa.Column("uieventtype", sa.String(length=50), nullable=False),
        sa.Column("datetimestart", sa.DateTime(), nullable=False),
        sa.Column("datetimestop", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("signingsecret", sa.String(length=255), nullable=False),
        sa.Column("previoussecret", sa.String(length=255), nullable=True),
        sa.Column("previoussecretuntil", sa.DateTime(), nullable=True),
        sa.Column("isactive", sa.SmallInteger(), nullable=False),
        sa.Column("disabledreason", sa.Text(), nullable=False),
        sa.Column("leaseowner", sa.String(length=64), nullable=False),
        sa.Column("leaseuntil", sa.DateTime(), nullable=True),
        sa.Column("datetcreated", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("subscriptionnum"),
    )
    op.create_index("ix_apisubscription_keyhash", "apisubscription", ["keyhash"])
    op.create_index("ix_apisubscription_watch", "apisubscription", ["watchtable", "isactive"])
    op.create_table(
        "apioutbox",
        sa.Column("eventnum", BigKey, autoincrement=True, nullable=False),
        sa.Column("subscriptionnum", sa.Integer(), nullable=False),
        sa.Column("objectnum", sa.BigInteger(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("datetentry", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("eventnum"),
    )
    op.create_index("ix_apioutbox_subscription", "apioutbox", ["subscriptionnum", "eventnum"])
    op.create_table(
        "apimessage",
        sa.Column("messagenum", BigKey, autoincrement=True, nullable=False),
        sa.Column("subscriptionnum", sa.Integer(), nullable=False),
        sa.Column("webhookid", sa.String(length=64), nullable=False),
        sa.Column("watchtable", sa.String(length=50), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("batchsize", sa.Integer(), nullable=False),
        sa.Column("firsteventat", sa.DateTime(), nullable=False),
        sa.Column("datetcreated", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("nextattemptat", sa.DateTime(), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=False),
        sa.Column("datetdelivered", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("messagenum"),
        sa.UniqueConstraint("webhookid"),
    )
    op.create_index(
        "ix_apimessage_subscription", "apimessage", ["subscriptionnum", "status", "messagenum"]
    )
    op.create_index("ix_apimessage_created", "apimessage", ["datetcreated"])
    op.create_table(
        "apiattempt",
        sa.Column("attemptnum", BigKey, autoincrement=True, nullable=False),
        sa.Column("subscriptionnum", sa.Integer(), nullable=False),
        sa.Column("messagenum", sa.BigInteger(), nullable=False),
        sa.Column("webhookid", sa.String(length=64), nullable=False),
        sa.Column("datetattempt", sa.DateTime(), nullable=False),
        sa.Column("batchsize", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("responsecode", sa.Integer(), nullable=False),
        sa.Column("latencyms", sa.Integer(), nullable=False),
        sa.Column("nextretry", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("attemptnum"),
    )
    op.create_index("ix_apiattempt_subscription", "apiattempt", ["subscriptionnum", "attemptnum"])
    op.create_index("ix_apiattempt_datetattempt", "apiattempt", ["datetattempt"])
    capture.install(op.get_bind())


def downgrade() -> None:
    capture.remove(op.get_bind())
    op.drop_table("apiattempt")
    op.drop_table("apimessage")
    op.drop_table("apioutbox")
    op.drop_table("apisubscription")
