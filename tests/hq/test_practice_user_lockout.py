"""Practice-user lockout holds under concurrent guesses (issue 11, item 6).

The attack: 40 wrong passwords sent at once all passed a "fewer than 5 failures?" check read
before any failure was written, so all 40 were checked. Attempts are now reserved with one
conditional UPDATE on ``userod.FailedAttempts`` before any password is checked.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, update

from dentin import passwords
from dentin.errors import DentinError, Unauthorized
from dentin.hq import audit, practice_sessions
from dentin.office import users
from dentin.office.models import Userod
from dentin.office.registry import OfficeDatabase
from dentin.wire import utcnow
from tests.conftest import ACTOR, World
from tests.hq.conftest import CountingHasher

PASSWORD = "front desk admin 2026"
GUESSES = 40


@pytest.fixture
def office(world: World) -> OfficeDatabase:
    db = world.rt.offices.get(world.office_a.id)
    users.add_user(world.rt.hq, db, "Admin", PASSWORD, ACTOR, is_admin=True)
    return db


def _sign_in(world: World, password: str) -> str:
    """The outcome's code: "ok", or the refusal's code."""
    try:
        practice_sessions.sign_in(
            world.rt.hq, world.rt.offices, world.office_a.id, "Admin", password
        )
    except DentinError as exc:
        return exc.code
    return "ok"


def _counter(db: OfficeDatabase) -> tuple[int, dt.datetime | None]:
    with db.session() as session:
        row = session.execute(
            select(Userod.FailedAttempts, Userod.DateTFailed).where(Userod.UserName == "Admin")
        ).one()
    return int(row[0]), row[1]


def test_forty_concurrent_wrong_passwords_check_at_most_five_and_lock_the_user(
    world: World,
    office: OfficeDatabase,
    counted_hashes: CountingHasher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every guess may wait for a hashing slot, so none is turned away with 429 and all 40
    # really race for the lockout counter.
    monkeypatch.setattr(passwords, "_gate", passwords.Gate(4, 120.0))
    with ThreadPoolExecutor(max_workers=GUESSES) as pool:
        outcomes = list(pool.map(lambda n: _sign_in(world, f"wrong guess {n:04d}"), range(GUESSES)))
    assert counted_hashes.verified <= users.MAX_FAILED_LOGINS
    assert set(outcomes) <= {"bad_login", "account_locked"}
    assert outcomes.count("bad_login") == users.MAX_FAILED_LOGINS - 1
    assert outcomes.count("account_locked") == GUESSES - users.MAX_FAILED_LOGINS + 1
    assert _counter(office)[0] == users.MAX_FAILED_LOGINS

    # The right password during the lock is refused without being checked.
    checked = counted_hashes.verified
    assert _sign_in(world, PASSWORD) == "account_locked"
    assert counted_hashes.verified == checked

    # The audit log keeps the history: one failure per checked guess, one lock.
    events = [r.event for r in audit.latest(world.rt.hq, office_id=world.office_a.id, limit=50)]
    assert events.count(users.LOGIN_FAILED) == users.MAX_FAILED_LOGINS
    assert events.count(users.LOCKED) == 1


def test_the_lock_message_says_when_it_ends_and_how_to_get_in_sooner(
    world: World, office: OfficeDatabase
) -> None:
    for _ in range(users.MAX_FAILED_LOGINS):
        _sign_in(world, "not the password")
    with pytest.raises(Unauthorized) as refused:
        users.verify(world.rt.hq, office, "Admin", PASSWORD)
    assert refused.value.code == "account_locked"
    _count, last = _counter(office)
    assert last is not None
    assert f"{last + users.LOCKOUT:%Y-%m-%d %H:%M} UTC" in refused.value.message
    assert "ask a practice administrator to reset the password" in refused.value.message


def test_the_lock_ends_fifteen_minutes_after_the_last_attempt(
    world: World, office: OfficeDatabase
) -> None:
    for _ in range(users.MAX_FAILED_LOGINS):
        _sign_in(world, "not the password")
    assert _sign_in(world, PASSWORD) == "account_locked"
    with office.transaction() as session:
        session.execute(
            update(Userod).values(DateTFailed=utcnow() - users.LOCKOUT - dt.timedelta(seconds=1))
        )
    assert _sign_in(world, PASSWORD) == "ok"
    assert _counter(office) == (0, None)


def test_a_success_clears_the_count_so_old_failures_do_not_add_up(
    world: World, office: OfficeDatabase
) -> None:
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        assert _sign_in(world, "not the password") == "bad_login"
    assert _counter(office)[0] == users.MAX_FAILED_LOGINS - 1
    assert _sign_in(world, PASSWORD) == "ok"
    for _ in range(users.MAX_FAILED_LOGINS - 1):
        assert _sign_in(world, "not the password") == "bad_login"
    assert _sign_in(world, PASSWORD) == "ok"


def test_a_password_reset_lifts_the_lock(world: World, office: OfficeDatabase) -> None:
    for _ in range(users.MAX_FAILED_LOGINS):
        _sign_in(world, "not the password")
    assert _sign_in(world, PASSWORD) == "account_locked"
    users.set_password(world.rt.hq, office, "Admin", "a brand new password", ACTOR)
    assert _counter(office) == (0, None)
    assert _sign_in(world, "a brand new password") == "ok"


def test_a_busy_server_answers_429_without_using_up_an_attempt(
    world: World, office: OfficeDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = passwords.Gate(1, 0.0)
    monkeypatch.setattr(passwords, "_gate", gate)
    with gate.slot():  # another thread's check holds the only slot
        outcome = ThreadPoolExecutor(1).submit(_sign_in, world, "not the password").result()
    assert outcome == "busy_password_checks"
    assert _counter(office) == (0, None)
