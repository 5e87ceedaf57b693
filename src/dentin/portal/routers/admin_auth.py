"""Operator sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import operators
from dentin.portal.routers.common import (
    SignInField,
    actor,
    email_sign_in,
    sign_in_page,
)
from dentin.portal.web import (
    csrf_protect,
    optional_session,
    redirect,
    runtime,
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
    return email_sign_in(request, "admin", TITLE, FIELDS, operators.verify_login, _subject)


def _subject(op: operators.OperatorView) -> dict[str, object]:
    """What the cookie says: who, and the session version it is valid for."""
    return {
        "operator_id": op.id,
        "email": op.email,
        "display": op.name or op.email,
        "v": op.session_version,
    }


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
