"""API Keys (seed 003): the office's practice tokens, generate (shown once), rotate, revoke.

Generate and rotate answer into a dialog over HTMX, so the page behind stays a plain GET: a
reload shows only the masked previews. Without JavaScript the same forms post normally and
the token is shown on its own page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin import scopes
from dentin.caller import PracticeIdentity
from dentin.errors import DentinError
from dentin.hq import practice_tokens, tiers
from dentin.hq.practice_tokens import IssuedToken
from dentin.portal.routers import practice_pages
from dentin.portal.routers.common import PracticeSession, int_or_none
from dentin.portal.web import (
    checked,
    csrf_protect,
    is_htmx,
    posted,
    redirect,
    render,
    runtime,
)
from dentin.wire import utcnow

router = APIRouter(prefix="/practice", dependencies=[Depends(csrf_protect)])
GRACE_CHOICES = tuple(range(practice_tokens.MAX_GRACE_DAYS + 1))


def _form_context(
    who: PracticeIdentity,
    office_id: int,
    *,
    values: dict[str, str] | None = None,
    checked: list[str] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    rights = practice_tokens.user_rights(who)
    return {
        "office_id": office_id,
        "resources": scopes.RESOURCES,
        "actions": scopes.ACTIONS,
        "rights": rights,
        "checked": checked if checked is not None else sorted(scopes.READ_SCOPES & rights),
        "values": values or {},
        "errors": errors or {},
        "limits": (
            practice_tokens.LABEL_MAX,
            practice_tokens.PURPOSE_MAX,
            practice_tokens.SOFTWARE_MAX,
        ),
    }


@router.get("/{office_id}/api-keys")
def key_list(request: Request, office_id: int, me: PracticeSession) -> Response:
    who = practice_pages.identity(request, me, office_id)
    rt = runtime(request)
    features = tiers.features(rt.hq, office_id)
    tokens = practice_tokens.list_tokens(rt.hq, who, rt.meter.pending_last_used)
    context = {
        "title": "API Keys",
        "features": features,
        "unlock": tiers.UNLOCK_HINT,
        "tokens": tokens,
        "leaked": [t for t in tokens if t.leak_reported],
        "grace_choices": GRACE_CHOICES,
        "rotation_days": practice_tokens.ROTATION_DUE_DAYS,
        **_form_context(who, office_id),
    }
    return render(request, "practice/api_keys.html", context, area="practice", session=me)


@router.get("/{office_id}/api-keys/new")
def key_new(request: Request, office_id: int, me: PracticeSession) -> Response:
    who = practice_pages.identity(request, me, office_id)
    features = tiers.features(runtime(request).hq, office_id)
    context = {
        "title": "Generate new key",
        "features": features,
        "unlock": tiers.UNLOCK_HINT,
        **_form_context(who, office_id),
    }
    return render(request, "practice/api_key_new.html", context, area="practice", session=me)


@router.post("/{office_id}/api-keys")
def key_create(request: Request, office_id: int, me: PracticeSession) -> Response:
    who = practice_pages.identity(request, me, office_id)
    form = posted(request)
    chosen = checked(request, "scopes")
    values = {k: form.get(k, "") for k in ("label", "purpose", "software", "expires")}
    errors: dict[str, str] = {}
    if not values["label"]:
        errors["label"] = 'Give the key a label that names what it is for, e.g. "Power BI sync".'
    if not chosen:
        errors["scopes"] = "Choose at least one scope; read-only is the safe default."
    expires_on = None
    if values["expires"]:
        try:
            expires_on = dt.date.fromisoformat(values["expires"])
        except ValueError:
            errors["expires"] = "Use a date like 2026-12-31, or leave it empty for no end date."
    issued = None
    if not errors:
        try:
            issued = practice_tokens.create_token(
                runtime(request).hq,
                who,
                practice_pages.actor(request, who),
                label=values["label"],
                purpose=values["purpose"],
                software_name=values["software"],
                requested_scopes=chosen,
                expires_on=expires_on,
            )
        except DentinError as exc:
            errors[_field_of(exc.message)] = exc.message
    if issued is None:
        context = {
            "title": "Generate new key",
            "features": tiers.features(runtime(request).hq, office_id),
            "unlock": tiers.UNLOCK_HINT,
            **_form_context(who, office_id, values=values, checked=chosen, errors=errors),
        }
        template = "practice/_key_form.html" if is_htmx(request) else "practice/api_key_new.html"
        return render(request, template, context, area="practice", session=me, status=400)
    return _issued(request, me, office_id, issued, rotated_grace=None)


def _field_of(message: str) -> str:
    """Put a service refusal next to the field it is about."""
    for prefix, field in (
        ("Label", "label"),
        ("Purpose", "purpose"),
        ("SoftwareName", "software"),
        ("ExpiresOn", "expires"),
        ("Scopes", "scopes"),
        ("A key cannot hold more", "scopes"),
        ("Unknown permission", "scopes"),
    ):
        if message.startswith(prefix):
            return field
    return "_form"


def _issued(
    request: Request,
    me: PracticeSession,
    office_id: int,
    issued: IssuedToken,
    *,
    rotated_grace: dt.datetime | None,
    rotated: bool = False,
) -> Response:
    context = {
        "title": "Your new API key",
        "issued": issued,
        "office_id": office_id,
        "rotated": rotated,
        "grace_until": rotated_grace,
    }
    template = "practice/_key_issued.html" if is_htmx(request) else "practice/api_key_issued.html"
    return render(request, template, context, area="practice", session=me, status=201)


@router.post("/{office_id}/api-keys/{token_id}/revoke")
def key_revoke(request: Request, office_id: int, token_id: int, me: PracticeSession) -> Response:
    who = practice_pages.identity(request, me, office_id)
    view = practice_tokens.revoke_token(
        runtime(request).hq, who, token_id, practice_pages.actor(request, who)
    )
    return redirect(
        request,
        f"/practice/{office_id}/api-keys",
        flash=f"API key {view.label} ({view.preview}) revoked; it is refused from now on.",
    )


@router.post("/{office_id}/api-keys/{token_id}/rotate")
def key_rotate(request: Request, office_id: int, token_id: int, me: PracticeSession) -> Response:
    who = practice_pages.identity(request, me, office_id)
    form = posted(request)
    grace = int_or_none(form.get("grace"))
    issued = practice_tokens.rotate_token(
        runtime(request).hq,
        who,
        token_id,
        grace if grace is not None else -1,
        practice_pages.actor(request, who),
    )
    grace_until = utcnow() + dt.timedelta(days=grace) if grace else None
    return _issued(request, me, office_id, issued, rotated_grace=grace_until, rotated=True)
