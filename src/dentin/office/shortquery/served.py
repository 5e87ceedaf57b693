"""Tables served to ShortQuery as bound rows instead of read from the database: ``apikey``.

The checker swaps every ``FROM apikey [alias]`` for a placeholder table (``placeholder``); at
run time each placeholder becomes ``(SELECT :k_0_0 AS apikeynum, ... UNION ALL ...) AS alias``
holding only the rows the caller may see, their keys opened in Python and bound as parameters,
never pasted. The sealed column never reaches the query, and no join, subquery, UNION or CTE
can reach a row the caller may not see: those rows are not in the query at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from dentin.office.apikeys import ApiKeyRow
from dentin.office.shortquery import policy

SENTINEL = policy.RESERVED_PREFIX + "apikey"
_TYPES = ("INTEGER", "TEXT", "TEXT")


def placeholder(node: exp.Table) -> None:
    """``FROM apikey k`` → ``FROM dentin_apikey AS k`` (replaced by ``substitute`` later)."""
    alias = node.alias or node.name
    node.replace(
        exp.Table(
            this=exp.to_identifier(SENTINEL),
            alias=exp.TableAlias(this=exp.to_identifier(alias)),
        )
    )


def substitute(tree: exp.Expr, rows: Sequence[ApiKeyRow], bound: dict[str, object]) -> exp.Expr:
    """Every placeholder → the permitted rows; their values are added to ``bound``."""
    sites = [
        t
        for t in tree.find_all(exp.Table)
        if t.name.lower() == SENTINEL and not (t.args.get("db") or t.args.get("catalog"))
    ]
    if not sites:
        return tree
    body = _rows(rows, bound)
    for site in sites:
        alias = exp.TableAlias(this=exp.to_identifier(site.alias or SENTINEL))
        subquery = exp.Subquery(this=body.copy(), alias=alias)
        if site is tree:
            return subquery
        site.replace(subquery)
    return tree


def _rows(rows: Sequence[ApiKeyRow], bound: dict[str, object]) -> exp.Query:
    columns = policy.SERVED_TABLES["apikey"]
    if not rows:  # the right columns and types, and no row
        nulls = [
            exp.alias_(exp.Cast(this=exp.null(), to=exp.DataType.build(t)), c)
            for c, t in zip(columns, _TYPES, strict=True)
        ]
        return exp.select(*nulls).where(
            exp.EQ(this=exp.Literal.number(1), expression=exp.Literal.number(0))
        )
    selects: list[exp.Query] = []
    for i, row in enumerate(rows):
        values = (row.APIKeyNum, row.CustApiKey, row.DevName)
        items = []
        for j, (column, type_, value) in enumerate(zip(columns, _TYPES, values, strict=True)):
            name = f"k_{i}_{j}"
            bound[name] = value
            cast = exp.Cast(this=exp.Placeholder(this=name), to=exp.DataType.build(type_))
            items.append(exp.alias_(cast, column))
        selects.append(exp.select(*items))
    query = selects[0]
    for more in selects[1:]:
        query = exp.union(query, more, distinct=False)
    return query
