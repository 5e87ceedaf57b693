"""``dentin office serve``: the office API on the office's own network (Service and Local modes).

One process holds the connector link (HQ relays Cloud requests over it, verifies keys, pushes
changes) and serves ``/api/v1`` over HTTP itself: the same office routers, on the office's own
database, without the round trip through HQ.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dentin import __version__
from dentin.body_limit import BodyLimit
from dentin.config import Settings
from dentin.connector.frames import Frame
from dentin.connector.office_app import create_office_app
from dentin.connector.office_link import LinkDown, OfficeLink
from dentin.connector.office_process import Pairing, link_url, send_outbox, start_events
from dentin.gateway.ratelimit import RateLimiter
from dentin.gateway.refusals import RefusalBudget
from dentin.guards import HeaderLimits, RefusalGuard
from dentin.http_errors import install_error_handlers
from dentin.logs import get_logger
from dentin.middleware import CaseInsensitivePaths, RequestContext
from dentin.office import aging_service
from dentin.office.registry import OfficeRegistry
from dentin.office.routes import office_routers
from dentin.office.routes.reads import inline_point_reads
from dentin.office.seed import ensure_preferences
from dentin.responses import json_response
from dentin.service.edge import ServiceEdge
from dentin.service.reports import Reports
from dentin.service.verdicts import STATE_FILE, Verdicts

log = get_logger("dentin.service")
SERVICE_PORT = 30223
LOCAL_PORT = 30222
REPORT_EVERY = 2.0


class CountUsage:
    """Counts every admitted request's outcome for HQ's usage pages (sent in reports)."""

    def __init__(self, app: ASGIApp, reports: Reports) -> None:
        self.app = app
        self.reports = reports

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            caller = scope.get("state", {}).get("caller")
            if caller is not None:
                self.reports.count(caller, status)


def create_service_app(edge: ServiceEdge, reports: Reports) -> FastAPI:
    """The same guards as HQ's in the same order, so every mode turns bad requests away alike."""
    app = FastAPI(title="dentin office (Service)", version=__version__)
    app.state.office_edge = edge
    for router in office_routers():
        app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> object:
        return json_response(
            {"status": "ok", "version": __version__, "hq_link": edge.link.connected.is_set()}
        )

    install_error_handlers(app)
    settings = edge.settings
    inline_point_reads(settings.inline_point_reads)
    refusals = RefusalBudget(
        settings.pepper(),
        per_address=settings.refusal_limit_per_address,
        per_key=settings.refusal_limit_per_key,
    )
    app.add_middleware(CaseInsensitivePaths, routes=app.router.routes)
    app.add_middleware(RefusalGuard, budget=refusals)
    app.add_middleware(BodyLimit)
    app.add_middleware(HeaderLimits)
    app.add_middleware(CountUsage, reports=reports)
    app.add_middleware(RequestContext)
    return app


async def serve(
    settings: Settings,
    pairing: Pairing,
    database_url: str,
    *,
    host: str,
    port: int,
    stop: asyncio.Event,
    on_state: Callable[[str], None] | None = None,
) -> None:
    registry = OfficeRegistry(settings, lambda _office_id: database_url)
    db = await asyncio.to_thread(registry.provision, pairing.office_id)
    await asyncio.to_thread(ensure_preferences, db, f"Office {pairing.office_id}")
    reports = Reports()
    verdicts = Verdicts(
        settings.pepper(),
        settings.service_grace_hours * 3600,
        Path(settings.data_dir) / STATE_FILE,
    )
    link = OfficeLink(
        link_url(pairing.hq_url),
        pairing.credential,
        create_office_app(settings, registry, pairing.office_id),
    )
    edge = ServiceEdge(
        settings,
        registry,
        pairing.office_id,
        link,
        verdicts,
        RateLimiter("memory://", settings.rate_limits),
        reports,
    )
    background: set[asyncio.Task[None]] = set()
    was_up = False

    async def subscribe() -> None:
        with contextlib.suppress(LinkDown):
            await link.ask({"q": "snapshot"})  # HQ pushes it now and on every change

    def state(now: str) -> None:
        nonlocal was_up
        if on_state is not None:
            on_state(now)
        if now == "up":
            task = asyncio.get_running_loop().create_task(subscribe())
            background.add(task)
            task.add_done_callback(background.discard)
        elif was_up:
            verdicts.confirm()  # HQ was reachable until now: the grace runs from here
            verdicts.save()
        was_up = now == "up"

    def pushed(frame: Frame) -> None:
        if frame.header.get("what") == "snapshot":
            edge.apply_snapshot(frame.body)

    link.on_state = state
    link.on_push = pushed
    server = uvicorn.Server(
        uvicorn.Config(
            create_service_app(edge, reports),
            host=host,
            port=port,
            log_level="warning",
            lifespan="off",
            access_log=False,
        )
    )
    scheduler = aging_service.start(lambda: [db]) if settings.aging_scheduler else None
    events = start_events(settings, db)

    async def report_loop() -> None:
        while True:
            await asyncio.sleep(REPORT_EVERY)
            if link.connected.is_set():
                verdicts.confirm()
            report = reports.take()
            if report is not None and not await link.report(report):
                reports.give_back(report)

    link_task = asyncio.create_task(link.run(stop))
    server_task = asyncio.create_task(server.serve())
    reporter = asyncio.create_task(report_loop())
    sender = asyncio.create_task(send_outbox(settings.data_dir, link))
    stopper = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait(
            {link_task, server_task, stopper}, return_when=asyncio.FIRST_COMPLETED
        )
        for task in done:
            if task is not stopper:
                task.result()  # ConnectorStopped (revoked, replaced) ends the server too
    finally:
        stop.set()
        server.should_exit = True
        reporter.cancel()
        sender.cancel()
        stopper.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server_task, 10)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(link_task, 5)
        report = reports.take()
        if report is not None:
            with contextlib.suppress(Exception):
                await link.report(report)
        if events is not None:
            await asyncio.to_thread(events.stop)
        if scheduler is not None:
            await scheduler.stop()
        registry.dispose()
