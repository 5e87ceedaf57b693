"""SQLite stops counting its allocations in every process that imports dentin before sqlite3,
and a process that imported sqlite3 first is left as it was, working. Each case runs in a
fresh interpreter: the setting is the process's, taken only before SQLite starts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dentin.sqlite_setup import _library

# What SQLite reports as in use after a connection made a table: 0 when it counts nothing.
PROBE = """
import ctypes, json, sqlite3
from dentin.sqlite_setup import _library, memory_counts_quiet
used = _library().sqlite3_memory_used
used.restype = ctypes.c_int64
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE t (x)")
db.execute("INSERT INTO t VALUES (json_object('a', 1))")
print(json.dumps({"quiet": memory_counts_quiet(), "used": used(),
                  "row": db.execute("SELECT x FROM t").fetchone()[0]}))
"""


def _probe(first: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", f"import {first}\n{PROBE}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(done.stdout))


def test_importing_dentin_first_turns_sqlites_allocation_count_off() -> None:
    if getattr(_library(), "sqlite3_config", None) is None:  # SQLite built into the interpreter
        pytest.skip("this Python's sqlite3 has no SQLite library that can be configured")
    found = _probe("dentin")
    assert found == {"quiet": True, "used": 0, "row": '{"a":1}'}


@pytest.mark.parametrize(
    "first",
    [
        "sqlite3",
        # A connection open when dentin is imported: SQLite must not be restarted under it.
        "sqlite3\nkept = sqlite3.connect(':memory:')\nkept.execute('CREATE TABLE k (x)')\n"
        "import dentin\nassert kept.execute('SELECT count(*) FROM k').fetchone() == (0,)",
    ],
    ids=["imported", "connection-open"],
)
def test_a_process_that_started_sqlite_before_dentin_keeps_its_count_and_works(
    first: str,
) -> None:
    found = _probe(first)
    assert found["quiet"] is False
    assert isinstance(found["used"], int) and found["used"] > 0  # still counted: left alone
    assert found["row"] == '{"a":1}'
