"""``Annotated`` dependency aliases, so route signatures read like prose."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from dentin.caller import Caller, PracticeIdentity
from dentin.errors import Forbidden
from dentin.hq import practice_sessions
from dentin.hq.context import HQ
from dentin.runtime import Runtime


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


async def _portal_caller(request: Request) -> Caller:
    auth = runtime(request).auth
    header = request.headers.get("authorization")
    caller = await auth.averify(header, "portal")
    request.state.caller = caller
    _rate_limit(request, caller)
    return caller


def _rate_limit(request: Request, caller: Caller) -> None:
    """Count the request against its budgets; the headers ride on every response (429 too)."""
    headers = runtime(request).limiter.check(
        caller.developer_tier, caller.meter_id, caller.developer_id
    )
    request.state.headers = [*headers, *caller.extra_headers]


async def _hq(request: Request) -> HQ:
    return runtime(request).hq


async def _runtime(request: Request) -> Runtime:
    # async on purpose: FastAPI runs a plain ``def`` dependency in the thread pool, and a hop
    # there per request costs more than the gateway's own work.
    return runtime(request)


PortalCaller = Annotated[Caller, Depends(_portal_caller)]
HQDep = Annotated[HQ, Depends(_hq)]
RuntimeDep = Annotated[Runtime, Depends(_runtime)]


async def _practice_user(request: Request) -> PracticeIdentity:
    """A signed-in practice user from ``Authorization: Practice <token>`` (API Setup pages)."""
    rt = runtime(request)
    token = practice_sessions.parse_header(request.headers.get("authorization"))
    identity = await run_in_threadpool(practice_sessions.verify, rt.hq, rt.reach, token)
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
