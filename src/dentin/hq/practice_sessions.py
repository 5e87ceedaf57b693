"""Practice sign-in: a short-lived, signed session token for the office's own pages (API Setup).

The token is stateless (nothing stored per session) yet revocable where it matters: it is
signed over the user's password stamp, so a password reset ends every session of that user,
and each use re-reads the user, so hiding them (or taking away admin) takes effect at once.
It is sent as ``Authorization: Practice <token>`` to keep it apart from ODFHIR keys and from
personal ``Bearer`` practice tokens.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from dentin.caller import PracticeIdentity
from dentin.errors import DentinError, OfficeUnavailable, Unauthorized
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Office
from dentin.hq.office_reach import OfficeReach, reach_of
from dentin.office import users
from dentin.office.registry import OfficeRegistry
from dentin.wire import utcnow

SCHEME = "Practice"
TOKEN_PREFIX = "dps_"  # noqa: S105
LIFETIME = dt.timedelta(hours=8)
_SHAPE = re.compile(r"dps_(\d{1,12})_(\d{1,12})_(\d{10,12})_([0-9a-f]{64})")
_SIGN_IN_HINT = (
    "Sign in with POST /api/v1/practice/sessions and send `Authorization: Practice <token>`."
)


@dataclass(frozen=True)
class PracticeSession:
    token: str
    expires_at: dt.datetime
    identity: PracticeIdentity


def _identity(user: users.PracticeUserView) -> PracticeIdentity:
    return PracticeIdentity(
        office_id=user.office_id,
        user_num=user.user_num,
        user_name=user.user_name,
        is_admin=user.is_admin,
        scopes=user.scopes,
    )


def _signature(hq: HQ, office_id: int, user_num: int, expires: int, stamp: str) -> str:
    # The "practice-session" label keeps these signatures apart from the key hashes that
    # share the same pepper.
    return hq.hasher.digest(f"practice-session|{office_id}|{user_num}|{expires}|{stamp}")


def _office_exists(hq: HQ, office_id: int) -> bool:
    with hq.read() as session:
        return session.get(Office, office_id) is not None


def sign_in(
    hq: HQ,
    offices: OfficeRegistry | OfficeReach,
    office_id: int,
    user_name: str,
    password: str,
    source: str = "",
) -> PracticeSession:
    """Verify the practice user (with lockout) and issue an 8-hour session token.

    The check runs where the user's row is (the office's ``userod``, over the link for a
    connected office), so the lockout and its audit are the same in every mode."""
    if not _office_exists(hq, office_id):
        raise Unauthorized(
            f"There is no office {office_id}; check the OfficeNum shown in your API Setup.",
            code="bad_login",
        )
    user = reach_of(hq, offices).sign_in(office_id, user_name, password, source)
    expires_at = utcnow() + LIFETIME
    expires = int(expires_at.replace(tzinfo=dt.UTC).timestamp())
    signature = _signature(hq, office_id, user.user_num, expires, user.stamp)
    token = f"{TOKEN_PREFIX}{office_id}_{user.user_num}_{expires}_{signature}"
    return PracticeSession(token, expires_at, _identity(user))


def verify(hq: HQ, offices: OfficeRegistry | OfficeReach, token: str) -> PracticeIdentity:
    """The signed-in user behind a token, re-read from the office, or 401 with the reason."""
    match = _SHAPE.fullmatch(token.strip())
    if match is None:
        raise Unauthorized(
            f"The practice session token is malformed. {_SIGN_IN_HINT}",
            code="malformed_credentials",
        )
    office_id, user_num, expires = (int(g) for g in match.groups()[:3])
    if expires < int(dt.datetime.now(dt.UTC).timestamp()):
        raise Unauthorized(
            f"The practice session has expired. {_SIGN_IN_HINT}", code="session_expired"
        )
    if not _office_exists(hq, office_id):
        raise Unauthorized(
            "The practice session is for an office that no longer exists.", code="invalid_session"
        )
    try:
        user = reach_of(hq, offices).user(office_id, user_num)
    except OfficeUnavailable as exc:
        if exc.code == "office_offline":  # a connected office's link is down: say so, retry
            raise
        raise Unauthorized(
            "The office's database cannot be reached to check the session.", code="invalid_session"
        ) from None
    except DentinError:
        raise Unauthorized(
            "The office's database cannot be reached to check the session.", code="invalid_session"
        ) from None
    if user is None or user.is_hidden:
        raise Unauthorized(
            "The practice user of this session no longer exists or is disabled.",
            code="invalid_session",
        )
    expected = _signature(hq, office_id, user_num, expires, user.stamp)
    if not hmac.compare_digest(expected, match.group(4)):
        raise Unauthorized(
            f"The practice session is not valid (or the password changed since). {_SIGN_IN_HINT}",
            code="invalid_session",
        )
    return _identity(user)


def actor_of(identity: PracticeIdentity, source: str = "") -> Actor:
    """How practice users appear in the audit log."""
    return Actor(f"practice:{identity.office_id}:{identity.user_name}", source)


def parse_header(header: str | None) -> str:
    """The token from ``Authorization: Practice <token>``, or 401 saying what was wrong."""
    if header is None or not header.strip():
        raise Unauthorized(
            f"The Authorization header is missing. {_SIGN_IN_HINT}", code="missing_credentials"
        )
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != SCHEME.lower():
        raise Unauthorized(_unsupported(scheme), code="unsupported_scheme")
    if not value.strip():
        raise Unauthorized(
            f"The practice session token is empty. {_SIGN_IN_HINT}", code="malformed_credentials"
        )
    return value.strip()


# Only these are named back. Anything else may be the token itself sent without its scheme
# (``Practicedps_...`` with the space missing, or a bare token), which must not be echoed.
_KNOWN_SCHEMES = {
    name.lower(): name
    for name in ("ODFHIR", "Bearer", "Basic", "Token", "Digest", "Negotiate", "NTLM", "OAuth")
}


def _unsupported(scheme: str) -> str:
    known = _KNOWN_SCHEMES.get(scheme.lower())
    if known is not None:
        return f"This endpoint needs a practice session, not {known} credentials. {_SIGN_IN_HINT}"
    return (
        "The Authorization header does not start with `Practice` followed by a space. "
        + _SIGN_IN_HINT
    )
