"""Signed session cookies and CSRF tokens for the portal.

Sessions live entirely in a signed cookie (no server-side store), so any HQ node can serve any
page; one cookie per area, scoped to that area's path, so an operator, a developer and a
practice user can be signed in side by side in one browser without seeing each other's cookie.
CSRF uses a random per-browser cookie plus a form token derived from it with the server
secret: a cross-site form can neither read the cookie nor compute the token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from itsdangerous import BadSignature, URLSafeSerializer

Area = Literal["developer", "practice", "admin"]
AREAS: tuple[Area, ...] = ("developer", "practice", "admin")
CSRF_COOKIE = "dentin_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
DEFAULT_SESSION_SECONDS = 8 * 3600


def cookie_name(area: Area) -> str:
    return f"dentin_{area}"


@dataclass(frozen=True)
class PortalSession:
    """Who is signed in to one area, until when."""

    area: Area
    subject: dict[str, Any]
    expires_at: float

    def expired(self, now: float | None = None) -> bool:
        return (now if now is not None else time.time()) >= self.expires_at


@dataclass
class SessionRead:
    """What the cookie said: nothing, a valid session, or a session that ran out."""

    session: PortalSession | None = None
    expired: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class PortalSigner:
    def __init__(self, secret: bytes, session_seconds: int = DEFAULT_SESSION_SECONDS) -> None:
        # A key of its own, derived from the server secret, so no cookie can pass for a hash.
        self._key = hmac.new(secret, b"dentin-portal-v1", hashlib.sha256).digest()
        self._sessions = URLSafeSerializer(self._key, salt="portal-session")
        self._flash = URLSafeSerializer(self._key, salt="portal-flash")
        self.session_seconds = session_seconds

    def dump_session(self, area: Area, subject: dict[str, Any], now: float | None = None) -> str:
        expires = (now if now is not None else time.time()) + self.session_seconds
        return self._sessions.dumps({"a": area, "s": subject, "e": expires})

    def load_session(self, area: Area, value: str | None) -> SessionRead:
        if not value:
            return SessionRead()
        try:
            data = self._sessions.loads(value)
        except BadSignature:
            return SessionRead()
        if not isinstance(data, dict) or data.get("a") != area:
            return SessionRead()
        session = PortalSession(area, dict(data.get("s") or {}), float(data.get("e") or 0))
        if session.expired():
            return SessionRead(expired=True)
        return SessionRead(session=session)

    def csrf_token(self, browser_secret: str) -> str:
        return hmac.new(self._key, b"csrf:" + browser_secret.encode(), hashlib.sha256).hexdigest()

    def csrf_valid(self, browser_secret: str | None, token: str | None) -> bool:
        if not browser_secret or not token:
            return False
        return hmac.compare_digest(self.csrf_token(browser_secret), token)

    def dump_flash(self, message: str) -> str:
        return self._flash.dumps(message)

    def load_flash(self, value: str | None) -> str:
        if not value:
            return ""
        try:
            message = self._flash.loads(value)
        except BadSignature:
            return ""
        return message if isinstance(message, str) else ""


def new_browser_secret() -> str:
    return secrets.token_urlsafe(24)
