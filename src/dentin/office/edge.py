"""The office API's one window on whoever runs it.

The office's routers never authenticate anyone and never know where the office's database
lives: they ask the ``OfficeEdge`` on the application. HQ's gateway fills it in for offices HQ
hosts (keys verified at HQ, permissions from the catalogue, rate limits); a standalone office
fills it in for requests HQ relayed over the connector link (the caller HQ verified travels
with the request) and for its own Service and Local modes. One code path serves every mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from dentin.caller import Caller
from dentin.config import Settings
from dentin.office.outbound import Outbound
from dentin.office.registry import OfficeDatabase
from dentin.office.workpool import WorkPool

# The ASGI scope extension that carries a caller HQ already verified (connector link).
RELAYED_CALLER = "dentin.relayed_caller"
# The ASGI scope extension set (True) on HQ's own questions to the office over the link.
FROM_HQ = "dentin.from_hq"
# Where the connector's office app answers HQ's own questions (office/routes/hq_questions.py).
HQ_QUESTIONS = "/_office/v1"
# The key in a relayed caller that carries its CustomerKey, which API Events send back to the
# developer's receiver as Open Dental does (``Authorization: <CustomerKey>``).
RELAYED_CUSTOMER_KEY = "customer_key"


def customer_key_in(authorization: str | None) -> str | None:
    """The CustomerKey of ``ODFHIR {DeveloperKey}/{CustomerKey}`` (already verified), or None."""
    scheme, _, rest = (authorization or "").strip().partition(" ")
    if scheme.upper() != "ODFHIR" or "/" not in rest:
        return None
    key = rest.split("/", 1)[1].strip()
    return key or None


@dataclass(frozen=True)
class Call:
    """What the edge needs to know of one request to admit it."""

    method: str
    template: str  # the route's path template, which the permission catalogue is keyed by
    authorization: str | None
    client: str
    relayed: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Admitted:
    """An admitted caller, the headers its answer carries, and where its events go."""

    caller: Caller
    out: Outbound
    headers: list[tuple[str, str]] = field(default_factory=list)


class OfficeEdge(Protocol):
    settings: Settings

    @property
    def long_work(self) -> WorkPool:
        """The bounded pool for long work (ShortQuery), apart from the server's own."""

    async def authenticate(self, call: Call) -> Caller:
        """Who is calling; raises Unauthorized with the reason."""

    async def admit(self, call: Call, caller: Caller) -> Admitted:
        """Check the route's permission and the rate limits; raises Forbidden / 429."""

    def database(self, caller: Caller) -> OfficeDatabase:
        """The database of the caller's office (never another office's)."""
