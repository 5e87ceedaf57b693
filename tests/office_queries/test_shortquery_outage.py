"""A ShortQuery that fails because the office's database cannot answer is the same 503 to retry
that any other request gets in an outage (dentin/outages.py), not a 400 that tells the
developer to rewrite a query that may be fine; the driver's words (hosts, ports, file paths)
stay out of the answer."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from dentin.errors import BadRequest, OfficeUnavailable
from dentin.office.registry import OfficeDatabase
from dentin.office.shortquery.execute import _explain
from tests.conftest import World
from tests.office_queries.conftest import Ask


def _failure(url: str, sql: str = "SELECT 1") -> DBAPIError:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    except DBAPIError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError(f"{url} answered {sql!r}")


def _closed_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed on leaving: a connect is refused


def test_a_postgresql_server_that_refuses_the_connection_is_a_503() -> None:
    port = _closed_loopback_port()
    exc = _failure(f"postgresql+psycopg://dentin@127.0.0.1:{port}/office?connect_timeout=2")
    answer = _explain(exc, 5)
    assert isinstance(answer, OfficeUnavailable) and answer.status_code == 503
    assert answer.code == "database_unavailable" and answer.headers == {"Retry-After": "5"}
    assert str(port) not in answer.message and "127.0.0.1" not in answer.message


def test_a_sqlite_file_that_cannot_be_opened_is_a_503(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "office.sqlite"
    exc = _failure(f"sqlite:///file:{missing}?mode=ro&uri=true")
    answer = _explain(exc, 5)
    assert isinstance(answer, OfficeUnavailable) and answer.code == "database_unavailable"
    assert str(tmp_path) not in answer.message


def test_a_query_the_database_rejects_is_still_a_400_with_the_reason(tmp_path: Path) -> None:
    exc = _failure(f"sqlite:///{tmp_path / 'office.sqlite'}", "SELECT nosuchcolumn FROM nowhere")
    answer = _explain(exc, 5)
    assert isinstance(answer, BadRequest) and answer.code == "query_failed"
    assert "nowhere" in answer.message


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_an_office_whose_database_file_is_ruined_answers_503_through_the_api(
    ask: Ask, practice: OfficeDatabase
) -> None:
    assert (await ask("SELECT PatNum FROM patient")).status_code == 200
    path = Path(str(practice.engine.url.database))
    practice.read_only_engine().dispose()
    practice.engine.dispose()  # the last close folds the write-ahead log into the file
    path.write_bytes(b"this is not a database" * 200)
    r = await ask("SELECT PatNum FROM patient")
    assert r.status_code == 503, r.text
    assert r.headers["Retry-After"] == "5"
    body = r.json()
    assert body["code"] == "database_unavailable"
    assert str(path) not in r.text and "not a database" not in r.text


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_ruined_office_file_answers_plain_reads_503_not_500(
    practice: OfficeDatabase, client: httpx.AsyncClient, world: World
) -> None:
    path = Path(str(practice.engine.url.database))
    for engine in (practice.read_only_engine(), practice.read_engine(), practice.engine):
        engine.dispose()
    path.write_bytes(b"this is not a database" * 200)
    for route in ("/api/v1/patients/1", "/api/v1/patients/Simple", "/api/v1/appointments"):
        r = await client.get(route, headers=world.odfhir())
        assert r.status_code == 503, (route, r.text)
        assert r.json()["code"] == "database_unavailable" and r.headers["Retry-After"] == "5"


def test_a_query_naming_a_column_locked_or_busy_is_not_an_outage(tmp_path: Path) -> None:
    exc = _failure(
        f"sqlite:///{tmp_path / 'office.sqlite'}", "SELECT locked, busy FROM sqlite_master"
    )
    assert isinstance(_explain(exc, 5), BadRequest)
