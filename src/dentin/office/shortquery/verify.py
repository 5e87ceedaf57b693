"""The last check: the finished SQL, read back in the backend's own dialect, is checked again.

``translate`` checks what the caller wrote; ``compat`` then rewrites MySQL spellings for the
backend. Whatever the rewriting did, the text about to be sent is parsed back here and must
still be one read of practice tables only: no catalog or hidden table, no ``apikey`` (it is
served as bound rows), no password column, no function outside the allowlists, no statement
but a query. A refusal here means a rewrite produced something unexpected, so it is logged.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from dentin.errors import BadRequest
from dentin.logs import get_logger
from dentin.office.shortquery import policy

log = get_logger("dentin.shortquery")

# Nodes no read ever needs.
_FORBIDDEN = (
    exp.DML,
    exp.DDL,
    exp.Command,
    exp.Set,
    exp.Pragma,
    exp.Into,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Use,
    exp.SessionParameter,
    exp.Parameter,
    exp.Placeholder,
)
# Bare words the backends' own spellings use (EXTRACT(DOW FROM ...), INTERVAL units).
_WORDS = frozenset(
    {
        "DOW",
        "EPOCH",
        "YEAR",
        "MONTH",
        "DAY",
        "WEEK",
        "HOUR",
        "MINUTE",
        "SECOND",
        "QUARTER",
        "DOY",
        "ISODOW",
    }
)


def verify(sql: str, dialect: str) -> None:
    """Raise a 400 unless ``sql`` (in sqlglot's ``dialect``) is one read of practice tables."""
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except (ParseError, TokenError):
        raise _unsafe("it does not read back as SQL", sql) from None
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise _unsafe("it is not exactly one SELECT", sql)
    tree = statements[0]
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    tables = policy.practice_tables() - set(policy.SERVED_TABLES)
    allowed = policy.ALLOWED_ANONYMOUS | policy.BACKEND_FUNCTIONS.get(dialect, frozenset())
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN):
            raise _unsafe(f"it contains {type(node).__name__}", sql)
        if isinstance(node, exp.Table):
            _table(node, tables, ctes, sql)
        elif isinstance(node, exp.Column) and node.name.lower() in policy.SECRET_COLUMNS["userod"]:
            raise _unsafe("it reads userod.Password", sql)
        elif isinstance(node, exp.Func):
            name = str(node.this) if isinstance(node, exp.Anonymous) else node.sql_name()
            name = name.upper()
            if name in policy.DANGEROUS_FUNCTIONS or (
                isinstance(node, exp.Anonymous) and name not in allowed
            ):
                raise _unsafe(f"it calls {name}", sql)
        elif isinstance(node, exp.Var) and node.name.upper() not in _WORDS:
            raise _unsafe(f"it contains the bare word {node.name[:40]}", sql)


def _table(node: exp.Table, tables: frozenset[str], ctes: set[str], sql: str) -> None:
    if not isinstance(node.this, exp.Identifier):
        raise _unsafe("it reads a table function", sql)
    if node.args.get("db") or node.args.get("catalog"):
        raise _unsafe("it reads a table outside the practice tables", sql)
    name = node.name.lower()
    if name in ctes:
        return
    if name not in tables:
        raise _unsafe(f"it reads the table {name[:60]}", sql)
    if name in policy.SECRET_COLUMNS:  # only ever as the view ``_read_through_view`` built
        select = node.find_ancestor(exp.Select)
        readable = set(policy.readable_columns(name))
        if select is None or not all(
            isinstance(p, exp.Column) and p.name.lower() in readable for p in select.expressions
        ):
            raise _unsafe(f"it reads {name} other than through its view", sql)


def _unsafe(reason: str, sql: str) -> BadRequest:
    log.warning("shortquery_final_check_refused", reason=reason, sql=sql[:500])
    return BadRequest(
        f"The query was refused after translation for this database because {reason}; "
        "ShortQuery reads only practice tables. Simplify the query, or report it if it is an "
        "ordinary read.",
        code="query_refused",
    )
