"""HQ's record of office connectors: one-time pairing codes and the credentials they yield.

Both secrets are stored only as keyed hashes. A pairing code lives 15 minutes and works once;
the credential it yields is what the connector presents on every (re)connect, revocable here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dentin.db import HQBase
from dentin.wire import utcnow


class ConnectorPairing(HQBase):
    __tablename__ = "connector_pairing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    created_by: Mapped[str] = mapped_column(String(200), default="")


class ConnectorCredential(HQBase):
    __tablename__ = "connector_credential"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_address: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[str] = mapped_column(String(40), default="")
