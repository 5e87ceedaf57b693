"""Keyed hashes of machine-generated secrets.

Keys have full entropy, so a slow password KDF would only cost every request; an HMAC with a
server-side pepper keeps lookups indexed while making a stolen database useless offline.
"""

from __future__ import annotations

import hashlib
import hmac


class KeyHasher:
    __slots__ = ("_pepper",)

    def __init__(self, pepper: bytes) -> None:
        if len(pepper) < 16:
            raise ValueError("the hashing pepper must be at least 16 bytes")
        self._pepper = pepper

    def digest(self, secret: str) -> str:
        return hmac.new(self._pepper, secret.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def same(a: str, b: str) -> bool:
        return hmac.compare_digest(a, b)
