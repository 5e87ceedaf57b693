"""The ASGI application: HQ routes, the gateway and the office resources in one process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin import __version__, metrics
from dentin.api import apikeys as api_apikeys
from dentin.api import applications as api_applications
from dentin.api import health as api_health
from dentin.api import key_moves as api_key_moves
from dentin.api import node_relay, office_link_answers
from dentin.api import practice_sessions as api_practice_sessions
from dentin.api import setup as api_setup
from dentin.api import tokens as api_tokens
from dentin.api import usage as api_usage
from dentin.api.relay import relay_to_office
from dentin.body_limit import BodyLimit
from dentin.caller import Actor
from dentin.config import Settings, get_settings
from dentin.connector import routes as connector_routes
from dentin.fast_lane import FastLane
from dentin.gateway.office_edge import GatewayEdge, RelayToOffice
from dentin.guards import HeaderLimits, RefusalGuard
from dentin.hq import connectors
from dentin.hq import offices as office_records
from dentin.http_errors import install_error_handlers
from dentin.logs import get_logger, know_route_words
from dentin.middleware import CaseInsensitivePaths, RequestContext
from dentin.office import aging_service
from dentin.office.events import delivery
from dentin.office.routes import office_routers
from dentin.office.routes.reads import inline_point_reads
from dentin.portal import create_portal
from dentin.responses import json_response
from dentin.routes import literal_segments
from dentin.runtime import Runtime

log = get_logger("dentin.app")
API_PREFIX = "/api/v1"

DESCRIPTION = """
dentin is an Open Dental-compatible API platform. Office data takes
`Authorization: ODFHIR {DeveloperKey}/{CustomerKey}`; `/apikeys` takes
`Authorization: ODFHIR {DeveloperKey}/{DeveloperPortalKey}`. Dates are `yyyy-MM-dd`,
date-times `yyyy-MM-dd HH:mm:ss`, and `0001-01-01` means none.
"""


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    settings = settings or get_settings()
    rt = runtime or Runtime.build(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        scheduler = (
            aging_service.start(
                lambda: [
                    rt.offices.get(o.id)
                    for o in office_records.list_offices(rt.hq)
                    if o.api_mode == "Embedded"  # a connected office ages itself
                ]
            )
            if settings.aging_scheduler
            else None
        )
        events = (
            delivery.Worker(
                delivery.Policy.of(settings),
                lambda: [
                    rt.offices.get(o.id)
                    for o in office_records.list_offices(rt.hq)
                    if o.api_mode == "Embedded"  # a connected office delivers its own events
                ],
                poll=settings.events_poll_seconds,
                threads=settings.events_threads,
                on_delivered=metrics.EVENT_LAG.observe,
            )
            if settings.events_worker
            else None
        )
        if events is not None:
            events.start()
        rt.start_background()
        if rt.nodes is not None:  # several processes share Redis: reach each other's links
            await rt.nodes.start(node_relay.internal_app(rt.links, rt.nodes))
        yield
        if events is not None:
            await run_in_threadpool(events.stop)
        if scheduler is not None:
            await scheduler.stop()
        await rt.links.close()
        if rt.nodes is not None:
            await rt.nodes.stop()
        rt.stop_background()
        if runtime is None:
            rt.close()

    app = FastAPI(
        title="dentin",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # dentin's own metrics are Prometheus (/metrics). FastAPI's OpenTelemetry bridge asked,
        # on every request, whether a tracer, meter and logger provider had been configured
        # (three environment reads and provider lookups, about 15 µs a request).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.runtime = rt
    app.state.office_edge = GatewayEdge(settings, rt.auth, rt.limiter, rt.offices, rt.hq, rt.modes)

    # Routes are matched in order, one regex (and, in FastAPI, several calls) per route: the
    # health check and the office API, the hot paths, come first.
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        return json_response({"status": "ok", "version": __version__})

    app.include_router(api_health.router)
    for router in office_routers():
        app.include_router(router)
    app.include_router(connector_routes.make_router(rt.links, *_connector_doors(rt)))
    office_link_answers.answers(rt)
    app.include_router(api_apikeys.router)
    app.include_router(api_usage.router)
    app.include_router(api_tokens.router)
    app.include_router(api_key_moves.router)
    app.include_router(api_applications.router)
    app.include_router(api_practice_sessions.router)
    app.include_router(api_setup.router)
    app.mount("/portal", create_portal(rt))

    install_error_handlers(app)
    # A route word as long as a key (``InsuranceHistory``) is logged as it is, not masked.
    know_route_words(literal_segments(app.router.routes))
    inline_point_reads(settings.inline_point_reads)

    @app.exception_handler(RelayToOffice)
    async def relayed(request: Request, exc: RelayToOffice) -> Response:
        return await relay_to_office(rt.links, rt.hq, request, exc.caller)

    app.add_middleware(FastLane, owner=app)  # innermost: sees the canonical path
    app.add_middleware(CaseInsensitivePaths, routes=app.router.routes)
    app.add_middleware(RefusalGuard, budget=rt.refusals)
    app.add_middleware(BodyLimit)  # a 413 before any body is read; inside RequestContext's log
    app.add_middleware(HeaderLimits)
    app.add_middleware(RequestContext)
    return app


def _connector_doors(
    rt: Runtime,
) -> tuple[connector_routes.Authenticate, connector_routes.Redeem]:
    """HQ's answers for the connector endpoints (the connector package knows nothing of HQ)."""

    async def authenticate(header: str | None, address: str) -> tuple[int, int]:
        return await run_in_threadpool(connectors.authenticate, rt.hq, header, address)

    async def redeem(code: str, version: str, address: str) -> tuple[int, str]:
        paired = await run_in_threadpool(
            connectors.redeem, rt.hq, code, Actor("connector", address), version=version
        )
        return paired.office_id, paired.credential

    return authenticate, redeem
