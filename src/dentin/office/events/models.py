"""The API Events tables, kept out of the practice tables' metadata on purpose.

ShortQuery may read exactly the tables of ``OfficeBase.metadata``; these hold sealed
CustomerKeys and signing secrets, other developers' endpoints and delivery history, so they
live under a metadata of their own and no query can name them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A 64-bit key on PostgreSQL; on SQLite an INTEGER PRIMARY KEY is already the 64-bit rowid.
BigKey = BigInteger().with_variant(Integer(), "sqlite")


class EventsBase(DeclarativeBase):
    pass


def col(name: str, type_: Any, **kw: Any) -> Any:
    return mapped_column(name.lower(), type_, **kw)


class ApiSubscription(EventsBase):
    """Open Dental's ``apisubscription`` row, plus what push delivery needs.

    ``CustomerKey`` and the signing secrets are sealed (they must be used again); ``KeyHash``
    (the CustomerKey's keyed hash) is what every lookup filters by, so a key sees only its own.
    ``IsActive`` is 0 once a receiver answered 410; the capture triggers read it.
    """

    __tablename__ = "apisubscription"
    __table_args__ = (Index("ix_apisubscription_watch", "watchtable", "isactive"),)
    SubscriptionNum: Mapped[int] = col("SubscriptionNum", Integer, primary_key=True)
    EndPointUrl: Mapped[str] = col("EndPointUrl", String(2000), nullable=False)
    Workstation: Mapped[str] = col("Workstation", String(255), default="", nullable=False)
    CustomerKey: Mapped[str] = col("CustomerKey", String(255), nullable=False)
    KeyHash: Mapped[str] = col("KeyHash", String(64), nullable=False, index=True)
    WatchTable: Mapped[str] = col("WatchTable", String(50), default="", nullable=False)
    PollingSeconds: Mapped[int] = col("PollingSeconds", Integer, default=0, nullable=False)
    UiEventType: Mapped[str] = col("UiEventType", String(50), default="", nullable=False)
    DateTimeStart: Mapped[dt.datetime] = col("DateTimeStart", DateTime, nullable=False)
    DateTimeStop: Mapped[dt.datetime | None] = col("DateTimeStop", DateTime, nullable=True)
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    SigningSecret: Mapped[str] = col("SigningSecret", String(255), nullable=False)
    PreviousSecret: Mapped[str | None] = col("PreviousSecret", String(255), nullable=True)
    PreviousSecretUntil: Mapped[dt.datetime | None] = col(
        "PreviousSecretUntil", DateTime, nullable=True
    )
    IsActive: Mapped[int] = col("IsActive", SmallInteger, default=1, nullable=False)
    DisabledReason: Mapped[str] = col("DisabledReason", Text, default="", nullable=False)
    # Which worker may deliver for this subscription until when (one at a time keeps order).
    LeaseOwner: Mapped[str] = col("LeaseOwner", String(64), default="", nullable=False)
    LeaseUntil: Mapped[dt.datetime | None] = col("LeaseUntil", DateTime, nullable=True)
    DateTCreated: Mapped[dt.datetime] = col("DateTCreated", DateTime, nullable=False)


class ApiOutbox(EventsBase):
    """One change waiting for one subscription, written by the capture triggers.

    ``Snapshot`` is the deleted row as JSON (AppointmentDeleted): the row itself is gone.
    """

    __tablename__ = "apioutbox"
    __table_args__ = (Index("ix_apioutbox_subscription", "subscriptionnum", "eventnum"),)
    EventNum: Mapped[int] = col("EventNum", BigKey, primary_key=True, autoincrement=True)
    SubscriptionNum: Mapped[int] = col("SubscriptionNum", Integer, nullable=False)
    ObjectNum: Mapped[int] = col("ObjectNum", BigInteger, nullable=False)
    Snapshot: Mapped[str | None] = col("Snapshot", Text, nullable=True)
    DateTEntry: Mapped[dt.datetime] = col("DateTEntry", DateTime, nullable=False)


class ApiMessage(EventsBase):
    """A batch as it is (re)sent: its body is fixed when formed, so every retry and every
    replay carries the same bytes under the same ``webhook-id``."""

    __tablename__ = "apimessage"
    __table_args__ = (
        Index("ix_apimessage_subscription", "subscriptionnum", "status", "messagenum"),
        Index("ix_apimessage_created", "datetcreated"),
    )
    MessageNum: Mapped[int] = col("MessageNum", BigKey, primary_key=True, autoincrement=True)
    SubscriptionNum: Mapped[int] = col("SubscriptionNum", Integer, nullable=False)
    WebhookId: Mapped[str] = col("WebhookId", String(64), nullable=False, unique=True)
    WatchTable: Mapped[str] = col("WatchTable", String(50), nullable=False)
    Body: Mapped[str] = col("Body", Text, nullable=False)
    BatchSize: Mapped[int] = col("BatchSize", Integer, nullable=False)
    FirstEventAt: Mapped[dt.datetime] = col("FirstEventAt", DateTime, nullable=False)
    DateTCreated: Mapped[dt.datetime] = col("DateTCreated", DateTime, nullable=False)
    # pending → delivered | dead; a replay sets it back to pending.
    Status: Mapped[str] = col("Status", String(16), nullable=False)
    Attempts: Mapped[int] = col("Attempts", Integer, default=0, nullable=False)
    NextAttemptAt: Mapped[dt.datetime] = col("NextAttemptAt", DateTime, nullable=False)
    Deadline: Mapped[dt.datetime] = col("Deadline", DateTime, nullable=False)
    DateTDelivered: Mapped[dt.datetime | None] = col("DateTDelivered", DateTime, nullable=True)


class ApiAttempt(EventsBase):
    """The delivery log: one row per POST tried (or refused before it was sent)."""

    __tablename__ = "apiattempt"
    __table_args__ = (Index("ix_apiattempt_subscription", "subscriptionnum", "attemptnum"),)
    AttemptNum: Mapped[int] = col("AttemptNum", BigKey, primary_key=True, autoincrement=True)
    SubscriptionNum: Mapped[int] = col("SubscriptionNum", Integer, nullable=False)
    MessageNum: Mapped[int] = col("MessageNum", BigInteger, nullable=False)
    WebhookId: Mapped[str] = col("WebhookId", String(64), nullable=False)
    DateTAttempt: Mapped[dt.datetime] = col("DateTAttempt", DateTime, nullable=False, index=True)
    BatchSize: Mapped[int] = col("BatchSize", Integer, nullable=False)
    # delivered | failed | refused | disabled | dead
    Outcome: Mapped[str] = col("Outcome", String(16), nullable=False)
    ResponseCode: Mapped[int] = col("ResponseCode", Integer, default=0, nullable=False)
    LatencyMs: Mapped[int] = col("LatencyMs", Integer, default=0, nullable=False)
    NextRetry: Mapped[dt.datetime | None] = col("NextRetry", DateTime, nullable=True)
    Error: Mapped[str] = col("Error", Text, default="", nullable=False)
