"""API Events: change → delivery latency, and what capture costs a write.

    .venv/bin/python bench/events.py [--seconds 10] [--rate 100] [--rounds 6] [--per-round 300]

1. Latency: appointments are booked at ``--rate`` per second (the API's own booking code, one
   transaction each) for ``--seconds``, with a subscription to ``Appointment`` whose endpoint is
   an HTTP receiver on loopback; the delivery worker runs in this process as in ``dentin
   serve``. For each appointment: the time from its commit to its arrival at the receiver.
   Goal: p50 <= 1 s, p99 <= 2 s.
2. Write cost: appointments booked per second with no subscription (the capture trigger only
   looks) and with one active subscription (it also writes an outbox row), in alternating
   rounds on the same office, no worker running. Goal: at most 15% slower.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
from sqlalchemy import update

from dentin.bodies import Body
from dentin.db import make_engine, make_sessions, migrate
from dentin.logs import configure
from dentin.office import booking
from dentin.office.events import delivery, subscriptions
from dentin.office.events.models import ApiSubscription
from dentin.office.fields import Fields
from dentin.office.generate import generate_office
from dentin.office.registry import OfficeDatabase

SECRET = b"bench-secret-0123456789abcdef"
OWNER = subscriptions.Owner("BenchCustomerKey", frozenset({"appointment:read"}))


def office(path: Path) -> OfficeDatabase:
    engine = make_engine(f"sqlite:///{path}")
    db = OfficeDatabase(1, f"sqlite:///{path}", engine, make_sessions(engine), secret=SECRET)
    migrate("office", engine)
    generate_office(db, 200, seed=1, as_of=dt.date(2026, 6, 30))
    return db


class Slots:
    """Free (operatory, time) pairs far in the future, one per booking."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> tuple[int, str]:
        self.n += 1
        day = dt.datetime(2040, 1, 1) + dt.timedelta(days=self.n // 40, minutes=(self.n % 40) * 30)
        return 1 + self.n % 2, day.strftime("%Y-%m-%d %H:%M:%S")


def book(db: OfficeDatabase, slots: Slots) -> int:
    op, when = slots.next()
    return booking.create_appointment(
        db, Fields(Body({"PatNum": 1, "Op": op, "AptDateTime": when}))
    )


def receiver(arrivals: dict[int, float]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            now = time.perf_counter()
            for item in orjson.loads(body):
                arrivals.setdefault(int(item["AptNum"]), now)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/apievents/"


def latency(db: OfficeDatabase, seconds: float, rate: float) -> list[float]:
    arrivals: dict[int, float] = {}
    server, url = receiver(arrivals)
    body = Body({"EndPointUrl": url, "WatchTable": "Appointment"})
    num = subscriptions.create(db, OWNER, body, allow_private=True)["SubscriptionNum"]
    worker = delivery.Worker(delivery.Policy(allow_private=True), lambda: [db])
    worker.start()
    committed: dict[int, float] = {}
    slots = Slots()
    started = time.perf_counter()
    n = 0
    while time.perf_counter() - started < seconds:
        due = started + n / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        apt = book(db, slots)
        committed[apt] = time.perf_counter()
        n += 1
    deadline = time.perf_counter() + 30
    while len(arrivals) < len(committed) and time.perf_counter() < deadline:
        time.sleep(0.05)
    worker.stop()
    server.shutdown()
    with db.transaction() as session:
        session.execute(
            update(ApiSubscription).where(ApiSubscription.SubscriptionNum == num).values(IsActive=0)
        )
    achieved = n / (time.perf_counter() - started)
    missing = len(committed) - len(arrivals)
    print(f"latency: {n} appointments at {achieved:.0f}/s, {missing} not delivered")
    return [arrivals[a] - committed[a] for a in committed if a in arrivals]


def write_rate(db: OfficeDatabase, count: int, slots: Slots) -> float:
    started = time.perf_counter()
    for _ in range(count):
        book(db, slots)
    return count / (time.perf_counter() - started)


def write_cost(db: OfficeDatabase, rounds: int, per_round: int) -> tuple[float, float]:
    body = Body({"EndPointUrl": "http://127.0.0.1:9/", "WatchTable": "Appointment"})
    num = subscriptions.create(db, OWNER, body, allow_private=True)["SubscriptionNum"]
    slots = Slots()
    slots.n = 1_000_000
    without: list[float] = []
    with_: list[float] = []
    write_rate(db, per_round // 3, slots)  # warm up
    for r in range(rounds):
        for active in (0, 1) if r % 2 == 0 else (1, 0):
            with db.transaction() as session:
                session.execute(
                    update(ApiSubscription)
                    .where(ApiSubscription.SubscriptionNum == num)
                    .values(IsActive=active)
                )
            (with_ if active else without).append(write_rate(db, per_round, slots))
    return statistics.median(without), statistics.median(with_)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=300)
    args = parser.parse_args()
    configure(level=logging.WARNING)  # one line per delivery would drown the figures
    with tempfile.TemporaryDirectory() as tmp:
        db = office(Path(tmp) / "events_bench.sqlite")
        lat = sorted(latency(db, args.seconds, args.rate))
        p50 = lat[len(lat) // 2]
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print(
            f"change → delivery: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
            f"max {lat[-1] * 1000:.0f} ms (goal p50 <= 1000, p99 <= 2000)"
        )
        without, with_ = write_cost(db, args.rounds, args.per_round)
        cost = 1 - with_ / without
        print(
            f"appointments booked/s: {without:.0f} without a subscription, {with_:.0f} with one "
            f"→ ratio {with_ / without:.3f}, capture costs {cost * 100:.1f}% (goal <= 15%)"
        )
        db.dispose()
    ok = p50 <= 1.0 and p99 <= 2.0 and cost <= 0.15
    print("goals met" if ok else "goals NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
