"""``Annotated`` dependency aliases, so route signatures read like prose."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from dentin.errors import Forbidden
from dentin.gateway.caller import Caller, PracticeIdentity
from dentin.gateway.permissions import permission_for
from dentin.hq import practice_sessions
from dentin.hq.context import HQ
from dentin.office.registry import OfficeDatabase
from dentin.runtime import Runtime


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


async def _portal_caller(request: Request) -> Caller:
    auth = runtime(request).auth
    header = request.headers.get("authorization")
    caller = auth.cached(header, "portal")
    if caller is None:
        caller = await run_in_threadpool(auth.verify, header, "portal")
    request.state.caller = caller
    _rate_limit(request, caller)
    return caller


def _rate_limit(request: Request, caller: Caller) -> None:
    """Count the request against its budgets; the headers ride on every response (429 too)."""
    headers = runtime(request).limiter.check(
        caller.developer_tier, caller.meter_id, caller.developer_id
    )
    request.state.headers = [*headers, *caller.extra_headers]


async def _office_caller(request: Request) -> Caller:
    """Authenticate, then check the route's permission from the catalogue (403 names it)."""
    auth = runtime(request).auth
    header = request.headers.get("authorization")
    caller = auth.cached(header, "customer")
    if caller is None:
        caller = await run_in_threadpool(auth.verify, header, "customer")
    request.state.caller = caller
    route = request.scope.get("route")
    template = getattr(route, "path", request.url.path)
    needed = permission_for(request.method, template)
    if needed is None:
        raise Forbidden(
            f"{request.method} {template} is not in the permission catalogue, so no key may "
            "call it.",
            code="route_not_catalogued",
        )
    if needed not in caller.permissions:
        raise Forbidden(
            f"This key's developer lacks the permission {needed}; ask the platform operator "
            "to grant it."
            if caller.kind != "token"
            else f"This API key lacks the scope {needed}; generate a key that includes it.",
            code="missing_permission",
            extra={"missing_permission": needed},
        )
    _rate_limit(request, caller)
    return caller


async def _office_db(
    request: Request, caller: Annotated[Caller, Depends(_office_caller)]
) -> OfficeDatabase:
    assert caller.office_id is not None
    return runtime(request).offices.get(caller.office_id)


async def _hq(request: Request) -> HQ:
    return runtime(request).hq


async def _runtime(request: Request) -> Runtime:
    # async on purpose: FastAPI runs a plain ``def`` dependency in the thread pool, and a hop
    # there per request costs more than the gateway's own work.
    return runtime(request)


PortalCaller = Annotated[Caller, Depends(_portal_caller)]
OfficeCaller = Annotated[Caller, Depends(_office_caller)]
OfficeDb = Annotated[OfficeDatabase, Depends(_office_db)]
HQDep = Annotated[HQ, Depends(_hq)]
RuntimeDep = Annotated[Runtime, Depends(_runtime)]


async def _practice_user(request: Request) -> PracticeIdentity:
    """A signed-in practice user from ``Authorization: Practice <token>`` (API Setup pages)."""
    rt = runtime(request)
    token = practice_sessions.parse_header(request.headers.get("authorization"))
    identity = await run_in_threadpool(practice_sessions.verify, rt.hq, rt.offices, token)
    request.state.practice_user = identity
    return identity


async def _practice_admin(
    identity: Annotated[PracticeIdentity, Depends(_practice_user)],
) -> PracticeIdentity:
    if not identity.is_admin:
        raise Forbidden(
            f"{identity.user_name} is not a practice administrator; only administrators may "
            "use the API Setup.",
            code="not_practice_admin",
        )
    return identity


PracticeUser = Annotated[PracticeIdentity, Depends(_practice_user)]
PracticeAdmin = Annotated[PracticeIdentity, Depends(_practice_admin)]
