"""Daily usage shaped for the portal's charts: per credential (from HQ's usage service) and
summed across the platform, with days without traffic as zeros so a quiet day shows as a gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select

from dentin.hq import usage as hq_usage
from dentin.hq.context import HQ
from dentin.hq.models import UsageDaily
from dentin.portal.charts import DayPoint
from dentin.wire import utcnow

DAYS = 30


def _days(days: int, today: dt.date | None) -> list[dt.date]:
    end = today or utcnow().date()
    return [end - dt.timedelta(days=days - 1 - i) for i in range(days)]


def per_meter(hq: HQ, meter_ids: Iterable[str], *, days: int = DAYS) -> dict[str, list[DayPoint]]:
    """Requests and errors per day for each meter (``customer_key:7``, ``token:3``)."""
    series = hq_usage.days_for(hq, list(meter_ids), days)
    return {
        meter: [DayPoint(d.day.isoformat(), d.requests, d.errors_4xx + d.errors_5xx) for d in days_]
        for meter, days_ in series.items()
    }


def platform(
    hq: HQ,
    *,
    days: int = DAYS,
    today: dt.date | None = None,
    developer_id: int | None = None,
    office_id: int | None = None,
) -> list[DayPoint]:
    """Every credential's traffic summed per day, optionally for one developer or office."""
    span = _days(days, today)
    query = (
        select(
            UsageDaily.day,
            func.sum(UsageDaily.requests),
            func.sum(UsageDaily.errors_4xx + UsageDaily.errors_5xx),
        )
        .where(UsageDaily.day >= span[0], UsageDaily.day <= span[-1])
        .group_by(UsageDaily.day)
    )
    if developer_id is not None:
        query = query.where(UsageDaily.developer_id == developer_id)
    if office_id is not None:
        query = query.where(UsageDaily.office_id == office_id)
    with hq.read() as session:
        found = {day: (int(r or 0), int(e or 0)) for day, r, e in session.execute(query)}
    return _fill(span, found)


def totals_by(
    hq: HQ, column: str, *, days: int = DAYS, today: dt.date | None = None
) -> dict[int, tuple[int, int]]:
    """(requests, errors) per developer or per office over the window."""
    span = _days(days, today)
    key = UsageDaily.developer_id if column == "developer" else UsageDaily.office_id
    query = (
        select(
            key,
            func.sum(UsageDaily.requests),
            func.sum(UsageDaily.errors_4xx + UsageDaily.errors_5xx),
        )
        .where(UsageDaily.day >= span[0], key.is_not(None))
        .group_by(key)
    )
    with hq.read() as session:
        return {int(k or 0): (int(r or 0), int(e or 0)) for k, r, e in session.execute(query)}


def _fill(span: list[dt.date], found: dict[dt.date, tuple[int, int]]) -> list[DayPoint]:
    return [DayPoint(day.strftime("%Y-%m-%d"), *found.get(day, (0, 0))) for day in span]


def summary(points: list[DayPoint]) -> tuple[int, int, float]:
    requests = sum(p.requests for p in points)
    errors = sum(p.errors for p in points)
    return requests, errors, (errors / requests if requests else 0.0)
