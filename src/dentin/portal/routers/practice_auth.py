"""Practice users sign in with their office number, user name and password."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.errors import OfficeUnavailable, TooManyRequests, Unauthorized
from dentin.hq import offices, practice_sessions
from dentin.portal.routers.common import SignInField, count_attempt, int_or_none, sign_in_page
from dentin.portal.web import (
    client_address,
    csrf_protect,
    optional_session,
    posted,
    redirect,
    runtime,
    sign_in,
    sign_out,
)

router = APIRouter(prefix="/practice", dependencies=[Depends(csrf_protect)])
TITLE = "Practice sign-in"
FIELDS: list[SignInField] = [
    ("office", "Office number", "text", "organization"),
    ("user", "User name", "text", "username"),
    ("password", "Password", "password", "current-password"),
]


@router.get("/")
def start(request: Request) -> Response:
    me = optional_session(request, "practice")
    if me is None:
        return redirect(request, "/practice/sign-in")
    return redirect(request, f"/practice/{me.subject.get('office_id')}/api-keys")


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    return sign_in_page(request, "practice", TITLE, FIELDS)


@router.post("/sign-in")
def sign_in_submit(request: Request) -> Response:
    form = posted(request)
    errors: dict[str, str] = {}
    office_id = int_or_none(form.get("office"))
    if office_id is None:
        errors["office"] = "Enter your office number (a whole number, shown in API Setup)."
    if not form.get("user"):
        errors["user"] = "Enter your user name."
    if not form.get("password"):
        errors["password"] = "Enter your password."  # noqa: S105 - a message
    status, headers = 400, {}
    if not errors and office_id is not None:
        rt = runtime(request)
        try:
            count_attempt(request, "sign-in", f"practice:{office_id}:{form['user']}")
            ps = practice_sessions.sign_in(
                rt.hq,
                rt.reach,
                office_id,
                form["user"],
                form["password"],
                client_address(request),
            )
        except TooManyRequests as exc:
            errors["_form"] = exc.message
            status, headers = exc.status_code, exc.headers
        except Unauthorized as exc:
            errors["_form"] = exc.message
        except OfficeUnavailable as exc:  # a connected office whose link is down
            errors["_form"] = exc.message
            status, headers = exc.status_code, exc.headers
        else:
            office = offices.get_office(rt.hq, office_id)
            who = ps.identity
            subject = {
                "token": ps.token,
                "office_id": who.office_id,
                "email": f"{who.office_id}:{who.user_name}",
                "display": f"{who.user_name} · {office.name}",
            }
            home = "api-setup" if who.is_admin else "api-keys"
            next_path = form.get("next", "")
            target = (
                next_path
                if next_path.startswith(f"/practice/{who.office_id}/") and "//" not in next_path
                else f"/practice/{who.office_id}/{home}"
            )
            return sign_in(request, redirect(request, target), "practice", subject)
    values = {k: form.get(k, "") for k in ("office", "user", "next")}
    return sign_in_page(
        request,
        "practice",
        TITLE,
        FIELDS,
        values=values,
        errors=errors,
        status=status,
        headers=headers,
    )


@router.post("/sign-out")
def sign_out_submit(request: Request) -> Response:
    response = redirect(request, "/practice/sign-in", flash="You are signed out.")
    return sign_out(request, response, "practice")
