"""A ShortQuery page is streamed and refused at the size cap, never built whole first (item 5).

One query of 100 rows of about 1 MB each used to be fetched and converted in full before the
8 MB cap was checked (the server grew to 1 GB), and the cap counted 8 bytes per number and
nothing for the column names every row repeats. Now rows arrive one at a time, the page's
real JSON size is counted as it grows, and the query stops with 413 as soon as it passes.
"""

from __future__ import annotations

import tracemalloc

import orjson
import pytest

from dentin.errors import PayloadTooLarge
from dentin.office.registry import OfficeDatabase
from dentin.office.shortquery import plan, run_short_query
from dentin.office.shortquery.execute import MAX_PAGE_BYTES
from tests.office_queries.conftest import Ask

HUNDRED = "r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100)"
# 100 rows, each carrying a 1 MiB string (16 characters doubled 16 times).
HUGE_ROWS = (
    "WITH RECURSIVE big(n, t) AS (SELECT 1, 'xxxxxxxxxxxxxxxx' UNION ALL "
    f"SELECT n + 1, CONCAT(t, t) FROM big WHERE n < 17), {HUNDRED} "
    "SELECT r.i, big.t FROM r CROSS JOIN big WHERE big.n = 17"
)


def _wide_names(columns: int, length: int) -> str:
    """100 rows of small numbers under very long column names, which every JSON row repeats."""
    names = ", ".join(f"i AS {chr(97 + c) * length}" for c in range(columns))
    return f"WITH RECURSIVE {HUNDRED} SELECT {names} FROM r"


def test_a_page_of_huge_rows_is_refused_while_memory_stays_near_the_cap(
    practice: OfficeDatabase,
) -> None:
    checked = plan(HUGE_ROWS)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        with pytest.raises(PayloadTooLarge) as refused:
            run_short_query(practice, checked, offset=0, limit=100, timeout=60)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "smaller Limit" in refused.value.message
    assert peak < 3 * MAX_PAGE_BYTES, f"peak {peak / 1e6:.1f} MB"


async def test_a_page_of_huge_rows_answers_413_with_a_sentence(ask: Ask) -> None:
    r = await ask(HUGE_ROWS)
    assert r.status_code == 413
    assert r.json()["code"] == "payload_too_large"
    assert str(MAX_PAGE_BYTES) in r.json()["message"]


def test_the_cap_counts_the_real_json_size_including_repeated_column_names(
    practice: OfficeDatabase,
) -> None:
    checked = plan(_wide_names(columns=10, length=9000))  # about 9 MB of names over 100 rows
    try:
        page = run_short_query(practice, checked, offset=0, limit=100, timeout=60)
    except PayloadTooLarge:
        return
    assert len(orjson.dumps(page.rows)) <= MAX_PAGE_BYTES


def test_a_page_just_under_the_cap_is_still_served_whole(practice: OfficeDatabase) -> None:
    checked = plan(_wide_names(columns=2, length=1000))
    page = run_short_query(practice, checked, offset=0, limit=100, timeout=60)
    assert len(page.rows) == 100
    assert len(orjson.dumps(page.rows)) < MAX_PAGE_BYTES
