"""What ShortQuery accepts: practice tables, harmless functions, and nothing that writes.

Tables and functions are allowlists, so anything new (a catalog view, an extension function)
is refused until someone decides it is safe. ``userod.Password`` holds password hashes: the
column is refused by name, and ``userod`` is only ever read through a view without it.
"""

from __future__ import annotations

from dentin.db import OfficeBase
from dentin.office import models  # noqa: F401 - registers the practice tables

HIDDEN_TABLES = frozenset({"alembic_version"})
SECRET_COLUMNS = {"userod": frozenset({"password"})}
# Tables ShortQuery never reads itself: each reference is served the caller's permitted rows,
# opened in Python and bound as parameters (``served``), with these columns in this order.
SERVED_TABLES = {"apikey": ("apikeynum", "custapikey", "devname")}
# Names the rewrites and the pager use themselves; a CTE or temporary table may not take them.
RESERVED_PREFIX = "dentin_"


def practice_tables() -> frozenset[str]:
    return frozenset(OfficeBase.metadata.tables) - HIDDEN_TABLES


def readable_columns(table: str) -> list[str]:
    hidden = SECRET_COLUMNS.get(table, frozenset())
    return [c.name for c in OfficeBase.metadata.tables[table].columns if c.name not in hidden]


# Functions sqlglot does not know by type (it parses them as "anonymous") that are harmless.
ALLOWED_ANONYMOUS = frozenset(
    {
        "ABS",
        "CEIL",
        "CEILING",
        "FLOOR",
        "SIGN",
        "MOD",
        "POWER",
        "POW",
        "SQRT",
        "CHAR_LENGTH",
        "LENGTH",
        "LOCATE",
        "INSTR",
        "REVERSE",
        "REPLACE",
        "SPACE",
        "LTRIM",
        "RTRIM",
        "TRIM",
        "UPPER",
        "LOWER",
        "UCASE",
        "LCASE",
        "SUBSTR",
        "DAYOFWEEK",
        "DAYOFMONTH",
        "DAYOFYEAR",
        "WEEKDAY",
        "QUARTER",
        "HOUR",
        "MINUTE",
        "SECOND",
        "LAST_DAY",
        "NOW",
        "SYSDATE",
        "CURTIME",
        "NULLIF",
        "GREATEST",
        "LEAST",
        "FIELD",
        "ELT",
    }
)

# Functions refused by name even if some dialect knew them: they read files, sleep, reach
# other servers or change server state. The allowlist already refuses them; naming them here
# makes the refusal say exactly why.
DANGEROUS_FUNCTIONS = frozenset(
    {
        "SLEEP",
        "PG_SLEEP",
        "PG_SLEEP_FOR",
        "PG_SLEEP_UNTIL",
        "BENCHMARK",
        "LOAD_FILE",
        "LOAD_EXTENSION",
        "READFILE",
        "WRITEFILE",
        "EDIT",
        "FTS3_TOKENIZER",
        "PG_READ_FILE",
        "PG_READ_BINARY_FILE",
        "PG_LS_DIR",
        "PG_STAT_FILE",
        "LO_IMPORT",
        "LO_EXPORT",
        "LO_GET",
        "LO_PUT",
        "LO_FROM_BYTEA",
        "DBLINK",
        "DBLINK_EXEC",
        "DBLINK_CONNECT",
        "SET_CONFIG",
        "CURRENT_SETTING",
        "PG_TERMINATE_BACKEND",
        "PG_CANCEL_BACKEND",
        "PG_RELOAD_CONF",
        "PG_ADVISORY_LOCK",
        "NEXTVAL",
        "SETVAL",
        "QUERY_TO_XML",
        "TABLE_TO_XML",
        "SYS_EXEC",
        "SYS_EVAL",
        "GET_LOCK",
        "MASTER_POS_WAIT",
        "SQLITE_COMPILEOPTION_USED",
        "PG_LOGICAL_EMIT_MESSAGE",
        "TXID_CURRENT",
    }
)

ALLOWED_STATEMENTS = "only SELECT, SET @variable and CREATE/DROP TEMPORARY TABLE are allowed"

# First words of statements that sqlglot may not parse at all; named in the refusal.
REFUSED_LEADING_WORDS = frozenset(
    {
        "INSERT",
        "UPDATE",
        "DELETE",
        "REPLACE",
        "MERGE",
        "UPSERT",
        "ALTER",
        "TRUNCATE",
        "RENAME",
        "GRANT",
        "REVOKE",
        "ATTACH",
        "DETACH",
        "PRAGMA",
        "VACUUM",
        "REINDEX",
        "ANALYZE",
        "LOAD",
        "COPY",
        "CALL",
        "DO",
        "HANDLER",
        "LOCK",
        "UNLOCK",
        "USE",
        "SHOW",
        "DESCRIBE",
        "DESC",
        "EXPLAIN",
        "BEGIN",
        "START",
        "COMMIT",
        "ROLLBACK",
        "SAVEPOINT",
        "RELEASE",
        "FLUSH",
        "KILL",
        "RESET",
        "PURGE",
        "INSTALL",
        "UNINSTALL",
        "PREPARE",
        "EXECUTE",
        "DEALLOCATE",
        "LISTEN",
        "NOTIFY",
        "CHECKPOINT",
        "CLUSTER",
        "DISCARD",
        "SECURITY",
        "COMMENT",
        "IMPORT",
        "OPTIMIZE",
        "REPAIR",
        "CHECKSUM",
        "CACHE",
        "XA",
    }
)

# Functions the rewrites in ``compat`` and sqlglot's transpiler write for each backend. The
# final check (``verify``) reads the finished SQL back in the backend's dialect and allows, of
# the functions it does not know by type, only these and ``ALLOWED_ANONYMOUS``.
BACKEND_FUNCTIONS = {
    "sqlite": frozenset(
        {
            "DATE",
            "DATETIME",
            "TIME",
            "JULIANDAY",
            "STRFTIME",
            "PRINTF",
            "FORMAT",
            "IIF",
            "SUBSTRING",
            "TOTAL",
            "UNICODE",
            "CHAR",
            "HEX",
            "ROUND",
            "UNIXEPOCH",
        }
    ),
    "postgres": frozenset(
        {
            "LOCALTIMESTAMP",
            "LOCALTIME",
            "TO_CHAR",
            "TO_DATE",
            "TO_TIMESTAMP",
            "AGE",
            "DATE_PART",
            "DATE_TRUNC",
            "MAKE_DATE",
            "STRING_AGG",
            "TRUNC",
            "ROUND",
            "STRPOS",
            "SPLIT_PART",
            "LPAD",
            "RPAD",
            "INITCAP",
            "CHR",
            "ASCII",
        }
    ),
}
