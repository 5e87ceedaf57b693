"""Test-process only: each included route's FastAPI context is built once, not once per app.

FastAPI (0.165) resolves an included router's routes lazily, per app: the first request to a new
app builds every route's dependant and handler (``_EffectiveRouteContext.from_api_route``),
about 0.25 s for dentin's ~250 routes on a quiet machine and 0.5-1 s on a busy one. A server
pays that once; the suite builds an app in almost every test, and those first requests were a
third of the suite's CPU. The context of a route is a function of the route and how its router
was included, so the suite builds it once per (route, router, include settings) and reuses it.

Keys hold the route and router objects themselves (not their ``id``): routers built per app
(the connector routes close over their Runtime) must never be mistaken for a later object that
reuses a collected one's address, so each gets contexts of its own. The one thing shared across
apps that could differ is ``dependency_overrides_provider``; no dentin route is overridden.
Servers started as processes (``dentin serve``) are untouched.
"""

from __future__ import annotations

from typing import Any

from fastapi import routing

_original = routing._EffectiveRouteContext.from_api_route.__func__  # type: ignore[attr-defined]
_built: dict[tuple[int, int, tuple[Any, ...]], tuple[Any, Any, Any]] = {}


def _settings(ctx: Any) -> tuple[Any, ...]:
    return (
        ctx.prefix,
        tuple(map(id, ctx.tags)),
        tuple(map(id, ctx.dependencies)),
        repr(ctx.default_response_class),
        tuple(sorted(map(str, ctx.responses))),
        tuple(map(id, ctx.callbacks)),
        ctx.deprecated,
        ctx.include_in_schema,
        repr(ctx.generate_unique_id_function),
        repr(ctx.strict_content_type),
        ctx.max_body_size,
    )


def _from_api_route(cls: Any, *, original_route: Any, include_context: Any) -> Any:
    router = include_context.included_router
    key = (id(original_route), id(router), _settings(include_context))
    hit = _built.get(key)
    if hit is not None and hit[0] is original_route and hit[1] is router:
        return hit[2]
    context = _original(cls, original_route=original_route, include_context=include_context)
    _built[key] = (original_route, router, context)
    return context


def install() -> None:
    routing._EffectiveRouteContext.from_api_route = classmethod(_from_api_route)  # type: ignore[method-assign,assignment]
