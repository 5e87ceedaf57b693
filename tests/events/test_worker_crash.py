"""``dentin events work`` killed with SIGKILL in the middle of a POST loses nothing.

The message was stored before it was sent, so the next worker sends it again under the same
``webhook-id``: the receiver may see it twice (it answered, the worker died before writing
that down) but never misses a change.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import dentin
from dentin.config import Settings
from tests.conftest import TEST_SECRET
from tests.events.conftest import Office, Receiver, eventually

SRC = str(Path(dentin.__file__).resolve().parents[1])


def _worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "DENTIN_HQ_DATABASE_URL": str(settings.hq_database_url),
        "DENTIN_SECRET_KEY": TEST_SECRET,
        "DENTIN_DATA_DIR": str(settings.data_dir),
        "DENTIN_EVENTS_ALLOW_PRIVATE": "1",
        "DENTIN_EVENTS_TIMEOUT_SECONDS": "1",
        "DENTIN_EVENTS_POLL_SECONDS": "0.05",
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from dentin.cli import app; app()", "events", "work"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def _change(office: Office, pat_num: int, name: str) -> None:
    with office.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE patient SET fname = :name WHERE patnum = :n"), {"name": name, "n": pat_num}
        )


@pytest.mark.slow
async def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_only_the_same_webhook_id(
    office: Office,
    receiver: Receiver,
    settings: Settings,
    processes: list[subprocess.Popen[bytes]],
) -> None:
    await office.subscribe(receiver.url, "Patient")
    for n in (1, 2, 3):
        _change(office, n, f"before-{n}")
    receiver.hold = threading.Event()  # the receiver takes the first POST and keeps it waiting
    first = _worker(settings)
    processes.append(first)
    assert receiver.arrived.wait(30), "the worker never posted"
    first.kill()  # SIGKILL while its POST is in flight
    first.wait(10)
    _change(office, 1, "after-1")  # changes keep being captured while no worker runs
    receiver.hold.set()  # the receiver finishes handling the POST whose sender is gone
    processes.append(_worker(settings))

    def seen() -> set[tuple[object, object]]:
        return {(i["PatNum"], i["FName"]) for i in receiver.items()}

    eventually(lambda: (1, "after-1") in seen(), timeout=30)
    assert {(2, "before-2"), (3, "before-3")} <= seen()
    by_id: dict[str, list[bytes]] = {}
    for got in receiver.received:
        by_id.setdefault(got.headers["webhook-id"], []).append(got.body)
    repeated = [bodies for bodies in by_id.values() if len(bodies) > 1]
    assert len(repeated) == 1  # the batch in flight, once more, byte for byte
    assert len(set(repeated[0])) == 1
    assert {len(bodies) for bodies in by_id.values()} <= {1, 2}
