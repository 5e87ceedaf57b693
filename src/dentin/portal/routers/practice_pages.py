"""Who the practice user is, checked on every page against the office in the address.

The session cookie carries the practice session token from ``hq.practice_sessions``; each page
re-verifies it, so a password reset or a disabled user ends the portal session at once too.
"""

from __future__ import annotations

from fastapi import Request

from dentin.caller import PracticeIdentity
from dentin.errors import Unauthorized
from dentin.hq import practice_sessions
from dentin.hq.context import Actor
from dentin.portal.security import PortalSession
from dentin.portal.web import PortalRefusal, SignInRequired, client_address, runtime


def identity(request: Request, me: PortalSession, office_id: int) -> PracticeIdentity:
    rt = runtime(request)
    try:
        who = practice_sessions.verify(rt.hq, rt.reach, str(me.subject.get("token", "")))
    except Unauthorized as exc:
        raise SignInRequired("practice", expired=exc.code == "session_expired") from None
    if who.office_id != office_id:
        raise PortalRefusal(
            403,
            "This page belongs to another office",
            f"You are signed in to office {who.office_id}, and this page is office {office_id}'s. "
            "Nothing was shown or changed. Sign out and sign in to that office to see it.",
        )
    return who


def admin(request: Request, me: PortalSession, office_id: int) -> PracticeIdentity:
    who = identity(request, me, office_id)
    if not who.is_admin:
        raise PortalRefusal(
            403,
            "Practice administrators only",
            "API Setup can be changed only by a practice administrator; ask one to sign in.",
        )
    return who


def actor(request: Request, who: PracticeIdentity) -> Actor:
    return practice_sessions.actor_of(who, client_address(request))
