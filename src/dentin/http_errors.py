"""Every error becomes ``{"code", "message"}`` with its status: never a stack trace, never HTML.

Shared by HQ's application and the office's own (connector, Service and Local modes), so an
office answers a mistake in the same words whichever way it is reached.
"""

from __future__ import annotations

import sqlite3

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DatabaseError, DBAPIError, InterfaceError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from dentin.errors import DentinError, OfficeUnavailable
from dentin.logs import get_logger
from dentin.outages import database_outage, database_unavailable
from dentin.responses import json_response

log = get_logger("dentin.app")


def install_error_handlers(app: FastAPI) -> None:
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

    @app.exception_handler(DatabaseError)  # OperationalError among them
    @app.exception_handler(InterfaceError)
    @app.exception_handler(sqlite3.Error)  # raised through a raw connection (compiled reads)
    async def database_down(request: Request, exc: Exception) -> Response:
        if not database_outage(exc):
            return await unexpected(request, exc)
        # The database is restarting, failing over or unreachable: the request was fine and
        # the same request will work once it is back (pool_pre_ping replaces dead connections),
        # so a 503 with Retry-After, never a 500.
        cause = exc.orig if isinstance(exc, DBAPIError) else exc
        log.warning("database_unavailable", path=request.url.path, error=type(cause).__name__)
        down = database_unavailable()
        return json_response(down.body(), down.status_code, headers=down.headers)

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

    app.add_exception_handler(Exception, unexpected)
