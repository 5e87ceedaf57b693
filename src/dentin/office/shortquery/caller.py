"""Who runs a ShortQuery, as far as the office needs to know: which ``apikey`` rows it may see.

The office declares this small value of its own (it imports nothing of the gateway); the router
fills it in from the verified credential.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from dentin.office.apikeys import ApiKeyRow

CallerKind = Literal["developer", "practice"]


@dataclass(frozen=True, slots=True)
class ShortQueryCaller:
    """A developer sees its own CustomerKeys (``DevName`` is its name); a practice token sees
    every key of its office only when it holds the office's administrative scope, else none."""

    kind: CallerKind
    developer_name: str = ""
    may_see_all_keys: bool = False

    def permitted(self, rows: Iterable[ApiKeyRow]) -> list[ApiKeyRow]:
        if self.may_see_all_keys:
            return list(rows)
        if self.kind == "developer" and self.developer_name:
            return [r for r in rows if r.DevName == self.developer_name]
        return []


# What the tests and the CLI run as when nobody in particular calls: sees no CustomerKey.
NOBODY = ShortQueryCaller(kind="practice")
