"""Operators' view of offices: region, tier and add-ons, and the API switch."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import offices, tiers
from dentin.portal.routers.common import Operator, actor
from dentin.portal.web import csrf_protect, read_form, redirect, render, runtime

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])


@router.get("/offices")
async def office_list(request: Request, me: Operator) -> Response:
    rows = offices.list_offices(runtime(request).hq)
    context = {"title": "Offices", "offices": rows, "tiers": tiers.TIERS, "tier_form": True}
    return render(request, "admin/offices.html", context, area="admin", session=me)


@router.post("/offices/{office_id}/api")
async def office_api(request: Request, office_id: int, me: Operator) -> Response:
    form = await read_form(request)
    enabled = form.get("enabled") == "1"
    view = offices.set_api_enabled(runtime(request).hq, office_id, enabled, actor(request, me))
    state = "enabled" if enabled else "disabled"
    return redirect(request, "/admin/offices", flash=f"API {state} for {view.name}.")


@router.post("/offices/{office_id}/tier")
async def office_tier(request: Request, office_id: int, me: Operator) -> Response:
    form = await read_form(request)
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
