"""The office API as the connector serves it: HQ already verified the caller.

Every request arrives over the link with the caller HQ verified, checked against HQ's
permission catalogue and rate limits; this edge trusts that caller only for this office, and
collects the events the request produced (audit records) so they travel back to HQ with the
answer: an event exists exactly when its answer reached HQ, and neither is lost alone.
"""

from __future__ import annotations

from fastapi import FastAPI

from dentin.caller import Caller
from dentin.config import Settings
from dentin.connector.wire_caller import caller_from_wire
from dentin.errors import Forbidden, Unauthorized
from dentin.http_errors import install_error_handlers
from dentin.middleware import CaseInsensitivePaths
from dentin.office.edge import Admitted, Call
from dentin.office.outbound import Collected
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.office.routes import hq_questions, office_routers
from dentin.office.routes.reads import inline_point_reads
from dentin.office.workpool import WorkPool


class RelayedEdge:
    def __init__(self, settings: Settings, registry: OfficeRegistry, office_id: int) -> None:
        self.settings = settings
        self.registry = registry
        self.office_id = office_id

    @property
    def long_work(self) -> WorkPool:
        return self.registry.long_work

    async def authenticate(self, call: Call) -> Caller:
        if call.relayed is None:
            raise Unauthorized(
                "This office server answers only requests HQ relays over the connector link.",
                code="not_relayed",
            )
        caller = caller_from_wire(call.relayed)
        if caller.office_id != self.office_id:
            raise Forbidden(
                f"HQ relayed a request for office {caller.office_id} to office "
                f"{self.office_id}'s connector; it was refused.",
                code="wrong_office",
            )
        return caller

    async def admit(self, call: Call, caller: Caller) -> Admitted:
        return Admitted(caller, Collected([]))

    def database(self, caller: Caller) -> OfficeDatabase:
        return self.registry.get(self.office_id)


def create_office_app(settings: Settings, registry: OfficeRegistry, office_id: int) -> FastAPI:
    app = FastAPI(title="dentin office", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.office_edge = RelayedEdge(settings, registry, office_id)
    for router in office_routers():
        app.include_router(router)
    app.include_router(hq_questions.router)
    install_error_handlers(app)
    inline_point_reads(settings.inline_point_reads)
    app.add_middleware(CaseInsensitivePaths, routes=app.router.routes)
    return app
