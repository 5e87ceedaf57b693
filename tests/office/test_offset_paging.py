"""Offset paging reads page keys from an index, never the rows it skips, and answers the same.

``listing.paged`` selects a page's primary keys (filters applied) in a subquery and then the
full rows of those keys only; these tests pin both the answers (the same pages a plain
``ORDER BY pk LIMIT OFFSET`` gives) and, on SQLite, the plan (no full-row scan), and that the
fast date formatting of ``dentin.wire`` spells exactly what ``strftime`` spells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, insert, select
from starlette.datastructures import QueryParams

from dentin.office import serialize
from dentin.office.listing import paged
from dentin.office.models import Patient, ProcedureLog
from dentin.office.registry import OfficeDatabase
from dentin.query import Args
from dentin.wire import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MIN_DATE,
    MIN_DATETIME,
    od_date,
    od_datetime,
)
from tests.office.conftest import STAMP, Practice

EXTRA = 230  # patients added beside the practice's own, so that pages run past 100


def _add_patients(db: OfficeDatabase) -> None:
    """Every 7th deleted (hidden from Simple), clinics 0-2 in turn, so filters cut pages."""
    rows: list[dict[str, Any]] = [
        {
            "PatNum": 100 + i,
            "LName": f"Page{i:03d}",
            "FName": "Pat",
            "PatStatus": 4 if i % 7 == 0 else 0,
            "ClinicNum": i % 3,
            "Guarantor": 100 + i,
            "PriProv": 1,
            "DateTStamp": STAMP,
        }
        for i in range(EXTRA)
    ]
    with db.transaction() as s:
        s.execute(insert(Patient), rows)


def _visible(db: OfficeDatabase, clinic: int | None = None) -> list[int]:
    with db.session() as s:
        pats = s.query(Patient.PatNum, Patient.PatStatus, Patient.ClinicNum).all()
    return sorted(num for num, status, c in pats if status != 4 and (clinic is None or c == clinic))


async def _walk(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[int]:
    """Open Dental's recipe: page by 100 until a page comes back short."""
    seen: list[int] = []
    offset = 0
    while True:
        sep = "&" if "?" in path else "?"
        r = await client.get(f"{path}{sep}Offset={offset}", headers=headers)
        assert r.status_code == 200, r.text
        page = [row["PatNum"] for row in r.json()]
        seen += page
        if len(page) < 100:
            return seen
        offset += 100


async def test_simple_pages_walk_every_visible_patient_once_in_order(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    _add_patients(practice.db)
    h = practice.a()
    assert await _walk(client, "/api/v1/patients/Simple", h) == _visible(practice.db)
    assert await _walk(client, "/api/v1/patients/Simple?ClinicNum=2", h) == _visible(practice.db, 2)
    r = await client.get("/api/v1/patients/Simple?Offset=150&Limit=7", headers=h)
    assert [p["PatNum"] for p in r.json()] == _visible(practice.db)[150:157]
    r = await client.get("/api/v1/patients/Simple?Offset=100000", headers=h)
    assert r.json() == []


async def test_search_list_pages_the_same_way(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    _add_patients(practice.db)
    r = await client.get("/api/v1/patients?LName=page&Offset=20&Limit=5", headers=practice.a())
    pages = [n for n in _visible(practice.db) if n >= 100]
    assert [p["PatNum"] for p in r.json()] == pages[20:25]


@contextmanager
def _statements(db: OfficeDatabase) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, params: Any, *_rest: Any) -> None:
        seen.append((statement, params))

    engines = {db.engine, db.read_engine()}  # reads run on the read-only pool
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)

    # Hot reads run compiled statements on the DB-API cursor (office/compiled.py), past
    # SQLAlchemy's events: SQLite's own trace callback sees them, with their values inlined.
    def traced(sql: str) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, ()))

    def trace(dbapi_conn: Any, *_rest: Any) -> None:
        dbapi_conn.set_trace_callback(traced)

    def untrace(dbapi_conn: Any, *_rest: Any) -> None:
        dbapi_conn.set_trace_callback(None)

    reads = db.read_engine()
    reads.dispose()  # pooled connections opened before now get the callback too
    event.listen(reads, "checkout", trace)
    event.listen(reads, "checkin", untrace)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
        event.remove(reads, "checkout", trace)
        event.remove(reads, "checkin", untrace)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("path", "table"),
    [
        ("/api/v1/patients/Simple?Offset=120", "patient"),
        ("/api/v1/appointments?Offset=50", "appointment"),
        ("/api/v1/procedurelogs?Offset=50", "procedurelog"),
        ("/api/v1/payments?Offset=50", "payment"),
        ("/api/v1/commlogs?Offset=50", "commlog"),
    ],
)
async def test_sqlite_pages_skip_offset_through_an_index_not_the_rows(
    practice: Practice, client: httpx.AsyncClient, path: str, table: str
) -> None:
    # SQLite only: the check reads SQLite's EXPLAIN QUERY PLAN.
    _add_patients(practice.db)
    with _statements(practice.db) as seen:
        r = await client.get(path, headers=practice.a())
    assert r.status_code == 200, r.text
    (statement, params) = next(s for s in seen if f"FROM {table} " in s[0] and "LIMIT" in s[0])
    with practice.db.engine.connect() as conn:
        plan = [
            str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)
        ]
    assert any("INTEGER PRIMARY KEY" in step for step in plan), plan
    # "SCAN w" walks the page's own rows where SQLite writes the page (office/sqlite_wire.py).
    scans = [s for s in plan if s.startswith("SCAN") and "INDEX" not in s and s != "SCAN w"]
    assert not scans, plan


def test_procedurelog_page_keys_are_bounded_by_limit() -> None:
    """The outer statement filters by the key subquery only, whatever the filters were."""
    query = select(*serialize.columns(ProcedureLog)).where(ProcedureLog.PatNum == 5)
    sql = str(paged(query, ProcedureLog.ProcNum, Args(QueryParams("Offset=3&Limit=2"))))
    outer, inner = sql.split("IN (", 1)
    assert "patnum =" not in outer.split("WHERE", 1)[1]
    assert "procedurelog.patnum =" in inner and "LIMIT" in inner and "OFFSET" in inner


@pytest.mark.parametrize(
    "value",
    [
        None,
        dt.date(1, 1, 1),
        dt.date(2, 3, 4),
        dt.date(999, 12, 31),
        dt.date(1000, 1, 1),
        dt.date(2026, 11, 29),
        dt.datetime(2026, 11, 29, 7, 8, 9),
    ],
)
def test_the_fast_date_spells_what_strftime_spells(value: dt.date | None) -> None:
    slow = MIN_DATE if value is None or value.year <= 1 else value.strftime(DATE_FORMAT)
    assert od_date(value) == slow


@pytest.mark.parametrize(
    "value",
    [
        None,
        dt.datetime(1, 1, 1),
        dt.datetime(999, 1, 2, 3, 4, 5),
        dt.datetime(1000, 1, 1, 0, 0, 0),
        dt.datetime(2026, 11, 29, 7, 8, 9),
        dt.datetime(2026, 11, 29, 7, 8, 9, 123456),
        dt.datetime(2026, 11, 29, 7, 8, 9, tzinfo=dt.UTC),
    ],
)
def test_the_fast_datetime_spells_what_strftime_spells(value: dt.datetime | None) -> None:
    slow = MIN_DATETIME if value is None or value.year <= 1 else value.strftime(DATETIME_FORMAT)
    assert od_datetime(value) == slow
