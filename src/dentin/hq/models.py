"""HQ's tables. Secrets appear only as keyed hashes plus a short hint for display."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dentin.db import HQBase
from dentin.wire import utcnow

DEV_REF_ID_MAX = 255


class Developer(HQBase):
    """A third-party company: an application until approved, then a holder of keys."""

    __tablename__ = "developer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_name: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    billing_email: Mapped[str] = mapped_column(String(254), default="")
    billing_address: Mapped[str] = mapped_column(Text, default="")
    third_party_name: Mapped[str] = mapped_column(String(200), default="")
    third_party_email: Mapped[str] = mapped_column(String(254), default="")
    requested_permissions: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    tier: Mapped[str] = mapped_column(String(20), default="standard")
    login_email: Mapped[str | None] = mapped_column(String(254), unique=True, default=None)
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    # Named in every portal session cookie; bumping it ends all of the account's sessions.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    permissions: Mapped[list[DeveloperPermission]] = relationship(
        back_populates="developer", cascade="all, delete-orphan", lazy="selectin"
    )


class DeveloperPermission(HQBase):
    __tablename__ = "developer_permission"
    __table_args__ = (Index("ux_developer_permission", "developer_id", "permission", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    developer_id: Mapped[int] = mapped_column(ForeignKey("developer.id", ondelete="CASCADE"))
    permission: Mapped[str] = mapped_column(String(60))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    developer: Mapped[Developer] = relationship(back_populates="permissions")


class DeveloperSecret(HQBase):
    """A DeveloperKey or DeveloperPortalKey. A rotated one stays, retired, to explain 401s."""

    __tablename__ = "developer_secret"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    developer_id: Mapped[int] = mapped_column(ForeignKey("developer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "developer" | "portal"
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class Office(HQBase):
    """One practice installation; its data lives in its own database."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(8), default="us")
    api_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    tier: Mapped[str] = mapped_column(String(20), default="standard")
    addons: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Embedded: HQ holds the database; Cloud: reached through a paired connector.
    api_mode: Mapped[str] = mapped_column(String(10), default="Embedded")
    database_url: Mapped[str | None] = mapped_column(Text, default=None)
    unused_token_days: Mapped[int] = mapped_column(Integer, default=14)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


SEALED_KEY_MAX = 200  # "sealed:v1:" + base64(nonce, a key of up to 64 characters, tag)


class CustomerKey(HQBase):
    """Links one developer to one office (seed 002's object).

    Seed 002 shows the value to its developer again, so it cannot be hashed away: ``key`` holds
    it sealed (``HQ.sealer``, AES-GCM under the server secret) and every lookup by value goes
    through the keyed hash ``key_hash``. A copied database file alone reveals no key.
    """

    __tablename__ = "customer_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    developer_id: Mapped[int] = mapped_column(ForeignKey("developer.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    key: Mapped[str] = mapped_column(String(SEALED_KEY_MAX), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(30), default="Enabled")
    date_created: Mapped[dt.date] = mapped_column(Date)
    date_disabled: Mapped[dt.date | None] = mapped_column(Date, default=None)
    datetime_assigned: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    dev_ref_id: Mapped[str] = mapped_column(String(DEV_REF_ID_MAX), default="")
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class AuditEvent(HQBase):
    """Append-only: no code path updates or deletes a row (PostgreSQL enforces it by trigger)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(60), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(64), default="")
    developer_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    office_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    subject: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class PracticeToken(HQBase):
    """A personal Bearer token a practice user issued (seeds 001, 003, 004).

    Kept at HQ because the gateway verifies it; ``user_num`` names the office's ``userod`` row.
    """

    __tablename__ = "practice_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    user_num: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(500), default="")
    software_name: Mapped[str] = mapped_column(String(100), default="")
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    preview: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    revoked_reason: Mapped[str] = mapped_column(String(40), default="")
    rotated_from_id: Mapped[int | None] = mapped_column(Integer, default=None)
    grace_until: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    leak_reported_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class UsageDaily(HQBase):
    """Requests and errors per credential per day, written in batches (never per request)."""

    __tablename__ = "usage_daily"
    __table_args__ = (Index("ux_usage_daily_meter_day", "meter_id", "day", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meter_id: Mapped[str] = mapped_column(String(40))
    developer_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    office_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    errors_4xx: Mapped[int] = mapped_column(Integer, default=0)
    errors_5xx: Mapped[int] = mapped_column(Integer, default=0)


class Operator(HQBase):
    """A platform operator who signs in to /portal/admin (password hashed with argon2)."""

    __tablename__ = "operator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    # Named in every portal session cookie; bumping it ends all of the account's sessions.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class HQGeneration(HQBase):
    """One row counting HQ changes: every server process polls it to learn of changes made by
    another process (the CLI, another node) and drops its caches when it moves."""

    __tablename__ = "hq_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
