"""Parsing the Authorization header into its parts, before any lookup.

Open Dental's format is ``ODFHIR {DeveloperKey}/{CustomerKey}`` (seed 000). Integrators often
get it subtly wrong (separate headers, a missing slash, ``Basic``), so every malformed shape gets
its own sentence saying what was received and what is expected, without echoing the secret.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from dentin.errors import Unauthorized
from dentin.keys import formats

ODFHIR_HINT = "Send `Authorization: ODFHIR {DeveloperKey}/{CustomerKey}`."
PORTAL_HINT = "Send `Authorization: ODFHIR {DeveloperKey}/{DeveloperPortalKey}`."


@dataclass(frozen=True, slots=True)
class KeyPair:
    developer_key: str
    second_key: str


@dataclass(frozen=True, slots=True)
class BearerToken:
    token: str


def parse(header: str | None, *, portal: bool = False) -> KeyPair | BearerToken:
    hint = PORTAL_HINT if portal else ODFHIR_HINT
    if header is None or not header.strip():
        raise Unauthorized(
            f"The Authorization header is missing. {hint}", code="missing_credentials"
        )
    scheme, _, value = header.strip().partition(" ")
    scheme_lower = scheme.lower()
    value = value.strip()
    if scheme_lower == "bearer":
        if not value:
            raise Unauthorized("The Bearer token is empty.", code="malformed_credentials")
        return BearerToken(value)
    if scheme_lower == "basic":
        value = _basic_to_pair(value, hint)
    elif scheme_lower != "odfhir":
        raise Unauthorized(_unsupported(scheme_lower, hint), code="unsupported_scheme")
    developer_key, slash, second = value.partition("/")
    if not slash or not developer_key or not second:
        raise Unauthorized(
            "The Authorization value must be two keys separated by a slash, with no spaces. "
            + hint,
            code="malformed_credentials",
        )
    if not formats.looks_like_key(developer_key) or not formats.looks_like_key(second):
        raise Unauthorized(
            "Each key is 16 or more letters and digits; the header holds other characters. " + hint,
            code="malformed_credentials",
        )
    return KeyPair(developer_key, second)


# Registered HTTP authentication schemes (IANA) and a few common ones: only these are named
# back. Anything else may be the credential itself sent without a scheme (``{DeveloperKey}/...``
# or ``ODFHIRabc...`` with the space missing), which must not be echoed.
_KNOWN_SCHEMES = {
    name.lower(): name
    for name in (
        "Token",
        "Digest",
        "Negotiate",
        "NTLM",
        "HOBA",
        "Mutual",
        "OAuth",
        "SCRAM-SHA-1",
        "SCRAM-SHA-256",
        "vapid",
        "AWS4-HMAC-SHA256",
        "PrivateToken",
        "DPoP",
        "GNAP",
        "Concealed",
        "Practice",
        "ApiKey",
        "Key",
        "JWT",
    )
}


def _unsupported(scheme_lower: str, hint: str) -> str:
    known = _KNOWN_SCHEMES.get(scheme_lower)
    if known is not None:
        return f"The Authorization scheme {known!r} is not supported. {hint}"
    return (
        "The Authorization header does not start with a supported scheme (ODFHIR, Basic or "
        f"Bearer followed by a space). {hint}"
    )


def _basic_to_pair(value: str, hint: str) -> str:
    """Some Open Dental clients send ``Basic base64(dev:customer)``; accept it as the same pair."""
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized(
            f"The Basic credentials are not valid base64. {hint}", code="malformed_credentials"
        ) from None
    user, colon, password = decoded.partition(":")
    if not colon:
        raise Unauthorized(
            f"Basic credentials must be DeveloperKey:CustomerKey. {hint}",
            code="malformed_credentials",
        )
    return f"{user}/{password}"
