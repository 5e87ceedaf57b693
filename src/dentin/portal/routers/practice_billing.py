"""Billing & Subscription, reduced to what the API needs: the Features card (seed 003)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import tiers
from dentin.portal.routers import practice_pages
from dentin.portal.routers.common import PracticeSession
from dentin.portal.web import csrf_protect, render, runtime

router = APIRouter(prefix="/practice", dependencies=[Depends(csrf_protect)])


@router.get("/{office_id}/billing")
def billing(request: Request, office_id: int, me: PracticeSession) -> Response:
    practice_pages.identity(request, me, office_id)
    context = {
        "title": "Billing & Subscription",
        "features": tiers.features(runtime(request).hq, office_id),
        "unlock": tiers.UNLOCK_HINT,
        "office_id": office_id,
    }
    return render(request, "practice/billing.html", context, area="practice", session=me)
