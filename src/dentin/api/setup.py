"""The office's API Setup over HTTP, for a signed-in practice administrator.

Everything shown comes from HQ; the permissions listed are the developer's grants at HQ and
cannot be changed from here (seed 000: "they cannot change those permissions").
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.deps import PracticeAdmin, RuntimeDep
from dentin.bodies import Body
from dentin.errors import BadRequest
from dentin.hq import office_setup, practice_sessions
from dentin.hq.customer_keys import OfficeKeyView
from dentin.hq.office_setup import SetupView
from dentin.responses import json_response
from dentin.wire import od_datetime

router = APIRouter(prefix="/api/v1", tags=["Practice: API Setup"])

NOTE = (
    "This information comes from HQ. Each key's permissions are granted to its developer at HQ; "
    "the practice can enable or disable a key but cannot change its permissions."
)


def key_json(item: OfficeKeyView) -> dict[str, Any]:
    return {
        "CustomerKey": item.key.key,
        "KeyStatus": item.key.status,
        "DevName": item.developer_name,
        "DateTimeAssigned": od_datetime(item.key.datetime_assigned),
        "Permissions": item.permissions,
    }


def setup_json(view: SetupView) -> dict[str, Any]:
    return {
        "OfficeNum": view.office_id,
        "OfficeName": view.office_name,
        "Enabled": view.enabled,
        "Source": "HQ",
        "Note": NOTE,
        "Keys": [key_json(k) for k in view.keys],
    }


def _flag(body: Body, name: str) -> bool:
    value = body.get(name)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if not isinstance(value, bool):
        raise BadRequest(
            f"{name} is required and must be true or false.",
            extra={"fields": {name: "required, true or false"}},
        )
    return value


@router.get("/practice/api-setup", summary="The office's API Setup: Enabled and each key")
async def get_setup(admin: PracticeAdmin, rt: RuntimeDep) -> Response:
    view = await run_in_threadpool(office_setup.setup_view, rt.hq, admin.office_id)
    return json_response(setup_json(view))


@router.put(
    "/practice/api-setup",
    summary="Check or uncheck Enabled; unchecked refuses every key of the office",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"example": {"Enabled": True}}}}
    },
)
async def put_setup(request: Request, admin: PracticeAdmin, rt: RuntimeDep) -> Response:
    enabled = _flag(Body.parse(await request.body()), "Enabled")
    actor = practice_sessions.actor_of(admin, request.client.host if request.client else "")
    view = await run_in_threadpool(office_setup.set_enabled, rt.hq, admin.office_id, enabled, actor)
    return json_response(setup_json(view))


@router.post(
    "/practice/api-setup/keys",
    status_code=201,
    summary="Add Key: paste a CustomerKey from a developer",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"example": {"CustomerKey": "565ATSAH4SZDUTTK"}}}
        }
    },
)
async def add_key(request: Request, admin: PracticeAdmin, rt: RuntimeDep) -> Response:
    body = Body.parse(await request.body())
    key = body.str("CustomerKey", required=True, max_length=64) or ""
    actor = practice_sessions.actor_of(admin, request.client.host if request.client else "")
    item = await run_in_threadpool(
        office_setup.add_key, rt.hq, rt.reach, admin.office_id, key, actor
    )
    return json_response(key_json(item), 201)


@router.put(
    "/practice/api-setup/keys",
    summary="Enable a key or disable it from the practice side (DisabledByCustomer)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "example": {
                        "CustomerKey": "565ATSAH4SZDUTTK",
                        "KeyStatus": "DisabledByCustomer",
                    }
                }
            }
        }
    },
)
async def put_key(request: Request, admin: PracticeAdmin, rt: RuntimeDep) -> Response:
    body = Body.parse(await request.body())
    key = body.str("CustomerKey", required=True, max_length=64) or ""
    status = body.str("KeyStatus", required=True) or ""
    actor = practice_sessions.actor_of(admin, request.client.host if request.client else "")
    item = await run_in_threadpool(
        office_setup.set_key_status, rt.hq, admin.office_id, key, status, actor
    )
    return json_response(key_json(item))
