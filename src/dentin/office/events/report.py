"""What a developer's portal page shows of one CustomerKey's subscriptions in one office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from dentin.office.events import subscriptions
from dentin.office.events.models import ApiAttempt, ApiMessage, ApiSubscription
from dentin.office.registry import OfficeDatabase
from dentin.wire import utcnow


@dataclass(frozen=True)
class Day:
    label: str  # yyyy-MM-dd
    attempts: int
    failures: int


@dataclass(frozen=True)
class SubscriptionReport:
    num: int
    watch_table: str
    url: str
    active: bool
    disabled_reason: str
    pending: int
    dead: int
    days: list[Day]
    last: dict[str, object] | None


def for_key(db: OfficeDatabase, customer_key: str, days: int = 14) -> list[SubscriptionReport]:
    """Each subscription of ``customer_key`` here, with attempts and failures per day."""
    key_hash = subscriptions.keys(db).hasher.digest(customer_key)
    today = utcnow().date()
    first = today - dt.timedelta(days=days - 1)
    labels = [(first + dt.timedelta(days=i)).isoformat() for i in range(days)]
    out: list[SubscriptionReport] = []
    with db.session() as session:
        subs = session.scalars(
            select(ApiSubscription)
            .where(ApiSubscription.KeyHash == key_hash)
            .order_by(ApiSubscription.SubscriptionNum)
        ).all()
        for sub in subs:
            day = func.date(ApiAttempt.DateTAttempt)
            per_day = {
                str(label)[:10]: (int(n), int(failed or 0))
                for label, n, failed in session.execute(
                    select(
                        day,
                        func.count(),
                        func.sum(case((ApiAttempt.Outcome != "delivered", 1), else_=0)),
                    )
                    .where(
                        ApiAttempt.SubscriptionNum == sub.SubscriptionNum,
                        ApiAttempt.DateTAttempt >= dt.datetime.combine(first, dt.time()),
                    )
                    .group_by(day)
                )
            }
            counts = dict(
                session.execute(
                    select(ApiMessage.Status, func.count())
                    .where(ApiMessage.SubscriptionNum == sub.SubscriptionNum)
                    .group_by(ApiMessage.Status)
                ).all()
            )
            last = session.scalars(
                select(ApiAttempt)
                .where(ApiAttempt.SubscriptionNum == sub.SubscriptionNum)
                .order_by(ApiAttempt.AttemptNum.desc())
                .limit(1)
            ).first()
            out.append(
                SubscriptionReport(
                    num=sub.SubscriptionNum,
                    watch_table=sub.WatchTable or sub.UiEventType,
                    url=sub.EndPointUrl,
                    active=bool(sub.IsActive),
                    disabled_reason=sub.DisabledReason,
                    pending=int(counts.get("pending", 0)),
                    dead=int(counts.get("dead", 0)),
                    days=[Day(d, *per_day.get(d, (0, 0))) for d in labels],
                    last=subscriptions.attempt_json(last) if last is not None else None,
                )
            )
    return out


def to_json(found: list[SubscriptionReport]) -> list[dict[str, object]]:
    """The reports as plain JSON, for HQ's portal page of a connected office (over its link)."""
    return [
        {
            "num": r.num,
            "watch_table": r.watch_table,
            "url": r.url,
            "active": r.active,
            "disabled_reason": r.disabled_reason,
            "pending": r.pending,
            "dead": r.dead,
            "days": [[d.label, d.attempts, d.failures] for d in r.days],
            "last": r.last,
        }
        for r in found
    ]


def from_json(data: object) -> list[SubscriptionReport]:
    """``to_json``'s reports again; whatever does not read as one is left out."""
    out: list[SubscriptionReport] = []
    for item in data if isinstance(data, list) else []:
        try:
            last = item.get("last")
            out.append(
                SubscriptionReport(
                    num=int(item["num"]),
                    watch_table=str(item["watch_table"]),
                    url=str(item["url"]),
                    active=bool(item["active"]),
                    disabled_reason=str(item["disabled_reason"]),
                    pending=int(item["pending"]),
                    dead=int(item["dead"]),
                    days=[Day(str(d[0]), int(d[1]), int(d[2])) for d in item["days"]],
                    last=last if isinstance(last, dict) else None,
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            continue
    return out
