"""The delivery worker: outbox rows → signed, ordered, retried POSTs, never lost.

Per subscription, strictly one message at a time, in order:

1. Take the subscription's lease (one worker per subscription, in any number of processes).
2. Resend its oldest pending message, or else form the next one: up to 1000 outbox rows,
   each row rendered once as its GET shows it, stored with a fixed ``webhook-id`` and body,
   and the rows deleted, all in one transaction. A worker killed at any point leaves either
   the rows or the message, never neither: the next worker sends it again under the same
   ``webhook-id`` (the receiver may see a duplicate, never a gap).
3. POST it (the HTTP call holds no database lock), then record the attempt: 2xx delivered;
   410 disables the subscription (the message waits for a PUT that enables it again); any
   other answer or failure is retried with exponential backoff and jitter, no sooner than a
   ``Retry-After`` asks, until three days after its oldest event; then it is a dead letter,
   which ``replay`` can send again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpcore
import orjson
from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from dentin import __version__
from dentin.config import Settings
from dentin.logs import get_logger
from dentin.office.apikeys import Keys
from dentin.office.events import egress, signing, subscriptions, watch
from dentin.office.events.models import ApiAttempt, ApiMessage, ApiOutbox, ApiSubscription
from dentin.office.registry import OfficeDatabase

log = get_logger("dentin.events")
BATCH = 1000  # Open Dental: "a maximum capacity of 1000 elements" per event
MAX_RESPONSE_BYTES = 64 * 1024  # what is read of a receiver's answer (it is not used)
ROUNDS_PER_STEP = 20  # messages one step may send before other subscriptions get a turn
PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"


def utcnow() -> dt.datetime:
    """Naive UTC with microseconds: retries and leases are scheduled finer than a second."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Policy:
    allow_private: bool = False
    timeout: float = 10.0
    window: dt.timedelta = dt.timedelta(days=3)
    backoff: float = 1.0  # the first retry's delay; doubled each time
    max_backoff: float = 3600.0
    retention: dt.timedelta = dt.timedelta(days=14)
    batch: int = BATCH

    @property
    def lease(self) -> dt.timedelta:
        """Longer than one POST can take, so a live worker never loses its subscription."""
        return dt.timedelta(seconds=self.timeout + 3)

    @classmethod
    def of(cls, settings: Settings) -> Policy:
        return cls(
            allow_private=settings.events_allow_private or settings.demo,
            timeout=settings.events_timeout_seconds,
            window=dt.timedelta(hours=settings.events_retry_hours),
            backoff=settings.events_backoff_seconds,
            retention=dt.timedelta(days=settings.events_retention_days),
        )

    def delay(self, attempts: int) -> float:
        """Exponential backoff with jitter: between half and all of base·2^(n-1), capped."""
        full = min(self.backoff * 2 ** max(attempts - 1, 0), self.max_backoff)
        return random.uniform(full / 2, full)


@dataclass(frozen=True)
class Message:
    """What one attempt sends, read in the transaction that picked it."""

    num: int
    subscription: int
    webhook_id: str
    watch_table: str
    body: bytes
    batch_size: int
    attempts: int
    next_attempt: dt.datetime
    deadline: dt.datetime
    url: str
    workstation: str
    customer_key: str
    secrets: tuple[str, ...]
    first_event: dt.datetime | None = None  # the oldest change it carries (delivery lag)


@dataclass(frozen=True)
class Outcome:
    code: int  # 0 when no HTTP answer came
    latency_ms: int
    error: str = ""
    retry_after: float | None = None
    refused: bool = False


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - now, 0.0)


