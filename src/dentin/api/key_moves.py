"""``PUT /api/v1/apikeys/move``: a developer moves a CustomerKey to another office.

A separate route rather than a field on seed 002's ``PUT /apikeys``, so that PUT keeps exactly
the behaviour the seed documents. The move takes effect on the next request.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.apikeys import apikey_json
from dentin.api.deps import PortalCaller, RuntimeDep
from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.hq import office_setup
from dentin.hq.context import Actor
from dentin.responses import json_response
from dentin.wire import parse_id

router = APIRouter(prefix="/api/v1", tags=["Developer Portal: apikeys"])


@router.put(
    "/apikeys/move",
    summary="Move a CustomerKey to another office that already holds one of your keys",
    openapi_extra=json_body(
        required=("CustomerKey", "OfficeNum"),
        texts=("CustomerKey",),
        ids=("OfficeNum",),
        example={"CustomerKey": "565ATSAH4SZDUTTK", "OfficeNum": 12},
    ),
)
async def move_apikey(request: Request, caller: PortalCaller, rt: RuntimeDep) -> Response:
    assert caller.developer_id is not None
    body = Body.parse(await request.body())
    key = body.str("CustomerKey", required=True, max_length=64) or ""
    raw_office = body.get("OfficeNum")
    if raw_office is None:
        raise BadRequest(
            "OfficeNum is required: the number of the office to move the key to, e.g. 12.",
            extra={"fields": {"OfficeNum": "required, a positive whole number"}},
        )
    office = parse_id(raw_office, "OfficeNum")
    actor = Actor(f"developer:{caller.developer_id}", request.client.host if request.client else "")
    moved = await run_in_threadpool(
        office_setup.move_key, rt.hq, rt.reach, caller.developer_id, key, office, actor
    )
    return json_response(apikey_json(moved.key))
