"""``Annotated`` dependencies for the office's routers, resolved through the ``OfficeEdge``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dentin.caller import Caller
from dentin.office.edge import (
    RELAYED_CALLER,
    RELAYED_CUSTOMER_KEY,
    Admitted,
    Call,
    OfficeEdge,
    customer_key_in,
)
from dentin.office.registry import OfficeDatabase


def edge_of(request: Request) -> OfficeEdge:
    edge: OfficeEdge = request.app.state.office_edge
    return edge


async def _admitted(request: Request) -> Admitted:
    """Authenticate and admit once per request, whichever dependency asks first.

    ``OfficeDb`` calls this itself rather than depending on it: each level of FastAPI's
    dependency solving costs about as much as the admission (bench/fast_path.py profile).
    """
    state = request.scope.setdefault("state", {})
    done: Admitted | None = state.get("admitted")
    if done is not None:
        return done
    edge = edge_of(request)
    scope = request.scope
    template = getattr(scope.get("route"), "path", None)
    call = Call(
        method=scope["method"],
        # The route's template; building request.url for the fallback costs more than the
        # rest of this function, so only when there is no route.
        template=template if isinstance(template, str) else request.url.path,
        authorization=request.headers.get("authorization"),
        client=request.client.host if request.client else "",
        relayed=scope.get("extensions", {}).get(RELAYED_CALLER),
    )
    caller = await edge.authenticate(call)
    request.state.caller = caller  # metered and logged even if refused below
    admitted = await edge.admit(call, caller)
    request.state.headers = admitted.headers
    request.state.admitted = admitted
    return admitted


async def _office_caller(admitted: Annotated[Admitted, Depends(_admitted)]) -> Caller:
    return admitted.caller


async def _office_db(request: Request) -> OfficeDatabase:
    admitted = await _admitted(request)
    return edge_of(request).database(admitted.caller)


async def _office_edge(request: Request) -> OfficeEdge:
    return edge_of(request)


async def _customer_key(
    request: Request, admitted: Annotated[Admitted, Depends(_admitted)]
) -> str | None:
    """The verified caller's CustomerKey: from its header, or from HQ when HQ relayed it."""
    if admitted.caller.kind != "customer":
        return None
    relayed = request.scope.get("extensions", {}).get(RELAYED_CALLER)
    if relayed is not None:
        key = relayed.get(RELAYED_CUSTOMER_KEY)
        return key if isinstance(key, str) and key else None
    return customer_key_in(request.headers.get("authorization"))


OfficeAdmitted = Annotated[Admitted, Depends(_admitted)]
OfficeCaller = Annotated[Caller, Depends(_office_caller)]
OfficeDb = Annotated[OfficeDatabase, Depends(_office_db)]
OfficeEdgeDep = Annotated[OfficeEdge, Depends(_office_edge)]
OfficeCustomerKey = Annotated[str | None, Depends(_customer_key)]
