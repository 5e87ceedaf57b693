"""Pure ASGI middleware (no BaseHTTPMiddleware: it costs a task and a copy per request)."""

from __future__ import annotations

import itertools
import re
import secrets
import time
from collections.abc import Sequence

import structlog
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dentin import metrics
from dentin.logs import get_logger, mask_path, printable
from dentin.routes import literal_segments

log = get_logger("dentin.http")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Request ids need to be unique, not secret: a random prefix per process and a counter, which
# spares every request a system call for random bytes.
_ID_PREFIX = secrets.token_hex(4)
_ids = itertools.count(1)


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The matched route's template (``/api/v1/patients/{PatNum}``), never the raw path: ids
    and keys stay out of the metrics, and the series stay as few as the routes."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return "unmatched"
    return f"{scope.get('root_path', '')}{path}"


class RequestContext:
    """Gives every request an id (``X-Request-Id``), binds it to the logs, logs the outcome."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = ""
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                candidate = value.decode("latin-1")
                if _REQUEST_ID.fullmatch(candidate):
                    request_id = candidate
                break
        if not request_id:
            request_id = f"{_ID_PREFIX}{next(_ids) & 0xFFFFFFFF:08x}"
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500
        header = (b"x-request-id", request_id.encode())

        state = scope["state"]

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                extra = [(k.lower().encode(), v.encode()) for k, v in state.get("headers", ())]
                message["headers"] = [*message.get("headers", []), header, *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            caller = state.get("caller")
            if caller is not None:
                # Usage is counted in memory here and flushed in batches, never per request.
                app = scope.get("app")
                runtime = getattr(getattr(app, "state", None), "runtime", None)
                if runtime is not None:
                    runtime.meter.record(caller, status)
            elapsed = time.perf_counter() - started
            metrics.observe_request(
                route_template(scope),
                scope["method"] if scope["method"] in _METHODS else "other",
                status,
                getattr(caller, "developer_tier", None) or "none",
                elapsed,
            )
            log.info(
                "request",
                request_id=request_id,
                # Both come from the client: no control byte reaches a terminal, no key a log.
                method=printable(scope["method"]),
                path=mask_path(printable(scope["path"])),
                status=status,
                ms=round(elapsed * 1000, 2),
                caller=getattr(caller, "meter_id", None),
            )
            structlog.contextvars.unbind_contextvars("request_id")


class CaseInsensitivePaths:
    """Open Dental routes case-insensitively: ``/patients/simple`` is ``/patients/Simple``.

    Literal path segments are rewritten to the spelling the app declares; path parameters
    (numbers, keys) are left alone.
    """

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute], prefix: str = "/api/v1") -> None:
        self.app = app
        self.prefix = prefix
        self.routes = routes  # the router's live list: routes included later count too
        self._canonical: dict[str, str] | None = None

    @property
    def canonical(self) -> dict[str, str]:
        if self._canonical is None:
            canonical: dict[str, str] = {}
            for segment in literal_segments(self.routes):
                canonical.setdefault(segment.lower(), segment)
            self._canonical = canonical
        return self._canonical

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if path[: len(self.prefix)].lower() == self.prefix.lower():
                parts = path.split("/")
                fixed = [self.canonical.get(p.lower(), p) if p else p for p in parts]
                new_path = "/".join(fixed)
                if new_path != path:
                    scope = dict(scope)
                    scope["path"] = new_path
                    scope["raw_path"] = new_path.encode()
        await self.app(scope, receive, send)
