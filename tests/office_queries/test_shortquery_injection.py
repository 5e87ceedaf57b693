"""Injection through the MySQL-compatibility rewrites (issue 11, item 1), replayed on both backends.

The rewrites used to paste arguments into SQL text after the checks had run: ``FORMAT(x, d)``'s
places went into a format string and ``INTERVAL '<n>' DAY``'s amount went in raw, so text inside
a string literal became SQL that read every ``userod`` password hash, ``sqlite_master`` and the
database file path. Every attempt below goes through one rewrite in ``shortquery/compat.py`` and
must be refused with a 400 whose answer holds none of that.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlglot import exp

from dentin.errors import BadRequest
from dentin.office.registry import OfficeDatabase
from dentin.office.shortquery.render import Rendered
from tests.office_queries.conftest import Ask
from tests.office_queries.practice import checksums

PASSWORD_HASH = hashlib.sha256(b"hunter2").hexdigest()
# Text that only a leak could put in an answer: none of the attempts spells any of it.
LEAKS = (PASSWORD_HASH, "argon2$", "CREATE TABLE", "CREATE INDEX", "agingday", "PostgreSQL ")

EXFIL = "(SELECT/**/group_concat(password)/**/FROM/**/userod)"
MASTER = "(SELECT/**/group_concat(sql)/**/FROM/**/sqlite_master)"
FILE = "(SELECT/**/group_concat(file)/**/FROM/**/pragma_database_list)"
PG_TABLES = "(SELECT/**/string_agg(tablename,chr(44))/**/FROM/**/pg_tables)"


# Closes PRINTF's format string early (SQLite), then reads something it may not.
def _format(read: str) -> str:
    return f", 1) IS NULL) || {read} || (PRINTF("


# Closes the rewritten DATE(..., '+0 day') early (SQLite; no spaces: the amount was split).
def _amount(read: str) -> str:
    return f"0||char(32,100,97,121)))||{read}||((0"


PG_AMOUNT = f"0)*(LOCALTIMESTAMP(0)-LOCALTIMESTAMP(0)))||{PG_TABLES}||((0"  # the same, PostgreSQL

# (rewrite it goes through, SQL)
ATTEMPTS: list[tuple[str, str]] = [
    # FORMAT(x, d): d was pasted into PRINTF's format string (SQLite) / int() (PostgreSQL).
    ("FORMAT", f"SELECT FORMAT(BalTotal, '{_format(EXFIL)}') AS x FROM patient"),
    ("FORMAT", f"SELECT FORMAT(1, '{_format(MASTER)}') AS x"),
    ("FORMAT", f"SELECT FORMAT(1, '{_format(FILE)}') AS x"),
    ("FORMAT", f"SELECT FORMAT(1, ', 1) || {PG_TABLES} || TO_CHAR(1, ') AS x"),
    ("FORMAT", "SELECT FORMAT(1, '2') AS x"),
    ("FORMAT", "SELECT FORMAT(1, '2'' || 1 || ''') AS x"),
    ("FORMAT", "SELECT FORMAT(1, PatNum) AS x FROM patient"),
    ("FORMAT", "SELECT FORMAT(1, (SELECT COUNT(*) FROM userod)) AS x"),
    ("FORMAT", "SELECT FORMAT(1, 31) AS x"),
    ("FORMAT", "SELECT FORMAT(1, 99999999999) AS x"),
    ("FORMAT", "SELECT FORMAT(1, -1) AS x"),
    ("FORMAT", "SELECT FORMAT(1, 2.5) AS x"),
    ("FORMAT", "SELECT FORMAT(1, 2, 'de_DE'' || 1 || ''') AS x"),
    # + INTERVAL '<n>' unit: the amount was pasted raw.
    ("+ INTERVAL", f"SELECT NOW() + INTERVAL '{_amount(EXFIL)}' DAY AS x"),
    ("+ INTERVAL", f"SELECT CURDATE() + INTERVAL '{_amount(MASTER)}' DAY AS x"),
    ("+ INTERVAL", f"SELECT CURDATE() + INTERVAL '{_amount(FILE)}' DAY AS x"),
    ("+ INTERVAL", f"SELECT CURDATE() + INTERVAL '{PG_AMOUNT}' DAY AS x"),
    ("- INTERVAL", f"SELECT Birthdate - INTERVAL '{_amount(EXFIL)}' MONTH AS x FROM patient"),
    ("- INTERVAL", f"SELECT Birthdate - INTERVAL '{PG_AMOUNT}' MONTH AS x FROM patient"),
    ("- INTERVAL", "SELECT Birthdate - INTERVAL '1 2' DAY AS x FROM patient"),
    ("- INTERVAL", "SELECT Birthdate - INTERVAL 'six' DAY AS x FROM patient"),
    ("- INTERVAL", "SELECT Birthdate - INTERVAL '99999999' DAY AS x FROM patient"),
    ("+ INTERVAL", "SELECT Birthdate + INTERVAL 1 QUARTER AS x FROM patient"),
    (
        "+ INTERVAL",
        "SELECT Birthdate + INTERVAL (SELECT COUNT(*) FROM sqlite_master) DAY AS x FROM patient",
    ),
    # DATE_ADD / DATE_SUB
    ("DATE_ADD", f"SELECT DATE_ADD(Birthdate, INTERVAL '{_amount(EXFIL)}' DAY) AS x FROM patient"),
    ("DATE_ADD", f"SELECT DATE_ADD('2024-01-01', INTERVAL '{_amount(MASTER)}' YEAR) AS x"),
    ("DATE_SUB", f"SELECT DATE_SUB('2024-01-01', INTERVAL '{_amount(FILE)}' DAY) AS x"),
    ("DATE_SUB", f"SELECT DATE_SUB('2024-01-01', INTERVAL '{PG_AMOUNT}' DAY) AS x"),
    ("DATE_SUB", "SELECT DATE_SUB('2024-01-01', INTERVAL '1'' day'' || 1 || ''' DAY) AS x"),
    ("DATE_ADD", "SELECT DATE_ADD('2024-01-01', INTERVAL 1 MICROSECOND) AS x"),
    (
        "DATE_ADD",
        "SELECT DATE_ADD('2024-01-01', INTERVAL (SELECT Password FROM userod LIMIT 1) DAY) AS x",
    ),
    # TIMESTAMPDIFF
    ("TIMESTAMPDIFF", "SELECT TIMESTAMPDIFF(QUARTER, Birthdate, '2024-01-01') AS x FROM patient"),
    (
        "TIMESTAMPDIFF",
        "SELECT TIMESTAMPDIFF(YEAR, (SELECT u.Password FROM userod u LIMIT 1), '2024-01-01') AS x",
    ),
    (
        "TIMESTAMPDIFF",
        "SELECT TIMESTAMPDIFF(DAY, (SELECT name FROM sqlite_master LIMIT 1), NOW()) AS x",
    ),
    # LEFT / RIGHT
    ("LEFT", "SELECT LEFT((SELECT Password FROM userod LIMIT 1), 64) AS x"),
    ("RIGHT", "SELECT RIGHT(LName, (SELECT COUNT(*) FROM sqlite_master)) AS x FROM patient"),
    # YEAR / MONTH / DAY / DAYOFWEEK
    ("YEAR", "SELECT YEAR((SELECT sql FROM sqlite_master LIMIT 1)) AS x"),
    ("MONTH", "SELECT MONTH((SELECT Password FROM userod LIMIT 1)) AS x"),
    ("DAYOFWEEK", "SELECT DAYOFWEEK((SELECT tablename FROM pg_catalog.pg_tables LIMIT 1)) AS x"),
    # ROUND / CAST AS CHAR / GROUP_CONCAT / LIKE
    (
        "ROUND",
        "SELECT ROUND(BalTotal, (SELECT LENGTH(Password) FROM userod LIMIT 1)) AS x FROM patient",
    ),
    ("CAST AS CHAR", "SELECT CAST((SELECT Password FROM userod LIMIT 1) AS CHAR) AS x"),
    ("GROUP_CONCAT", "SELECT GROUP_CONCAT(Password) AS x FROM userod"),
    ("GROUP_CONCAT", "SELECT GROUP_CONCAT(name SEPARATOR ',') AS x FROM sqlite_master"),
    (
        "LIKE",
        "SELECT UserName FROM userod WHERE UserName LIKE (SELECT Password FROM userod LIMIT 1)",
    ),
    # NOW / CURDATE / CURTIME take no argument: only their neighbours can carry text.
    ("NOW", f"SELECT NOW() - INTERVAL '{_amount(EXFIL)}' SECOND AS x"),
    ("NOW", f"SELECT NOW() - INTERVAL '{PG_AMOUNT}' SECOND AS x"),
    ("CURTIME", f"SELECT CURTIME() AS t, CURDATE() + INTERVAL '{_amount(EXFIL)}' DAY AS x"),
]


def test_the_injection_corpus_has_at_least_thirty_attempts_through_every_rewrite() -> None:
    assert len(ATTEMPTS) >= 30
    assert {
        "FORMAT",
        "+ INTERVAL",
        "- INTERVAL",
        "DATE_ADD",
        "DATE_SUB",
        "TIMESTAMPDIFF",
        "LEFT",
        "RIGHT",
        "YEAR",
        "MONTH",
        "DAYOFWEEK",
        "ROUND",
        "CAST AS CHAR",
        "GROUP_CONCAT",
        "LIKE",
        "NOW",
        "CURTIME",
    } <= {name for name, _sql in ATTEMPTS}


def _leaks(text: str, db: OfficeDatabase) -> list[str]:
    path = db.url.split("///", 1)[-1] if db.dialect == "sqlite" else "\x00never"
    return [marker for marker in (*LEAKS, path) if marker in text]


async def test_every_injection_through_a_rewrite_is_refused_with_400_and_leaks_nothing(
    ask: Ask, practice: OfficeDatabase
) -> None:
    before = checksums(practice)
    wrong = {}
    for name, sql in ATTEMPTS:
        r = await ask(sql)
        body = r.json()
        if (
            r.status_code != 400
            or set(body) != {"code", "message"}
            or _leaks(r.text, practice)
            or "Traceback" in r.text
        ):
            wrong[f"{name}: {sql}"] = (r.status_code, r.text[:300])
    assert wrong == {}
    assert checksums(practice) == before


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT FORMAT(BalTotal, 2) AS x FROM patient WHERE PatNum = 1",
        "SELECT LEFT('x'' || (SELECT group_concat(Password) FROM userod) || ''', 3) AS x",
        "SELECT GROUP_CONCAT(LName SEPARATOR ''' || (SELECT group_concat(Password) FROM userod) || ''') AS x FROM patient",
        "SELECT DATE_ADD('2024-01-01'' || (SELECT group_concat(Password) FROM userod) || ''', INTERVAL 1 DAY) AS x",
        "SELECT LName FROM patient WHERE LName LIKE '%'' || (SELECT group_concat(Password) FROM userod) || ''%'",
    ],
)
async def test_quotes_inside_a_rewritten_argument_stay_data(
    ask: Ask, practice: OfficeDatabase, sql: str
) -> None:
    r = await ask(sql)
    assert r.status_code in (200, 400)
    assert _leaks(r.text, practice) == []


async def test_format_places_from_0_to_30_still_work(ask: Ask) -> None:
    r = await ask("SELECT FORMAT(234.567, 0) AS a, FORMAT(234.567, 2) AS b, FORMAT(1, 30) AS c")
    assert r.status_code == 200
    row = r.json()[0]
    assert (row["a"], row["b"]) == ("235", "234.57")
    assert row["c"] == "1." + "0" * 30


async def test_interval_amounts_written_as_strings_or_numbers_still_work(ask: Ask) -> None:
    r = await ask(
        "SELECT DATE_ADD('2024-01-31', INTERVAL '1' MONTH) AS a, "
        "DATE_SUB('2024-01-10', INTERVAL 2 WEEK) AS b, "
        "DATE(CAST('2024-01-01' AS DATE) + INTERVAL '-1' DAY) AS c"
    )
    assert r.status_code == 200, r.text
    row = r.json()[0]
    assert row["a"].startswith(("2024-03-02", "2024-02-29"))  # SQLite overflows, as MySQL does not
    assert row["b"].startswith("2023-12-27")
    assert row["c"].startswith("2023-12-31")


async def test_timestampdiff_counts_hours_and_minutes_not_days(ask: Ask) -> None:
    r = await ask(
        "SELECT TIMESTAMPDIFF(HOUR, '2024-01-01 00:00:00', '2024-01-02 06:30:00') AS h, "
        "TIMESTAMPDIFF(MINUTE, '2024-01-01 00:00:00', '2024-01-01 01:30:59') AS m, "
        "TIMESTAMPDIFF(WEEK, '2024-01-01', '2024-01-20') AS w"
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"h": 30, "m": 90, "w": 2}]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM userod WHERE EXISTS (WITH userod AS (SELECT 1 AS x) SELECT x FROM userod)",
        "WITH patient AS (SELECT * FROM userod) SELECT * FROM patient",
        "CREATE TEMPORARY TABLE userod AS SELECT 1 AS x; SELECT * FROM userod",
        "WITH dentin_apikey AS (SELECT 1 AS x) SELECT * FROM dentin_apikey",
    ],
)
async def test_a_cte_or_temporary_table_named_like_a_practice_table_is_refused(
    ask: Ask, practice: OfficeDatabase, sql: str
) -> None:
    """A shadowing name let ``SELECT * FROM userod`` elsewhere skip the password-less view."""
    r = await ask(sql)
    assert r.status_code == 400
    assert "may not be named" in r.json()["message"]
    assert _leaks(r.text, practice) == []


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize(
    "smuggled",
    [
        exp.Var(this="(SELECT group_concat(password) FROM userod)"),
        exp.Var(this="(SELECT sql FROM sqlite_master)"),
        exp.Anonymous(this="LOAD_EXTENSION", expressions=[exp.Literal.string("/tmp/x.so")]),
        exp.Subquery(this=exp.select("*").from_("pg_catalog.pg_authid")),
        exp.Subquery(this=exp.select("*").from_("apikey")),
        exp.Subquery(this=exp.select("*").from_("userod")),
    ],
)
def test_the_final_sql_is_checked_again_after_every_rewrite(
    dialect: str, smuggled: exp.Expr
) -> None:
    """Whatever a rewrite might produce, the finished text is read back and checked."""
    tree = exp.select(exp.alias_(smuggled, "x"))
    with pytest.raises(BadRequest) as refused:
        Rendered(tree, dialect)
    assert "refused after translation" in refused.value.message


async def test_group_concat_with_distinct_order_by_and_separator_works_on_postgresql(
    ask: Ask, practice: OfficeDatabase
) -> None:
    if practice.dialect == "sqlite":
        pytest.skip("this SQLite has no ORDER BY inside an aggregate (3.44 added it)")
    r = await ask(
        "SELECT GROUP_CONCAT(DISTINCT City ORDER BY City SEPARATOR ';') AS c FROM patient"
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"c": "Keizer;Salem"}]
