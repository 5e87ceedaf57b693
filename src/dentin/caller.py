"""The verified credential a request carries past the gateway, as every part sees it.

It lives below all the parts (hq, gateway, office) because each of them reads it: the office
serves it, the gateway makes it, HQ meters it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CallerKind = Literal["customer", "portal", "token"]


@dataclass(frozen=True, slots=True)
class Caller:
    kind: CallerKind
    developer_id: int | None
    developer_name: str
    permissions: frozenset[str]
    office_id: int | None = None
    customer_key_id: int | None = None
    token_id: int | None = None
    developer_tier: str = "standard"
    # What usage, rate limits and logs identify the caller by: never the secret itself.
    meter_id: str = ""
    extra_headers: tuple[tuple[str, str], ...] = field(default=())
    # Unix time after which a cached verdict must be re-verified (a token's expiry or grace end).
    valid_until: float = float("inf")


@dataclass(frozen=True, slots=True)
class PracticeIdentity:
    """A signed-in practice user (a practice session, later a practice token too)."""

    office_id: int
    user_num: int
    user_name: str
    is_admin: bool
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Actor:
    """Who did something and from where, for the audit log."""

    name: str
    source: str = ""

    @classmethod
    def cli(cls) -> Actor:
        return cls("operator:cli", "cli")
