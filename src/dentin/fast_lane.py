"""The fast lane: GET routes whose endpoint needs nothing FastAPI must validate, served without
FastAPI's router and dependency solver.

A FastAPI request walks the included routers' contexts, opens two ``AsyncExitStack``s, builds
the endpoint context and solves the dependency tree level by level; on an office read that
costs more than the whole gateway (authentication, permission, rate limit, metering) and the
SQL together (bench/fast_path.py's profile). Most office reads take only path parameters
declared ``str`` (nothing to validate), the ``Request``, and ``OfficeDb`` — a plain coroutine of
the request that authenticates and admits the caller. For exactly those routes this ASGI layer
does what FastAPI would do, in the same order and with the same objects:

- the route is the first one FastAPI's router would match fully (the same regexes and
  convertors, in the same order), and the scope carries what routing puts there (``route``,
  ``endpoint``, ``path_params``, ``router``);
- each dependency is awaited once (FastAPI's per-request cache), depth first, with the request;
- the endpoint is awaited (a ``def`` endpoint runs on the thread pool) with the same arguments
  and must return a ``Response``;
- an exception goes through the app's own exception handlers (Starlette's
  ``wrap_app_handling_exceptions`` with the table ``ExceptionMiddleware`` builds), and what no
  handler takes propagates as it would from the router.

Everything else — other methods, any route with query, header, cookie or body parameters, a
typed path parameter, an endpoint not declared to return a ``Response``, a dependency that
yields, runs in a thread or takes more than the request (and its own such dependencies), a ``root_path``, dependency overrides, a request FastAPI's own OpenTelemetry observes,
and every path no eligible route matches first — goes down the ordinary stack untouched. The
lane decides before anything runs, so a request is never half-served by both.

tests/gateway/test_fast_lane.py checks that both paths answer byte for byte the same (status,
headers, body) for every eligible route, including refusals and errors.
"""

from __future__ import annotations

import asyncio
import inspect
import typing
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from starlette._exception_handler import wrap_app_handling_exceptions
from starlette.concurrency import run_in_threadpool
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

KEY_SEGMENTS = 3  # routes are indexed by the first three path segments (``/api/v1/patients``)


@dataclass(frozen=True, slots=True)
class _Step:
    """One dependency: its coroutine, the keyword it fills, and the steps its own arguments
    come from (by keyword)."""

    call: Callable[..., Awaitable[Any]]
    request_name: str | None
    needs: tuple[tuple[str, _Step], ...]


