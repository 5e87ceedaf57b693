"""Operators' view of offices: region, tier and add-ons, and the API switch."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import offices
from dentin.portal.routers.common import Operator, actor
from dentin.portal.web import csrf_protect, read_form, redirect, render, runtime

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])


@router.get("/offices")
async def office_list(request: Request, me: Operator) -> Response:
    rows = offices.list_offices(runtime(request).hq)
    context = {"title": "Offices", "offices": rows, "tiers": _tiers(), "tier_form": False}
    return render(request, "admin/offices.html", context, area="admin", session=me)


@router.post("/offices/{office_id}/api")
async def office_api(request: Request, office_id: int, me: Operator) -> Response:
    form = await read_form(request)
    enabled = form.get("enabled") == "1"
    view = offices.set_api_enabled(runtime(request).hq, office_id, enabled, actor(request, me))
    state = "enabled" if enabled else "disabled"
    return redirect(request, "/admin/offices", flash=f"API {state} for {view.name}.")


def _tiers() -> list[str]:
    return ["standard", "professional", "enterprise"]
