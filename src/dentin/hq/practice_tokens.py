"""Practice tokens: personal Bearer tokens a practice user issues (seeds 001, 003, 004).

Shown once at creation (and at rotation), stored as a keyed hash with a masked preview, scoped
per resource and action (read-only by default), never wider than the creating user's own
rights, and ended by revocation, rotation (after a grace period), a fixed expiry, or 14 days
(per office) without use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin import scopes
from dentin.caller import PracticeIdentity
from dentin.errors import BadRequest, Conflict, Forbidden, NotFound
from dentin.hq import audit, tiers, usage
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Office, PracticeToken
from dentin.keys import formats
from dentin.office import users
from dentin.office.outbound import OfficeEvent
from dentin.wire import utcnow

LABEL_MAX = 100
PURPOSE_MAX = 500
SOFTWARE_MAX = 100
MAX_GRACE_DAYS = 7
ROTATION_DUE_DAYS = 90
NEAR_EXPIRY_DAYS = 3


@dataclass(frozen=True)
class TokenView:
    id: int
    office_id: int
    label: str
    purpose: str
    software_name: str
    preview: str
    created_by: str
    user_num: int
    created_at: dt.datetime
    scopes: list[str]
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    status: str  # active | grace | revoked | expired | expired-unused
    revoked_reason: str
    grace_until: dt.datetime | None
    leak_reported: bool
    age_days: int
    rotation_due: bool
    unused_expiry_at: dt.datetime | None
    near_unused_expiry: bool
    requests_per_day: list[int]
    error_rate: float


@dataclass(frozen=True)
class IssuedToken:
    """The only object that ever holds a token's plain text: returned once, never stored."""

    token: str
    view: TokenView


def user_rights(identity: PracticeIdentity) -> frozenset[str]:
    """What a user may do: everything for an administrator, else their own scopes."""
    return scopes.ALL_SCOPES if identity.is_admin else frozenset(identity.scopes)


def _status(
    row: PracticeToken, now: dt.datetime, last_used: dt.datetime | None, unused_days: int
) -> str:
    if row.revoked_at is not None:
        return "expired-unused" if row.revoked_reason == "unused" else "revoked"
    if row.expires_at is not None and row.expires_at <= now:
        return "expired"
    if row.grace_until is not None:
        return "grace" if row.grace_until > now else "revoked"
    if now - (last_used or row.created_at) > dt.timedelta(days=unused_days):
        return "expired-unused"
    return "active"


def _view(
    row: PracticeToken,
    now: dt.datetime,
    unused_days: int,
    last_used: dt.datetime | None,
    daily: list[usage.DayUsage],
) -> TokenView:
    status = _status(row, now, last_used, unused_days)
    unused_expiry = (last_used or row.created_at) + dt.timedelta(days=unused_days)
    requests = sum(d.requests for d in daily)
    errors = sum(d.errors_4xx + d.errors_5xx for d in daily)
    return TokenView(
        id=row.id,
        office_id=row.office_id,
        label=row.label,
        purpose=row.purpose,
        software_name=row.software_name,
        preview=row.preview,
        created_by=row.created_by,
        user_num=row.user_num,
        created_at=row.created_at,
        scopes=list(row.scopes),
        expires_at=row.expires_at,
        last_used_at=last_used,
        status=status,
        revoked_reason=row.revoked_reason,
        grace_until=row.grace_until,
        leak_reported=row.leak_reported_at is not None,
        age_days=(now - row.created_at).days,
        rotation_due=status in ("active", "grace")
        and now - row.created_at > dt.timedelta(days=ROTATION_DUE_DAYS),
        unused_expiry_at=unused_expiry if status == "active" else None,
        near_unused_expiry=status == "active"
        and unused_expiry - now < dt.timedelta(days=NEAR_EXPIRY_DAYS),
        requests_per_day=[d.requests for d in daily],
        error_rate=round(errors / requests, 4) if requests else 0.0,
    )


def _unused_days(session: Session, office_id: int) -> int:
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound(f"There is no office {office_id}.")
    return office.unused_token_days


