"""Operator sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.errors import TooManyRequests, Unauthorized
from dentin.hq import operators
from dentin.portal.routers.common import (
    SignInField,
    actor,
    count_attempt,
    missing_credentials,
    sign_in_page,
)
from dentin.portal.web import (
    client_address,
    csrf_protect,
    optional_session,
    posted,
    redirect,
    runtime,
    safe_next,
    sign_in,
    sign_out,
)

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])
TITLE = "Operator sign-in"
FIELDS: list[SignInField] = [
    ("email", "Email", "email", "username"),
    ("password", "Password", "password", "current-password"),
]


@router.get("/")
def start(request: Request) -> Response:
    if optional_session(request, "admin") is None:
        return redirect(request, "/admin/sign-in")
    return redirect(request, "/admin/applications")


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    return sign_in_page(request, "admin", TITLE, FIELDS)


@router.post("/sign-in")
def sign_in_submit(request: Request) -> Response:
    form = posted(request)
    errors = missing_credentials(form)
    status, headers = 400, {}
    if not errors:
        try:
            count_attempt(request, "sign-in", f"admin:{form['email']}")
            op = operators.verify_login(
                runtime(request).hq,
                form["email"],
                form["password"],
                client_address(request),
            )
        except TooManyRequests as exc:
            errors["_form"] = exc.message
            status, headers = exc.status_code, exc.headers
        except Unauthorized as exc:
            errors["_form"] = exc.message
        else:
            target = safe_next(request, "admin", form.get("next"))
            response = redirect(request, target)
            subject = {
                "operator_id": op.id,
                "email": op.email,
                "display": op.name or op.email,
                "v": op.session_version,
            }
            return sign_in(request, response, "admin", subject)
    values = {"email": form.get("email", ""), "next": form.get("next", "")}
    return sign_in_page(
        request,
        "admin",
        TITLE,
        FIELDS,
        values=values,
        errors=errors,
        status=status,
        headers=headers,
    )


@router.post("/sign-out")
def sign_out_submit(request: Request) -> Response:
    """Ends every session of the account, so a copied cookie is signed out too."""
    me = optional_session(request, "admin")
    if me is not None:
        operators.end_sessions(
            runtime(request).hq,
            int(me.subject["operator_id"]),
            actor(request, me),
        )
    return sign_out(
        request, redirect(request, "/admin/sign-in", flash="You are signed out."), "admin"
    )
