"""Practice tokens over HTTP (seed 003's API Keys page as an API), features, and leak reports."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.deps import PracticeUser, RuntimeDep
from dentin.bodies import Body, json_body
from dentin.errors import BadRequest, Unauthorized
from dentin.hq import practice_sessions, practice_tokens, tiers
from dentin.hq.context import Actor
from dentin.hq.practice_tokens import TokenView
from dentin.responses import json_response
from dentin.wire import od_date, od_datetime, parse_id, parse_od_date

router = APIRouter(prefix="/api/v1", tags=["Practice: API keys"])


def token_json(view: TokenView) -> dict[str, Any]:
    return {
        "TokenNum": view.id,
        "Label": view.label,
        "Purpose": view.purpose,
        "SoftwareName": view.software_name,
        "Preview": view.preview,
        "CreatedBy": view.created_by,
        "DateTimeCreated": od_datetime(view.created_at),
        "Scopes": view.scopes,
        "DateExpires": od_date(view.expires_at.date() if view.expires_at else None),
        "LastUsed": od_datetime(view.last_used_at),
        "Status": view.status,
        "RevokedReason": view.revoked_reason,
        "GraceUntil": od_datetime(view.grace_until),
        "LeakReported": view.leak_reported,
        "AgeDays": view.age_days,
        "RotationDue": view.rotation_due,
        "UnusedExpiry": od_datetime(view.unused_expiry_at),
        "NearUnusedExpiry": view.near_unused_expiry,
        "RequestsPerDay": view.requests_per_day,
        "ErrorRate": view.error_rate,
    }


def _actor(request: Request, user: PracticeUser) -> Actor:
    return practice_sessions.actor_of(user, request.client.host if request.client else "")


def _path_int(value: str, name: str) -> int:
    return parse_id(value, name)


@router.get("/practice/features", summary="Billing & Subscription: is API access on?")
async def features(user: PracticeUser, rt: RuntimeDep) -> Response:
    f = await run_in_threadpool(tiers.features, rt.hq, user.office_id)
    return json_response(
        {
            "OfficeNum": f.office_id,
            "Tier": f.tier,
            "AddOns": f.addons,
            "ApiAccess": f.api_access,
            "ApiAccessVia": f.api_access_via,
            "Unlock": "" if f.api_access else tiers.UNLOCK_HINT,
        }
    )


@router.get("/practice/tokens", summary="The office's API keys (masked), with usage")
async def list_tokens(user: PracticeUser, rt: RuntimeDep) -> Response:
    views = await run_in_threadpool(
        practice_tokens.list_tokens, rt.hq, user, rt.meter.pending_last_used
    )
    return json_response([token_json(v) for v in views])


@router.post(
    "/practice/tokens",
    status_code=201,
    summary="Generate an API key (shown once)",
    openapi_extra=json_body(
        required=("Label",),
        texts=("Label", "Purpose", "SoftwareName"),
        days=("ExpiresOn",),
        example={"Label": "Power BI sync", "Scopes": ["patient:read"], "ExpiresOn": "2030-12-31"},
    ),
)
async def create_token(request: Request, user: PracticeUser, rt: RuntimeDep) -> Response:
    body = Body.parse(await request.body())
    raw_scopes = body.get("Scopes")
    if raw_scopes is not None and (
        not isinstance(raw_scopes, list) or not all(isinstance(s, str) for s in raw_scopes)
    ):
        raise BadRequest('Scopes must be a JSON array of strings such as ["patient:read"].')
    expires_raw = body.str("ExpiresOn")
    try:
        expires_on = parse_od_date(expires_raw, "ExpiresOn") if expires_raw else None
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    issued = await run_in_threadpool(
        lambda: practice_tokens.create_token(
            rt.hq,
            user,
            _actor(request, user),
            label=body.str("Label", required=True),
            purpose=body.str("Purpose"),
            software_name=body.str("SoftwareName"),
            requested_scopes=raw_scopes,
            expires_on=expires_on,
        )
    )
    return json_response(
        {"Token": issued.token, **token_json(issued.view)},
        201,
        headers={
            "Location": f"/api/v1/practice/tokens/{issued.view.id}",
            "Cache-Control": "no-store",
        },
    )


@router.post("/practice/tokens/{TokenNum}/revoke", summary="Revoke at once")
async def revoke_token(
    TokenNum: str, request: Request, user: PracticeUser, rt: RuntimeDep
) -> Response:
    token_id = _path_int(TokenNum, "TokenNum")
    view = await run_in_threadpool(
        practice_tokens.revoke_token, rt.hq, user, token_id, _actor(request, user)
    )
    return json_response(token_json(view))


@router.post(
    "/practice/tokens/{TokenNum}/rotate",
    status_code=201,
    summary="Rotate with a grace period",
    openapi_extra=json_body(ids=("GraceDays",), example={"GraceDays": 7}, optional=True),
)
async def rotate_token(
    TokenNum: str, request: Request, user: PracticeUser, rt: RuntimeDep
) -> Response:
    token_id = _path_int(TokenNum, "TokenNum")
    body = Body.parse(await request.body(), required=False)
    grace = body.get("GraceDays")
    if grace is None:
        grace = 0
    if isinstance(grace, bool) or not isinstance(grace, int):
        raise BadRequest("GraceDays must be a whole number of days from 0 to 7.")
    issued = await run_in_threadpool(
        practice_tokens.rotate_token, rt.hq, user, token_id, grace, _actor(request, user)
    )
    return json_response(
        {"Token": issued.token, **token_json(issued.view)},
        201,
        headers={
            "Location": f"/api/v1/practice/tokens/{issued.view.id}",
            "Cache-Control": "no-store",
        },
    )


# The standardwebhooks package's terse reasons, as sentences a scanning partner can act on.
_SIGNATURE_PROBLEMS = {
    "Missing required headers": (
        "the webhook-id, webhook-timestamp and webhook-signature headers are all required"
    ),
    "No matching signature found": "no webhook-signature matches the body",
    "Message timestamp too old": "webhook-timestamp is more than 5 minutes in the past",
    "Message timestamp too new": "webhook-timestamp is more than 5 minutes in the future",
    "Invalid Signature Headers": "webhook-timestamp must be unix seconds",
}


@router.post("/token-leaks", status_code=202, summary="Secret-scanning partners report leaked keys")
async def token_leaks(request: Request, rt: RuntimeDep) -> Response:
    secret = rt.settings.leak_report_secret
    if secret is None:
        raise Unauthorized(
            "Leak reporting is not configured on this deployment.", code="not_configured"
        )
    raw = await request.body()
    try:
        Webhook(secret.get_secret_value()).verify(raw, dict(request.headers), json_parse=False)
    except WebhookVerificationError as exc:
        raise Unauthorized(
            f"The report is not signed correctly: {_SIGNATURE_PROBLEMS.get(str(exc), str(exc))}.",
            code="bad_signature",
        ) from None
    except ValueError:  # binascii.Error: the configured secret is not whsec_ + base64
        raise Unauthorized(
            "Leak reporting is misconfigured on this deployment (its secret is not whsec_ + "
            "base64).",
            code="not_configured",
        ) from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"The body is not valid JSON: {exc}.") from None
    items = data if isinstance(data, list) else None
    if items is None or not all(
        isinstance(i, dict) and isinstance(i.get("token"), str) for i in items
    ):
        raise BadRequest(
            'The body must be a JSON array of objects like {"token": "dnt_...", "url": "..."}.'
        )
    source = request.client.host if request.client else ""
    await run_in_threadpool(
        practice_tokens.report_leaks,
        rt.hq,
        [i["token"] for i in items],
        Actor(f"leak-report:{request.headers.get('webhook-id', '')[:40]}", source),
    )
    # The same answer whether or not any token existed: a report must not become an oracle.
    return json_response({"received": len(items)}, 202)
