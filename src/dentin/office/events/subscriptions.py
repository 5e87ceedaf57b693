"""Subscriptions, in Open Dental's shape, each owned by the CustomerKey that created it.

Every lookup filters by the owner's key hash, so another key's subscription is answered
exactly like one that does not exist (404). The CustomerKey is kept sealed because every
event carries it back in ``Authorization`` (Open Dental's header); the signing secret is
sealed because every message is signed with it, and it is shown once, when it is made.

Times are stored in UTC (the capture triggers stamp the outbox in UTC) and shown and read on
the office's clock, the clock of ``DateTStamp`` and ``serverDateTime``: Open Dental compares
``DateTimeStart`` with the watched rows' ``DateTStamp``, so a client sends and reads it as that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dentin.bodies import Body
from dentin.errors import BadRequest, Forbidden, NotFound, OfficeUnavailable
from dentin.keys.sealing import SealError
from dentin.office.apikeys import Keys, office_keys
from dentin.office.clock import office_zone
from dentin.office.events import egress, signing, watch
from dentin.office.events.models import ApiAttempt, ApiMessage, ApiOutbox, ApiSubscription
from dentin.office.registry import OfficeDatabase
from dentin.wire import MAX_ID, od_datetime, parse_od_date, parse_od_datetime, shown, utcnow

KEY_CONTEXT = "apisubscription.customerkey"
SECRET_CONTEXT = "apisubscription.signingsecret"  # noqa: S105 (a sealing context)
ROTATION_GRACE = dt.timedelta(hours=24)
UI_EVENT_TYPES = ("PatientSelected",)
MAX_NOTE = 4000
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
UTC = ZoneInfo("UTC")
Row = dict[str, Any]


@dataclass(frozen=True)
class Owner:
    """The calling key: its CustomerKey (events carry it back) and what it may read."""

    customer_key: str
    permissions: frozenset[str]


def keys(db: OfficeDatabase) -> Keys:
    return office_keys(db, "subscriptions")


def open_secret(k: Keys, sealed: str, context: str) -> str:
    try:
        return k.sealer.open(sealed, context)
    except SealError:
        raise OfficeUnavailable(
            "This office's subscriptions were sealed under another server secret "
            "(DENTIN_SECRET_KEY); restore that secret, or create the subscriptions again."
        ) from None


def shown_at(moment: dt.datetime | None, zone: ZoneInfo) -> str:
    """A stored UTC moment as Open Dental shows it: the office's wall clock (sentinel if none)."""
    if moment is None:
        return od_datetime(None)
    return od_datetime(moment.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None))


def to_json(sub: ApiSubscription, customer_key: str, zone: ZoneInfo) -> Row:
    return {
        "SubscriptionNum": sub.SubscriptionNum,
        "EndPointUrl": sub.EndPointUrl,
        "Workstation": sub.Workstation,
        "CustomerKey": customer_key,
        "WatchTable": sub.WatchTable,
        "PollingSeconds": sub.PollingSeconds,
        "UiEventType": sub.UiEventType,
        "DateTimeStart": shown_at(sub.DateTimeStart, zone),
        "DateTimeStop": shown_at(sub.DateTimeStop, zone),
        "Note": sub.Note,
    }


def _owned(session: Session, k: Keys, owner: Owner, num: int) -> ApiSubscription:
    sub = session.scalars(
        select(ApiSubscription).where(
            ApiSubscription.SubscriptionNum == num,
            ApiSubscription.KeyHash == k.hasher.digest(owner.customer_key),
        )
    ).first()
    if sub is None:
        raise NotFound(f"SubscriptionNum {num} was not found for this CustomerKey.")
    return sub


