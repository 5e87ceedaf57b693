"""Practice users (``userod``): argon2 passwords, sign-in with lockout, disabling by hiding.

Failed sign-ins are counted in Open Dental's own ``userod.FailedAttempts``/``DateTFailed``
columns, reserved by one conditional UPDATE *before* the password is checked: counting after
the check let concurrent guesses all pass a "fewer than five failures?" test at once. Five
attempts within 15 minutes without a success lock the user for 15 minutes from the last one; a
success or a password reset clears the count. HQ's audit log keeps the history of who tried
what from where (``practice_user.login_failed``/``locked``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from dentin import passwords, scopes
from dentin.caller import Actor
from dentin.errors import BadRequest, Conflict, NotFound, Unauthorized
from dentin.office.clock import office_now
from dentin.office.models import Userod
from dentin.office.outbound import OfficeEvent, Outbound
from dentin.office.registry import OfficeDatabase
from dentin.wire import utcnow

USER_NAME_MAX = 255
MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)

LOGIN_OK = "practice_user.login"
LOGIN_FAILED = "practice_user.login_failed"
LOCKED = "practice_user.locked"
USER_DISABLED = "practice_user.disable"
PASSWORD_SET = "practice_user.password_set"  # noqa: S105


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
    out: Outbound,
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
            DateTStamp=office_now(db, session),
        )
        session.add(row)
        session.flush()
        view = _view(db.office_id, row)
    out.record(
        OfficeEvent(
            "practice_user.create",
            actor,
            db.office_id,
            subject=user_name,
            after={"UserNum": view.user_num, "IsAdmin": is_admin, "Scopes": normalized},
        )
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


def disable_user(
    out: Outbound, db: OfficeDatabase, user_name: str, actor: Actor
) -> PracticeUserView:
    """Hide the user (Open Dental's way to retire one); sign-in and sessions stop at once."""
    with db.transaction() as session:
        row = _by_name(session, user_name)
        if row is None:
            raise NotFound(f"There is no user named {user_name!r} in this office.")
        before = bool(row.IsHidden)
        row.IsHidden = 1
        row.DateTStamp = office_now(db, session)
        view = _view(db.office_id, row)
    # HQ reacts to this event by revoking the user's practice tokens: a user who leaves takes
    # them along.
    out.record(
        OfficeEvent(
            USER_DISABLED,
            actor,
            db.office_id,
            subject=view.user_name,
            before={"IsHidden": before},
            after={"IsHidden": True, "UserNum": view.user_num},
        )
    )
    return view


def set_rights(
    out: Outbound,
    db: OfficeDatabase,
    user_name: str,
    user_scopes: Iterable[str],
    actor: Actor,
    *,
    is_admin: bool | None = None,
) -> PracticeUserView:
    """Replace a user's scopes (and, if given, administrator flag) in one transaction.

    Practice tokens act with the intersection of their scopes and their creator's current
    rights, so ``out.changed()`` drops every cached verdict and a right taken away here stops
    the creator's tokens from using it on their next request.
    """
    try:
        normalized = scopes.normalize_all(user_scopes)
    except ValueError as exc:
        raise BadRequest(str(exc), extra={"fields": {"Scopes": str(exc)}}) from None
    with db.transaction() as session:
        row = _by_name(session, user_name)
        if row is None:
            raise NotFound(f"There is no user named {user_name!r} in this office.")
        before = {"IsAdmin": bool(row.IsAdmin), "Scopes": sorted(parse_scopes(row.Scopes))}
        row.Scopes = ",".join(normalized)
        if is_admin is not None:
            row.IsAdmin = int(is_admin)
        row.DateTStamp = office_now(db, session)
        view = _view(db.office_id, row)
    after = {"IsAdmin": view.is_admin, "Scopes": normalized}
    out.record(
        OfficeEvent(
            "practice_user.set_rights",
            actor,
            db.office_id,
            subject=view.user_name,
            before=before,
            after=after,
        )
    )
    out.changed()
    return view


def rights(db: OfficeDatabase, user_num: int) -> frozenset[str] | None:
    """What the user may do now (all scopes for an administrator), or None if gone or hidden."""
    with db.session() as session:
        row = session.get(Userod, user_num)
        if row is None or row.IsHidden:
            return None
        return scopes.ALL_SCOPES if row.IsAdmin else parse_scopes(row.Scopes)


def set_password(
    out: Outbound, db: OfficeDatabase, user_name: str, password: str, actor: Actor
) -> PracticeUserView:
    """Reset a password: ends the user's sessions and lifts any lockout."""
    _check_password(password)
    password_hash = passwords.hash_password(password)
    with db.transaction() as session:
        row = _by_name(session, user_name)
        if row is None:
            raise NotFound(f"There is no user named {user_name!r} in this office.")
        row.Password = password_hash
        row.FailedAttempts = 0
        row.DateTFailed = None
        row.DateTStamp = office_now(db, session)
        view = _view(db.office_id, row)
    out.record(OfficeEvent(PASSWORD_SET, actor, db.office_id, subject=view.user_name))
    return view


def _reserve_attempt(db: OfficeDatabase, user_num: int) -> tuple[int, dt.datetime | None]:
    """Take one of the user's attempts before the password is checked, atomically.

    One conditional UPDATE both counts and checks the limit, so concurrent guesses cannot all
    see "no failures yet": at most ``MAX_FAILED_LOGINS`` attempts are reserved per window, even
    from many nodes at once (PostgreSQL re-checks the condition on the row it waited for;
    SQLite runs writers one at a time). Returns (attempts now counted, 0 when refused; when
    the lock ends, if refused).
    """
    now = utcnow()
    cutoff = now - LOCKOUT
    stale = or_(Userod.DateTFailed.is_(None), Userod.DateTFailed < cutoff)
    reserve = (
        update(Userod)
        .where(
            Userod.UserNum == user_num,
            or_(Userod.FailedAttempts < MAX_FAILED_LOGINS, stale),
        )
        .values(
            FailedAttempts=case((stale, 1), else_=Userod.FailedAttempts + 1),
            DateTFailed=now,
        )
        .returning(Userod.FailedAttempts)
        .execution_options(synchronize_session=False)
    )
    with db.transaction() as session:
        counted = session.execute(reserve).scalar_one_or_none()
        if counted is not None:
            return int(counted), None
        last = session.execute(
            select(Userod.DateTFailed).where(Userod.UserNum == user_num)
        ).scalar_one_or_none()
    return 0, (last or now) + LOCKOUT


def _clear_attempts(db: OfficeDatabase, user_num: int) -> None:
    with db.transaction() as session:
        session.execute(
            update(Userod)
            .where(Userod.UserNum == user_num)
            .values(FailedAttempts=0, DateTFailed=None)
            .execution_options(synchronize_session=False)
        )


def verify(
    out: Outbound, db: OfficeDatabase, user_name: str, password: str, source: str = ""
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
    actor = Actor(f"practice:{db.office_id}:{view.user_name}", source)
    # The hashing slot is taken first, so a busy server answers 429 without using an attempt.
    with passwords.slot():
        counted, until = _reserve_attempt(db, view.user_num)
        if until is not None:
            raise _locked(until)
        ok = passwords.verify(stored, password)
    if ok:
        _clear_attempts(db, view.user_num)
    out.record(OfficeEvent(LOGIN_OK if ok else LOGIN_FAILED, actor, db.office_id, view.user_name))
    if not ok and counted >= MAX_FAILED_LOGINS:
        out.record(
            OfficeEvent(
                LOCKED,
                actor,
                db.office_id,
                subject=view.user_name,
                after={"minutes": int(LOCKOUT.total_seconds() // 60)},
            )
        )
    if not ok and counted >= MAX_FAILED_LOGINS:
        raise _locked(utcnow() + LOCKOUT)
    if not ok:
        raise wrong
    return view


def _locked(until: dt.datetime) -> Unauthorized:
    return Unauthorized(
        f"This user is locked after {MAX_FAILED_LOGINS} failed sign-ins; try again after "
        f"{until:%Y-%m-%d %H:%M} UTC or ask a practice administrator to reset the password.",
        code="account_locked",
    )
