"""An office database of its own for the aging domain tests (no HQ needed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from dentin.db import make_engine, make_sessions
from dentin.office.registry import OfficeDatabase
from dentin.office.seed import ensure_preferences


@pytest.fixture
def office_db(new_database: Callable[[str], str]) -> Iterator[OfficeDatabase]:
    url = new_database("office")
    engine = make_engine(url)
    db = OfficeDatabase(0, url, engine, make_sessions(engine))
    ensure_preferences(db, "Aging Test Dental")
    try:
        yield db
    finally:
        engine.dispose()