def _apply(
    sub: ApiSubscription,
    body: Body,
    owner: Owner,
    zone: ZoneInfo,
    *,
    allow_private: bool,
    creating: bool,
) -> None:
    """Validate and copy the sent fields; each mistake is a 400 naming the field."""
    url = body.str("EndPointUrl", required=creating, max_length=egress.MAX_URL)
    if url is not None:
        if not url.strip():
            raise BadRequest("EndPointUrl is required and may not be blank.")
        sub.EndPointUrl = egress.check_url(url, allow_private=allow_private)
    workstation = body.str("Workstation", max_length=255)
    if workstation is not None:
        sub.Workstation = workstation
    note = body.str("Note", max_length=MAX_NOTE)
    if note is not None:
        sub.Note = note
    polling = body.get("PollingSeconds")
    if polling is not None:
        sub.PollingSeconds = _seconds(polling)
    ui = body.str("UiEventType", max_length=50)
    if ui is not None:
        if ui and ui not in UI_EVENT_TYPES:
            raise BadRequest(
                f"UiEventType must be one of {', '.join(UI_EVENT_TYPES)} (or empty), got "
                f"{ui[:50]!r}."
            )
        sub.UiEventType = ui
    table = body.str("WatchTable", max_length=50)
    if table is not None:
        sub.WatchTable = _watch_table(table, owner) if table.strip() else ""
    if not sub.WatchTable and not sub.UiEventType:
        raise BadRequest(
            f"WatchTable is required: one of {', '.join(watch.names())}. (UiEventType "
            "subscriptions are accepted but never fire: this server has no workstation UI.)"
        )
    if sub.WatchTable and sub.UiEventType:
        raise BadRequest("Send either WatchTable or UiEventType, not both.")
    start = body.str("DateTimeStart", max_length=40)
    if start is not None:
        sub.DateTimeStart = _moment(start, "DateTimeStart", zone) or utcnow()
    stop = body.str("DateTimeStop", max_length=40)
    if stop is not None:
        sub.DateTimeStop = _moment(stop, "DateTimeStop", zone)
    if sub.DateTimeStop is not None and sub.DateTimeStop <= sub.DateTimeStart:
        raise BadRequest(
            "DateTimeStop must be after DateTimeStart (0001-01-01 00:00:00 means never)."
        )


def _watch_table(name: str, owner: Owner) -> str:
    found = watch.find(name)
    if found is None:
        missing = next((n for n in watch.NOT_HERE if n.lower() == name.strip().lower()), None)
        what = (
            f"This office has no {missing} table, so {missing} cannot be watched"
            if missing
            else f"WatchTable {name[:50]!r} is not a table this office watches"
        )
        raise BadRequest(f"{what}; use one of {', '.join(watch.names())}.")
    if found.scope not in owner.permissions:
        raise Forbidden(
            f"Watching {found.name} delivers its rows, so it needs the permission "
            f"{found.scope}, which this key's developer lacks.",
            code="missing_permission",
            extra={"missing_permission": found.scope},
        )
    return found.name


