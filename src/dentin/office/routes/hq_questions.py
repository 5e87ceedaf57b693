"""What HQ may ask a connected office about over its link, since HQ never opens its database.

Only the connector's office app serves these, and only to HQ's own questions (the link marks
them); a client's request relayed by HQ always targets ``/api/v1`` and never reaches them.
What the office records while answering (a sign-in, a lockout) travels back with the answer
and lands in HQ's audit log, as it does for a relayed request.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body
from dentin.caller import Caller
from dentin.errors import BadRequest, NotFound
from dentin.office import apikeys, users
from dentin.office.edge import FROM_HQ, HQ_QUESTIONS, Admitted
from dentin.office.events import report
from dentin.office.outbound import Collected
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import edge_of
from dentin.responses import json_response

router = APIRouter(prefix=HQ_QUESTIONS, include_in_schema=False)
# The connector's edge serves its one office whoever asks; HQ's questions carry no key.
_HQ = Caller(kind="customer", developer_id=None, developer_name="HQ", permissions=frozenset())


def _from_hq(request: Request) -> OfficeDatabase:
    if request.scope.get("extensions", {}).get(FROM_HQ) is not True:
        raise NotFound("There is no such route.")
    return edge_of(request).database(_HQ)


def _collect(request: Request) -> Collected:
    """Events recorded here go back to HQ with the answer (the link reads ``admitted.out``)."""
    out = Collected([])
    request.state.admitted = Admitted(_HQ, out)
    return out


def user_json(user: users.PracticeUserView) -> dict[str, Any]:
    return {
        "UserNum": user.user_num,
        "UserName": user.user_name,
        "IsAdmin": user.is_admin,
        "IsHidden": user.is_hidden,
        "Scopes": sorted(user.scopes),
        "Stamp": user.stamp,
    }


@router.get("/users/{UserNum}/rights")
def user_rights(request: Request, UserNum: int) -> Response:
    """A practice user's rights now (None: gone or disabled), for their practice tokens."""
    rights = users.rights(_from_hq(request), UserNum)
    return json_response({"UserNum": UserNum, "Rights": None if rights is None else sorted(rights)})


@router.get("/users/{UserNum}")
def user(request: Request, UserNum: int) -> Response:
    """A practice user as their session sees them (None: no such user), on every session use."""
    found = users.get_user(_from_hq(request), UserNum)
    return json_response({"User": None if found is None else user_json(found)})


@router.post("/users/sign-in")
async def sign_in(request: Request) -> Response:
    """Check a practice user's password here, where the lockout counters live (``userod``)."""
    db = _from_hq(request)
    body = Body.parse(await request.body())
    user_name = body.str("UserName", required=True, max_length=255) or ""
    password = body.str("Password", required=True, max_length=1024) or ""
    source = body.str("Source", max_length=64) or ""
    out = _collect(request)
    view = await run_in_threadpool(users.verify, out, db, user_name, password, source)
    return json_response({"User": user_json(view)})


@router.put("/apikeys")
async def mirror_apikeys(request: Request) -> Response:
    """HQ's whole list of this office's CustomerKeys; the ``apikey`` table is made to match."""
    db = _from_hq(request)
    keys = Body.parse(await request.body()).get("Keys")
    if not isinstance(keys, list) or not all(
        isinstance(k, dict)
        and isinstance(k.get("CustomerKey"), str)
        and isinstance(k.get("DevName"), str)
        for k in keys
    ):
        raise BadRequest("Keys must be a list of {CustomerKey, DevName}.")
    held = [(str(k["CustomerKey"]), str(k["DevName"])) for k in keys]
    written, removed = await run_in_threadpool(apikeys.mirror, db, held)
    return json_response({"Held": len(held), "Written": written, "Removed": removed})


@router.post("/events/report")
async def events_report(request: Request) -> Response:
    """One CustomerKey's API Events subscriptions here, for its developer's portal page."""
    db = _from_hq(request)
    body = Body.parse(await request.body())
    key = body.str("CustomerKey", required=True, max_length=64) or ""
    days = body.get("Days")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
        raise BadRequest("Days must be a whole number from 1 to 90.")
    found = await run_in_threadpool(report.for_key, db, key, days)
    return json_response({"Reports": report.to_json(found)})
