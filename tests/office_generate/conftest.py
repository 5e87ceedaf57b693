"""A fresh office database per test (both backends), with no HQ around it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from dentin.db import make_engine, make_sessions
from dentin.office.registry import OfficeDatabase

OfficeFactory = Callable[[], OfficeDatabase]


@pytest.fixture
def new_office(new_database: Callable[[str], str]) -> Iterator[OfficeFactory]:
    made: list[OfficeDatabase] = []

    def make() -> OfficeDatabase:
        url = new_database("office")
        engine = make_engine(url)
        db = OfficeDatabase(len(made) + 1, url, engine, make_sessions(engine))
        made.append(db)
        return db

    try:
        yield make
    finally:
        for db in made:
            db.engine.dispose()


@pytest.fixture
def office_db(new_office: OfficeFactory) -> OfficeDatabase:
    return new_office()
