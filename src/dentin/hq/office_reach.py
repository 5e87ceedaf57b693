"""What HQ does in an office's own database, whichever way the office is reached.

HQ opens the database of an office it hosts (Embedded), and never that of a connected one
(Cloud or Service mode): there the runtime's implementation asks the office over its link.
HQ's actions take an ``OfficeReach`` so that one code path serves both; an ``OfficeRegistry``
still works where only hosted offices can occur (tests, the demo).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dentin.hq.context import HQ
from dentin.office import apikeys, users
from dentin.office.registry import OfficeRegistry


class OfficeReach(Protocol):
    def sign_in(
        self, office_id: int, user_name: str, password: str, source: str
    ) -> users.PracticeUserView:
        """Check a practice user's password where the lockout counters live; audited."""

    def user(self, office_id: int, user_num: int) -> users.PracticeUserView | None:
        """A practice user as they are now (None: no such user)."""

    def copy_keys(
        self, office_id: int, upsert: Sequence[tuple[str, str]] = (), remove: Sequence[str] = ()
    ) -> None:
        """Bring the office's ``apikey`` copy in step with HQ after a key was added or moved."""


class HostedOffices:
    """The offices whose database HQ opens itself; audit events go to HQ's log directly."""

    def __init__(self, hq: HQ, registry: OfficeRegistry) -> None:
        self.hq = hq
        self.registry = registry

    def sign_in(
        self, office_id: int, user_name: str, password: str, source: str
    ) -> users.PracticeUserView:
        return users.verify(self.hq, self.registry.get(office_id), user_name, password, source)

    def user(self, office_id: int, user_num: int) -> users.PracticeUserView | None:
        return users.get_user(self.registry.get(office_id), user_num)

    def copy_keys(
        self, office_id: int, upsert: Sequence[tuple[str, str]] = (), remove: Sequence[str] = ()
    ) -> None:
        db = self.registry.get(office_id)
        for key in remove:
            apikeys.remove(db, key)
        for key, dev_name in upsert:
            apikeys.upsert(db, key, dev_name)


def reach_of(hq: HQ, offices: OfficeRegistry | OfficeReach) -> OfficeReach:
    return HostedOffices(hq, offices) if isinstance(offices, OfficeRegistry) else offices
