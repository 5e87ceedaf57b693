"""Run a checked ShortQuery on a connection that cannot write, one exact page at a time.

Defence in depth beyond the parser: SQLite is opened read-only with ``query_only``; PostgreSQL
runs in a ``READ ONLY`` transaction as a role that may only SELECT the practice tables (and
not ``userod.password``). An office kept as a schema of a shared database has a role of its
own, granted its own schema only, so no text reaches another office's tables even past the
parser. Both get a statement time limit and a cap on what is read back.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Connection, CursorResult, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlglot import exp

from dentin.errors import BadRequest, GatewayTimeout, OfficeUnavailable, PayloadTooLarge
from dentin.logs import get_logger
from dentin.office import apikeys
from dentin.office.apikeys import ApiKeyRow
from dentin.office.registry import OfficeDatabase
from dentin.office.shortquery import policy
from dentin.office.shortquery.caller import NOBODY, ShortQueryCaller
from dentin.office.shortquery.render import Rendered
from dentin.office.shortquery.translate import Plan
from dentin.outages import database_outage, database_unavailable

log = get_logger("dentin.shortquery")
READ_ROLE = "dentin_shortquery"
MAX_PAGE_BYTES = 8_000_000
MAX_VALUE_BYTES = 4_000_000
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1
_CONTROL = re.compile(r"[\x00-\x1f]")
_CONTROLS = dict.fromkeys(range(32))
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$")
_prepared: set[str] = set()
_prepared_lock = threading.Lock()


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    columns: list[str]


def run_short_query(
    db: OfficeDatabase,
    plan: Plan,
    *,
    offset: int,
    limit: int,
    timeout: float,
    caller: ShortQueryCaller = NOBODY,
) -> Page:
    """Rows ``offset`` to ``offset + limit - 1`` of the query's one stable ordering.

    ``caller`` decides which ``apikey`` rows the query is served (none unless it says so).
    """
    dialect = db.dialect
    rows = caller.permitted(apikeys.rows(db)) if plan.served else []
    engine = db.read_only_engine() if dialect == "sqlite" else db.engine
    if dialect == "postgresql":
        _prepare_role(db)
    deadline = time.monotonic() + timeout
    try:
        with engine.connect() as conn:
            _enter_read_only(conn, dialect, timeout, deadline, role_for(db))
            try:
                values = _evaluate_variables(conn, plan, dialect, rows)
                query = _paged(conn, plan, dialect, values, offset, limit, rows)
                rendered = Rendered(query, dialect, rows)
                # A server-side cursor on PostgreSQL: rows arrive one at a time, as on SQLite.
                result = conn.exec_driver_sql(
                    rendered.sql,
                    rendered.params(values),
                    execution_options={"stream_results": True, "max_row_buffer": 1},
                )
                try:
                    columns = [str(c) for c in result.keys()]  # noqa: SIM118
                    page = _collect(result, columns, limit)
                finally:
                    result.close()
            finally:
                _leave(conn, dialect)
    except DBAPIError as exc:
        raise _explain(exc, timeout) from None
    return Page(page, columns)


def role_for(db: OfficeDatabase) -> str:
    """The role ShortQuery runs as: one per database, or one per office schema."""
    return READ_ROLE if db.schema is None else f"{READ_ROLE}_{db.schema}"


def _enter_read_only(
    conn: Connection, dialect: str, timeout: float, deadline: float, role: str = READ_ROLE
) -> None:
    if dialect == "sqlite":
        raw = conn.connection.dbapi_connection
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 100_000)  # type: ignore[union-attr]
        raw.setlimit(0, MAX_VALUE_BYTES)  # type: ignore[union-attr]  # SQLITE_LIMIT_LENGTH
        conn.exec_driver_sql("PRAGMA query_only = ON")
        return
    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
    conn.exec_driver_sql(f"SET LOCAL ROLE {role}")
    conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(1, int(timeout * 1000))}")


def _leave(conn: Connection, dialect: str) -> None:
    try:
        conn.rollback()
    finally:
        if dialect == "sqlite":
            raw = conn.connection.dbapi_connection
            raw.set_progress_handler(None, 0)  # type: ignore[union-attr]


def _prepare_role(db: OfficeDatabase) -> None:
    """Create (once per office database and process) the role that can only SELECT practice
    tables."""
    if db.url in _prepared:
        return
    role = role_for(db)
    with _prepared_lock:
        if db.url in _prepared:
            return
        try:
            with db.engine.begin() as conn:
                conn.exec_driver_sql(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "  # noqa: S608
                    f"'{role}') THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
                )
            with db.engine.begin() as conn:
                _grant(conn, role)
        except SQLAlchemyError as exc:
            log.error("shortquery_role_failed", office_id=db.office_id, error=str(exc)[:300])
            raise OfficeUnavailable(
                "The office database could not set up the read-only role ShortQuery runs as; "
                "its administrator must let the API's database user create roles."
            ) from None
        _prepared.add(db.url)


def _grant(conn: Connection, role: str) -> None:
    """SELECT on the practice tables of this connection's schema (the office's own, or
    ``public``), and on nothing else."""
    schema = '"' + str(conn.execute(text("SELECT current_schema()")).scalar()) + '"'
    tables = [
        r[0]
        for r in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        )
    ]
    allowed = policy.practice_tables()
    member = conn.execute(
        text("SELECT pg_has_role(current_user, :r, 'MEMBER')"), {"r": role}
    ).scalar()
    if not member:
        conn.exec_driver_sql(f"GRANT {role} TO CURRENT_USER")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}")
    for table in tables:
        if table not in allowed or table in policy.SERVED_TABLES:  # served as bound rows
            continue
        if table in policy.SECRET_COLUMNS:
            columns = ", ".join(policy.readable_columns(table))
            conn.exec_driver_sql(f"GRANT SELECT ({columns}) ON {table} TO {role}")
        else:
            conn.exec_driver_sql(f"GRANT SELECT ON {table} TO {role}")


def _literal(value: exp.Expr) -> tuple[bool, Any]:
    if isinstance(value, exp.Null):
        return True, None
    if isinstance(value, exp.Literal):
        if value.is_string:
            return True, value.name
        number = value.name
        return True, float(number) if any(c in number for c in ".eE") else int(number)
    if (
        isinstance(value, exp.Neg)
        and isinstance(value.this, exp.Literal)
        and not value.this.is_string
    ):
        ok, number = _literal(value.this)
        return ok, -number
    return False, None


def _evaluate_variables(
    conn: Connection, plan: Plan, dialect: str, rows: Sequence[ApiKeyRow]
) -> dict[str, Any]:
    """``SET @x = <expr>`` in order: literals as they are, anything else evaluated read-only."""
    values: dict[str, Any] = {}
    for name, expression in plan.variables:
        known, value = _literal(expression)
        if not known:
            rendered = Rendered(exp.select(expression.copy()), dialect, rows)
            missing = [n for n in rendered.param_names if n not in values]
            if missing:
                raise BadRequest(
                    f"The variable @{missing[0]} is used before it is SET.",
                    code="query_unset_variable",
                )
            value = conn.exec_driver_sql(rendered.sql, rendered.params(values)).scalar()
            value = _plain(value)
        values[name] = value
    return values


def _paged(
    conn: Connection,
    plan: Plan,
    dialect: str,
    values: dict[str, Any],
    offset: int,
    limit: int,
    rows: Sequence[ApiKeyRow],
) -> exp.Query:
    """Total order (the caller's ORDER BY, then every column) and an exact LIMIT/OFFSET."""
    query = plan.query.copy()
    width = (
        len(plan.names) if plan.names is not None else _width(conn, query, dialect, values, rows)
    )
    ties = [exp.Ordered(this=exp.Literal.number(i)) for i in range(1, width + 1)]
    if query.args.get("limit") is None and query.args.get("offset") is None:
        return (
            query.order_by(*ties, append=True, copy=False)
            .limit(limit, copy=False)
            .offset(offset, copy=False)
        )
    query = query.order_by(*ties, append=True, copy=False)  # the caller's LIMIT becomes exact
    outer = exp.select("*").from_(query.subquery("dentin_page"))
    return outer.limit(limit, copy=False).offset(offset, copy=False)


def _width(
    conn: Connection,
    query: exp.Query,
    dialect: str,
    values: dict[str, Any],
    rows: Sequence[ApiKeyRow],
) -> int:
    probe = exp.select("*").from_(query.copy().subquery("dentin_probe")).limit(0)
    rendered = Rendered(probe, dialect, rows)
    return len(conn.exec_driver_sql(rendered.sql, rendered.params(values)).keys())


def _plain(value: Any) -> Any:
    """Open Dental's JSON for one value (its serializer writes dates as ``yyyy-MM-ddTHH:mm:ss``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if _INT_MIN <= value <= _INT_MAX else str(value)  # JSON numbers: 64 bits
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return _plain(int(value))
        return float(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00"
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, str):
        if _DATE.match(value):
            return f"{value}T00:00:00"
        match = _DATETIME.match(value)
        if match:
            return f"{match.group(1)}T{match.group(2)}"
        return value
    return str(value)


def _collect(result: CursorResult[Any], columns: list[str], limit: int) -> list[dict[str, Any]]:
    """Fetch and convert one row at a time; refuse as soon as the page's JSON passes the cap.

    The size counted is the row's real encoded size, so a page of huge values is refused
    after the first rows that pass the cap, never after all of them were built.
    """
    rows: list[dict[str, Any]] = []
    size = 2  # the list's brackets
    for _ in range(limit):
        record = result.fetchone()
        if record is None:
            break
        row = {name: _plain(value) for name, value in zip(columns, record, strict=True)}
        del record
        size += sum(_json_size(k) + _json_size(v) + 2 for k, v in row.items()) + 2
        if size > MAX_PAGE_BYTES:
            raise PayloadTooLarge(
                f"This page of results is larger than {MAX_PAGE_BYTES} bytes; select fewer or "
                "narrower columns, or a smaller Limit."
            )
        rows.append(row)
    return rows


def _json_size(value: Any) -> int:
    """Bytes ``value`` takes in the JSON answer (control characters counted as ``\\u00XX``).

    Counted without encoding: an encoder reserves several times a long string's length.
    """
    if isinstance(value, str):
        size = len(value) if value.isascii() else len(value.encode("utf-8", "replace"))
        size += 2 + value.count('"') + value.count("\\")
        if _CONTROL.search(value) is not None:
            size += 5 * (len(value) - len(value.translate(_CONTROLS)))
        return size
    return len(orjson.dumps(value))


def _explain(exc: DBAPIError, timeout: float) -> Exception:
    orig = exc.orig
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    kind = type(orig).__name__
    if kind == "QueryCanceled" or message == "interrupted":
        return GatewayTimeout(
            f"The query ran longer than the {timeout:g} s limit and was stopped; narrow it with "
            "WHERE conditions (for example a ClinicNum or a date range) or page with Offset."
        )
    if database_outage(exc):
        # Not a 400: the query may be fine, and the client should retry, not rewrite it. The
        # driver's words (hosts, ports, paths) stay in the log.
        log.warning("shortquery_database_unavailable", error=f"{kind}: {message}"[:300])
        return database_unavailable()
    if "string or blob too big" in message:
        return PayloadTooLarge(
            f"A value in the result is larger than {MAX_VALUE_BYTES} bytes; select less."
        )
    if kind in ("InsufficientPrivilege", "ReadOnlySqlTransaction") or "readonly" in message:
        return BadRequest(
            f"The database refused the query because it may only read practice data ({message}).",
            code="query_refused",
        )
    return BadRequest(f"The query failed on the database: {message}.", code="query_failed")
