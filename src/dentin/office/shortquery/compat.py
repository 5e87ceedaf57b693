"""MySQL functions rewritten for SQLite and PostgreSQL where sqlglot's transpiler falls short.

Open Dental's published queries lean on a handful of MySQL date and string functions
(``CURDATE()``, ``DATE_SUB``, ``YEAR()``, ``TIMESTAMPDIFF``, ``LEFT``, ``FORMAT``, ``ROUND``);
each is rewritten here into the backend's own spelling, bottom-up, after the checks have run.
"""

from __future__ import annotations

import re
import secrets

from sqlglot import exp

UNITS = {
    "DAY": "day",
    "DAYS": "day",
    "MONTH": "month",
    "MONTHS": "month",
    "YEAR": "year",
    "YEARS": "year",
    "WEEK": "week",
    "HOUR": "hour",
    "MINUTE": "minute",
    "SECOND": "second",
}


def _raw(sql: str) -> exp.Expr:
    """A finished snippet in the target dialect (sqlglot prints a Var verbatim)."""
    return exp.Var(this=f"({sql})")


def _unit(node: exp.Expr) -> str:
    unit = node.args.get("unit")
    name = (unit.name if isinstance(unit, exp.Expr) else str(unit or "DAY")).upper()
    return UNITS.get(name, "day")


def _interval_parts(node: exp.Expr) -> tuple[exp.Expr, str]:
    """(amount, unit) of an INTERVAL or a DATE_ADD/DATE_SUB."""
    if isinstance(node, exp.Interval):
        amount = node.this
        if isinstance(amount, exp.Literal) and amount.is_string:
            parts = amount.name.split()
            amount = exp.Literal.number(parts[0])
            if len(parts) > 1:
                return amount, UNITS.get(parts[1].upper(), "day")
        return amount, _unit(node)
    return node.expression, _unit(node)


def rewrite(tree: exp.Expr, dialect: str) -> exp.Expr:
    """Rewrite children before parents, so every snippet is built from finished parts."""
    for node in reversed(list(tree.walk())):
        new = _sqlite(node) if dialect == "sqlite" else _postgres(node)
        if new is not None and new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def _shift(dialect: str, base: exp.Expr, amount: exp.Expr, unit: str, sign: str) -> exp.Expr:
    b = base.sql(dialect)
    a = amount.sql(dialect)
    if dialect == "sqlite":
        fn = "DATETIME" if unit in ("hour", "minute", "second") else "DATE"
        return _raw(f"{fn}({b}, '{sign}' || ({a}) || ' {unit}')")
    op = "+" if sign == "+" else "-"
    return _raw(f"CAST({b} AS TIMESTAMP) {op} ({a}) * INTERVAL '1 {unit}'")


def _common_dates(node: exp.Expr, dialect: str) -> exp.Expr | None:
    if isinstance(node, exp.DateAdd | exp.DateSub):
        amount, unit = _interval_parts(node)
        if isinstance(amount, exp.Interval):
            amount, unit = _interval_parts(amount)
        return _shift(
            dialect, node.this, amount, unit, "+" if isinstance(node, exp.DateAdd) else "-"
        )
    if isinstance(node, exp.Add | exp.Sub) and isinstance(node.expression, exp.Interval):
        amount, unit = _interval_parts(node.expression)
        return _shift(dialect, node.this, amount, unit, "+" if isinstance(node, exp.Add) else "-")
    return None


def _now(node: exp.Expr) -> bool:
    return isinstance(node, exp.CurrentTimestamp | exp.CurrentDatetime) or (
        isinstance(node, exp.Anonymous) and str(node.this).upper() in ("NOW", "SYSDATE")
    )


def _sqlite(node: exp.Expr) -> exp.Expr | None:
    d = "sqlite"
    shifted = _common_dates(node, d)
    if shifted is not None:
        return shifted
    if isinstance(node, exp.CurrentDate):
        return _raw("DATE('now', 'localtime')")
    if _now(node):
        return _raw("DATETIME('now', 'localtime')")
    if isinstance(node, exp.Anonymous) and str(node.this).upper() == "CURTIME":
        return _raw("TIME('now', 'localtime')")
    parts = {exp.Year: "%Y", exp.Month: "%m", exp.Day: "%d", exp.DayOfMonth: "%d"}
    for cls, fmt in parts.items():
        if isinstance(node, cls):
            return _raw(f"CAST(STRFTIME('{fmt}', {node.this.sql(d)}) AS INTEGER)")
    if isinstance(node, exp.DayOfWeek):
        return _raw(f"(CAST(STRFTIME('%w', {node.this.sql(d)}) AS INTEGER) + 1)")
    if isinstance(node, exp.Left):
        return _raw(f"SUBSTR({node.this.sql(d)}, 1, {node.expression.sql(d)})")
    if isinstance(node, exp.Right):
        return _raw(f"SUBSTR({node.this.sql(d)}, -({node.expression.sql(d)}))")
    if isinstance(node, exp.TimestampDiff | exp.DateDiff) and node.args.get("unit") is not None:
        return _sqlite_diff(node)
    if isinstance(node, exp.NumberToStr):
        return _raw(f"PRINTF('%,.{node.args['format'].sql(d)}f', {node.this.sql(d)})")
    return None


