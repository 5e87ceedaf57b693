"""MySQL functions rewritten for SQLite and PostgreSQL where sqlglot's transpiler falls short.

Open Dental's published queries lean on a handful of MySQL date and string functions
(``CURDATE()``, ``DATE_SUB``, ``YEAR()``, ``TIMESTAMPDIFF``, ``LEFT``, ``FORMAT``, ``ROUND``);
each is rewritten here into the backend's own spelling, bottom-up, after the checks have run.

Every rewrite builds sqlglot nodes, never SQL text: the caller's expressions are moved into the
new tree as they are, so the generator quotes and escapes them, and text inside a string literal
can never turn into SQL. Arguments that must be constants (``FORMAT``'s places, an ``INTERVAL``
amount written as a string, the unit) are checked here and refused with a 400 otherwise.
"""

from __future__ import annotations

import re

from sqlglot import exp

from dentin.errors import BadRequest

# MySQL unit → the backend's unit word; anything else is refused by name.
UNITS = {
    "DAY": "day",
    "DAYS": "day",
    "WEEK": "week",
    "WEEKS": "week",
    "MONTH": "month",
    "MONTHS": "month",
    "YEAR": "year",
    "YEARS": "year",
    "HOUR": "hour",
    "MINUTE": "minute",
    "SECOND": "second",
}
_CLOCK = ("hour", "minute", "second")
_SECONDS = {"week": 604800, "day": 86400, "hour": 3600, "minute": 60, "second": 1}
MAX_FORMAT_PLACES = 30  # MySQL's own ceiling for FORMAT(x, d)
MAX_INTERVAL = 1_000_000
_WHOLE = re.compile(r"^\s*[+-]?\d{1,7}\s*$")


def _refused(message: str) -> BadRequest:
    return BadRequest(message, code="query_refused")


def _fn(name: str, *args: exp.Expr) -> exp.Expr:
    return exp.Anonymous(this=name, expressions=list(args))


def _cast(value: exp.Expr, to: str) -> exp.Expr:
    return exp.Cast(this=value, to=exp.DataType.build(to))


def _text(value: str) -> exp.Expr:
    return exp.Literal.string(value)


