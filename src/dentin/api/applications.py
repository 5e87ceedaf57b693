"""``POST /api/v1/developer-applications``: seed 000's form, open to all, pending until decided."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.deps import RuntimeDep
from dentin.bodies import Body
from dentin.hq import applications
from dentin.hq.application_form import parse_form
from dentin.hq.applications import ApplicationView
from dentin.hq.context import Actor
from dentin.responses import json_response
from dentin.wire import od_datetime

router = APIRouter(prefix="/api/v1", tags=["Developer applications"])

APPLICATION_EXAMPLE = {
    "CompanyName": "Bright Smile Software LLC",
    "ContactPhone": "+1 503-555-0142",
    "BillingEmail": "billing@brightsmile.example",
    "BillingAddress": "12 Main St, Salem, OR 97301",
    "ThirdPartyDeveloperName": "Dana Coder",
    "ThirdPartyDeveloperEmail": "dana@coder.example",
    "RequestedPermissions": ["patient:read", "appointment:read", "appointment:create"],
    "Description": "A web app that lets patients book their own hygiene appointments.",
    "LoginEmail": "dana@coder.example",
    "Password": "correct horse battery",
}


def application_json(view: ApplicationView) -> dict[str, Any]:
    """The application as submitted plus its state; never a password or a secret."""
    return {
        "ApplicationNum": view.id,
        "CompanyName": view.company_name,
        "ContactPhone": view.contact_phone,
        "BillingEmail": view.billing_email,
        "BillingAddress": view.billing_address,
        "ThirdPartyDeveloperName": view.third_party_name,
        "ThirdPartyDeveloperEmail": view.third_party_email,
        "RequestedPermissions": view.requested_permissions,
        "Description": view.description,
        "LoginEmail": view.login_email or "",
        "Status": view.status,
        "DateTimeSubmitted": od_datetime(view.submitted_at),
    }


@router.post(
    "/developer-applications",
    status_code=201,
    summary="Apply for developer access (no authentication); pending until an operator decides",
    openapi_extra={
        "requestBody": {"content": {"application/json": {"example": APPLICATION_EXAMPLE}}}
    },
)
async def submit_application(request: Request, rt: RuntimeDep) -> Response:
    body = Body.parse(await request.body())
    form = parse_form(body.fields())
    actor = Actor("applicant", request.client.host if request.client else "")
    rt.attempts.check("application", actor.source, form.login_email or form.billing_email)
    view = await run_in_threadpool(applications.submit, rt.hq, form, actor)
    return json_response(application_json(view), 201)
