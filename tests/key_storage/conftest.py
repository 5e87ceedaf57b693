"""An empty (unmigrated) HQ database on the test's backend, to run migrations from an old head."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

_names = itertools.count()


@pytest.fixture
def empty_hq_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    def make() -> str:
        n = next(_names)
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'empty_hq_{n}.sqlite'}"
        cluster = request.getfixturevalue("pg")
        name = f"empty_hq_{n}_{id(request)}"
        admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return str(cluster.url(name))

    return make