def _seconds(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise BadRequest(
            f"PollingSeconds must be a whole number of seconds from 0 to {MAX_ID} (it is "
            "accepted and echoed: events are pushed as they happen)."
        )
    return value


def _moment(raw: str, field: str, zone: ZoneInfo) -> dt.datetime | None:
    """The office's wall time sent, in UTC; None for the sentinel. A date alone is its
    midnight, as Open Dental's own example requests send ("DateTimeStart": "2022-01-31")."""
    text = raw.strip()
    try:
        if DATE_ONLY.fullmatch(text):
            day = parse_od_date(text, field)
            moment = None if day is None else dt.datetime.combine(day, dt.time())
        else:
            moment = parse_od_datetime(text, field)
    except ValueError as exc:
        message = str(exc)
        if "must be between" not in message:
            message = (
                f"{field} must be a date-time in the form yyyy-MM-dd HH:mm:ss, or a date "
                f"(yyyy-MM-dd) for its midnight, on the office's clock; got {shown(text)}."
            )
        raise BadRequest(message) from None
    if moment is None:
        return None
    return moment.replace(tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None)


def create(db: OfficeDatabase, owner: Owner, body: Body, *, allow_private: bool) -> Row:
    """The new subscription as Open Dental shows it, plus its ``SigningSecret`` (once)."""
    k = keys(db)
    now = utcnow()
    sub = ApiSubscription(
        Workstation="",
        WatchTable="",
        PollingSeconds=0,
        UiEventType="",
        DateTimeStart=now,
        DateTimeStop=None,
        Note="",
        IsActive=1,
        DisabledReason="",
        LeaseOwner="",
        DateTCreated=now,
    )
    zone = office_zone(db)
    _apply(sub, body, owner, zone, allow_private=allow_private, creating=True)
    secret = signing.new_secret()
    sub.CustomerKey = k.sealer.seal(owner.customer_key, KEY_CONTEXT)
    sub.KeyHash = k.hasher.digest(owner.customer_key)
    sub.SigningSecret = k.sealer.seal(secret, SECRET_CONTEXT)
    with db.transaction() as session:
        session.add(sub)
        session.flush()
        return {**to_json(sub, owner.customer_key, zone), "SigningSecret": secret}


def listed(db: OfficeDatabase, owner: Owner) -> list[Row]:
    k = keys(db)
    zone = office_zone(db)
    with db.session() as session:
        subs = session.scalars(
            select(ApiSubscription)
            .where(ApiSubscription.KeyHash == k.hasher.digest(owner.customer_key))
            .order_by(ApiSubscription.SubscriptionNum)
        )
        return [to_json(s, owner.customer_key, zone) for s in subs]


def get(db: OfficeDatabase, owner: Owner, num: int) -> Row:
    k = keys(db)
    zone = office_zone(db)
    with db.session() as session:
        return to_json(_owned(session, k, owner, num), owner.customer_key, zone)


def update(db: OfficeDatabase, owner: Owner, num: int, body: Body, *, allow_private: bool) -> None:
    """Change what was sent; a subscription a receiver disabled (410) is enabled again.

    Nothing is answered (200 OK alone), as apisubscriptions.html shows."""
    k = keys(db)
    zone = office_zone(db)
    with db.transaction() as session:
        sub = _owned(session, k, owner, num)
        watched = sub.WatchTable
        _apply(sub, body, owner, zone, allow_private=allow_private, creating=False)
        if sub.WatchTable != watched:  # queued rows are of the old table: not wanted any more
            session.execute(delete(ApiOutbox).where(ApiOutbox.SubscriptionNum == num))
        if not sub.IsActive:
            sub.IsActive = 1
            sub.DisabledReason = ""


def remove(db: OfficeDatabase, owner: Owner, num: int) -> None:
    """Delete the subscription with everything queued or logged for it."""
    k = keys(db)
    with db.transaction() as session:
        sub = _owned(session, k, owner, num)
        for model in (ApiOutbox, ApiMessage, ApiAttempt):
            session.execute(delete(model).where(model.SubscriptionNum == sub.SubscriptionNum))
        session.delete(sub)


def rotate_secret(db: OfficeDatabase, owner: Owner, num: int) -> Row:
    """A new signing secret; the one it replaces keeps signing (alongside) for 24 hours."""
    k = keys(db)
    zone = office_zone(db)
    secret = signing.new_secret()
    now = utcnow()
    with db.transaction() as session:
        sub = _owned(session, k, owner, num)
        sub.PreviousSecret = sub.SigningSecret
        sub.PreviousSecretUntil = now + ROTATION_GRACE
        sub.SigningSecret = k.sealer.seal(secret, SECRET_CONTEXT)
        return {
            **to_json(sub, owner.customer_key, zone),
            "SigningSecret": secret,
            "PreviousSecretValidUntil": shown_at(sub.PreviousSecretUntil, zone),
        }


def deliveries(db: OfficeDatabase, owner: Owner, num: int, offset: int, limit: int) -> list[Row]:
    """The delivery log, newest first, on the office's clock."""
    k = keys(db)
    zone = office_zone(db)
    with db.session() as session:
        _owned(session, k, owner, num)
        attempts = session.scalars(
            select(ApiAttempt)
            .where(ApiAttempt.SubscriptionNum == num)
            .order_by(ApiAttempt.AttemptNum.desc())
            .offset(offset)
            .limit(limit)
        )
        return [attempt_json(a, zone) for a in attempts]


def attempt_json(a: ApiAttempt, zone: ZoneInfo = UTC) -> Row:
    return {
        "AttemptNum": a.AttemptNum,
        "SubscriptionNum": a.SubscriptionNum,
        "WebhookId": a.WebhookId,
        "DateTimeAttempt": shown_at(a.DateTAttempt, zone),
        "BatchSize": a.BatchSize,
        "Status": a.Outcome,
        "ResponseCode": a.ResponseCode,
        "LatencyMs": a.LatencyMs,
        "DateTimeNextRetry": shown_at(a.NextRetry, zone),
        "Error": a.Error,
    }


def count(db: OfficeDatabase) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(ApiSubscription)) or 0)
