"""API Setup (seed 000, Setup > Advanced Setup > API): Enabled, Add Key, enable/disable keys."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.errors import DentinError
from dentin.hq import customer_keys, office_setup
from dentin.portal.routers import practice_pages
from dentin.portal.routers.common import PracticeSession
from dentin.portal.web import csrf_protect, posted, redirect, render, runtime

router = APIRouter(prefix="/practice", dependencies=[Depends(csrf_protect)])
NOTE = (
    "This window shows information from HQ, not from your office database. Each key's "
    "permissions are granted to its developer at HQ: you can enable or disable a key, but not "
    "change what it may do."
)


def _page(
    request: Request,
    me: PracticeSession,
    office_id: int,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = office_setup.setup_view(runtime(request).hq, office_id)
    context = {
        "title": "API Setup",
        "setup": view,
        "note": NOTE,
        "office_id": office_id,
        "errors": errors or {},
        "values": values or {},
    }
    return render(
        request, "practice/api_setup.html", context, area="practice", session=me, status=status
    )


@router.get("/{office_id}/api-setup")
def setup(request: Request, office_id: int, me: PracticeSession) -> Response:
    practice_pages.admin(request, me, office_id)
    return _page(request, me, office_id)


@router.post("/{office_id}/api-setup/enabled")
def setup_enabled(request: Request, office_id: int, me: PracticeSession) -> Response:
    who = practice_pages.admin(request, me, office_id)
    form = posted(request)
    enabled = form.get("enabled") == "on"
    office_setup.set_enabled(
        runtime(request).hq, office_id, enabled, practice_pages.actor(request, who)
    )
    message = (
        "The API is enabled for this office."
        if enabled
        else "The API is disabled: every key for this office is refused from now on."
    )
    return redirect(request, f"/practice/{office_id}/api-setup", flash=message)


@router.post("/{office_id}/api-setup/keys")
def setup_add_key(request: Request, office_id: int, me: PracticeSession) -> Response:
    who = practice_pages.admin(request, me, office_id)
    form = posted(request)
    key = form.get("CustomerKey", "")
    if not key:
        return _page(
            request,
            me,
            office_id,
            status=400,
            errors={"CustomerKey": "Paste the CustomerKey your developer gave you."},
        )
    rt = runtime(request)
    try:
        item = office_setup.add_key(
            rt.hq, rt.reach, office_id, key, practice_pages.actor(request, who)
        )
    except DentinError as exc:
        return _page(
            request,
            me,
            office_id,
            errors={"CustomerKey": exc.message},
            values={"CustomerKey": key},
            status=exc.status_code,
        )
    return redirect(
        request,
        f"/practice/{office_id}/api-setup",
        flash=f"Key {item.key.key} from {item.developer_name} added.",
    )


@router.post("/{office_id}/api-setup/keys/{key}")
def setup_key_status(request: Request, office_id: int, key: str, me: PracticeSession) -> Response:
    who = practice_pages.admin(request, me, office_id)
    form = posted(request)
    status = (
        customer_keys.ENABLED
        if form.get("action") == "enable"
        else customer_keys.DISABLED_BY_CUSTOMER
    )
    try:
        office_setup.set_key_status(
            runtime(request).hq, office_id, key, status, practice_pages.actor(request, who)
        )
    except DentinError as exc:
        return _page(request, me, office_id, errors={"_form": exc.message}, status=exc.status_code)
    verb = "enabled" if status == customer_keys.ENABLED else "disabled; it is refused from now on"
    return redirect(request, f"/practice/{office_id}/api-setup", flash=f"Key {key} {verb}.")
