"""Operators' view of offices: region, tier and add-ons, the API switch, and the connector.

An office in Cloud mode is reached through its connector's one outbound link, so the operator
needs to see at a glance whether that link is up (and since when, which version, from where)
and to pair or revoke connectors without a shell on the HQ machine.
"""

from __future__ import annotations

import shlex

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import connectors, offices, tiers
from dentin.portal.routers.common import Operator, actor
from dentin.portal.web import csrf_protect, posted, redirect, render, runtime

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])


@router.get("/offices")
def office_list(request: Request, me: Operator) -> Response:
    rt = runtime(request)
    rows = offices.list_offices(rt.hq)
    context = {
        "title": "Offices",
        "offices": rows,
        "tiers": tiers.TIERS,
        "tier_form": True,
        "links": {o.id: rt.links.state(o.id) for o in rows},
        "credentials": connectors.credentials_by_office(rt.hq),
    }
    return render(request, "admin/offices.html", context, area="admin", session=me)


@router.get("/offices/{office_id}")
def office_detail(request: Request, office_id: int, me: Operator) -> Response:
    return _detail(request, me, office_id)


def _detail(
    request: Request,
    me: Operator,
    office_id: int,
    *,
    pairing: connectors.PairingCode | None = None,
    status: int = 200,
) -> Response:
    rt = runtime(request)
    office = offices.get_office(rt.hq, office_id)
    context = {
        "title": office.name,
        "office": office,
        "link": rt.links.state(office_id),
        "credentials": connectors.credentials(rt.hq, office_id),
        "pairing": pairing,
        "connect_command": _connect_command(request, pairing) if pairing else "",
    }
    return render(request, "admin/office.html", context, area="admin", session=me, status=status)


def _connect_command(request: Request, pairing: connectors.PairingCode) -> str:
    """What the practice runs at the office, with this HQ's address filled in.

    The configured public URL wins: behind a proxy the request's own address is an internal
    one. The URL is quoted because the command is meant to be pasted into a shell.
    """
    configured = runtime(request).settings.public_base_url.strip()
    hq_url = (configured or f"{request.url.scheme}://{request.url.netloc}").rstrip("/")
    return f"dentin office connect --hq {shlex.quote(hq_url)} --code {pairing.code}"


@router.post("/offices/{office_id}/connector/pair")
def office_pair(request: Request, office_id: int, me: Operator) -> Response:
    # The code is rendered into this answer only: HQ keeps its hash, and no redirect or
    # flash cookie carries it, so reloading the office page never shows it again.
    pairing = connectors.create_pairing_code(runtime(request).hq, office_id, actor(request, me))
    return _detail(request, me, office_id, pairing=pairing, status=201)


@router.post("/offices/{office_id}/connector/revoke")
def office_revoke_connector(request: Request, office_id: int, me: Operator) -> Response:
    hq = runtime(request).hq
    office = offices.get_office(hq, office_id)  # an unknown office is a 404, not "0 revoked"
    count = connectors.revoke(hq, office_id, actor(request, me))
    if count:
        plural = "" if count == 1 else "s"
        message = (
            f"Revoked {count} connector credential{plural} of {office.name}; a connected "
            "connector is dropped within a second. Pair a connector again to reconnect."
        )
    else:
        message = f"{office.name} had no live connector credential; nothing was revoked."
    return redirect(request, f"/admin/offices/{office_id}", flash=message)


@router.post("/offices/{office_id}/api")
def office_api(request: Request, office_id: int, me: Operator) -> Response:
    form = posted(request)
    enabled = form.get("enabled") == "1"
    view = offices.set_api_enabled(runtime(request).hq, office_id, enabled, actor(request, me))
    state = "enabled" if enabled else "disabled"
    return redirect(request, "/admin/offices", flash=f"API {state} for {view.name}.")


@router.post("/offices/{office_id}/tier")
def office_tier(request: Request, office_id: int, me: Operator) -> Response:
    form = posted(request)
    addon = [tiers.API_ACCESS_ADDON]
    wants_addon = form.get("addon_api") == "1"
    features = tiers.set_tier(
        runtime(request).hq,
        office_id,
        actor(request, me),
        tier=form.get("tier") or None,
        add=addon if wants_addon else [],
        remove=[] if wants_addon else addon,
    )
    access = "on" if features.api_access else "locked"
    return redirect(
        request,
        "/admin/offices",
        flash=f"Office {office_id} is now {features.tier}; API access {access}.",
    )
