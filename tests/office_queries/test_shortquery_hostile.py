"""Hostile queries: every one refused with a 400 naming what was refused, nothing changed."""

from __future__ import annotations

import pytest

from dentin.office.registry import OfficeDatabase
from tests.conftest import World
from tests.office_queries.conftest import Ask
from tests.office_queries.practice import checksums

# (SQL, a word the refusal must name)
HOSTILE: list[tuple[str, str]] = [
    ("DELETE FROM patient", "DELETE"),
    ("UPDATE patient SET BalTotal=0", "UPDATE"),
    ("INSERT INTO patient (LName) VALUES ('x')", "INSERT"),
    ("REPLACE INTO patient (PatNum, LName) VALUES (1, 'x')", "REPLACE"),
    ("DROP TABLE patient", "DROP"),
    ("TRUNCATE TABLE paysplit", "TRUNCATE"),
    ("ALTER TABLE patient ADD COLUMN x INT", "ALTER"),
    ("CREATE TABLE evil (x INT)", "CREATE"),
    ("CREATE TABLE evil AS SELECT * FROM patient", "CREATE"),
    ("CREATE INDEX ix_evil ON patient (lname)", "CREATE"),
    ("CREATE VIEW v AS SELECT 1", "CREATE"),
    ("RENAME TABLE patient TO p2", "RENAME"),
    ("GRANT ALL ON *.* TO 'x'@'%'", "GRANT"),
    ("ATTACH DATABASE '/tmp/evil.db' AS evil", "ATTACH"),
    ("DETACH DATABASE main", "DETACH"),
    ("PRAGMA writable_schema=1", "PRAGMA"),
    ("PRAGMA query_only=0; DELETE FROM patient", "PRAGMA"),
    ("VACUUM", "VACUUM"),
    ("SELECT load_extension('/tmp/evil.so')", "LOAD_EXTENSION"),
    ("LOAD DATA INFILE '/etc/passwd' INTO TABLE patient", "LOAD"),
    ("SELECT * FROM patient INTO OUTFILE '/tmp/out.csv'", "OUTFILE"),
    ("SELECT * INTO DUMPFILE '/tmp/x' FROM patient", "DUMPFILE"),
    ("SELECT LName INTO @x FROM patient LIMIT 1", "INTO"),
    ("COPY patient TO '/tmp/p.csv'", "COPY"),
    ("SELECT pg_read_file('/etc/passwd')", "PG_READ_FILE"),
    ("SELECT lo_import('/etc/passwd')", "LO_IMPORT"),
    ("SELECT * FROM dblink('host=evil', 'select 1') AS t(x int)", "DBLINK"),
    ("SELECT pg_sleep(60)", "PG_SLEEP"),
    ("SELECT SLEEP(60)", "SLEEP"),
    ("SELECT BENCHMARK(100000000, MD5('x'))", "BENCHMARK"),
    ("SELECT LOAD_FILE('/etc/passwd')", "LOAD_FILE"),
    ("SELECT set_config('default_transaction_read_only', 'off', false)", "SET_CONFIG"),
    ("SELECT 1; DELETE FROM patient", "DELETE"),
    ("SELECT 1; /* hidden */ UPDATE patient SET LName='x'", "UPDATE"),
    ("SELECT '1'; DROP TABLE patient; -- '", "DROP"),
    ("SET GLOBAL read_only=0", "SET"),
    ("SET @@session.sql_mode=''", "SET"),
    ("SELECT @@version", "@@version"),
    ("SELECT Password FROM userod", "Password"),
    ("SELECT u.password FROM userod u", "Password"),
    ("SELECT UserName FROM userod WHERE Password LIKE 'a%'", "Password"),
    ("SELECT * FROM sqlite_master", "sqlite_master"),
    ("SELECT * FROM pragma_table_info('patient')", "PRAGMA_TABLE_INFO"),
    ("SELECT * FROM information_schema.tables", "information_schema"),
    ("SELECT * FROM pg_catalog.pg_authid", "pg_authid"),
    ("SELECT * FROM mysql.user", "mysql.user"),
    ("SELECT * FROM hq.developer", "developer"),
    ("SELECT * FROM audit_event", "audit_event"),
    ("SELECT * FROM alembic_version", "alembic_version"),
    ("SELECT * FROM generate_series(1, 1000000000)", "GENERATE"),
    ("CALL evil()", "CALL"),
    ("LOCK TABLES patient WRITE", "LOCK"),
    ("BEGIN; DELETE FROM patient; COMMIT", "BEGIN"),
    ("START TRANSACTION", "START"),
    ("SHOW TABLES", "SHOW"),
    ("HANDLER patient OPEN", "HANDLER"),
    ("DO SLEEP(10)", "DO"),
    ("SELECT a FROM patient WHERE PatNum = @NeverSet", "@NeverSet"),
    ("SELECT ?", "placeholder"),
    ("SELECT 1\x00; DELETE FROM patient", "null byte"),
]