def _num(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def _unit(node: exp.Expr, default: str = "DAY") -> str:
    unit = node.args.get("unit")
    name = (unit.name if isinstance(unit, exp.Expr) else str(unit or default)).upper()
    if name not in UNITS:
        raise _refused(
            f"The unit {name[:40]} is not supported in ShortQuery; use one of DAY, WEEK, MONTH, "
            "YEAR, HOUR, MINUTE or SECOND."
        )
    return UNITS[name]


def _amount(value: exp.Expr) -> exp.Expr:
    """An interval amount: an expression stays one; a literal must be a whole number."""
    if not isinstance(value, exp.Literal):
        return value
    text = value.name
    if not _WHOLE.match(text) or abs(int(text)) > MAX_INTERVAL:
        raise _refused(
            f"The INTERVAL amount {text[:40]!r} is not a whole number between -{MAX_INTERVAL} "
            f"and {MAX_INTERVAL}; write it as a plain number, e.g. INTERVAL 6 MONTH."
        )
    return _num(int(text))


def _interval_parts(node: exp.Expr) -> tuple[exp.Expr, str]:
    """(amount, unit) of an INTERVAL or a DATE_ADD/DATE_SUB."""
    if isinstance(node, exp.Interval):
        return _amount(node.this), _unit(node)
    inner = node.expression
    if isinstance(inner, exp.Interval):
        return _interval_parts(inner)
    return _amount(inner), _unit(node)


def _places(node: exp.Expr) -> int:
    """``FORMAT(x, d)``: d is a whole-number literal from 0 to 30, as MySQL allows."""
    places = node.args.get("format")
    text = places.name if isinstance(places, exp.Literal) and not places.is_string else ""
    if not text.isdigit() or int(text) > MAX_FORMAT_PLACES:
        shown = places.sql("mysql")[:40] if isinstance(places, exp.Expr) else ""
        raise _refused(
            f"FORMAT's second argument must be a whole number from 0 to {MAX_FORMAT_PLACES} "
            f"written as a number, not {shown}; e.g. FORMAT(BalTotal, 2)."
        )
    culture = node.args.get("culture")
    if culture is not None and not (
        isinstance(culture, exp.Literal) and culture.name.lower() in ("en_us", "")
    ):
        raise _refused("FORMAT's locale argument is not supported; leave it out (en_US).")
    return int(text)


def rewrite(tree: exp.Expr, dialect: str) -> exp.Expr:
    """Rewrite children before parents, so every new node is built from finished parts."""
    for node in reversed(list(tree.walk())):
        new = _sqlite(node) if dialect == "sqlite" else _postgres(node)
        if new is not None and new is not node:
            if node is tree:
                tree = new
            else:
                node.replace(new)
    return tree


def _shift(dialect: str, base: exp.Expr, amount: exp.Expr, unit: str, sign: str) -> exp.Expr:
    if dialect == "sqlite":
        if unit == "week":  # SQLite's date modifiers know no weeks
            amount, unit = exp.Mul(this=exp.Paren(this=amount), expression=_num(7)), "day"
        # DATE(base, (amount) || ' day'): the modifier is computed, never spliced; a negative
        # amount reads "-1 day", which SQLite accepts where "+-1 day" would give NULL.
        signed = exp.Paren(this=amount) if sign == "+" else exp.Neg(this=exp.Paren(this=amount))
        modifier = exp.DPipe(this=signed, expression=_text(f" {unit}"))
        return exp.Paren(this=_fn("DATETIME" if unit in _CLOCK else "DATE", base, modifier))
    step = exp.Mul(this=exp.Paren(this=amount), expression=exp.Interval(this=_text(f"1 {unit}")))
    op = exp.Add if sign == "+" else exp.Sub
    return exp.Paren(this=op(this=_cast(base, "TIMESTAMP"), expression=step))


def _common_dates(node: exp.Expr, dialect: str) -> exp.Expr | None:
    if isinstance(node, exp.DateAdd | exp.DateSub):
        amount, unit = _interval_parts(node)
        sign = "+" if isinstance(node, exp.DateAdd) else "-"
        return _shift(dialect, node.this, amount, unit, sign)
    if isinstance(node, exp.Add | exp.Sub) and isinstance(node.expression, exp.Interval):
        amount, unit = _interval_parts(node.expression)
        return _shift(dialect, node.this, amount, unit, "+" if isinstance(node, exp.Add) else "-")
    return None


def _now(node: exp.Expr) -> bool:
    return isinstance(node, exp.CurrentTimestamp | exp.CurrentDatetime) or (
        isinstance(node, exp.Anonymous) and str(node.this).upper() in ("NOW", "SYSDATE")
    )


def _curtime(node: exp.Expr) -> bool:
    return isinstance(node, exp.CurrentTime) or (
        isinstance(node, exp.Anonymous) and str(node.this).upper() == "CURTIME"
    )


def _strftime_int(fmt: str, value: exp.Expr) -> exp.Expr:
    return _cast(_fn("STRFTIME", _text(fmt), value), "INTEGER")


def _sqlite(node: exp.Expr) -> exp.Expr | None:
    shifted = _common_dates(node, "sqlite")
    if shifted is not None:
        return shifted
    if isinstance(node, exp.CurrentDate):
        return exp.Paren(this=_fn("DATE", _text("now"), _text("localtime")))
    if _now(node):
        return exp.Paren(this=_fn("DATETIME", _text("now"), _text("localtime")))
    if _curtime(node):
        return exp.Paren(this=_fn("TIME", _text("now"), _text("localtime")))
    parts = {exp.Year: "%Y", exp.Month: "%m", exp.Day: "%d", exp.DayOfMonth: "%d"}
    for cls, fmt in parts.items():
        if isinstance(node, cls):
            return exp.Paren(this=_strftime_int(fmt, node.this))
    if isinstance(node, exp.DayOfWeek):
        weekday = exp.Add(this=_strftime_int("%w", node.this), expression=_num(1))
        return exp.Paren(this=weekday)
    if isinstance(node, exp.Left):
        return exp.Paren(this=_fn("SUBSTR", node.this, _num(1), node.expression))
    if isinstance(node, exp.Right):
        from_end = exp.Neg(this=exp.Paren(this=node.expression))
        return exp.Paren(this=_fn("SUBSTR", node.this, from_end))
    if isinstance(node, exp.TimestampDiff | exp.DateDiff) and node.args.get("unit") is not None:
        return exp.Paren(this=_sqlite_diff(node.this, node.expression, _unit(node)))
    if isinstance(node, exp.NumberToStr):
        mask = _text(f"%,.{_places(node)}f")
        return exp.Paren(this=_fn("PRINTF", mask, node.this))
    return None


def _sqlite_diff(end: exp.Expr, start: exp.Expr, unit: str) -> exp.Expr:
    """MySQL's TIMESTAMPDIFF: whole units between two moments, truncated toward zero."""

    def part(fmt: str, value: exp.Expr) -> exp.Expr:
        return _strftime_int(fmt, value.copy())

    def before(fmt: str) -> exp.Expr:  # 1 when the end's (month-)day is before the start's
        return exp.Paren(
            this=exp.LT(
                this=_fn("STRFTIME", _text(fmt), end.copy()),
                expression=_fn("STRFTIME", _text(fmt), start.copy()),
            )
        )

    years = exp.Paren(this=exp.Sub(this=part("%Y", end), expression=part("%Y", start)))
    if unit == "year":
        return exp.Sub(this=years, expression=before("%m-%d"))
    if unit == "month":
        months = exp.Paren(this=exp.Sub(this=part("%m", end), expression=part("%m", start)))
        total = exp.Add(this=exp.Mul(this=years, expression=_num(12)), expression=months)
        return exp.Sub(this=total, expression=before("%d"))
    if unit == "day":
        days = exp.Sub(
            this=_fn("JULIANDAY", _fn("DATE", end.copy())),
            expression=_fn("JULIANDAY", _fn("DATE", start.copy())),
        )
        return _cast(days, "INTEGER")
    seconds = exp.Paren(this=exp.Sub(this=part("%s", end), expression=part("%s", start)))
    return exp.Div(this=seconds, expression=_num(_SECONDS[unit]), typed=True)  # truncates


def _postgres(node: exp.Expr) -> exp.Expr | None:
    shifted = _common_dates(node, "postgres")
    if shifted is not None:
        return shifted
    if _now(node):
        return _fn("LOCALTIMESTAMP", _num(0))
    if _curtime(node):
        return _fn("LOCALTIME", _num(0))
    if isinstance(node, exp.Round) and node.args.get("decimals") is not None:
        return _fn("ROUND", _cast(node.this, "NUMERIC"), node.args["decimals"])
    if isinstance(node, exp.Like):
        return exp.ILike(this=node.this, expression=node.expression)  # MySQL compares caselessly
    if isinstance(node, exp.GroupConcat):
        _text_arguments(node)
        return node  # sqlglot writes it as STRING_AGG(... ORDER BY ...), now over text
    if isinstance(node, exp.Cast) and node.to.this in (
        exp.DataType.Type.CHAR,
        exp.DataType.Type.NCHAR,
    ):
        return _cast(node.this, "TEXT")
    if isinstance(node, exp.DayOfWeek):
        dow = exp.Extract(this=exp.var("DOW"), expression=_cast(node.this, "DATE"))
        return exp.Paren(this=exp.Add(this=_cast(dow, "INTEGER"), expression=_num(1)))
    if isinstance(node, exp.TimestampDiff | exp.DateDiff) and node.args.get("unit") is not None:
        return _postgres_diff(node.this, node.expression, _unit(node))
    if isinstance(node, exp.NumberToStr):
        places = _places(node)
        mask = "FM999,999,999,999,990" + ("." + "0" * places if places else "")
        return _fn("TO_CHAR", node.this, _text(mask))
    return None


def _text_arguments(node: exp.GroupConcat) -> None:
    """STRING_AGG takes text: cast what is aggregated (and, under DISTINCT, the ORDER BY terms
    that repeat it, which PostgreSQL requires to match the arguments)."""
    order = node.this if isinstance(node.this, exp.Order) else None
    inner = order.this if order is not None else node.this
    if isinstance(inner, exp.Distinct):
        originals = list(inner.expressions)
        inner.set("expressions", [_cast(e.copy(), "TEXT") for e in originals])
        for ordered in order.expressions if order is not None else []:
            if any(ordered.this == e for e in originals):
                ordered.set("this", _cast(ordered.this.copy(), "TEXT"))
    else:
        inner.replace(_cast(inner.copy(), "TEXT"))
    if node.args.get("separator") is None:
        node.set("separator", _text(","))


def _postgres_diff(end: exp.Expr, start: exp.Expr, unit: str) -> exp.Expr:
    def age() -> exp.Expr:
        return _fn("AGE", _cast(end.copy(), "DATE"), _cast(start.copy(), "DATE"))

    def part(name: str) -> exp.Expr:
        return _fn("DATE_PART", _text(name), age())

    if unit == "year":
        return _cast(part("year"), "INTEGER")
    if unit == "month":
        months = exp.Add(
            this=exp.Mul(this=part("year"), expression=_num(12)), expression=part("month")
        )
        return _cast(months, "INTEGER")
    if unit == "day":
        return exp.Paren(
            this=exp.Sub(this=_cast(end.copy(), "DATE"), expression=_cast(start.copy(), "DATE"))
        )
    elapsed = exp.Sub(
        this=_cast(end.copy(), "TIMESTAMP"), expression=_cast(start.copy(), "TIMESTAMP")
    )
    seconds = exp.Extract(this=exp.var("EPOCH"), expression=exp.Paren(this=elapsed))
    whole = _fn("TRUNC", exp.Div(this=seconds, expression=_num(_SECONDS[unit]), typed=True))
    return _cast(whole, "INTEGER")
