"""The developer's two secrets: each new one is shown once, then only its last four characters."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import applications, developers
from dentin.portal.routers import developer_pages
from dentin.portal.routers.common import DeveloperSession, actor
from dentin.portal.web import PortalRefusal, csrf_protect, is_htmx, render, runtime, sign_in

router = APIRouter(prefix="/developer", dependencies=[Depends(csrf_protect)])
KINDS = {
    "developer": ("DeveloperKey", "the first half of every ODFHIR header"),
    "portal": ("DeveloperPortalKey", "used only with /apikeys"),
}


def _context(request: Request, me: DeveloperSession) -> dict[str, object]:
    dev = developer_pages.require_approved(request, me)
    view = developers.get_developer(runtime(request).hq, dev.id)
    return {
        "title": "Keys",
        "kinds": KINDS,
        "hints": {"developer": view.developer_key_hint, "portal": view.portal_key_hint},
        "fresh": {},
    }


@router.get("/keys")
def keys(request: Request, me: DeveloperSession) -> Response:
    return render(
        request, "developer/keys.html", _context(request, me), area="developer", session=me
    )


@router.post("/keys/{kind}/rotate")
def rotate(request: Request, kind: str, me: DeveloperSession) -> Response:
    if kind not in KINDS:
        raise PortalRefusal(404, "No such key", "There are two keys: developer and portal.")
    dev = developer_pages.require_approved(request, me)
    hq = runtime(request).hq
    value = developers.rotate_secret(hq, dev.id, kind, actor(request, me))
    context = _context(request, me)
    context["fresh"] = {kind: value}
    if is_htmx(request):
        context.update(kind=kind, label=KINDS[kind][0], use=KINDS[kind][1])
        response = render(request, "developer/_key_card.html", context)
    else:
        response = render(request, "developer/keys.html", context, area="developer", session=me)
    # The rotation ended every session of the account; this browser asked for it, so it
    # gets a cookie for the new session version and stays signed in.
    version = applications.session_version(hq, dev.id)
    return sign_in(request, response, "developer", {**me.subject, "v": version})
