"""Developers apply (seed 000's form), sign in and sign out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin import scopes
from dentin.errors import BadRequest, DentinError
from dentin.hq import applications
from dentin.hq.application_form import parse_form
from dentin.hq.context import Actor
from dentin.portal.routers.common import (
    SignInField,
    actor,
    count_attempt,
    email_sign_in,
    sign_in_page,
)
from dentin.portal.web import (
    checked,
    client_address,
    csrf_protect,
    optional_session,
    posted,
    redirect,
    render,
    runtime,
    sign_out,
)

router = APIRouter(prefix="/developer", dependencies=[Depends(csrf_protect)])
TITLE = "Developer sign-in"
FIELDS: list[SignInField] = [
    ("email", "Email", "email", "username"),
    ("password", "Password", "password", "current-password"),
]
# (wire name, label, input type, required, hint)
APPLY_FIELDS: list[tuple[str, str, str, bool, str]] = [
    ("CompanyName", "Product/Integration Owner (Company Name)", "text", True, ""),
    ("ContactPhone", "Contact Phone Number", "tel", True, "7 to 15 digits, e.g. +1 555 010 0100"),
    ("BillingEmail", "Email address for long-term billing", "email", True, ""),
    ("BillingAddress", "Mailing address for long-term billing", "textarea", True, ""),
    ("ThirdPartyDeveloperName", "3rd Party Developer Name (if any)", "text", False, ""),
    ("ThirdPartyDeveloperEmail", "3rd Party Developer Email Address", "email", False, ""),
    (
        "Description",
        "A description of the application you are intending to build (type and purpose)",
        "textarea",
        True,
        "",
    ),
]


@router.get("/")
def start(request: Request) -> Response:
    if optional_session(request, "developer") is None:
        return redirect(request, "/developer/sign-in")
    return redirect(request, "/developer/account")


@router.get("/apply")
def apply_form(request: Request) -> Response:
    return _apply_page(request, {}, {}, ["patient:read"])


def _apply_page(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str],
    checked: list[str],
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    context = {
        "title": "Apply for API access",
        "fields": APPLY_FIELDS,
        "values": values,
        "errors": errors,
        "checked": checked,
        "resources": scopes.RESOURCES,
        "actions": scopes.ACTIONS,
    }
    return render(
        request,
        "developer/apply.html",
        context,
        status=status,
        area="developer",
        headers=headers,
    )


@router.post("/apply")
def apply_submit(request: Request) -> Response:
    form = posted(request)
    requested = checked(request, "RequestedPermissions")
    values = {k: v for k, v in form.items() if k not in ("Password", "PasswordAgain")}
    errors: dict[str, str] = {}
    if not form.get("LoginEmail"):
        errors["LoginEmail"] = "Enter the email address you will sign in with."
    if not form.get("Password"):
        errors["Password"] = "Choose a password of at least 12 characters."  # noqa: S105
    elif form.get("Password") != form.get("PasswordAgain"):
        errors["PasswordAgain"] = "The two passwords differ; type the same one twice."
    data: dict[str, object] = {**form, "RequestedPermissions": requested}
    data.pop("PasswordAgain", None)
    try:
        parsed = parse_form(data)
    except BadRequest as exc:
        errors = {**exc.extra.get("fields", {"_form": exc.message}), **errors}
        parsed = None
    if errors or parsed is None:
        return _apply_page(request, values, errors, requested, status=400)
    try:
        count_attempt(request, "application", parsed.login_email or parsed.billing_email)
        app = applications.submit(
            runtime(request).hq,
            parsed,
            Actor(f"applicant:{parsed.login_email}", client_address(request)),
        )
    except DentinError as exc:
        fields = exc.extra.get("fields") or {"_form": exc.message}
        return _apply_page(
            request, values, fields, requested, status=exc.status_code, headers=exc.headers
        )
    return render(
        request,
        "developer/applied.html",
        {"title": "Application received", "app": app},
        area="developer",
    )


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    return sign_in_page(request, "developer", TITLE, FIELDS)


@router.post("/sign-in")
def sign_in_submit(request: Request) -> Response:
    return email_sign_in(request, "developer", TITLE, FIELDS, applications.verify_login, subject_of)


def subject_of(login: applications.DeveloperLogin) -> dict[str, object]:
    """What the cookie says: who, and the session version it is valid for."""
    return {
        "developer_id": login.developer_id,
        "email": login.login_email,
        "display": login.company_name,
        "v": login.session_version,
    }


@router.post("/sign-out")
def sign_out_submit(request: Request) -> Response:
    """Ends every session of the account, so a copied cookie is signed out too."""
    me = optional_session(request, "developer")
    if me is not None:
        applications.end_sessions(
            runtime(request).hq,
            int(me.subject["developer_id"]),
            actor(request, me),
        )
    response = redirect(request, "/developer/sign-in", flash="You are signed out.")
    return sign_out(request, response, "developer")
