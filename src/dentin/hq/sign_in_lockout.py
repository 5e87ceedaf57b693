"""Portal sign-in lockout for HQ accounts (developers and operators), counted atomically.

An attempt is reserved by one conditional UPDATE on ``failed_logins``/``locked_until`` *before*
the password is checked. Reading the count, checking the password and writing the count after
let concurrent guesses all see "fewer than five failures" at once, so every one of them was
checked. Now the attempt that reaches the limit sets the lock as it is reserved, and every later
one is refused unchecked until the lock ends or a success (or password reset) clears the count:
at most ``limit`` passwords are checked per lock, however many requests race, on any number of
nodes (PostgreSQL re-checks the condition on the row it waited for; SQLite runs writers one at
a time). Practice users get the same in ``office.users``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select, update

from dentin.hq.context import HQ
from dentin.hq.models import Developer, Operator
from dentin.wire import utcnow

Account = type[Developer] | type[Operator]


@dataclass(frozen=True)
class Attempt:
    """The outcome of a reservation."""

    # Set: the account is locked until then; refuse without checking the password.
    refused_until: dt.datetime | None = None
    # Set: this is the last attempt; the account is locked until then unless it succeeds.
    locks_until: dt.datetime | None = None


def reserve(
    hq: HQ, model: Account, account_id: int, *, limit: int, lockout: dt.timedelta
) -> Attempt:
    """Count one attempt for the account, or refuse it while the account is locked."""
    for _ in range(2):
        now = utcnow()
        open_ = or_(model.locked_until.is_(None), model.locked_until <= now)
        expired = and_(model.locked_until.is_not(None), model.locked_until <= now)
        # An ended lock starts a fresh count; otherwise one more failure in a row.
        count = case((expired, 1), else_=func.coalesce(model.failed_logins, 0) + 1)
        lock_at = now + lockout
        statement = (
            update(model)
            .where(model.id == account_id, open_)
            .values(failed_logins=count, locked_until=case((count >= limit, lock_at), else_=None))
            .returning(model.failed_logins)
            .execution_options(synchronize_session=False)
        )
        with hq.transaction() as session:
            counted = session.execute(statement).scalar_one_or_none()
            if counted is None:
                until = session.scalar(select(model.locked_until).where(model.id == account_id))
        if counted is not None:
            return Attempt(locks_until=lock_at if counted >= limit else None)
        if until is not None and until > now:
            return Attempt(refused_until=until)
        # The lock ended (or a success cleared it) between the UPDATE and the read: try again.
    return Attempt(refused_until=utcnow() + lockout)
