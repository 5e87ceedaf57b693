"""Reads of a few rows by key run on the event loop for SQLite offices, on the reader threads
otherwise; a kind of read that keeps running long on the loop moves to the threads, and says
so. Through the API, one patient and one patient's appointments answer the same either way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import structlog

from dentin.errors import NotFound
from dentin.office.routes import reads
from tests.office.conftest import Practice


@dataclass
class Office:
    dialect: str


SQLITE, POSTGRES = Office("sqlite"), Office("postgresql")


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """Each test starts with point reads on and no kind of read marked slow."""
    reads._Inline.slow_until.clear()
    reads._Inline.slow_runs.clear()
    reads.inline_point_reads(True)
    yield
    reads._Inline.slow_until.clear()
    reads._Inline.slow_runs.clear()
    reads.inline_point_reads(True)


def _where() -> str:
    return threading.current_thread().name


async def test_a_point_read_of_a_sqlite_office_runs_on_the_event_loop() -> None:
    assert await reads.office_point_read(SQLITE, _where) == threading.current_thread().name  # type: ignore[arg-type]


async def test_a_point_read_of_a_postgresql_office_runs_on_a_reader_thread() -> None:
    name = await reads.office_point_read(POSTGRES, _where)  # type: ignore[arg-type]
    assert name.startswith("dentin-read_")


async def test_with_point_reads_turned_off_every_read_runs_on_a_reader_thread() -> None:
    reads.inline_point_reads(False)
    name = await reads.office_point_read(SQLITE, _where)  # type: ignore[arg-type]
    assert name.startswith("dentin-read_")


async def test_the_error_a_point_read_raises_reaches_the_request() -> None:
    def missing() -> None:
        raise NotFound("PatNum 9 was not found in this office.")

    with pytest.raises(NotFound, match="PatNum 9"):
        await reads.office_point_read(SQLITE, missing)  # type: ignore[arg-type]


async def test_a_read_slow_three_times_in_a_row_moves_to_the_threads_and_is_logged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reads, "INLINE_LIMIT_SECONDS", 0.01)
    slow = {"on": True}

    def read() -> str:
        if slow["on"]:
            threading.Event().wait(0.02)
        return _where()

    loop_thread = threading.current_thread().name
    with structlog.testing.capture_logs() as logs:
        # Two slow, one fast: the count starts again, the read stays on the loop.
        for on in (True, True, False, True, True):
            slow["on"] = on
            assert await reads.office_point_read(SQLITE, read) == loop_thread  # type: ignore[arg-type]
        assert not [e for e in logs if e["event"] == "point_read_slow"]
        slow["on"] = True
        assert await reads.office_point_read(SQLITE, read) == loop_thread  # type: ignore[arg-type]
    warned = [e for e in logs if e["event"] == "point_read_slow"]
    assert len(warned) == 1 and warned[0]["log_level"] == "warning"
    assert warned[0]["read"].endswith("read") and warned[0]["ms"] >= 20
    slow["on"] = False
    name = await reads.office_point_read(SQLITE, read)  # type: ignore[arg-type]
    assert name.startswith("dentin-read_")
    # Until SLOW_SECONDS have passed; then it is tried on the loop again.
    reads._Inline.slow_until[read] = 0.0
    assert await reads.office_point_read(SQLITE, read) == loop_thread  # type: ignore[arg-type]


async def test_one_patient_and_their_appointments_answer_alike_on_the_loop_and_on_threads(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    paths = [
        f"/api/v1/patients/{practice.smith}",
        f"/api/v1/appointments?PatNum={practice.smith}",
        "/api/v1/patients/999999",
        "/api/v1/appointments?PatNum=999999",
    ]
    answers = {}
    for inline in (True, False):
        reads.inline_point_reads(inline)
        for path in paths:
            r = await client.get(path, headers=practice.a())
            body = r.json()
            for row in body if isinstance(body, list) else [body]:
                row.pop("serverDateTime", None)
            answers[(inline, path)] = (r.status_code, body)
    for path in paths:
        assert answers[(True, path)] == answers[(False, path)], path
    assert answers[(True, paths[0])][0] == 200
    assert answers[(True, paths[2])][0] == 404
