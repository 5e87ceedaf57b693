"""Practice users (``userod``): argon2 passwords, sign-in with lockout, disabling by hiding.

Failed sign-ins are counted in HQ's audit log rather than in new ``userod`` columns: the log
is already durable and shared by every HQ node, it keeps Open Dental's table shape untouched,
and it doubles as the record of who tried what from where. Five failures within 15 minutes
(since the last success or password reset) lock the user for 15 minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin import passwords, scopes
from dentin.errors import BadRequest, Conflict, NotFound, Unauthorized
from dentin.hq import audit
from dentin.hq.context import HQ, Actor
from dentin.hq.models import AuditEvent
from dentin.office.models import Userod
from dentin.office.registry import OfficeDatabase
from dentin.wire import utcnow

USER_NAME_MAX = 255
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)

LOGIN_OK = "practice_user.login"
LOGIN_FAILED = "practice_user.login_failed"
LOCKED = "practice_user.locked"
PASSWORD_SET = "practice_user.password_set"  # noqa: S105
_LOCK_EVENTS = (LOGIN_OK, LOGIN_FAILED, LOCKED, PASSWORD_SET)


@dataclass(frozen=True)
class PracticeUserView:
    """A practice user without the password hash.

    ``stamp`` changes whenever the password does; practice sessions are signed with it, so a
    password change ends every session of that user.
    """

    office_id: int
    user_num: int
    user_name: str
    is_admin: bool
    is_hidden: bool
    scopes: frozenset[str]
    stamp: str


def parse_scopes(text: str) -> frozenset[str]:
    return frozenset(part for part in re.split(r"[,\s]+", text or "") if part)


def _view(office_id: int, row: Userod) -> PracticeUserView:
    return PracticeUserView(
        office_id=office_id,
        user_num=row.UserNum,
        user_name=row.UserName,
        is_admin=bool(row.IsAdmin),
        is_hidden=bool(row.IsHidden),
        scopes=parse_scopes(row.Scopes),
        stamp=hashlib.sha256(row.Password.encode()).hexdigest()[:16],
    )


def _by_name(session: Session, user_name: str) -> Userod | None:
    return session.scalars(
        select(Userod).where(func.lower(Userod.UserName) == user_name.strip().lower())
    ).first()


def _check_password(password: str) -> None:
    problem = passwords.problem(password)
    if problem is not None:
        raise BadRequest(problem, extra={"fields": {"Password": problem}})


def add_user(
    hq: HQ,
    db: OfficeDatabase,
    user_name: str,
    password: str,
    actor: Actor,
    *,
    is_admin: bool = False,
    user_scopes: Iterable[str] = (),
) -> PracticeUserView:
    user_name = user_name.strip()
    if not user_name:
        raise BadRequest("UserName is required.", extra={"fields": {"UserName": "required"}})
    if len(user_name) > USER_NAME_MAX:
        raise BadRequest(f"UserName is longer than {USER_NAME_MAX} characters.")
    _check_password(password)
    try:
        normalized = scopes.normalize_all(user_scopes)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    password_hash = passwords.hash_password(password)
    with db.transaction() as session:
        if _by_name(session, user_name) is not None:
            raise Conflict(f"There is already a user named {user_name!r} in this office.")
        row = Userod(
            UserName=user_name,
            Password=password_hash,
            IsAdmin=int(is_admin),
            IsHidden=0,
            Scopes=",".join(normalized),
            DateTStamp=utcnow(),
        )
        session.add(row)
        session.flush()
        view = _view(db.office_id, row)
    with hq.transaction() as hq_session:
        audit.record(
            hq_session,
            "practice_user.create",
            actor,
            office_id=db.office_id,
            subject=user_name,
            after={"UserNum": view.user_num, "IsAdmin": is_admin, "Scopes": normalized},
        )
    return view


def get_user(db: OfficeDatabase, user_num: int) -> PracticeUserView | None:
    with db.session() as session:
        row = session.get(Userod, user_num)
        return None if row is None else _view(db.office_id, row)


def list_users(db: OfficeDatabase) -> list[PracticeUserView]:
    with db.session() as session:
        return [
            _view(db.office_id, r) for r in session.scalars(select(Userod).order_by(Userod.UserNum))
        ]


def disable_user(hq: HQ, db: OfficeDatabase, user_name: str, actor: Actor) -> PracticeUserView:
    """Hide the user (Open Dental's way to retire one); sign-in and sessions stop at once."""
    with db.transaction() as session:
        row = _by_name(session, user_name)
        if row is None:
            raise NotFound(f"There is no user named {user_name!r} in this office.")
        before = bool(row.IsHidden)
        row.IsHidden = 1
        row.DateTStamp = utcnow()
        view = _view(db.office_id, row)
    with hq.transaction() as hq_session:
        audit.record(
            hq_session,
            "practice_user.disable",
            actor,
            office_id=db.office_id,
            subject=view.user_name,
            before={"IsHidden": before},
            after={"IsHidden": True},
        )
    # A user who leaves takes their practice tokens with them.
    from dentin.hq import practice_tokens

    practice_tokens.revoke_user_tokens(hq, db.office_id, view.user_num, actor, "user_disabled")
    return view


def set_password(
    hq: HQ, db: OfficeDatabase, user_name: str, password: str, actor: Actor
) -> PracticeUserView:
    """Reset a password: ends the user's sessions and lifts any lockout."""
    _check_password(password)
    password_hash = passwords.hash_password(password)
    with db.transaction() as session:
        row = _by_name(session, user_name)
        if row is None:
            raise NotFound(f"There is no user named {user_name!r} in this office.")
        row.Password = password_hash
        row.DateTStamp = utcnow()
        view = _view(db.office_id, row)
    with hq.transaction() as hq_session:
        audit.record(
            hq_session, PASSWORD_SET, actor, office_id=db.office_id, subject=view.user_name
        )
    return view


def locked_until(hq: HQ, office_id: int, user_name: str) -> dt.datetime | None:
    """When the user's lock ends, or None; read from the recent sign-in events."""
    return _lock_state(hq, office_id, user_name)[0]


def _lock_state(hq: HQ, office_id: int, user_name: str) -> tuple[dt.datetime | None, int]:
    """(lock end or None, failures counted toward the next lock)."""
    now = utcnow()
    query = (
        select(AuditEvent.event, AuditEvent.at)
        .where(
            AuditEvent.office_id == office_id,
            AuditEvent.subject == user_name,
            AuditEvent.event.in_(_LOCK_EVENTS),
            AuditEvent.at >= now - LOCKOUT,
        )
        .order_by(AuditEvent.id.desc())
        .limit(MAX_FAILED_LOGINS + 1)
    )
    failures = 0
    with hq.read() as session:
        for event, at in session.execute(query):
            if event == LOCKED:
                return at + LOCKOUT, 0
            if event != LOGIN_FAILED:
                break
            failures += 1
    return None, failures


def verify(
    hq: HQ, db: OfficeDatabase, user_name: str, password: str, source: str = ""
) -> PracticeUserView:
    """Check a sign-in. Unknown, hidden and wrong all get one answer, so names stay private."""
    wrong = Unauthorized("The user name or password is wrong.", code="bad_login")
    with db.session() as session:
        row = _by_name(session, user_name)
        view = None if row is None else _view(db.office_id, row)
        stored = "" if row is None else row.Password
    if view is None or view.is_hidden:
        passwords.verify(None, password)
        raise wrong
    until, failures = _lock_state(hq, db.office_id, view.user_name)
    if until is not None:
        raise _locked(until)
    actor = Actor(f"practice:{db.office_id}:{view.user_name}", source)
    ok = passwords.verify(stored, password)
    with hq.transaction() as session:
        if ok:
            audit.record(session, LOGIN_OK, actor, office_id=db.office_id, subject=view.user_name)
        else:
            audit.record(
                session, LOGIN_FAILED, actor, office_id=db.office_id, subject=view.user_name
            )
            if failures + 1 >= MAX_FAILED_LOGINS:
                audit.record(
                    session,
                    LOCKED,
                    actor,
                    office_id=db.office_id,
                    subject=view.user_name,
                    after={"minutes": int(LOCKOUT.total_seconds() // 60)},
                )
                until = utcnow() + LOCKOUT
    if until is not None:
        raise _locked(until)
    if not ok:
        raise wrong
    return view


def _locked(until: dt.datetime) -> Unauthorized:
    return Unauthorized(
        f"This user is locked after {MAX_FAILED_LOGINS} failed sign-ins; try again after "
        f"{until:%Y-%m-%d %H:%M} UTC or ask a practice administrator to reset the password.",
        code="account_locked",
    )
