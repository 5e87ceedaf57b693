"""The few things every portal page does: render a template, sign in and out, check CSRF,
redirect with a one-time message, and refuse clearly.

Routers stay thin: they read the form, call a service, and hand the result to ``render``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import Request
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from dentin.hq import applications, operators
from dentin.portal.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    Area,
    PortalSession,
    PortalSigner,
    cookie_name,
    new_browser_secret,
)
from dentin.runtime import Runtime

FLASH_COOKIE = "dentin_flash"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AREA_TITLES: dict[str, str] = {
    "developer": "Developer portal",
    "practice": "Practice",
    "admin": "Operator console",
}


@dataclass
class PortalState:
    rt: Runtime
    signer: PortalSigner
    env: jinja2.Environment


class SignInRequired(Exception):
    def __init__(self, area: Area, *, expired: bool = False) -> None:
        super().__init__(area)
        self.area = area
        self.expired = expired


class PortalRefusal(Exception):
    """A clear refusal page (403, 404...) with one sentence saying why and what to do."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def portal(request: Request) -> PortalState:
    state: PortalState = request.app.state.portal
    return state


def runtime(request: Request) -> Runtime:
    return portal(request).rt


def base_path(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _browser_secret(request: Request) -> str:
    existing = request.cookies.get(CSRF_COOKIE, "")
    if existing:
        return existing
    fresh: str = request.scope.setdefault("state", {}).setdefault(
        "portal_browser_secret", new_browser_secret()
    )
    return fresh


def csrf_token(request: Request) -> str:
    return portal(request).signer.csrf_token(_browser_secret(request))


def _finish(request: Request, response: Response) -> Response:
    """Set the CSRF cookie when this browser has none yet; drop a flash once shown."""
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE,
            _browser_secret(request),
            path=base_path(request) or "/",
            httponly=True,
            samesite="lax",
            secure=_secure(request),
        )
    if request.cookies.get(FLASH_COOKIE) and request.scope.get("state", {}).get("flash_shown"):
        response.delete_cookie(FLASH_COOKIE, path=base_path(request) or "/")
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def take_flash(request: Request) -> str:
    message = portal(request).signer.load_flash(request.cookies.get(FLASH_COOKIE))
    if message:
        request.scope.setdefault("state", {})["flash_shown"] = True
    return message


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    area: str = "",
    session: PortalSession | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    env = portal(request).env
    ctx: dict[str, Any] = {
        "base": base_path(request),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "flash": "" if is_htmx(request) else take_flash(request),
        "area": area,
        "area_title": AREA_TITLES.get(area, "dentin"),
        "me": session.subject if session else None,
        "path": request.url.path,
        "errors": {},
        "values": {},
    }
    ctx.update(context or {})
    html = env.get_template(template).render(ctx)
    return _finish(request, HTMLResponse(html, status_code=status, headers=dict(headers or {})))


def redirect(request: Request, path: str, *, flash: str = "") -> Response:
    """303 to ``path`` (relative to /portal), carrying a one-time message if given."""
    target = base_path(request) + path
    if is_htmx(request):
        response: Response = Response(status_code=200, headers={"HX-Redirect": target})
    else:
        response = RedirectResponse(target, status_code=303)
    if flash:
        response.set_cookie(
            FLASH_COOKIE,
            portal(request).signer.dump_flash(flash),
            path=base_path(request) or "/",
            httponly=True,
            samesite="lax",
            secure=_secure(request),
            max_age=300,
        )
    return _finish(request, response)


def sign_in(request: Request, response: Response, area: Area, subject: dict[str, Any]) -> Response:
    signer = portal(request).signer
    response.set_cookie(
        cookie_name(area),
        signer.dump_session(area, subject),
        path=f"{base_path(request)}/{area}",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=signer.session_seconds,
    )
    return response


def sign_out(request: Request, response: Response, area: Area) -> Response:
    response.delete_cookie(cookie_name(area), path=f"{base_path(request)}/{area}")
    return response