@dataclass(frozen=True, slots=True)
class _Lane:
    """An eligible route: how to call its endpoint."""

    endpoint: Callable[..., Any]
    is_async: bool  # else run on the thread pool, as FastAPI runs a ``def`` endpoint
    request_name: str | None
    path_names: tuple[tuple[str, str], ...]  # (keyword, path parameter)
    needs: tuple[tuple[str, _Step], ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    """A route of the app's table, in the router's order, as FastAPI matches it."""

    matches: Callable[[Scope], tuple[Match, Scope]]
    route: Any  # what routing puts in scope["route"]
    lane: _Lane | None  # None: matched, but served by the ordinary stack
    key: str | None  # the first three literal segments, when the template starts with them
    # The path's number of "/" when the template fixes it (a plain route: each parameter is
    # one segment); None when any path may match (a mount, a ``:path`` parameter).
    slashes: int | None = None


# A key's routes, in matching order: by the path's number of "/", and those for any number.
_Candidates = tuple[dict[int, list[_Entry]], list[_Entry]]


def _flatten(routes: Iterable[Any]) -> list[tuple[Any, Any]]:
    """(matcher, route) for every route in matching order, included routers flattened."""
    out: list[tuple[Any, Any]] = []
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            for ctx in contexts():
                out.append((ctx, ctx.original_route))
            continue
        out.append((route, route))
    return out


def _key(template: str) -> str | None:
    """The template's first three segments when all three are literal and whole, else None
    (such a route is a candidate for every path)."""
    literal, brace, _ = template.partition("{")
    parts = literal.split("/")  # "/api/v1/patients/" -> ["", "api", "v1", "patients", ""]
    whole = KEY_SEGMENTS + 1 if not brace else KEY_SEGMENTS + 2
    if len(parts) < whole:
        return None
    return "/".join(parts[: KEY_SEGMENTS + 1])


def _path_key(path: str) -> str:
    parts = path.split("/", KEY_SEGMENTS + 1)
    return "/".join(parts[: KEY_SEGMENTS + 1])


def _plain_coroutine(call: Any) -> bool:
    return (
        asyncio.iscoroutinefunction(call)
        and not inspect.isasyncgenfunction(call)
        and not inspect.isgeneratorfunction(call)
    )


def _no_params(dependant: Dependant) -> bool:
    return not (
        dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
        or dependant.websocket_param_name
        or dependant.http_connection_param_name
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
    )


def _steps(dependant: Dependant, seen: dict[Any, _Step]) -> tuple[tuple[str, _Step], ...] | None:
    needs: list[tuple[str, _Step]] = []
    for sub in dependant.dependencies:
        call = sub.call
        if (
            call is None
            or sub.name is None
            or not _plain_coroutine(call)
            or not _no_params(sub)
            or sub.path_params
            or not sub.use_cache
            or sub.concurrency is not None
        ):
            return None
        step = seen.get(call)
        if step is None:
            inner = _steps(sub, seen)
            if inner is None:
                return None
            step = seen[call] = _Step(call, sub.request_param_name, inner)
        needs.append((sub.name, step))
    return tuple(needs)


def _returns_response(endpoint: Any) -> bool:
    try:
        hint = typing.get_type_hints(endpoint).get("return")
    except Exception:  # an annotation that does not resolve: not ours to guess
        return False
    return isinstance(hint, type) and issubclass(hint, Response)


def _lane(route: Any, matcher: Any) -> _Lane | None:
    dependant: Dependant | None = getattr(matcher, "dependant", None)
    endpoint: Any = getattr(route, "endpoint", None)
    methods = getattr(matcher, "methods", None) or ()
    if dependant is None or endpoint is None or "GET" not in methods:
        return None
    if dependant.concurrency is not None:
        return None
    call = dependant.call
    if call is None or call is not endpoint or inspect.isgeneratorfunction(call):
        return None
    if inspect.isasyncgenfunction(endpoint):
        return None
    if not _no_params(dependant) or not _returns_response(endpoint):
        return None
    path_names: list[tuple[str, str]] = []
    for field in dependant.path_params:
        info = field.field_info
        if info.annotation is not str or info.metadata or field.alias != field.name:
            return None
        path_names.append((field.name, field.alias))
    needs = _steps(dependant, {})
    if needs is None:
        return None
    return _Lane(
        call,
        _plain_coroutine(endpoint),
        dependant.request_param_name,
        tuple(path_names),
        needs,
    )


class FastLane:
    """Pure ASGI; sits innermost among the app's middleware (after ``CaseInsensitivePaths``)."""

    def __init__(self, app: ASGIApp, owner: FastAPI) -> None:
        self.app = app
        self.owner = owner
        self._table: tuple[dict[str, _Candidates], list[_Entry]] | None = None
        self._handlers: tuple[Any, Any] | None = None

    def _build(self) -> tuple[dict[str, _Candidates], list[_Entry]]:
        entries: list[_Entry] = []
        for matcher, route in _flatten(self.owner.router.routes):
            template = getattr(matcher, "path", None)
            if not isinstance(template, str):
                # A route without a path template (a host route, say): checked for every path.
                entries.append(_Entry(matcher.matches, route, None, None))
                continue
            fixed = ":path}" not in template and not hasattr(route, "routes")  # not a Mount
            entries.append(
                _Entry(
                    matcher.matches,
                    route,
                    _lane(route, matcher),
                    _key(template),
                    template.count("/") if fixed else None,
                )
            )
        generic = [e for e in entries if e.key is None]
        by_key: dict[str, _Candidates] = {}
        for key in {e.key for e in entries if e.key is not None}:
            mine = [e for e in entries if e.key is None or e.key == key]
            counts = {e.slashes for e in mine if e.slashes is not None}
            by_count = {n: [e for e in mine if e.slashes is None or e.slashes == n] for n in counts}
            by_key[key] = (by_count, [e for e in mine if e.slashes is None])
        return by_key, generic

    def _exception_handlers(self) -> tuple[Any, Any]:
        # The table FastAPI's build_middleware_stack gives ExceptionMiddleware.
        handlers = {
            k: v for k, v in self.owner.exception_handlers.items() if k not in (500, Exception)
        }
        middleware = ExceptionMiddleware(self.app, handlers=handlers, debug=self.owner.debug)
        return middleware._exception_handlers, middleware._status_handlers

    def match(self, scope: Scope) -> tuple[_Entry, Scope] | None:
        """The first route of the table that matches ``scope`` fully, laned or not."""
        if self._table is None:
            self._table = self._build()
        by_key, generic = self._table
        path: str = scope["path"]
        candidates: Sequence[_Entry] = generic
        found = by_key.get(_path_key(path))
        if found is not None:
            by_count, any_count = found
            candidates = by_count.get(path.count("/"), any_count)
        for entry in candidates:
            match, child = entry.matches(scope)
            if match is Match.FULL:
                return entry, child
        return None

    def find(self, scope: Scope) -> tuple[_Entry, Scope] | None:
        """The route FastAPI would serve ``scope`` with, if the lane can serve it."""
        matched = self.match(scope)
        return matched if matched is not None and matched[0].lane is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope.get("root_path")
            or scope.get("fastapi.telemetry") is not None
            or self.owner.dependency_overrides
        ):
            await self.app(scope, receive, send)
            return
        found = self.find(scope)
        if found is None:
            await self.app(scope, receive, send)
            return
        entry, child = found
        lane = entry.lane
        assert lane is not None
        if self._handlers is None:
            self._handlers = self._exception_handlers()
        scope["starlette.exception_handlers"] = self._handlers
        scope.setdefault("router", self.owner.router)
        scope["endpoint"] = lane.endpoint
        scope["path_params"] = child["path_params"]
        scope["route"] = entry.route
        request = Request(scope, receive, send)

        async def serve(scope: Scope, receive: Receive, send: Send) -> None:
            kwargs: dict[str, Any] = {}
            if lane.needs:
                await _solve(lane.needs, request, kwargs, {})
            if lane.request_name is not None:
                kwargs[lane.request_name] = request
            path_params = scope["path_params"]
            for name, alias in lane.path_names:
                kwargs[name] = path_params[alias]
            if lane.is_async:
                response = await lane.endpoint(**kwargs)
            else:
                response = await run_in_threadpool(lane.endpoint, **kwargs)
            if not isinstance(response, Response):
                raise TypeError(f"{lane.endpoint.__qualname__} must return a Response")
            await response(scope, receive, send)

        await wrap_app_handling_exceptions(serve, request)(scope, receive, send)


async def _solve(
    needs: tuple[tuple[str, _Step], ...],
    request: Request,
    into: dict[str, Any],
    cache: dict[Any, Any],
) -> None:
    for name, step in needs:
        if step.call in cache:
            into[name] = cache[step.call]
            continue
        kwargs: dict[str, Any] = {}
        if step.needs:
            await _solve(step.needs, request, kwargs, cache)
        if step.request_name is not None:
            kwargs[step.request_name] = request
        value = cache[step.call] = await step.call(**kwargs)
        into[name] = value
