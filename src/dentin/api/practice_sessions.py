"""``POST /api/v1/practice/sessions``: a practice user signs in for the office's own pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.deps import RuntimeDep
from dentin.bodies import Body
from dentin.errors import BadRequest
from dentin.hq import practice_sessions
from dentin.responses import json_response
from dentin.wire import ascii_digits, od_datetime, parse_id

router = APIRouter(prefix="/api/v1", tags=["Practice sign-in"])


def _office_num(body: Body) -> int:
    value = body.get("OfficeNum")
    if isinstance(value, str) and ascii_digits(value.strip()):
        value = parse_id(value, "OfficeNum")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadRequest(
            "OfficeNum is required and must be the office's number, e.g. 12.",
            extra={"fields": {"OfficeNum": "required, a positive whole number"}},
        )
    return parse_id(value, "OfficeNum")


@router.post(
    "/practice/sessions",
    status_code=201,
    summary="Sign in as a practice user; the token goes in `Authorization: Practice <token>`",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "example": {"OfficeNum": 1, "UserName": "Admin", "Password": "a long secret"}
                }
            }
        }
    },
)
async def sign_in(request: Request, rt: RuntimeDep) -> Response:
    body = Body.parse(await request.body())
    office_id = _office_num(body)
    user_name = body.str("UserName", required=True, max_length=255) or ""
    password = body.str("Password", required=True, max_length=1024) or ""
    source = request.client.host if request.client else ""
    rt.attempts.check("sign-in", source, f"practice:{office_id}:{user_name}")
    session = await run_in_threadpool(
        practice_sessions.sign_in, rt.hq, rt.reach, office_id, user_name, password, source
    )
    return json_response(
        {
            "Token": session.token,
            "Scheme": practice_sessions.SCHEME,
            "ExpiresAt": od_datetime(session.expires_at),
            "OfficeNum": session.identity.office_id,
            "UserNum": session.identity.user_num,
            "UserName": session.identity.user_name,
            "IsAdmin": session.identity.is_admin,
        },
        201,
    )
