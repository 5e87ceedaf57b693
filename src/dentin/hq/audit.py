"""The append-only audit log of every key lifecycle event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.hq.context import HQ, Actor
from dentin.hq.models import AuditEvent


def record(
    session: Session,
    event: str,
    actor: Actor,
    *,
    developer_id: int | None = None,
    office_id: int | None = None,
    subject: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one event inside the caller's transaction, so it lands exactly when the change does."""
    session.add(
        AuditEvent(
            event=event,
            actor=actor.name,
            source=actor.source,
            developer_id=developer_id,
            office_id=office_id,
            subject=subject,
            before=before,
            after=after,
        )
    )


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    event: str
    actor: str
    source: str
    developer_id: int | None
    office_id: int | None
    subject: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def latest(
    hq: HQ,
    *,
    limit: int = 50,
    developer_id: int | None = None,
    office_id: int | None = None,
    since: dt.datetime | None = None,
    event: str | None = None,
) -> list[AuditRow]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if developer_id is not None:
        query = query.where(AuditEvent.developer_id == developer_id)
    if office_id is not None:
        query = query.where(AuditEvent.office_id == office_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if event is not None:
        query = query.where(AuditEvent.event == event)
    with hq.read() as session:
        return [
            AuditRow(
                id=row.id,
                at=row.at,
                event=row.event,
                actor=row.actor,
                source=row.source,
                developer_id=row.developer_id,
                office_id=row.office_id,
                subject=row.subject,
                before=row.before,
                after=row.after,
            )
            for row in session.scalars(query)
        ]
