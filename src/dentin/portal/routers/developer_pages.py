"""What every signed-in developer page needs: who they are now, and whether they may act."""

from __future__ import annotations

from fastapi import Request

from dentin.hq import applications
from dentin.hq.applications import ApplicationView
from dentin.portal.security import PortalSession
from dentin.portal.web import PortalRefusal, runtime


def current(request: Request, me: PortalSession) -> ApplicationView:
    """Re-read on every page: a suspension or new grant shows at once, not at next sign-in."""
    return applications.get_application(runtime(request).hq, int(me.subject["developer_id"]))


def require_approved(request: Request, me: PortalSession) -> ApplicationView:
    dev = current(request, me)
    if dev.status != applications.APPROVED:
        raise PortalRefusal(
            403,
            "Your account cannot use keys right now",
            f"Your developer account is {dev.status}. Keys can be managed once an operator "
            "has approved the account (or reinstated it); see your Account page.",
        )
    return dev