def test_the_hostile_corpus_has_at_least_forty_queries() -> None:
    assert len(HOSTILE) >= 40


async def test_every_hostile_query_is_refused_naming_it_and_nothing_changes(
    ask: Ask, practice: OfficeDatabase
) -> None:
    before = checksums(practice)
    wrong = {}
    for sql, named in HOSTILE:
        r = await ask(sql)
        body = r.json()
        if r.status_code != 400 or named.lower() not in body.get("message", "").lower():
            wrong[sql] = (r.status_code, body)
    assert wrong == {}
    assert checksums(practice) == before


async def test_a_query_running_past_the_time_limit_is_stopped_with_504(
    ask: Ask, world: World, practice: OfficeDatabase
) -> None:
    world.rt.settings.shortquery_timeout_seconds = 0.5
    before = checksums(practice)
    r = await ask(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT COUNT(*) FROM r"
    )
    assert r.status_code == 504
    assert "0.5 s limit" in r.json()["message"]
    assert checksums(practice) == before
    r = await ask("SELECT COUNT(*) FROM patient")  # the connection is usable afterwards
    assert r.json() == [{"COUNT(*)": 6}]


async def test_userod_is_readable_only_without_its_password(ask: Ask) -> None:
    r = await ask("SELECT * FROM userod u ORDER BY u.UserNum")
    assert r.status_code == 200
    assert all("password" not in {k.lower() for k in row} for row in r.json())
    assert "hunter2" not in r.text and "argon2" not in r.text


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT x FROM (SELECT PatNum AS x FROM patient) t WHERE x = 1",
        "SELECT 'DELETE FROM patient; DROP TABLE x' AS harmless",
        "SELECT PatNum FROM patient /* ; DELETE FROM patient */ WHERE PatNum = 1",
    ],
)
async def test_text_that_only_looks_hostile_is_just_data(
    ask: Ask, practice: OfficeDatabase, sql: str
) -> None:
    before = checksums(practice)
    r = await ask(sql)
    assert r.status_code == 200
    assert checksums(practice) == before


def test_the_read_only_role_cannot_write_even_if_the_parser_were_fooled(
    practice: OfficeDatabase,
) -> None:
    """Defence in depth: the connection itself refuses writes."""
    from sqlalchemy import exc

    from dentin.office.shortquery.execute import _enter_read_only, _prepare_role

    if practice.dialect == "postgresql":
        _prepare_role(practice)
    engine = practice.read_only_engine()
    with engine.connect() as conn:
        _enter_read_only(conn, practice.dialect, 5.0, float("inf"))
        with pytest.raises(exc.DBAPIError):
            conn.exec_driver_sql("DELETE FROM patient")
        conn.rollback()
    if practice.dialect == "postgresql":
        with engine.connect() as conn:
            _enter_read_only(conn, practice.dialect, 5.0, float("inf"))
            with pytest.raises(exc.DBAPIError):
                conn.exec_driver_sql("SELECT password FROM userod")
            conn.rollback()
