"""A checked tree → SQL text for one backend, with every value bound as a driver parameter.

``@vars`` and the served ``apikey`` rows become named parameters; the MySQL spellings are
rewritten (``compat``); the finished text is read back and checked once more (``verify``)
before anything runs it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from sqlglot import exp

from dentin.office.apikeys import ApiKeyRow
from dentin.office.shortquery import served
from dentin.office.shortquery.compat import rewrite
from dentin.office.shortquery.verify import verify


class Rendered:
    """SQL text for one backend with ``@vars`` as the driver's named parameters."""

    def __init__(self, tree: exp.Expr, dialect: str, served_rows: Sequence[ApiKeyRow] = ()) -> None:
        self.dialect = dialect
        nonce = secrets.token_hex(6)
        self.param_names: dict[str, str] = {}  # @var name → parameter name ("v_...")
        self._bound: dict[str, object] = {}  # served values by parameter name ("k_...")
        tree = served.substitute(tree.copy(), served_rows, self._bound)
        for node in list(tree.find_all(exp.Parameter)):
            name = node.name.lower()
            safe = "v_" + re.sub(r"\W", "_", name)
            self.param_names[name] = safe
            node.replace(exp.column(f"dq{nonce}{safe}"))
        for slot in list(tree.find_all(exp.Placeholder)):  # only ``served`` makes these
            slot.replace(exp.column(f"dq{nonce}{slot.name}"))
        tree = rewrite(tree, dialect)
        target = "sqlite" if dialect == "sqlite" else "postgres"
        sql = tree.sql(dialect=target, comments=False)
        verify(sql, target)
        if dialect != "sqlite":
            sql = sql.replace("%", "%%")  # psycopg's placeholders are %(name)s
        known = {*self.param_names.values(), *self._bound}

        def mark(match: re.Match[str]) -> str:
            safe = match.group(1)
            if safe not in known:
                return match.group(0)
            return f":{safe}" if dialect == "sqlite" else f"%({safe})s"

        self.sql = re.sub(rf"dq{nonce}(\w+)", mark, sql)

    def params(self, values: dict[str, object]) -> dict[str, object]:
        out = {safe: values[name] for name, safe in self.param_names.items()}
        out.update(self._bound)
        if self.dialect != "sqlite":
            out.setdefault("dentin_unused", 0)  # keeps psycopg parsing %% even with no @vars
        return out
