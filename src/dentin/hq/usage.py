"""The usage store: batched writes from the meter, and per-key/per-day reads for people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dentin.hq.context import HQ
from dentin.hq.models import CustomerKey, PracticeToken, UsageDaily
from dentin.wire import ascii_digits, utcnow


@dataclass
class Tally:
    developer_id: int | None
    office_id: int | None
    requests: int = 0
    errors_4xx: int = 0
    errors_5xx: int = 0


@dataclass
class Pending:
    """What a flush writes: the day tallies and the latest use of each credential."""

    tallies: dict[tuple[str, dt.date], Tally] = field(default_factory=dict)
    last_used: dict[str, dt.datetime] = field(default_factory=dict)


def flush(hq: HQ, pending: Pending) -> None:
    """Write one batch: additive upserts, then last-used times that only move forward."""
    if not pending.tallies and not pending.last_used:
        return
    with hq.transaction() as session:
        insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert  # type: ignore[union-attr]
        for (meter_id, day), tally in pending.tallies.items():
            stmt = insert(UsageDaily).values(
                meter_id=meter_id,
                day=day,
                developer_id=tally.developer_id,
                office_id=tally.office_id,
                requests=tally.requests,
                errors_4xx=tally.errors_4xx,
                errors_5xx=tally.errors_5xx,
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["meter_id", "day"],
                set_={
                    "requests": UsageDaily.requests + stmt.excluded.requests,
                    "errors_4xx": UsageDaily.errors_4xx + stmt.excluded.errors_4xx,
                    "errors_5xx": UsageDaily.errors_5xx + stmt.excluded.errors_5xx,
                    "office_id": stmt.excluded.office_id,
                },
            )
            session.execute(stmt)
        for meter_id, when in pending.last_used.items():
            _touch(session, meter_id, when)


def _touch(session: Session, meter_id: str, when: dt.datetime) -> None:
    kind, _, raw_id = meter_id.partition(":")
    if not ascii_digits(raw_id):
        return
    model: type[CustomerKey] | type[PracticeToken]
    if kind == "customer_key":
        model = CustomerKey
    elif kind == "token":
        model = PracticeToken
    else:
        return
    session.execute(
        update(model)
        .where(model.id == int(raw_id))
        .where((model.last_used_at.is_(None)) | (model.last_used_at < when))
        .values(last_used_at=when)
    )


@dataclass(frozen=True)
class DayUsage:
    day: dt.date
    requests: int
    errors_4xx: int
    errors_5xx: int

    @property
    def error_rate(self) -> float:
        return (self.errors_4xx + self.errors_5xx) / self.requests if self.requests else 0.0


def days_for(hq: HQ, meter_ids: list[str], days: int = 30) -> dict[str, list[DayUsage]]:
    """Per meter, one entry per day of the last ``days`` days (zeros included), oldest first."""
    today = utcnow().date()
    start = today - dt.timedelta(days=days - 1)
    found: dict[tuple[str, dt.date], UsageDaily] = {}
    if meter_ids:
        with hq.read() as session:
            for row in session.scalars(
                select(UsageDaily).where(
                    UsageDaily.meter_id.in_(meter_ids), UsageDaily.day >= start
                )
            ):
                found[(row.meter_id, row.day)] = row
    result: dict[str, list[DayUsage]] = {}
    for meter_id in meter_ids:
        series = []
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            hit = found.get((meter_id, day))
            series.append(
                DayUsage(day, hit.requests, hit.errors_4xx, hit.errors_5xx)
                if hit
                else DayUsage(day, 0, 0, 0)
            )
        result[meter_id] = series
    return result


@dataclass(frozen=True)
class PlatformUsage:
    meter_id: str
    developer_id: int | None
    office_id: int | None
    requests: int
    errors_4xx: int
    errors_5xx: int


def platform_totals(hq: HQ, days: int = 30) -> list[PlatformUsage]:
    """Totals per credential over the last ``days`` days, busiest first (operators' view)."""
    start = utcnow().date() - dt.timedelta(days=days - 1)
    with hq.read() as session:
        rows = session.execute(
            select(
                UsageDaily.meter_id,
                func.max(UsageDaily.developer_id),
                func.max(UsageDaily.office_id),
                func.sum(UsageDaily.requests),
                func.sum(UsageDaily.errors_4xx),
                func.sum(UsageDaily.errors_5xx),
            )
            .where(UsageDaily.day >= start)
            .group_by(UsageDaily.meter_id)
            .order_by(func.sum(UsageDaily.requests).desc())
        ).all()
    return [PlatformUsage(r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]