def session_version(request: Request, session: PortalSession) -> int | None:
    """The account's current session version, or None when the account is gone.

    Developer and operator cookies name the version they were issued under; sign-out, a new
    password, a suspension or a key rotation bumps it, so every copy of an older cookie is
    signed out at once. Practice sessions carry a token that is re-verified on each page.
    """
    hq = runtime(request).hq
    try:
        if session.area == "developer":
            return applications.session_version(hq, int(session.subject["developer_id"]))
        if session.area == "admin":
            return operators.session_version(hq, int(session.subject["operator_id"]))
    except (KeyError, TypeError, ValueError):
        return None
    return 0


def _live(request: Request, session: PortalSession) -> bool:
    if session.area == "practice":
        return True
    current = session_version(request, session)
    return current is not None and session.subject.get("v") == current


def session_dependency(area: Area) -> Callable[[Request], PortalSession]:
    """A dependency yielding the signed-in session of ``area`` or sending the browser to sign in.

    A plain ``def``, so FastAPI runs its one database read in the thread pool.
    """

    def current(request: Request) -> PortalSession:
        read = portal(request).signer.load_session(area, request.cookies.get(cookie_name(area)))
        if read.session is None:
            raise SignInRequired(area, expired=read.expired)
        if not _live(request, read.session):
            raise SignInRequired(area)
        return read.session

    return current


def optional_session(request: Request, area: Area) -> PortalSession | None:
    read = portal(request).signer.load_session(area, request.cookies.get(cookie_name(area)))
    if read.session is None or not _live(request, read.session):
        return None
    return read.session


async def csrf_protect(request: Request) -> None:
    """Router-wide dependency: every unsafe request must carry this browser's CSRF token.

    It also reads the posted form, here on the event loop, so that the page handlers can be
    plain ``def`` functions that FastAPI runs in its thread pool: they call HQ's services
    (SQLAlchemy, argon2), which must never run on the event loop (``posted``, ``checked``).
    """
    if request.method in SAFE_METHODS:
        return
    form = await request.form()
    request.state.posted = form
    token = request.headers.get(CSRF_HEADER)
    if not token:
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not portal(request).signer.csrf_valid(request.cookies.get(CSRF_COOKIE), token):
        raise PortalRefusal(
            403,
            "This form could not be accepted",
            "The form was sent without a valid security token (CSRF), so nothing was changed. "
            "Go back, reload the page and submit it again.",
        )


async def read_form(request: Request) -> dict[str, str]:
    """The posted text fields, stripped; the CSRF field is left out."""
    form: FormData = await request.form()
    return {k: v.strip() if isinstance(v, str) else "" for k, v in form.items() if k != CSRF_FIELD}


async def read_checked(request: Request, name: str) -> list[str]:
    form: FormData = await request.form()
    return [v for v in form.getlist(name) if isinstance(v, str)]


def _posted_form(request: Request) -> FormData:
    form: FormData | None = getattr(request.state, "posted", None)
    if form is None:  # a route outside csrf_protect's routers, or a GET: nothing was posted
        return FormData()
    return form


def posted(request: Request) -> dict[str, str]:
    """``read_form`` for a ``def`` handler: the fields ``csrf_protect`` already read."""
    form = _posted_form(request)
    return {k: v.strip() if isinstance(v, str) else "" for k, v in form.items() if k != CSRF_FIELD}


def checked(request: Request, name: str) -> list[str]:
    """``read_checked`` for a ``def`` handler."""
    return [v for v in _posted_form(request).getlist(name) if isinstance(v, str)]


def sign_in_url(area: Area, next_path: str = "") -> str:
    url = f"/{area}/sign-in"
    if next_path:
        url += "?next=" + quote(next_path, safe="/")
    return url


def safe_next(request: Request, area: Area, value: str | None) -> str:
    """Only a path inside the same area may follow sign-in (no open redirect)."""
    prefix = f"/{area}/"
    if value and value.startswith(prefix) and "//" not in value and "\\" not in value:
        return value
    return f"/{area}/"


def fmt_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def fmt_date(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"
