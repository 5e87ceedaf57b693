"""The web portal: developers, practices and operators, as server-rendered pages.

A FastAPI sub-application mounted at ``/portal`` so its errors are HTML pages (the API's are
JSON) and its cookies, templates and static files stay out of the API's way.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from dentin.errors import DentinError
from dentin.logs import get_logger
from dentin.portal import filters
from dentin.portal.path_ids import path_ids_in_range
from dentin.portal.security import DEFAULT_SESSION_SECONDS, PortalSigner, cookie_name
from dentin.portal.web import (
    PortalRefusal,
    PortalState,
    SignInRequired,
    base_path,
    is_htmx,
    redirect,
    render,
    sign_in_url,
)
from dentin.runtime import Runtime

HERE = Path(__file__).parent
log = get_logger("dentin.portal")


def create_portal(rt: Runtime, *, session_seconds: int = DEFAULT_SESSION_SECONDS) -> FastAPI:
    from dentin.portal.routers import all_routers

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters.install(env)
    app = FastAPI(
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(path_ids_in_range)],
    )
    app.state.portal = PortalState(rt, PortalSigner(rt.settings.pepper(), session_seconds), env)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in all_routers():
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        return render(request, "home.html")

    _install_error_pages(app)
    return app


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        message = (
            "Your session expired; please sign in again."
            if exc.expired
            else "Please sign in to continue."
        )
        next_path = request.url.path[len(base_path(request)) :] if request.method == "GET" else ""
        response = redirect(request, sign_in_url(exc.area, next_path), flash=message)
        response.delete_cookie(cookie_name(exc.area), path=f"{base_path(request)}/{exc.area}")
        return response

    @app.exception_handler(PortalRefusal)
    async def refusal(request: Request, exc: PortalRefusal) -> Response:
        return _error_page(request, exc.status, exc.title, exc.message)

    @app.exception_handler(DentinError)
    async def dentin_error(request: Request, exc: DentinError) -> Response:
        # The error's headers (Retry-After on a 429 or 503) tell the browser when to retry.
        return _error_page(
            request, exc.status_code, "That did not work", exc.message, headers=exc.headers
        )

    @app.exception_handler(PoolTimeout)
    async def pool_exhausted(request: Request, _exc: PoolTimeout) -> Response:
        # As on the API: a database too busy to lend a connection is a 503, never a 500.
        log.warning("database_pool_exhausted", path=request.url.path)
        return _error_page(
            request,
            503,
            "The server is busy",
            "The database is busy serving other requests right now; nothing was changed. "
            "Try again in a few seconds.",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, _exc: RequestValidationError) -> Response:
        return _error_page(
            request, 400, "That address is not valid", "Check the link; part of it is malformed."
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})  # e.g. the 405's Allow
        if exc.status_code == 404:
            return _error_page(
                request, 404, "Page not found", "There is no page at this address.", headers=headers
            )
        if exc.status_code == 405:
            return _error_page(
                request,
                405,
                "Not allowed",
                f"{request.method} is not allowed on this page.",
                headers=headers,
            )
        return _error_page(
            request, exc.status_code, "That did not work", str(exc.detail), headers=headers
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("portal_error", error_type=type(exc).__name__, path=request.url.path)
        return _error_page(
            request,
            500,
            "Something went wrong",
            "Something went wrong on our side and has been logged; please try again.",
        )


def _error_page(
    request: Request,
    status: int,
    title: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
) -> Response:
    area = request.url.path[len(base_path(request)) :].strip("/").split("/", 1)[0]
    if is_htmx(request):
        # The layout tells HTMX to swap 4xx/5xx bodies too, so the refusal shows in place.
        return render(
            request,
            "error_fragment.html",
            {"title": title, "message": message, "status": status},
            status=status,
            headers=headers,
        )
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status=status,
        area=area if area in ("developer", "practice", "admin") else "",
        headers=headers,
    )
