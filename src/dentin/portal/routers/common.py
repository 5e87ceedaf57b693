"""Bits several routers share: the sign-in page, actors, and small form parsing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.responses import Response

from dentin.errors import TooManyRequests, Unauthorized
from dentin.hq.attempt_limits import Kind
from dentin.hq.context import HQ, Actor
from dentin.portal.security import Area, PortalSession
from dentin.portal.web import (
    client_address,
    posted,
    redirect,
    render,
    runtime,
    safe_next,
    session_dependency,
    sign_in,
)

SignInField = tuple[str, str, str, str]  # name, label, input type, autocomplete
Account = TypeVar("Account")

Operator = Annotated[PortalSession, Depends(session_dependency("admin"))]
DeveloperSession = Annotated[PortalSession, Depends(session_dependency("developer"))]
PracticeSession = Annotated[PortalSession, Depends(session_dependency("practice"))]


def sign_in_page(
    request: Request,
    area: Area,
    title: str,
    fields: Sequence[SignInField],
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    values = dict(values or {})
    next_path = safe_next(request, area, values.get("next") or request.query_params.get("next"))
    context: dict[str, Any] = {
        "title": title,
        "fields": fields,
        "values": values,
        "errors": errors or {},
        "next_path": next_path,
    }
    return render(request, "sign_in.html", context, status=status, area=area, headers=headers)


def count_attempt(request: Request, kind: Kind, account: str) -> None:
    """Count a sign-in or application against its budgets (429 ``TooManyRequests`` beyond)."""
    runtime(request).attempts.check(kind, client_address(request), account)


def actor(request: Request, session: PortalSession) -> Actor:
    """Audit rows name the person (by area and login) and the address they came from."""
    who = session.subject.get("email") or session.subject.get("display") or "unknown"
    return Actor(f"{session.area}:{who}", client_address(request))


def int_or_none(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        return None


def missing_credentials(form: dict[str, str]) -> dict[str, str]:
    """The sign-in forms' shared check: each empty field gets its own sentence beside it."""
    errors: dict[str, str] = {}
    if not form.get("email"):
        errors["email"] = "Enter your email address."
    if not form.get("password"):
        errors["password"] = "Enter your password."  # noqa: S105 - a message
    return errors


def email_sign_in(
    request: Request,
    area: Area,
    title: str,
    fields: Sequence[SignInField],
    verify: Callable[[HQ, str, str, str], Account],
    subject: Callable[[Account], dict[str, object]],
) -> Response:
    """The operator and developer sign-in POST: the same budgets, messages and redirect, so
    that neither form can drift into answering differently (a difference is an oracle)."""
    form = posted(request)
    errors = missing_credentials(form)
    status, headers = 400, {}
    if not errors:
        try:
            count_attempt(request, "sign-in", f"{area}:{form['email']}")
            account = verify(
                runtime(request).hq, form["email"], form["password"], client_address(request)
            )
        except TooManyRequests as exc:
            errors["_form"] = exc.message
            status, headers = exc.status_code, exc.headers
        except Unauthorized as exc:
            errors["_form"] = exc.message
        else:
            response = redirect(request, safe_next(request, area, form.get("next")))
            return sign_in(request, response, area, subject(account))
    values = {"email": form.get("email", ""), "next": form.get("next", "")}
    return sign_in_page(
        request, area, title, fields, values=values, errors=errors, status=status, headers=headers
    )
