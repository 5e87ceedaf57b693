"""The office edge at HQ: keys verified by the gateway, permissions from the catalogue.

The same checks run for every office HQ serves, in the order DESIGN §2 gives: authenticate,
check the route's permission (403 names it), then rate-limit.
"""

from __future__ import annotations

from collections.abc import Callable

from dentin.caller import Caller
from dentin.config import Settings
from dentin.gateway.auth import Authenticator
from dentin.gateway.ratelimit import RateLimiter
from dentin.office.edge import Admitted, Call
from dentin.office.outbound import Outbound
from dentin.office.permissions import require
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.office.workpool import WorkPool


class RelayToOffice(Exception):
    """The caller is admitted, but its office is reached through a connector: relay it."""

    def __init__(self, caller: Caller) -> None:
        super().__init__(f"office {caller.office_id} is relayed")
        self.caller = caller


class OfficeModes:
    """Which offices HQ reaches through a connector; cached, emptied on every HQ change."""

    def __init__(self, lookup: Callable[[int], bool]) -> None:
        self._lookup = lookup
        self._known: dict[int, bool] = {}

    def relayed(self, office_id: int) -> bool:
        known = self._known.get(office_id)
        if known is None:
            known = self._known[office_id] = self._lookup(office_id)
        return known

    def invalidate(self) -> None:
        self._known = {}


class GatewayEdge:
    def __init__(
        self,
        settings: Settings,
        auth: Authenticator,
        limiter: RateLimiter,
        offices: OfficeRegistry,
        out: Outbound,
        modes: OfficeModes | None = None,
    ) -> None:
        self.settings = settings
        self.auth = auth
        self.limiter = limiter
        self.offices = offices
        self.out = out
        self.modes = modes

    @property
    def long_work(self) -> WorkPool:
        return self.offices.long_work

    async def authenticate(self, call: Call) -> Caller:
        return await self.auth.averify(call.authorization, "customer")

    async def admit(self, call: Call, caller: Caller) -> Admitted:
        require(call.method, call.template, caller.permissions, token=caller.kind == "token")
        headers = await self.limiter.acheck(
            caller.developer_tier, caller.meter_id, caller.developer_id
        )
        return Admitted(caller, self.out, [*headers, *caller.extra_headers])

    def database(self, caller: Caller) -> OfficeDatabase:
        assert caller.office_id is not None  # an office caller always names its office
        if self.modes is not None and self.modes.relayed(caller.office_id):
            raise RelayToOffice(caller)  # HQ never opens a connected office's database
        return self.offices.get(caller.office_id)