class Sender:
    """POSTs one message through the checked connection pool."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.pool = egress.pool(policy.allow_private)

    def close(self) -> None:
        self.pool.close()

    def headers(self, m: Message, at: dt.datetime) -> list[tuple[str, str]]:
        out = [
            ("Content-Type", "application/json"),
            ("User-Agent", f"dentin-events/{__version__}"),
            # Open Dental's own headers, so existing receivers work unchanged.
            ("Authorization", m.customer_key),
            ("Event-Type", f"WatchTable: {m.watch_table}"),
        ]
        if m.workstation:
            out.append(("Workstation", m.workstation))
        out += list(signing.headers(m.secrets, m.webhook_id, at, m.body).items())
        return out

    def send(self, m: Message) -> Outcome:
        started = time.monotonic()

        def took() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            egress.parse(m.url, allow_private=self.policy.allow_private)
            t = self.policy.timeout
            with self.pool.stream(
                "POST",
                m.url,
                headers=self.headers(m, utcnow()),
                content=m.body,
                extensions={"timeout": {"connect": t, "read": t, "write": t, "pool": t}},
            ) as answer:
                read = 0
                for chunk in answer.iter_stream():
                    read += len(chunk)
                    if read >= MAX_RESPONSE_BYTES:
                        break
                retry_after = None
                for name, value in answer.headers:
                    if name.lower() == b"retry-after":
                        retry_after = _retry_after(value.decode("latin-1"), time.time())
                return Outcome(answer.status, took(), retry_after=retry_after)
        except egress.Refused as exc:
            return Outcome(0, took(), str(exc), refused=True)
        except httpcore.TimeoutException:
            return Outcome(0, took(), f"no answer within {self.policy.timeout:g} s")
        except (httpcore.ConnectError, OSError) as exc:
            return Outcome(0, took(), f"could not connect: {exc}"[:300])
        except Exception as exc:  # a protocol error from a broken receiver
            return Outcome(0, took(), f"{type(exc).__name__}: {exc}"[:300])


@dataclass
class Worker:
    """Delivers for every subscription of the office databases ``databases()`` returns."""

    policy: Policy
    databases: Callable[[], Iterable[OfficeDatabase]]
    poll: float = 0.25
    threads: int = 8
    refresh: float = 1.0  # a newly paired (Cloud) office drops out of HQ's list within it
    owner: str = field(default_factory=lambda: "w_" + secrets.token_hex(8))
    _busy: set[tuple[int, int]] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _pool: ThreadPoolExecutor | None = None
    _dbs: list[OfficeDatabase] = field(default_factory=list)
    _dbs_at: float = -1e9
    _pruned_at: float = 0.0
    # Told each delivered message's lag in seconds (change in the database → receiver's 2xx):
    # the metrics of the process that runs the worker.
    on_delivered: Callable[[float], None] | None = None

    def __post_init__(self) -> None:
        self.sender = Sender(self.policy)

    # -- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """A background thread (``dentin serve``, the office's own processes)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="dentin-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.policy.timeout + 5)
            self._thread = None

    def run(self, stop: threading.Event | None = None) -> None:
        """Deliver until ``stop`` (or ``self.stop()``); ``dentin events work`` runs this."""
        stop = stop or self._stop
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="dentin-events")
        log.info("events_worker_started", owner=self.owner)
        try:
            while not stop.is_set() and not self._stop.is_set():
                try:
                    self.tick()
                except Exception as exc:  # the next tick tries again
                    log.warning("events_tick_failed", error=f"{type(exc).__name__}: {exc}")
                stop.wait(self.poll)
        finally:
            self._pool.shutdown(wait=True)
            self._pool = None
            self.sender.close()

    def tick(self) -> int:
        """Hand every subscription with due work to the pool; returns how many were handed."""
        handed = 0
        for db in self._offices():
            try:
                due = self.due(db)
            except Exception as exc:
                log.warning("events_scan_failed", office_id=db.office_id, error=type(exc).__name__)
                continue
            for num in due:
                handed += self._submit(db, num)
        if time.monotonic() - self._pruned_at > 60:
            self._pruned_at = time.monotonic()
            for db in self._offices():
                with contextlib.suppress(Exception):
                    prune(db, self.policy)
        return handed

    def _offices(self) -> list[OfficeDatabase]:
        if time.monotonic() - self._dbs_at > self.refresh:
            self._dbs = list(self.databases())
            self._dbs_at = time.monotonic()
        return self._dbs

    def _submit(self, db: OfficeDatabase, num: int) -> int:
        key = (db.office_id, num)
        with self._lock:
            if key in self._busy:
                return 0
            self._busy.add(key)

        def job() -> None:
            try:
                self.step(db, num)
            except Exception as exc:
                log.warning(
                    "events_step_failed",
                    office_id=db.office_id,
                    subscription=num,
                    error=f"{type(exc).__name__}: {exc}"[:300],
                )
            finally:
                with self._lock:
                    self._busy.discard(key)

        if self._pool is None:
            job()
        else:
            self._pool.submit(job)
        return 1

    # -- one subscription ------------------------------------------------------------------

    def due(self, db: OfficeDatabase) -> list[int]:
        """Subscriptions with rows to batch or a message due, that no other worker holds."""
        now = utcnow()
        s = ApiSubscription
        queued = exists().where(ApiOutbox.SubscriptionNum == s.SubscriptionNum)
        pending = exists().where(
            ApiMessage.SubscriptionNum == s.SubscriptionNum, ApiMessage.Status == PENDING
        )
        waiting = exists().where(
            ApiMessage.SubscriptionNum == s.SubscriptionNum,
            ApiMessage.Status == PENDING,
            ApiMessage.NextAttemptAt <= now,
        )
        free = or_(s.LeaseUntil.is_(None), s.LeaseUntil < now, s.LeaseOwner == self.owner)
        with db.session() as session:
            return list(
                session.scalars(
                    select(s.SubscriptionNum)
                    .where(s.IsActive == 1, free, or_(and_(queued, ~pending), waiting))
                    .order_by(s.SubscriptionNum)
                )
            )

    def step(self, db: OfficeDatabase, num: int) -> int:
        """Send what is due for one subscription, in order; returns how many were delivered."""
        delivered = 0
        for _ in range(ROUNDS_PER_STEP):
            message = self.next_message(db, num)
            if message is None or message.next_attempt > utcnow():
                break
            outcome = self.sender.send(message)
            if not self.record(db, message, outcome):
                break
            delivered += 1
        return delivered

    def _lease(self, session: Session, num: int, now: dt.datetime) -> bool:
        s = ApiSubscription
        taken = session.execute(
            update(s)
            .where(
                s.SubscriptionNum == num,
                s.IsActive == 1,
                or_(s.LeaseOwner == self.owner, s.LeaseUntil.is_(None), s.LeaseUntil < now),
            )
            .values(LeaseOwner=self.owner, LeaseUntil=now + self.policy.lease)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(taken, "rowcount", 0))

    def next_message(self, db: OfficeDatabase, num: int) -> Message | None:
        """Take the lease; the oldest pending message, or the next batch formed from the outbox."""
        keys = subscriptions.keys(db)
        for _ in range(10):  # batches whose rows all vanished are skipped
            now = utcnow()
            with db.transaction() as session:
                if not self._lease(session, num, now):  # a write first: SQLite locks here
                    return None
                sub = session.get(ApiSubscription, num)
                if sub is None:
                    return None
                pending = session.scalars(
                    select(ApiMessage)
                    .where(ApiMessage.SubscriptionNum == num, ApiMessage.Status == PENDING)
                    .order_by(ApiMessage.MessageNum)
                    .limit(1)
                ).first()
                if pending is None:
                    pending, empty = self._form(session, sub, now)
                    if pending is None:
                        if empty:
                            return None
                        continue
                return self._message(keys, sub, pending, now)
        return None

    def _form(
        self, session: Session, sub: ApiSubscription, now: dt.datetime
    ) -> tuple[ApiMessage | None, bool]:
        """(message, outbox was empty). Rows outside DateTimeStart..Stop are dropped."""
        rows = session.execute(
            select(
                ApiOutbox.EventNum, ApiOutbox.ObjectNum, ApiOutbox.Snapshot, ApiOutbox.DateTEntry
            )
            .where(ApiOutbox.SubscriptionNum == sub.SubscriptionNum)
            .order_by(ApiOutbox.EventNum)
            .limit(self.policy.batch)
        ).all()
        if not rows:
            return None, True
        session.execute(
            delete(ApiOutbox)
            .where(ApiOutbox.EventNum.in_([r[0] for r in rows]))
            .execution_options(synchronize_session=False)
        )
        stop = sub.DateTimeStop
        wanted = [r for r in rows if r[3] >= sub.DateTimeStart and (stop is None or r[3] <= stop)]
        watched = watch.find(sub.WatchTable)
        rendered = (
            watch.render(session, watched, [(r[1], r[2]) for r in wanted])
            if watched is not None and wanted
            else []
        )
        if not rendered:
            return None, False
        first = min(r[3] for r in wanted)
        message = ApiMessage(
            SubscriptionNum=sub.SubscriptionNum,
            WebhookId=signing.new_message_id(),
            WatchTable=sub.WatchTable,
            Body=orjson.dumps(rendered).decode(),
            BatchSize=len(rendered),
            FirstEventAt=first,
            DateTCreated=now,
            Status=PENDING,
            Attempts=0,
            NextAttemptAt=now,
            Deadline=first + self.policy.window,
        )
        session.add(message)
        session.flush()
        return message, False

    @staticmethod
    def _message(keys: Keys, sub: ApiSubscription, m: ApiMessage, now: dt.datetime) -> Message:
        secrets_ = [
            subscriptions.open_secret(keys, sub.SigningSecret, subscriptions.SECRET_CONTEXT)
        ]
        if sub.PreviousSecret and sub.PreviousSecretUntil and sub.PreviousSecretUntil > now:
            secrets_.append(
                subscriptions.open_secret(keys, sub.PreviousSecret, subscriptions.SECRET_CONTEXT)
            )
        return Message(
            num=m.MessageNum,
            subscription=sub.SubscriptionNum,
            webhook_id=m.WebhookId,
            watch_table=m.WatchTable,
            body=m.Body.encode(),
            batch_size=m.BatchSize,
            attempts=m.Attempts,
            next_attempt=m.NextAttemptAt,
            deadline=m.Deadline,
            url=sub.EndPointUrl,
            workstation=sub.Workstation,
            customer_key=subscriptions.open_secret(
                keys, sub.CustomerKey, subscriptions.KEY_CONTEXT
            ),
            secrets=tuple(secrets_),
            first_event=m.FirstEventAt,
        )

    def record(self, db: OfficeDatabase, m: Message, outcome: Outcome) -> bool:
        """Write the attempt and its consequence; True when the message was delivered."""
        now = utcnow()
        attempts = m.attempts + 1
        values: dict[str, object] = {"Attempts": attempts}
        next_retry: dt.datetime | None = None
        error = outcome.error
        if 200 <= outcome.code < 300:
            result = DELIVERED
            values.update(Status=DELIVERED, DateTDelivered=now)
        elif outcome.code == 410:
            result = "disabled"
            values.update(NextAttemptAt=now)
            error = error or "The receiver answered 410 Gone, so the subscription was disabled."
        else:
            wait = self.policy.delay(attempts)
            if outcome.retry_after is not None:
                wait = max(wait, outcome.retry_after)
            next_retry = now + dt.timedelta(seconds=wait)
            if next_retry > m.deadline:
                result, next_retry = DEAD, None
                values.update(Status=DEAD)
                error = (
                    f"{error or f'HTTP {outcome.code}'}; gave up after {attempts} attempts "
                    "(the retry window ended): kept as a dead letter for `dentin events replay`"
                )
            else:
                result = "refused" if outcome.refused else "failed"
                values.update(NextAttemptAt=next_retry)
                if not error:
                    error = f"The receiver answered HTTP {outcome.code}."
        with db.transaction() as session:
            session.execute(
                update(ApiMessage)
                .where(ApiMessage.MessageNum == m.num)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if outcome.code == 410:
                session.execute(
                    update(ApiSubscription)
                    .where(ApiSubscription.SubscriptionNum == m.subscription)
                    .values(
                        IsActive=0,
                        DisabledReason=f"{m.url} answered 410 Gone at {now:%Y-%m-%d %H:%M:%S}.",
                    )
                    .execution_options(synchronize_session=False)
                )
            session.add(
                ApiAttempt(
                    SubscriptionNum=m.subscription,
                    MessageNum=m.num,
                    WebhookId=m.webhook_id,
                    DateTAttempt=now,
                    BatchSize=m.batch_size,
                    Outcome=result,
                    ResponseCode=outcome.code,
                    LatencyMs=outcome.latency_ms,
                    NextRetry=next_retry,
                    Error=error[:1000],
                )
            )
        if result == DELIVERED and self.on_delivered is not None and m.first_event is not None:
            self.on_delivered(max(0.0, (now - m.first_event).total_seconds()))
        log.info(
            "event_delivery",
            office_id=db.office_id,
            subscription=m.subscription,
            webhook_id=m.webhook_id,
            batch=m.batch_size,
            outcome=result,
            code=outcome.code,
            ms=outcome.latency_ms,
        )
        return result == DELIVERED


def prune(db: OfficeDatabase, policy: Policy) -> None:
    """Forget delivered and dead messages, and attempts, older than the retention."""
    cutoff = utcnow() - policy.retention
    with db.transaction() as session:
        session.execute(
            delete(ApiMessage)
            .where(ApiMessage.Status != PENDING, ApiMessage.DateTCreated < cutoff)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            delete(ApiAttempt)
            .where(ApiAttempt.DateTAttempt < cutoff)
            .execution_options(synchronize_session=False)
        )


def replay(db: OfficeDatabase, num: int, since: dt.datetime, policy: Policy) -> int:
    """Send again every message of the subscription formed since ``since`` (delivered or
    dead), in order, with their own ``webhook-id``s; returns how many."""
    now = utcnow()
    with db.transaction() as session:
        if session.get(ApiSubscription, num) is None:
            from dentin.errors import NotFound

            raise NotFound(f"SubscriptionNum {num} was not found in office {db.office_id}.")
        done = session.execute(
            update(ApiMessage)
            .where(
                ApiMessage.SubscriptionNum == num,
                ApiMessage.Status != PENDING,
                ApiMessage.DateTCreated >= since,
            )
            .values(Status=PENDING, Attempts=0, NextAttemptAt=now, Deadline=now + policy.window)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(done, "rowcount", 0))


def dead_letters(db: OfficeDatabase, num: int | None = None) -> list[ApiMessage]:
    with db.session() as session:
        query = select(ApiMessage).where(ApiMessage.Status == DEAD)
        if num is not None:
            query = query.where(ApiMessage.SubscriptionNum == num)
        return list(session.scalars(query.order_by(ApiMessage.MessageNum)))
