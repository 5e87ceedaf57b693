"""Parse ShortQuery text as MySQL, refuse anything that is not a read, and shape the result.

The output is a ``Plan``: the one result query (temporary tables inlined as CTEs, ``@vars``
left as parameters), the ``SET`` values in order, and the column names as the caller wrote
them. Everything here works on sqlglot trees, never on strings, so a semicolon inside a string
or a comment can never become a second statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokenizer_core import TokenType

from dentin.errors import BadRequest
from dentin.office.shortquery import policy, served

MAX_SQL_LENGTH = 100_000


@dataclass
class Plan:
    query: exp.Query
    variables: list[tuple[str, exp.Expr]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    names: list[str] | None = None  # output column names, when known without running it
    served: bool = False  # reads ``apikey``, which is served as the caller's permitted rows


def refuse(what: str) -> BadRequest:
    return BadRequest(
        f"{what} is not allowed in ShortQuery; {policy.ALLOWED_STATEMENTS}.",
        code="query_refused",
    )


def _scan_tokens(sql: str) -> None:
    """Name refused statements before parsing, which may not understand them at all."""
    try:
        tokens = sqlglot.tokenize(sql, read="mysql")
    except TokenError as exc:
        raise BadRequest(f"The query could not be read: {exc}.", code="query_syntax") from None
    start = True
    for i, token in enumerate(tokens):
        word = token.text.upper()
        if token.token_type == TokenType.SEMICOLON:
            start = True
            continue
        if start and word in policy.REFUSED_LEADING_WORDS:
            raise refuse(word)
        start = False
        nxt = tokens[i + 1].text.upper() if i + 1 < len(tokens) else ""
        if word == "INTO" and nxt in ("OUTFILE", "DUMPFILE"):
            raise refuse(f"SELECT ... INTO {nxt}")


def _statement_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    if isinstance(node, exp.Create | exp.Drop):
        kind = str(node.args.get("kind") or "").upper()
        return f"{type(node).__name__.upper()} {kind}".strip()
    names = {exp.Insert: "INSERT", exp.Update: "UPDATE", exp.Delete: "DELETE"}
    for cls, name in names.items():
        if isinstance(node, cls):
            return name
    return type(node).__name__.upper()


def _is_temporary(node: exp.Create) -> bool:
    props = node.args.get("properties")
    return bool(props and any(isinstance(p, exp.TemporaryProperty) for p in props.expressions))


def plan(sql: str) -> Plan:
    """Check and shape one ShortQuery text; raises BadRequest naming what is refused."""
    if not sql.strip():
        raise BadRequest("SqlCommand is empty; send a SELECT statement.")
    if len(sql) > MAX_SQL_LENGTH:
        raise BadRequest(
            f"SqlCommand is {len(sql)} characters; the most allowed is {MAX_SQL_LENGTH}."
        )
    if "\x00" in sql:
        raise BadRequest("SqlCommand contains a null byte; write CHAR(0) instead.")
    _scan_tokens(sql)
    try:
        statements = sqlglot.parse(sql, read="mysql")
    except (ParseError, TokenError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise BadRequest(f"The query could not be parsed: {first}.", code="query_syntax") from None

    temps: dict[str, exp.Query] = {}
    variables: list[tuple[str, exp.Expr]] = []
    result: exp.Query | None = None
    for node in statements:
        if node is None:
            continue
        if isinstance(node, exp.Set):
            variables.extend(_set_items(node))
        elif (
            isinstance(node, exp.Create)
            and _is_temporary(node)
            and str(node.args.get("kind")).upper() == "TABLE"
        ):
            body = node.expression
            if not isinstance(body, exp.Query):
                raise refuse("CREATE TEMPORARY TABLE without AS SELECT")
            name = node.this.name.lower()
            _check_own_name(name, "temporary table")
            temps[name] = body
        elif isinstance(node, exp.Drop) and node.args.get("temporary"):
            continue  # the temporary table vanishes with the query anyway
        elif isinstance(node, exp.Query):
            result = node
        else:
            raise refuse(_statement_name(node))
    if result is None:
        raise BadRequest("SqlCommand has no SELECT; ShortQuery returns the rows of one SELECT.")

    query = _inline_temps(result, temps)  # in definition order: later ones may use earlier
    known = {name for name, _ in variables}
    checker = _Checker(temps=set(temps))
    for _name, value in variables:
        checker.check(value)
    checker.check(query)
    missing = sorted(checker.used - known, key=str.lower)
    if missing:
        raise BadRequest(
            f"The variable @{missing[0]} is used but never SET; add SET @{missing[0]}=...; "
            "before the query.",
            code="query_unset_variable",
        )
    names = _output_names(query)
    _normalize_identifiers(query)
    for _name, value in variables:
        _normalize_identifiers(value)
    return Plan(
        query=query, variables=variables, used=checker.used, names=names, served=checker.served
    )


def _check_own_name(name: str, what: str) -> None:
    """A CTE or temporary table may not shadow a practice table: CTE names are resolved by
    scope, and a shadowed name would let ``FROM userod`` elsewhere skip its view."""
    if name in policy.practice_tables() or name.startswith(policy.RESERVED_PREFIX):
        raise BadRequest(
            f"A {what} may not be named {name}: that name belongs to a practice table or to "
            "ShortQuery itself; choose another name.",
            code="query_refused",
        )


def _set_items(node: exp.Set) -> list[tuple[str, exp.Expr]]:
    items = []
    for item in node.expressions:
        eq = item.this if isinstance(item, exp.SetItem) else None
        if (
            item.args.get("kind")
            or not isinstance(eq, exp.EQ)
            or not isinstance(eq.this, exp.Parameter)
        ):
            raise refuse("SET of a server setting (only SET @variable=value)")
        items.append((eq.this.name.lower(), eq.expression))
    return items


def _inline_temps(query: exp.Query, temps: dict[str, exp.Query]) -> exp.Query:
    if not temps:
        return query
    existing = query.args.get("with_") or query.args.get("with")
    ctes = [
        exp.CTE(this=body.copy(), alias=exp.TableAlias(this=exp.to_identifier(name)))
        for name, body in temps.items()
    ]
    if existing is not None:
        existing.set("expressions", [*ctes, *existing.expressions])
        return query
    key = "with_" if "with_" in type(query).arg_types else "with"
    query.set(key, exp.With(expressions=ctes))
    return query


class _Checker:
    """Walks every node: tables, functions, variables, INTO and secret columns."""

    def __init__(self, temps: set[str]) -> None:
        self.temps = temps
        self.tables = policy.practice_tables()
        self.used: set[str] = set()
        self.served = False

    def check(self, tree: exp.Expr) -> None:
        ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
        for name in ctes - self.temps:
            _check_own_name(name, "common table expression")
        for node in list(tree.walk()):
            if isinstance(node, exp.Into):
                raise refuse("SELECT ... INTO")
            if isinstance(node, exp.SessionParameter):
                raise refuse(f"The server variable @@{node.name}")
            if isinstance(node, exp.Placeholder):
                raise BadRequest("SqlCommand has a ? placeholder; use SET @name=value; and @name.")
            if isinstance(node, exp.Parameter):
                self.used.add(node.name.lower())
            elif isinstance(node, exp.Func):
                self._function(node)
            elif isinstance(node, exp.Table):
                self._table(node, ctes)
            elif (
                isinstance(node, exp.Column)
                and node.name.lower() in policy.SECRET_COLUMNS["userod"]
            ):
                raise BadRequest(
                    "userod.Password holds password hashes and is never readable through "
                    "ShortQuery; leave the column out.",
                    code="query_refused",
                )

    def _function(self, node: exp.Func) -> None:
        if isinstance(node, exp.Anonymous):
            name = str(node.this).upper()
        else:
            name = node.sql_name().upper()
        if name in policy.DANGEROUS_FUNCTIONS:
            raise refuse(f"The function {name}")
        if isinstance(node, exp.Anonymous) and name not in policy.ALLOWED_ANONYMOUS:
            raise refuse(f"The function {name}")

    def _table(self, node: exp.Table, ctes: set[str]) -> None:
        if not isinstance(node.this, exp.Identifier):
            raise refuse(f"The table function {node.this.sql(dialect='mysql')}")
        name = node.name.lower()
        qualifier = node.args.get("db") or node.args.get("catalog")
        if qualifier is not None:
            raise refuse(f"The table {node.sql(dialect='mysql')} outside the practice tables")
        if name in ctes or name in self.temps:
            return
        if name not in self.tables:
            raise BadRequest(
                f"There is no practice table named {node.name}; ShortQuery reads only the "
                "office's own tables.",
                code="query_unknown_table",
            )
        if name in policy.SECRET_COLUMNS:
            _read_through_view(node, name)
        elif name in policy.SERVED_TABLES:
            served.placeholder(node)
            self.served = True


def _read_through_view(node: exp.Table, name: str) -> None:
    """``FROM userod u`` → ``FROM (SELECT <every column but Password> FROM userod) AS u``."""
    alias = node.alias or name
    inner = exp.select(*policy.readable_columns(name)).from_(exp.to_table(name))
    node.replace(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(alias))))


def _output_names(query: exp.Query) -> list[str] | None:
    """Alias every output column with the name as written (``patnum`` stays ``patnum``)."""
    select = query
    while isinstance(select, exp.SetOperation):
        select = select.this
    if not isinstance(select, exp.Select):
        return None
    names: list[str] = []
    star = False
    for projection in list(select.expressions):
        if isinstance(projection, exp.Star) or (
            isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
        ):
            star = True
            continue
        if isinstance(projection, exp.Alias):
            name = projection.alias
            projection.set("alias", exp.to_identifier(name, quoted=True))
            projection.args["alias"].set("dentin_keep", True)
        else:
            name = (
                projection.name if isinstance(projection, exp.Column) else projection.sql("mysql")
            )
            aliased = exp.alias_(projection.copy(), exp.to_identifier(name, quoted=True))
            aliased.args["alias"].set("dentin_keep", True)
            projection.replace(aliased)
        names.append(name)
    _quote_order_references(select, query, {n.lower(): n for n in names})
    return None if star else names


def _quote_order_references(select: exp.Select, query: exp.Query, names: dict[str, str]) -> None:
    """``ORDER BY Total`` must find the output column ``"Total"`` on PostgreSQL too."""
    for holder in {id(select): select, id(query): query}.values():
        order = holder.args.get("order")
        if order is None:
            continue
        for column in order.find_all(exp.Column):
            if column.table or column.name.lower() not in names:
                continue
            ident = exp.to_identifier(names[column.name.lower()], quoted=True)
            ident.set("dentin_keep", True)
            column.set("this", ident)


def _normalize_identifiers(tree: exp.Expr) -> None:
    """Lower-case and unquote names so ``PatNum`` and `` `PATNUM` `` mean ``patnum``."""
    for ident in tree.find_all(exp.Identifier):
        if ident.args.get("dentin_keep"):
            continue
        ident.set("this", ident.name.lower())
        ident.set("quoted", False)
