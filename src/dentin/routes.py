"""Walking the app's route table, whatever way the framework nests included routers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def iter_routes(routes: Iterable[Any]) -> Iterator[tuple[frozenset[str], str]]:
    """(methods, path template) for every endpoint, included routers flattened."""
    for route in routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            for ctx in contexts():
                yield frozenset(ctx.methods or ()), ctx.path
            continue
        path = getattr(route, "path", None)
        if path is not None:
            yield frozenset(getattr(route, "methods", None) or ()), path


def literal_segments(routes: Iterable[Any]) -> Iterator[str]:
    """Every segment the route templates spell out (``Simple`` in ``/patients/Simple``), not
    their parameters, once per template it appears in."""
    for _methods, template in iter_routes(routes):
        for segment in template.split("/"):
            if segment and not segment.startswith("{"):
                yield segment
