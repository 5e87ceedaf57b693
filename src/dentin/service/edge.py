"""The Service server's edge: HQ's snapshot of this office's keys, kept locally; the permission
catalogue and HQ's rate limits applied here."""

from __future__ import annotations

import orjson

from dentin.caller import Caller
from dentin.config import Settings
from dentin.connector.office_link import LinkDown, OfficeLink
from dentin.connector.wire_caller import caller_from_wire
from dentin.errors import Forbidden, OfficeUnavailable, Unauthorized
from dentin.gateway.credentials import parse
from dentin.gateway.ratelimit import RateLimiter
from dentin.logs import get_logger
from dentin.office.edge import Admitted, Call
from dentin.office.permissions import require
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.office.workpool import WorkPool
from dentin.service.reports import Reports
from dentin.service.verdicts import Verdict, Verdicts

log = get_logger("dentin.service")


class ServiceEdge:
    def __init__(
        self,
        settings: Settings,
        registry: OfficeRegistry,
        office_id: int,
        link: OfficeLink,
        verdicts: Verdicts,
        limiter: RateLimiter,
        reports: Reports,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.office_id = office_id
        self.link = link
        self.verdicts = verdicts
        self.limiter = limiter
        self.reports = reports
        self._limits = verdicts.limits
        if self._limits is not None:
            self.limiter = RateLimiter("memory://", self._limits)

    @property
    def long_work(self) -> WorkPool:
        return self.registry.long_work

    async def authenticate(self, call: Call) -> Caller:
        header = (call.authorization or "").strip()
        parse(header)  # a malformed header is refused here, in HQ's words, without asking HQ
        verdict = self.verdicts.get(header, hq_reachable=self.link.connected.is_set())
        if verdict is None:
            verdict = await self._ask_hq(header)
        return self._caller(verdict)

    async def _ask_hq(self, header: str) -> Verdict:
        try:
            answer = await self.link.ask({"q": "verify", "authorization": header})
        except LinkDown:
            hours = self.verdicts.grace_seconds / 3600
            raise OfficeUnavailable(
                "This office's server cannot reach HQ to check a key it has not seen "
                f"verified in the last {hours:g} hours; retry when the link to HQ is back.",
                code="hq_unreachable",
                headers={"Retry-After": "5"},
            ) from None
        if "error" in answer:
            raise OfficeUnavailable(str(answer["error"]), code="hq_unreachable")
        caller = answer.get("caller")
        verdict = Verdict(
            caller if isinstance(caller, dict) else None,
            int(answer.get("status", 401)),
            str(answer.get("code", "")),
            str(answer.get("message", "")),
        )
        identity = answer.get("identity")
        self.verdicts.learn(header, identity if isinstance(identity, str) else None, verdict)
        self.verdicts.set_limits(answer.get("limits"))
        return verdict

    def _caller(self, verdict: Verdict) -> Caller:
        if verdict.caller is None:
            if verdict.status == 403:
                raise Forbidden(verdict.message, code=verdict.code)
            raise Unauthorized(verdict.message, code=verdict.code or "unauthorized")
        caller = caller_from_wire(verdict.caller)
        if caller.office_id != self.office_id:
            raise Unauthorized(
                f"This key belongs to another office; this is office {self.office_id}'s server.",
                code="wrong_office",
            )
        return caller

    async def admit(self, call: Call, caller: Caller) -> Admitted:
        require(call.method, call.template, caller.permissions, token=caller.kind == "token")
        if self.verdicts.limits != self._limits and self.verdicts.limits is not None:
            # HQ's limits changed (or arrived): counting starts again under the new budgets.
            self._limits = self.verdicts.limits
            self.limiter = RateLimiter("memory://", self._limits)
        headers = await self.limiter.acheck(
            caller.developer_tier, caller.meter_id, caller.developer_id
        )
        return Admitted(caller, self.reports, [*headers, *caller.extra_headers])

    def database(self, caller: Caller) -> OfficeDatabase:
        return self.registry.get(self.office_id)

    def apply_snapshot(self, body: bytes) -> None:
        """HQ pushed this office's keys and grants: every verdict now comes from it."""
        try:
            snapshot = orjson.loads(body)
        except orjson.JSONDecodeError:
            log.warning("service_snapshot_unreadable")
            return
        if isinstance(snapshot, dict):
            self.verdicts.apply(snapshot)
