"""Whether a database error is the database failing (unreachable, restarting, locked, its file
unreadable) rather than the statement being wrong, and the one answer every such failure gets.

Shared by the app's error handlers and by code that catches database errors itself
(ShortQuery), so an outage answers the same 503 wherever it is met, and a client's retry logic
needs to know one code.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from dentin.errors import OfficeUnavailable

# SQLite reports a malformed statement as an OperationalError too, so its outages are told by
# result code: busy or locked, the file unopenable, unreadable, ruined or not a database, the
# disk full. ("no such column: locked" is a query's mistake, whatever its words.)
_SQLITE_OUTAGES = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
    "SQLITE_FULL",
    "SQLITE_NOMEM",
)


def database_outage(exc: BaseException) -> bool:
    """Whether a database error (SQLAlchemy's, or the sqlite3 driver's raised through a raw
    connection) is the database failing to answer: connection refused or dropped, restarting,
    locked, timed out, its file unreadable. Not the statement being wrong."""
    orig: BaseException | None = exc
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated or isinstance(exc, InterfaceError):
            return True
        orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        return str(getattr(orig, "sqlite_errorname", "")).startswith(_SQLITE_OUTAGES)
    return isinstance(exc, OperationalError)


def database_unavailable() -> OfficeUnavailable:
    """The answer to an outage: the request was fine and will work once the database is back."""
    return OfficeUnavailable(
        "The database did not answer this request (it may be restarting or overloaded); "
        "send the request again in a few seconds.",
        code="database_unavailable",
        headers={"Retry-After": "5"},
    )
