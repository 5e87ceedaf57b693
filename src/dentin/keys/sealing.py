"""Secrets that must be shown again (CustomerKeys), kept encrypted at rest.

A CustomerKey cannot be hashed away like a DeveloperKey: seed 002's ``GET /apikeys`` lists it
back to its developer, and seed 000's ``SELECT CustApiKey FROM apikey`` shows it to the office.
So the value is sealed with AES-256-GCM under a key derived from the server secret, and looked
up by its keyed hash. A copied database file alone then reveals no key.

Sealed text is ``sealed:v1:<base64url(nonce ‖ ciphertext ‖ tag)>``; the ``context`` (what the
value is, e.g. ``customer_key``) is bound as associated data, so a sealed value moved to another
column does not open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "sealed:v1:"
_NONCE = 12


class SealError(ValueError):
    """The sealed text is corrupt, or was sealed under another server secret or context."""


class Sealer:
    __slots__ = ("_aead",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError("the sealing secret must be at least 16 bytes")
        # A key of its own, so the sealing key is never the hashing pepper itself.
        key = hmac.new(secret, b"dentin-sealing-v1", hashlib.sha256).digest()
        self._aead = AESGCM(key)

    def seal(self, value: str, context: str) -> str:
        nonce = os.urandom(_NONCE)
        blob = nonce + self._aead.encrypt(nonce, value.encode(), context.encode())
        return PREFIX + base64.urlsafe_b64encode(blob).decode().rstrip("=")

    def open(self, sealed: str, context: str) -> str:
        """The clear value; text without the prefix is a row written before sealing existed."""
        if not is_sealed(sealed):
            return sealed
        text = sealed[len(PREFIX) :]
        try:
            blob = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            if len(blob) <= _NONCE:
                raise SealError("sealed value is too short")
            return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], context.encode()).decode()
        except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
            raise SealError(
                "a sealed value could not be opened: it is corrupt or was sealed under "
                "another DENTIN_SECRET_KEY"
            ) from exc


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)