def _clean_text(value: str | None, name: str, limit: int, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise BadRequest(f'{name} is required: name what the key is for, e.g. "Power BI sync".')
    if len(text) > limit:
        raise BadRequest(f"{name} is {len(text)} characters long; the most allowed is {limit}.")
    return text


def _check_scopes(identity: PracticeIdentity, requested: Iterable[str] | None) -> list[str]:
    rights = user_rights(identity)
    if requested is None:
        chosen = scopes.normalize_all(scopes.READ_SCOPES & rights)  # read-only is the default
    else:
        try:
            chosen = scopes.normalize_all(requested)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
    if not chosen:
        raise BadRequest("Scopes is empty: choose at least one resource:action, e.g. patient:read.")
    beyond = [s for s in chosen if s not in rights]
    if beyond:
        raise Forbidden(
            f"A key cannot hold more than its creator may do; {identity.user_name} lacks "
            f"{', '.join(beyond)}.",
            code="scope_above_user_rights",
        )
    return chosen


def create_token(
    hq: HQ,
    identity: PracticeIdentity,
    actor: Actor,
    *,
    label: str | None,
    purpose: str | None = "",
    software_name: str | None = "",
    requested_scopes: Iterable[str] | None = None,
    expires_on: dt.date | None = None,
) -> IssuedToken:
    tiers.require_api_access(hq, identity.office_id)
    clean_label = _clean_text(label, "Label", LABEL_MAX, required=True)
    clean_purpose = _clean_text(purpose, "Purpose", PURPOSE_MAX, required=False)
    clean_software = _clean_text(software_name, "SoftwareName", SOFTWARE_MAX, required=False)
    chosen = _check_scopes(identity, requested_scopes)
    now = utcnow()
    expires_at = None
    if expires_on is not None:
        if expires_on <= now.date():
            raise BadRequest(
                f"ExpiresOn {expires_on.isoformat()} is not in the future; pick a later date."
            )
        expires_at = dt.datetime.combine(expires_on, dt.time())
    token = formats.new_practice_token(hq.region)
    with hq.transaction() as session:
        row = PracticeToken(
            office_id=identity.office_id,
            user_num=identity.user_num,
            created_by=identity.user_name,
            label=clean_label,
            purpose=clean_purpose,
            software_name=clean_software,
            scopes=chosen,
            token_hash=hq.hasher.digest(token),
            preview=formats.mask(token),
            region=hq.region,
            created_at=now,
            expires_at=expires_at,
            revoked_reason="",
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            "token.create",
            actor,
            office_id=identity.office_id,
            subject=f"{row.preview} {clean_label}",
            after={"scopes": chosen, "expires_at": expires_at.isoformat() if expires_at else None},
        )
        view = _view(row, now, _unused_days(session, identity.office_id), None, [])
    hq.changed()
    return IssuedToken(token, view)


def list_tokens(
    hq: HQ,
    identity: PracticeIdentity,
    pending_last_used: Callable[[str], dt.datetime | None] = lambda _m: None,
    days: int = 30,
) -> list[TokenView]:
    """The office's tokens for an administrator; a user's own tokens otherwise."""
    now = utcnow()
    with hq.read() as session:
        query = select(PracticeToken).where(PracticeToken.office_id == identity.office_id)
        if not identity.is_admin:
            query = query.where(PracticeToken.user_num == identity.user_num)
        rows = list(session.scalars(query.order_by(PracticeToken.id.desc())))
        unused_days = _unused_days(session, identity.office_id)
    series = usage.days_for(hq, [f"token:{r.id}" for r in rows], days)
    views = []
    for row in rows:
        meter = f"token:{row.id}"
        last = _latest(row.last_used_at, pending_last_used(meter))
        views.append(_view(row, now, unused_days, last, series[meter]))
    return views


def _latest(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None or b is None:
        return a or b
    return max(a, b)


def _own_row(session: Session, identity: PracticeIdentity, token_id: int) -> PracticeToken:
    row = session.get(PracticeToken, token_id)
    if (
        row is None
        or row.office_id != identity.office_id
        or (not identity.is_admin and row.user_num != identity.user_num)
    ):
        raise NotFound(f"There is no API key {token_id} in this office.")
    return row


def revoke_token(hq: HQ, identity: PracticeIdentity, token_id: int, actor: Actor) -> TokenView:
    now = utcnow()
    with hq.transaction() as session:
        row = _own_row(session, identity, token_id)
        if row.revoked_at is not None:
            raise Conflict(
                f"API key {row.preview} was already revoked on {row.revoked_at:%Y-%m-%d %H:%M:%S}."
            )
        row.revoked_at = now
        row.revoked_reason = "revoked"
        audit.record(
            session,
            "token.revoke",
            actor,
            office_id=row.office_id,
            subject=f"{row.preview} {row.label}",
        )
        view = _view(row, now, _unused_days(session, row.office_id), row.last_used_at, [])
    hq.changed()
    return view


def rotate_token(
    hq: HQ, identity: PracticeIdentity, token_id: int, grace_days: int, actor: Actor
) -> IssuedToken:
    """A replacement with the same label and scopes; the old one lives ``grace_days`` more."""
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        raise BadRequest(f"GraceDays must be between 0 and {MAX_GRACE_DAYS}, got {grace_days}.")
    tiers.require_api_access(hq, identity.office_id)
    now = utcnow()
    token = formats.new_practice_token(hq.region)
    with hq.transaction() as session:
        old = _own_row(session, identity, token_id)
        if old.revoked_at is not None:
            raise Conflict(
                f"API key {old.preview} is revoked; generate a new key instead of rotating it."
            )
        if old.grace_until is not None:
            raise Conflict(
                f"API key {old.preview} was already rotated; rotate its replacement instead."
            )
        new = PracticeToken(
            office_id=old.office_id,
            user_num=old.user_num,
            created_by=old.created_by,
            label=old.label,
            purpose=old.purpose,
            software_name=old.software_name,
            scopes=list(old.scopes),
            token_hash=hq.hasher.digest(token),
            preview=formats.mask(token),
            region=hq.region,
            created_at=now,
            expires_at=old.expires_at,
            rotated_from_id=old.id,
            revoked_reason="",
        )
        session.add(new)
        if grace_days == 0:
            old.revoked_at = now
            old.revoked_reason = "rotated"
        old.grace_until = now + dt.timedelta(days=grace_days)
        session.flush()
        audit.record(
            session,
            "token.rotate",
            actor,
            office_id=old.office_id,
            subject=f"{old.preview} → {new.preview} {old.label}",
            after={"grace_until": old.grace_until.isoformat(), "replacement": new.id},
        )
        view = _view(new, now, _unused_days(session, old.office_id), None, [])
    hq.changed()
    return IssuedToken(token, view)


def revoke_user_tokens(hq: HQ, office_id: int, user_num: int, actor: Actor, reason: str) -> int:
    """A user who leaves takes their tokens with them."""
    now = utcnow()
    with hq.transaction() as session:
        rows = list(
            session.scalars(
                select(PracticeToken).where(
                    PracticeToken.office_id == office_id,
                    PracticeToken.user_num == user_num,
                    PracticeToken.revoked_at.is_(None),
                )
            )
        )
        for row in rows:
            row.revoked_at = now
            row.revoked_reason = reason
            audit.record(
                session,
                "token.revoke",
                actor,
                office_id=office_id,
                subject=f"{row.preview} {row.label}",
                after={"reason": reason},
            )
    if rows:
        hq.changed()
    return len(rows)


def expire_unused(hq: HQ, token_id: int, unused_days: int) -> None:
    """Record (once) that a token lapsed for lack of use; the gateway calls this on refusal."""
    with hq.transaction() as session:
        row = session.get(PracticeToken, token_id)
        if row is None or row.revoked_at is not None:
            return
        row.revoked_at = utcnow()
        row.revoked_reason = "unused"
        audit.record(
            session,
            "token.expire",
            Actor("system:unused-expiry"),
            office_id=row.office_id,
            subject=f"{row.preview} {row.label}",
            after={"reason": f"unused for more than {unused_days} days"},
        )
    hq.changed()


def report_leaks(hq: HQ, tokens: Iterable[str], actor: Actor) -> int:
    """Revoke every valid token found in public; returns how many were revoked (not exposed)."""
    revoked = 0
    now = utcnow()
    with hq.transaction() as session:
        for token in tokens:
            if formats.parse_practice_token(token) is None:
                continue
            row = session.scalars(
                select(PracticeToken).where(PracticeToken.token_hash == hq.hasher.digest(token))
            ).first()
            if row is None:
                continue
            row.leak_reported_at = now
            if row.revoked_at is None:
                row.revoked_at = now
                row.revoked_reason = "leaked"
                revoked += 1
            audit.record(
                session,
                "token.leak_revoke",
                actor,
                office_id=row.office_id,
                subject=f"{row.preview} {row.label}",
                after={"reason": "found in public by a secret-scanning partner"},
            )
    if revoked:
        hq.changed()
    return revoked


def on_office_event(hq: HQ, event: OfficeEvent) -> None:
    """A practice user who is disabled takes their tokens along."""
    if event.event != users.USER_DISABLED or not event.after:
        return
    user_num = event.after.get("UserNum")
    if isinstance(user_num, int):
        revoke_user_tokens(hq, event.office_id, user_num, event.actor, "user_disabled")
