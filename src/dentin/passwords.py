"""People's passwords (developers, practice users, operators): argon2id, never a fast hash.

Unlike machine keys, passwords are chosen by people and guessable, so each check is made
deliberately slow. One shared hasher keeps the parameters in one place; ``needs_rehash`` lets a
later change of parameters upgrade stored hashes at the next successful sign-in.
"""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024

_hasher = PasswordHasher()
# Verified against when the account does not exist, so a miss costs as much as a hit and the
# response time does not reveal which sign-in names exist.
_DUMMY = _hasher.hash("dentin-timing-equaliser")


def problem(password: str) -> str | None:
    """Why this password is refused, as one sentence, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"Password must be at most {MAX_LENGTH} characters long."
    if not password.strip():
        return "Password must not be only spaces."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; an empty or corrupt hash never matches."""
    if not stored_hash:
        _burn(password)
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def _burn(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _hasher.verify(_DUMMY, password)
