"""Real HTTP receivers on loopback, a seeded office, and a delivery worker for the tests."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import httpx
import orjson
import pytest

from dentin.config import Settings
from dentin.office.events import delivery
from dentin.office.registry import OfficeDatabase
from tests.conftest import TEST_SECRET, World
from tests.office.conftest import fix_sequences, seed_practice

DAY = "2030-03-04"
T = TypeVar("T")


@pytest.fixture
def settings(tmp_path: Path, new_database: Callable[[str], str]) -> Settings:
    """Receivers live on loopback, so private destinations are allowed (as the demo does)."""
    return Settings(
        data_dir=tmp_path / "data",
        hq_database_url=new_database("hq"),
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        aging_scheduler=False,
        events_allow_private=True,
        events_worker=False,  # each test runs its own worker
        events_timeout_seconds=2.0,
        events_backoff_seconds=0.05,
    )


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def json(self) -> list[dict[str, object]]:
        data: list[dict[str, object]] = orjson.loads(self.body)
        return data


@dataclass
class Receiver:
    """An HTTP endpoint that records every POST and answers as told (200 unless ``plan``)."""

    url: str
    received: list[Received] = field(default_factory=list)
    # Answers to give, in order, before falling back to 200: (status, headers) or a callable.
    plan: queue.Queue[tuple[int, dict[str, str]]] = field(default_factory=queue.Queue)
    hold: threading.Event | None = None  # when set: the first request waits on it
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def items(self) -> list[dict[str, object]]:
        with self.lock:
            return [item for r in self.received for item in r.json()]

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict[str, object]]:
        """The items received once there are at least ``count`` (fails after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            items = self.items()
            if len(items) >= count:
                return items
            time.sleep(0.02)
        raise AssertionError(f"received {len(self.items())} items, expected {count}")


def eventually(check: Callable[[], T], timeout: float = 15.0) -> T:
    """``check()``'s first truthy value, polled; fails (with the last value) after ``timeout``."""
    deadline = time.monotonic() + timeout
    value = check()
    while not value and time.monotonic() < deadline:
        time.sleep(0.05)
        value = check()
    assert value, f"still {value!r} after {timeout} s"
    return value


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.arrived.set()
            if receiver.hold is not None:
                receiver.hold.wait(30)
            try:
                status, headers = receiver.plan.get_nowait()
            except queue.Empty:
                status, headers = 200, {}
            if 200 <= status < 300:
                with receiver.lock:
                    receiver.received.append(Received(dict(self.headers.items()), body))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    recv = Receiver(f"http://127.0.0.1:{server.server_address[1]}/apievents/")
    server.RequestHandlerClass = _handler(recv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recv
    finally:
        if recv.hold is not None:
            recv.hold.set()
        server.shutdown()
        server.server_close()


@dataclass
class Office:
    world: World
    db: OfficeDatabase
    client: httpx.AsyncClient

    def a(self) -> dict[str, str]:
        return self.world.odfhir()

    async def subscribe(self, url: str, table: str = "Appointment", **extra: object) -> dict:  # type: ignore[type-arg]
        answer = await self.client.post(
            "/api/v1/subscriptions",
            headers=self.a(),
            json={"EndPointUrl": url, "WatchTable": table, "PollingSeconds": 5, **extra},
        )
        assert answer.status_code == 201, answer.text
        data: dict = answer.json()  # type: ignore[type-arg]
        return data

    async def book(self, hour: int, pat_num: int = 1, op: int = 1) -> int:
        answer = await self.client.post(
            "/api/v1/appointments",
            headers=self.a(),
            json={"PatNum": pat_num, "Op": op, "AptDateTime": f"{DAY} {hour:02d}:00:00"},
        )
        assert answer.status_code == 201, answer.text
        num: int = answer.json()["AptNum"]
        return num


@pytest.fixture
def office(world: World, client: httpx.AsyncClient) -> Office:
    db = world.rt.offices.get(world.office_a.id)
    seed_practice(db)
    fix_sequences(db)
    return Office(world, db, client)


@pytest.fixture
def policy(settings: Settings) -> delivery.Policy:
    return delivery.Policy.of(settings)


@pytest.fixture
def worker(office: Office, policy: delivery.Policy) -> Iterator[delivery.Worker]:
    """A running delivery worker over office A, polling often."""
    w = delivery.Worker(policy, lambda: [office.db], poll=0.05, threads=4)
    w.start()
    try:
        yield w
    finally:
        w.stop()