def _sqlite_diff(node: exp.Expr) -> exp.Expr:
    end, start, unit = node.this.sql("sqlite"), node.expression.sql("sqlite"), _unit(node)
    years = f"(CAST(STRFTIME('%Y', {end}) AS INTEGER) - CAST(STRFTIME('%Y', {start}) AS INTEGER))"
    if unit == "year":
        return _raw(f"{years} - (STRFTIME('%m-%d', {end}) < STRFTIME('%m-%d', {start}))")
    if unit == "month":
        months = (
            f"(CAST(STRFTIME('%m', {end}) AS INTEGER) - CAST(STRFTIME('%m', {start}) AS INTEGER))"
        )
        return _raw(f"{years} * 12 + {months} - (STRFTIME('%d', {end}) < STRFTIME('%d', {start}))")
    return _raw(f"CAST(JULIANDAY(DATE({end})) - JULIANDAY(DATE({start})) AS INTEGER)")


def _postgres(node: exp.Expr) -> exp.Expr | None:
    d = "postgres"
    shifted = _common_dates(node, d)
    if shifted is not None:
        return shifted
    if _now(node):
        return _raw("LOCALTIMESTAMP(0)")
    if isinstance(node, exp.Anonymous) and str(node.this).upper() == "CURTIME":
        return _raw("LOCALTIME(0)")
    if isinstance(node, exp.Round) and node.args.get("decimals") is not None:
        return _raw(f"ROUND(CAST({node.this.sql(d)} AS NUMERIC), {node.args['decimals'].sql(d)})")
    if isinstance(node, exp.Like):
        return exp.ILike(this=node.this, expression=node.expression)  # MySQL compares caselessly
    if isinstance(node, exp.GroupConcat):
        sep = node.args.get("separator")
        text = sep.sql(d) if sep is not None else "','"
        return _raw(f"STRING_AGG(CAST({node.this.sql(d)} AS TEXT), {text})")
    if isinstance(node, exp.Cast) and node.to.this in (
        exp.DataType.Type.CHAR,
        exp.DataType.Type.NCHAR,
    ):
        return _raw(f"CAST({node.this.sql(d)} AS TEXT)")
    if isinstance(node, exp.DayOfWeek):
        return _raw(f"(CAST(EXTRACT(DOW FROM CAST({node.this.sql(d)} AS DATE)) AS INTEGER) + 1)")
    if isinstance(node, exp.TimestampDiff | exp.DateDiff) and node.args.get("unit") is not None:
        end, start, unit = node.this.sql(d), node.expression.sql(d), _unit(node)
        age = f"AGE(CAST({end} AS DATE), CAST({start} AS DATE))"
        if unit == "year":
            return _raw(f"CAST(DATE_PART('year', {age}) AS INTEGER)")
        if unit == "month":
            return _raw(
                f"CAST(DATE_PART('year', {age}) * 12 + DATE_PART('month', {age}) AS INTEGER)"
            )
        return _raw(f"(CAST({end} AS DATE) - CAST({start} AS DATE))")
    if isinstance(node, exp.NumberToStr):
        places = int(node.args["format"].name or 0)
        mask = "FM999,999,999,999,990" + ("." + "0" * places if places else "")
        return _raw(f"TO_CHAR({node.this.sql(d)}, '{mask}')")
    return None


class Rendered:
    """SQL text for one backend with ``@vars`` as the driver's named parameters."""

    def __init__(self, tree: exp.Expr, dialect: str) -> None:
        self.dialect = dialect
        nonce = secrets.token_hex(6)
        self.param_names: dict[str, str] = {}
        tree = tree.copy()
        for node in list(tree.find_all(exp.Parameter)):
            name = node.name.lower()
            safe = "v_" + re.sub(r"\W", "_", name)
            self.param_names[name] = safe
            node.replace(exp.column(f"dq{nonce}{safe}"))
        tree = rewrite(tree, dialect)
        target = "sqlite" if dialect == "sqlite" else "postgres"
        sql = tree.sql(dialect=target)
        if dialect != "sqlite":
            sql = sql.replace("%", "%%")  # psycopg's placeholders are %(name)s
        for safe in self.param_names.values():
            mark = f":{safe}" if dialect == "sqlite" else f"%({safe})s"
            sql = sql.replace(f"dq{nonce}{safe}", mark)
        self.sql = sql

    def params(self, values: dict[str, object]) -> dict[str, object]:
        out = {safe: values[name] for name, safe in self.param_names.items()}
        if self.dialect != "sqlite":
            out.setdefault("dentin_unused", 0)  # keeps psycopg parsing %% even with no @vars
        return out
