"""A deep Offset read from a remembered key answers exactly what the plain walk answers, and a
write by anyone (another connection here: another worker, the CLI, the practice's tools) makes
the anchors give way to the plain walk until they are taken again. Taking them never holds up
a request: it runs on a thread of its own while the pages are read the plain way."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
import structlog
from sqlalchemy import insert, select, update
from sqlalchemy.exc import OperationalError

from dentin.office import offset_anchors
from dentin.office.models import ChangeGeneration, Patient
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.patients import SIMPLE
from tests.office.conftest import STAMP, Practice

EXTRA = 230


@pytest.fixture(autouse=True)
def _small_stride(monkeypatch: pytest.MonkeyPatch) -> None:
    """Anchors every 7 keys, so a practice of a few hundred patients has dozens of them."""
    monkeypatch.setattr(offset_anchors, "STRIDE", 7)


def _add_patients(db: OfficeDatabase, first: int = 100, count: int = EXTRA) -> None:
    rows: list[dict[str, Any]] = [
        {
            "PatNum": first + i,
            "LName": f"Anchor{i:03d}",
            "FName": "Pat",
            "PatStatus": 4 if i % 5 == 0 else 0,  # every 5th deleted: hidden from Simple
            "Guarantor": first + i,
            "PriProv": 1,
            "DateTStamp": STAMP,
        }
        for i in range(count)
    ]
    with db.transaction() as s:
        s.execute(insert(Patient), rows)


def _visible(db: OfficeDatabase) -> list[int]:
    with db.session() as s:
        return list(
            s.scalars(select(Patient.PatNum).where(Patient.PatStatus != 4).order_by(Patient.PatNum))
        )


def _page(db: OfficeDatabase, offset: int, limit: int = 100) -> list[int]:
    rows = SIMPLE.rows(db.read_engine(), {"page_offset": offset, "page_limit": limit})
    return [r.PatNum for r in rows]


def _anchors() -> offset_anchors.OffsetAnchors:
    assert SIMPLE._anchors is not None
    return SIMPLE._anchors


def _taken(db: OfficeDatabase) -> Any:
    return _anchors()._by_engine.get(db.read_engine())


def _anchored_pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pages read from an anchor (the offsets they were asked at)."""
    seen: list[int] = []
    start = _anchors().start

    def counted(engine: Any, offset: int) -> Any:
        found = start(engine, offset)
        if found is not None:
            seen.append(offset)
        return found

    monkeypatch.setattr(_anchors(), "start", counted)
    return seen


def test_every_deep_page_from_an_anchor_is_the_plain_walks_page(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = practice.db
    _add_patients(db)
    visible = _visible(db)
    anchored = _anchored_pages(monkeypatch)
    assert _page(db, 50) == visible[50:150]  # the first deep page: plain, anchors being taken
    _anchors().wait()
    for offset in [7, 8, 13, 14, 99, 100, 150, 180, len(visible) - 1, len(visible), 5000]:
        for limit in (1, 7, 100):
            assert _page(db, offset, limit) == visible[offset : offset + limit], (offset, limit)
    taken = _taken(db)
    assert taken is not None and taken.generation is not None
    assert list(taken.keys) == visible[::7]
    assert 50 not in anchored and {8, 13, 99, 150, 180} <= set(anchored)


def test_a_write_by_another_connection_sends_pages_the_plain_way(practice: Practice) -> None:
    db = practice.db
    _add_patients(db)
    assert _page(db, 50) == _visible(db)[50:150]
    _anchors().wait()
    before = _taken(db)
    # Another writer hides a patient on an earlier page: every later offset shifts by one.
    hidden = _visible(db)[10]
    with db.engine.begin() as conn:
        conn.execute(update(Patient).where(Patient.PatNum == hidden).values(PatStatus=4))
    visible = _visible(db)
    assert hidden not in visible
    assert _page(db, 50) == visible[50:150]
    assert _page(db, 120) == visible[120:220]
    assert _taken(db).stale and _taken(db).keys == before.keys  # not taken again at once


def test_anchors_are_taken_again_once_the_pause_is_over(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = practice.db
    _add_patients(db)
    _page(db, 50)
    _anchors().wait()
    _add_patients(db, first=1000, count=40)  # more patients after the last
    monkeypatch.setattr(offset_anchors, "REBUILD_SECONDS", 0.0)
    visible = _visible(db)
    assert _page(db, 150) == visible[150:250]  # stale: found out, read plainly
    assert _page(db, 160) == visible[160:260]  # read plainly, the anchors being taken again
    _anchors().wait()
    assert list(_taken(db).keys) == visible[::7] and not _taken(db).stale


def test_every_write_moves_the_patient_counter(practice: Practice) -> None:
    db = practice.db

    def counter() -> int:
        with db.session() as s:
            return s.scalars(
                select(ChangeGeneration.Generation).where(ChangeGeneration.TableName == "patient")
            ).one()

    start = counter()
    _add_patients(db, count=3)
    with db.engine.begin() as conn:
        conn.execute(update(Patient).where(Patient.PatNum == 101).values(LName="Moved"))
    assert counter() > start + 1


async def test_simple_over_http_walks_every_visible_patient_once(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    _add_patients(practice.db)
    visible = _visible(practice.db)
    seen: list[int] = []
    offset = 0
    while True:
        r = await client.get(
            f"/api/v1/patients/Simple?Offset={offset}&Limit=30", headers=practice.a()
        )
        assert r.status_code == 200, r.text
        page = [p["PatNum"] for p in r.json()]
        seen += page
        if len(page) < 30:
            break
        offset += 30
    assert seen == visible


def test_a_request_never_waits_for_the_anchors_to_be_taken(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = practice.db
    _add_patients(db)
    visible = _visible(db)
    release = threading.Event()
    take = _anchors()._take
    rows = take.rows

    def held(*args: Any) -> Any:
        release.wait(10)
        return rows(*args)

    monkeypatch.setattr(take, "rows", held)
    try:
        started = time.monotonic()
        for offset in (50, 120, 60):  # the take is held all along: every page goes plain
            assert _page(db, offset) == visible[offset : offset + 100]
        assert time.monotonic() - started < 5
        assert _taken(db) is None
    finally:
        release.set()
    _anchors().wait()
    assert list(_taken(db).keys) == visible[::7]


def test_a_take_that_fails_is_logged_and_tried_again_after_the_pause(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = practice.db
    _add_patients(db)
    visible = _visible(db)
    take = _anchors()._take
    rows = take.rows

    def broken(*args: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("database is gone"))

    monkeypatch.setattr(take, "rows", broken)
    with structlog.testing.capture_logs() as logs:
        assert _page(db, 50) == visible[50:150]
        _anchors().wait()
    assert [e["event"] for e in logs if e["log_level"] == "warning"] == ["offset_anchors_not_taken"]
    monkeypatch.setattr(take, "rows", rows)
    assert _page(db, 60) == visible[60:160]  # within the pause: not tried again
    _anchors().wait()
    assert _taken(db).keys == ()
    monkeypatch.setattr(offset_anchors, "REBUILD_SECONDS", 0.0)
    assert _page(db, 70) == visible[70:170]
    _anchors().wait()
    assert list(_taken(db).keys) == visible[::7]
