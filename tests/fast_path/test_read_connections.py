"""SQLite reads run on pooled read-only connections, memory-mapped, with a page cache."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from dentin.db import SQLITE_MMAP_BYTES, SQLITE_POOL_SIZE
from tests.conftest import World
from tests.fast_path.conftest import office_db

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_read_connections_are_read_only_and_memory_mapped(world: World) -> None:
    engine = office_db(world).read_engine()
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA mmap_size")).scalar() == SQLITE_MMAP_BYTES
        assert conn.execute(text("PRAGMA cache_size")).scalar() < -2000  # larger than default
        with pytest.raises(OperationalError, match=r"readonly|read-only|query_only"):
            conn.execute(text("UPDATE preference SET valuestring = 'x'"))


def test_the_read_pool_keeps_its_connections_instead_of_reopening_them(world: World) -> None:
    engine = office_db(world).read_engine()
    held = [engine.connect() for _ in range(10)]
    for conn in held:
        conn.close()
    assert engine.pool.checkedin() == 10  # the default pool would have closed all but 5
    assert engine.pool.size() >= SQLITE_POOL_SIZE
