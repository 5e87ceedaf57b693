"""``/api/v1/apikeys`` exactly as seed 002 shows it, for ``ODFHIR {DeveloperKey}/{DeveloperPortalKey}``."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.deps import PortalCaller, RuntimeDep
from dentin.bodies import Body, json_body
from dentin.errors import NotFound
from dentin.hq import customer_keys
from dentin.hq.context import Actor
from dentin.hq.customer_keys import CustomerKeyView
from dentin.hq.models import DEV_REF_ID_MAX
from dentin.responses import json_response, raw_json
from dentin.wire import od_date, od_datetime

router = APIRouter(prefix="/api/v1", tags=["Developer Portal: apikeys"])

APIKEY_EXAMPLE = {
    "CustomerKey": "565ATSAH4SZDUTTK",
    "KeyStatus": "Enabled",
    "DateCreated": "2025-06-12",
    "DateDisabled": "0001-01-01",
    "DateTimeAssigned": "0001-01-01 00:00:00",
    "DevRefId": "",
}


def apikey_json(view: CustomerKeyView) -> dict[str, Any]:
    """Seed 002's object, field for field and in its order."""
    return {
        "CustomerKey": view.key,
        "KeyStatus": view.status,
        "DateCreated": od_date(view.date_created),
        "DateDisabled": od_date(view.date_disabled),
        "DateTimeAssigned": od_datetime(view.datetime_assigned),
        "DevRefId": view.dev_ref_id,
    }


def _actor(request: Request, developer_id: int | None) -> Actor:
    host = request.client.host if request.client else ""
    return Actor(f"developer:{developer_id}", host)


@router.get(
    "/apikeys",
    summary="List all CustomerKeys of the calling developer",
    responses={200: {"content": {"application/json": {"example": [APIKEY_EXAMPLE]}}}},
)
async def list_apikeys(caller: PortalCaller, rt: RuntimeDep) -> Response:
    assert caller.developer_id is not None
    cache_key = str(caller.developer_id)
    body = rt.listings.get(cache_key)
    if body is None:
        generation = rt.listings.generation
        views = await run_in_threadpool(
            customer_keys.list_customer_keys, rt.hq, caller.developer_id
        )
        body = orjson.dumps([apikey_json(v) for v in views])
        rt.listings.put(cache_key, body, generation)
    return raw_json(body)


@router.post(
    "/apikeys",
    status_code=201,
    summary="Create a new Enabled CustomerKey",
    responses={201: {"content": {"application/json": {"example": APIKEY_EXAMPLE}}}},
)
async def create_apikey(request: Request, caller: PortalCaller, rt: RuntimeDep) -> Response:
    assert caller.developer_id is not None
    body = Body.parse(await request.body(), required=False)
    dev_ref_id = body.str("DevRefId", max_length=DEV_REF_ID_MAX) or ""
    view = await run_in_threadpool(
        customer_keys.create_customer_key,
        rt.hq,
        caller.developer_id,
        _actor(request, caller.developer_id),
        dev_ref_id=dev_ref_id,
    )
    return json_response(
        apikey_json(view), 201, headers={"Location": f"/api/v1/apikeys/{view.key}"}
    )


@router.get("/apikeys/{CustomerKey}", summary="One CustomerKey of the calling developer")
async def get_apikey(CustomerKey: str, caller: PortalCaller, rt: RuntimeDep) -> Response:
    assert caller.developer_id is not None
    view = await run_in_threadpool(
        customer_keys.get_customer_key, rt.hq, caller.developer_id, CustomerKey
    )
    if view is None:
        raise NotFound(f"CustomerKey {CustomerKey!r} was not found among your keys.")
    return json_response(apikey_json(view))


@router.put(
    "/apikeys",
    summary="Update the status or DevRefId of a CustomerKey",
    openapi_extra=json_body(
        required=("CustomerKey",),
        texts=("CustomerKey", "KeyStatus", "DevRefId"),
        example={
            "CustomerKey": "QJXZR4PNK5B8W2HD",
            "KeyStatus": "DisabledByDeveloper",
            "DevRefId": "Sarah's Super Dental",
        },
    ),
)
async def update_apikey(request: Request, caller: PortalCaller, rt: RuntimeDep) -> Response:
    assert caller.developer_id is not None
    body = Body.parse(await request.body())
    key = body.str("CustomerKey", required=True)
    assert key is not None
    status = body.str("KeyStatus")
    dev_ref_id = body.str("DevRefId", max_length=DEV_REF_ID_MAX)
    view = await run_in_threadpool(
        lambda: customer_keys.update_customer_key(
            rt.hq,
            caller.developer_id or 0,
            key,
            _actor(request, caller.developer_id),
            status=status,
            dev_ref_id=dev_ref_id,
        )
    )
    return json_response(apikey_json(view))
