"""What each kind of secret looks like, and how to tell a well-formed one before any lookup.

DeveloperKeys and CustomerKeys keep Open Dental's 16-character shape (seeds 000 and 002) so
existing integrations paste them unchanged. Practice tokens carry a ``dnt_`` prefix, their
region and a CRC32 checksum, GitHub-style, so a typo is refused offline and a leaked token is
recognisable by secret scanners.
"""

from __future__ import annotations

import re
import secrets
import string
import zlib

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
CUSTOMER_ALPHABET = string.ascii_uppercase + string.digits

DEVELOPER_KEY_LENGTH = 16
CUSTOMER_KEY_LENGTH = 16
PORTAL_KEY_LENGTH = 24
TOKEN_PREFIX = "dnt_"  # noqa: S105 (a public prefix, not a secret)
TOKEN_BODY_LENGTH = 30
TOKEN_CHECKSUM_LENGTH = 6

# Open Dental's own keys are mixed-case alphanumerics (the seed's test pair is), and the ones we
# generate are a subset of that, so accept the wider shape when parsing.
_KEY_SHAPE = re.compile(r"[A-Za-z0-9]{16,64}")
_TOKEN_SHAPE = re.compile(r"dnt_([a-z]{2,8})_([0-9A-Za-z]{36})")


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_developer_key() -> str:
    return _random(BASE62, DEVELOPER_KEY_LENGTH)


def new_portal_key() -> str:
    return _random(BASE62, PORTAL_KEY_LENGTH)


def new_customer_key() -> str:
    """16 characters of A-Z0-9, exactly as seed 002's examples (about 82 bits)."""
    return _random(CUSTOMER_ALPHABET, CUSTOMER_KEY_LENGTH)


def looks_like_key(value: str) -> bool:
    return _KEY_SHAPE.fullmatch(value) is not None


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rem = divmod(number, 62)
        chars.append(BASE62[rem])
    return "".join(reversed(chars))


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode()), TOKEN_CHECKSUM_LENGTH)


def new_practice_token(region: str) -> str:
    body = _random(BASE62, TOKEN_BODY_LENGTH)
    return f"{TOKEN_PREFIX}{region}_{body}{_checksum(body)}"


def parse_practice_token(token: str) -> str | None:
    """The token's region if it is well formed and its checksum holds, else None."""
    match = _TOKEN_SHAPE.fullmatch(token)
    if match is None:
        return None
    region, tail = match.groups()
    body, check = tail[:TOKEN_BODY_LENGTH], tail[TOKEN_BODY_LENGTH:]
    if not secrets.compare_digest(_checksum(body), check):
        return None
    return region


def mask(secret: str, keep: int = 4) -> str:
    """A preview that identifies a secret to its owner without disclosing it."""
    if secret.startswith(TOKEN_PREFIX):
        head = secret[: secret.index("_", len(TOKEN_PREFIX)) + 1]
        return f"{head}…{secret[-keep:]}"
    return f"…{secret[-keep:]}"
