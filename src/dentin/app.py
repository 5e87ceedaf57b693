"""The ASGI application: HQ routes, the gateway and the office resources in one process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from dentin import __version__
from dentin.body_limit import BodyLimit
from dentin.config import Settings, get_settings
from dentin.errors import DentinError, OfficeUnavailable
from dentin.guards import HeaderLimits, RefusalGuard
from dentin.hq import (
    api_apikeys,
    api_applications,
    api_key_moves,
    api_practice_sessions,
    api_setup,
    api_tokens,
    api_usage,
)
from dentin.logs import get_logger
from dentin.middleware import CaseInsensitivePaths, RequestContext
from dentin.office import aging_service
from dentin.office.resources import (
    appointments,
    clinics,
    commlogs,
    operatories,
    patients,
    payments,
    preferences,
    procedurelogs,
    providers,
    queries,
    reports,
    userods,
)
from dentin.portal import create_portal
from dentin.responses import json_response
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
        scheduler = aging_service.start(rt) if settings.aging_scheduler else None
        rt.start_background()
        yield
        if scheduler is not None:
            await scheduler.stop()
        rt.stop_background()
        if runtime is None:
            rt.close()

    app = FastAPI(
        title="dentin",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.runtime = rt
    app.include_router(api_apikeys.router)
    app.include_router(api_usage.router)
    app.include_router(api_tokens.router)
    app.include_router(api_key_moves.router)
    app.include_router(api_applications.router)
    app.include_router(api_practice_sessions.router)
    app.include_router(api_setup.router)
    app.include_router(preferences.router)
    app.include_router(reports.router)
    app.include_router(queries.router)
    app.include_router(patients.router)
    app.include_router(appointments.router)
    app.include_router(providers.router)
    app.include_router(operatories.router)
    app.include_router(clinics.router)
    app.include_router(commlogs.router)
    app.include_router(procedurelogs.router)
    app.include_router(payments.router)
    app.include_router(userods.router)
    app.mount("/portal", create_portal(rt))

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        return json_response({"status": "ok", "version": __version__})

    _install_error_handlers(app)
    app.add_middleware(CaseInsensitivePaths, routes=app.router.routes)
    app.add_middleware(RefusalGuard, budget=rt.refusals)
    app.add_middleware(BodyLimit)  # a 413 before any body is read; inside RequestContext's log
    app.add_middleware(HeaderLimits)
    app.add_middleware(RequestContext)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DentinError)
    async def dentin_error(_request: Request, exc: DentinError) -> Response:
        return json_response(exc.body(), exc.status_code, headers=exc.headers or None)

    @app.exception_handler(PoolTimeout)
    async def pool_exhausted(request: Request, _exc: PoolTimeout) -> Response:
        # Every connection of a database pool stayed busy past the pool's wait: the database
        # is overloaded, not the request wrong. A 503 with Retry-After, never a 500.
        log.warning("database_pool_exhausted", path=request.url.path)
        busy = OfficeUnavailable(
            "The database is busy serving other requests right now; send the request again "
            "in a few seconds.",
            code="database_busy",
            headers={"Retry-After": "5"},
        )
        return json_response(busy.body(), busy.status_code, headers=busy.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
            problems.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
        return json_response(
            {
                "code": "bad_request",
                "message": "The request is not valid: " + "; ".join(problems) + ".",
            },
            400,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = (
                f"There is no endpoint {request.method} {request.url.path}; "
                "see /docs for the list of endpoints."
            )
            code = "no_such_endpoint"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}."
            code = "method_not_allowed"
        else:
            message = str(exc.detail)
            code = "http_error"
        return json_response(
            {"code": code, "message": message},
            exc.status_code,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        request_id = getattr(request.state, "request_id", None) or request.scope.get(
            "state", {}
        ).get("request_id", "")
        log.error("unhandled_error", error_type=type(exc).__name__, path=request.url.path)
        return json_response(
            {
                "code": "internal_error",
                "message": "Something went wrong on our side; the error has been logged. "
                f"Quote request id {request_id} when reporting it.",
            },
            500,
        )
