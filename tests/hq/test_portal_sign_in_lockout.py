"""Developer and operator portal lockouts hold under concurrent guesses.

The attack (issue 11 item 6, on the HQ accounts): wrong passwords sent at once all read
"fewer than 5 failures" before any failure was written, so every one was checked. Attempts are
now reserved with one conditional UPDATE on ``failed_logins``/``locked_until`` before any
password is checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import select, update

from dentin import passwords
from dentin.errors import DentinError
from dentin.hq import applications, audit, developers, operators
from dentin.hq.models import Developer, Operator
from dentin.runtime import Runtime
from dentin.wire import utcnow
from tests.conftest import ACTOR
from tests.hq.conftest import CountingHasher

PASSWORD = "the right password 2026"
EMAIL = "someone@acme.example"
GUESSES = 40


@dataclass
class Account:
    """One kind of portal account, seen the same way by every test."""

    model: type[Developer] | type[Operator]
    sign_in: Callable[[str], object]
    limit: int
    lockout: dt.timedelta
    locked_event: str
    reset: Callable[[str], object]


@pytest.fixture(params=["developer", "operator"])
def account(request: pytest.FixtureRequest, rt: Runtime) -> Account:
    if request.param == "developer":
        issued = developers.create_developer(rt.hq, company_name="Acme Dental Apps", actor=ACTOR)
        applications.set_password(rt.hq, issued.developer_id, PASSWORD, ACTOR, login_email=EMAIL)
        return Account(
            Developer,
            lambda pw: applications.verify_login(rt.hq, EMAIL, pw),
            applications.MAX_FAILED_LOGINS,
            applications.LOCKOUT,
            "developer.login_locked",
            lambda pw: applications.set_password(rt.hq, issued.developer_id, pw, ACTOR),
        )
    operators.create_operator(rt.hq, EMAIL, PASSWORD, ACTOR)
    return Account(
        Operator,
        lambda pw: operators.verify_login(rt.hq, EMAIL, pw),
        operators.MAX_FAILED_LOGINS,
        dt.timedelta(minutes=operators.LOCK_MINUTES),
        "operator.locked",
        lambda pw: operators.set_password(rt.hq, EMAIL, pw, ACTOR),
    )


def _outcome(account: Account, password: str) -> str:
    """ "ok", "locked" for a lock, "wrong" for any other refusal (and its code otherwise)."""
    try:
        account.sign_in(password)
    except DentinError as exc:
        if exc.code == "account_locked":
            return "locked"
        if exc.status_code == 401:
            return "wrong"
        return exc.code
    return "ok"


def _counter(rt: Runtime, account: Account) -> tuple[int, dt.datetime | None]:
    model = account.model
    with rt.hq.read() as session:
        row = session.execute(select(model.failed_logins, model.locked_until)).one()
    return int(row[0]), row[1]


def _locked_events(rt: Runtime, account: Account) -> int:
    return len(audit.latest(rt.hq, event=account.locked_event, limit=100))


def test_forty_concurrent_wrong_passwords_check_at_most_five_and_lock_the_account(
    rt: Runtime,
    account: Account,
    counted_hashes: CountingHasher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every guess may wait for a hashing slot, so none is turned away with 429 and all 40
    # really race for the lockout counter.
    monkeypatch.setattr(passwords, "_gate", passwords.Gate(4, 120.0))
    with ThreadPoolExecutor(max_workers=GUESSES) as pool:
        outcomes = list(
            pool.map(lambda n: _outcome(account, f"wrong guess {n:04d}"), range(GUESSES))
        )
    assert counted_hashes.verified <= account.limit
    assert set(outcomes) <= {"wrong", "locked"}
    assert outcomes.count("wrong") == account.limit - 1
    assert outcomes.count("locked") == GUESSES - account.limit + 1
    count, until = _counter(rt, account)
    assert count == account.limit
    assert until is not None and until > utcnow()
    assert _locked_events(rt, account) == 1

    # The right password during the lock is refused without being checked.
    checked = counted_hashes.verified
    assert _outcome(account, PASSWORD) == "locked"
    assert counted_hashes.verified == checked


def test_the_lock_ends_after_its_time_and_a_fresh_count_starts(
    rt: Runtime, account: Account, cheap_hashes: CountingHasher
) -> None:
    for _ in range(account.limit):
        _outcome(account, "not the password")
    assert _outcome(account, PASSWORD) == "locked"
    with rt.hq.transaction() as session:
        session.execute(
            update(account.model).values(locked_until=utcnow() - dt.timedelta(seconds=1))
        )
    assert _outcome(account, "not the password") == "wrong"
    assert _counter(rt, account) == (1, None)
    assert _outcome(account, PASSWORD) == "ok"
    assert _counter(rt, account) == (0, None)


def test_a_success_clears_the_count_so_old_failures_do_not_add_up(
    rt: Runtime, account: Account, cheap_hashes: CountingHasher
) -> None:
    for _ in range(account.limit - 1):
        assert _outcome(account, "not the password") == "wrong"
    assert _counter(rt, account)[0] == account.limit - 1
    assert _outcome(account, PASSWORD) == "ok"
    for _ in range(account.limit - 1):
        assert _outcome(account, "not the password") == "wrong"
    assert _outcome(account, PASSWORD) == "ok"
    assert _locked_events(rt, account) == 0


def test_the_right_password_as_the_last_attempt_signs_in_and_lifts_the_lock(
    rt: Runtime, account: Account, cheap_hashes: CountingHasher
) -> None:
    for _ in range(account.limit - 1):
        _outcome(account, "not the password")
    assert _outcome(account, PASSWORD) == "ok"
    assert _counter(rt, account) == (0, None)


def test_a_password_reset_lifts_the_lock(
    rt: Runtime, account: Account, cheap_hashes: CountingHasher
) -> None:
    for _ in range(account.limit):
        _outcome(account, "not the password")
    assert _outcome(account, PASSWORD) == "locked"
    account.reset("a brand new password")
    assert _counter(rt, account) == (0, None)
    assert _outcome(account, "a brand new password") == "ok"


def test_a_busy_server_answers_429_without_using_up_an_attempt(
    rt: Runtime, account: Account, cheap_hashes: CountingHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = passwords.Gate(1, 0.0)
    monkeypatch.setattr(passwords, "_gate", gate)
    with gate.slot():  # another thread's check holds the only slot
        outcome = ThreadPoolExecutor(1).submit(_outcome, account, "not the password").result()
    assert outcome == "busy_password_checks"
    assert _counter(rt, account) == (0, None)
