"""Platform operators: the people who sign in to /portal/admin.

Passwords are hashed with argon2 (unlike keys, a password has little entropy, so a slow hash
is what protects it). Repeated failures lock the account for a while, which caps online
guessing without letting a stranger lock an operator out for good.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dentin import passwords
from dentin.errors import BadRequest, Conflict, NotFound, Unauthorized
from dentin.hq import audit, sign_in_lockout
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Operator
from dentin.wire import utcnow

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
LOCKOUT = dt.timedelta(minutes=LOCK_MINUTES)
MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountLocked(Unauthorized):
    code = "account_locked"


@dataclass(frozen=True)
class OperatorView:
    id: int
    email: str
    name: str
    created_at: dt.datetime
    # Portal cookies name it; a cookie naming an older one is signed out.
    session_version: int = 0


def _view(row: Operator) -> OperatorView:
    return OperatorView(
        id=row.id,
        email=row.email,
        name=row.name,
        created_at=row.created_at,
        session_version=row.session_version or 0,
    )


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise BadRequest(f"{email!r} is not an email address like name@example.com.")
    return email


def check_password(password: str) -> None:
    problem = passwords.problem(password)
    if problem is not None:
        raise BadRequest(problem)


def create_operator(
    hq: HQ, email: str, password: str, actor: Actor, *, name: str = ""
) -> OperatorView:
    email = normalize_email(email)
    check_password(password)
    try:
        with hq.transaction() as session:
            row = Operator(
                email=email, name=name.strip(), password_hash=passwords.hash_password(password)
            )
            session.add(row)
            session.flush()
            audit.record(session, "operator.create", actor, subject=email)
            view = _view(row)
    except IntegrityError:
        raise Conflict(f"There is already an operator {email}.") from None
    return view


def set_password(hq: HQ, email: str, password: str, actor: Actor) -> OperatorView:
    """Also clears a lockout (how an operator gets back in early) and ends every session."""
    email = normalize_email(email)
    check_password(password)
    with hq.transaction() as session:
        row = _find(session, email)
        if row is None:
            raise NotFound(f"There is no operator {email}.")
        row.password_hash = passwords.hash_password(password)
        row.failed_logins = 0
        row.locked_until = None
        row.session_version = (row.session_version or 0) + 1
        audit.record(session, "operator.set_password", actor, subject=email)
        return _view(row)


def end_sessions(hq: HQ, operator_id: int, actor: Actor) -> None:
    """Sign the operator out everywhere: every portal cookie issued so far stops working."""
    with hq.transaction() as session:
        row = session.get(Operator, operator_id)
        if row is None:
            return
        row.session_version = (row.session_version or 0) + 1
        audit.record(session, "operator.sign_out", actor, subject=row.email)


def session_version(hq: HQ, operator_id: int) -> int | None:
    """The version a live portal session must name, or None when the operator is gone."""
    with hq.read() as session:
        version = session.scalar(select(Operator.session_version).where(Operator.id == operator_id))
    return None if version is None else int(version)


def find_operator(hq: HQ, email: str) -> OperatorView | None:
    with hq.read() as session:
        row = _find(session, email.strip().lower())
        return _view(row) if row else None


def get_operator(hq: HQ, operator_id: int) -> OperatorView:
    with hq.read() as session:
        row = session.get(Operator, operator_id)
        if row is None:
            raise NotFound(f"There is no operator {operator_id}.")
        return _view(row)


def _find(session: Session, email: str) -> Operator | None:
    return session.scalars(select(Operator).where(func.lower(Operator.email) == email)).first()


def verify_login(hq: HQ, email: str, password: str, source: str = "") -> OperatorView:
    """The operator for these credentials, or Unauthorized (AccountLocked while locked).

    The same message answers an unknown email and a wrong password, so the sign-in form does
    not reveal who has an account. The attempt is counted before the password is checked
    (``sign_in_lockout``), so concurrent guesses cannot get past the lock.
    """
    refused = Unauthorized("That email and password do not match an operator account.")
    email = email.strip().lower()
    with hq.read() as session:
        row = _find(session, email)
        found = None if row is None else (row.id, row.password_hash)
    if found is None:
        passwords.verify(None, password)  # same cost as a real check: no account probing
        raise refused
    operator_id, stored = found
    # The hashing slot is taken first, so a busy server answers 429 without using an attempt.
    with passwords.slot():
        attempt = sign_in_lockout.reserve(
            hq, Operator, operator_id, limit=MAX_FAILED_LOGINS, lockout=LOCKOUT
        )
        if attempt.refused_until is not None:
            raise _locked(attempt.refused_until, utcnow())
        ok = passwords.verify(stored, password)
        rehashed = (
            passwords.hash_password(password) if ok and passwords.needs_rehash(stored) else ""
        )
    if not ok and attempt.locks_until is None:
        raise refused
    with hq.transaction() as session:
        if not ok:
            audit.record(session, "operator.locked", Actor(email, source), subject=email)
        else:
            row = session.get(Operator, operator_id)
            if row is None:
                raise refused
            row.failed_logins = 0  # also lifts the lock this attempt may have reserved
            row.locked_until = None
            if rehashed:
                row.password_hash = rehashed
            audit.record(session, "operator.sign_in", Actor(email, source), subject=email)
            return _view(row)
    raise _locked(attempt.locks_until or utcnow() + LOCKOUT, utcnow())


def _locked(until: dt.datetime, now: dt.datetime) -> AccountLocked:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return AccountLocked(
        f"Too many failed sign-ins: this account is locked for {minutes} more minute(s). "
        "Try again later, or ask another operator to reset the password."
    )
