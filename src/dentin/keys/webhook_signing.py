"""Standard Webhooks v1 signatures (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

Used both ways: to verify what secret-scanning partners post to us, and to sign what dentin
posts to developers (API Events). Secrets are ``whsec_`` + base64 of at least 24 random bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The message is not authentic; the text says why, without disclosing the expected value."""


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    raw = secret[len(PREFIX) :] if secret.startswith(PREFIX) else secret
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        raise SignatureError("the signing secret is not whsec_ + base64") from None


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(
    secret: str,
    msg_id: str | None,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: int,
) -> None:
    if not msg_id or not timestamp or not signature:
        raise SignatureError(
            "the webhook-id, webhook-timestamp and webhook-signature headers are all required"
        )
    try:
        ts = int(timestamp)
    except ValueError:
        raise SignatureError("webhook-timestamp must be unix seconds") from None
    if abs(now - ts) > TOLERANCE_SECONDS:
        raise SignatureError(
            f"webhook-timestamp is more than {TOLERANCE_SECONDS} seconds away from our clock"
        )
    expected = sign(secret, msg_id, ts, body)
    for candidate in signature.split():
        if hmac.compare_digest(candidate, expected):
            return
    raise SignatureError("no webhook-signature matches the body")
