"""Verifying credentials, behind the verification cache.

A cache hit is one dictionary lookup. A miss does the database lookups and stores either the
verified ``Caller`` or the refusal (so a disabled key hammering the API costs no queries); both
are dropped the moment anything about credentials changes (see ``VerificationCache``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import DentinError, Unauthorized
from dentin.gateway.caller import Caller
from dentin.gateway.credentials import KeyPair, parse
from dentin.hq.context import HQ
from dentin.hq.customer_keys import DISABLED_BY_CUSTOMER, DISABLED_BY_DEVELOPER, ENABLED
from dentin.hq.models import CustomerKey, Developer, DeveloperSecret, Office
from dentin.keys.cache import VerificationCache
from dentin.wire import od_date

Purpose = Literal["customer", "portal"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A cached refusal; a fresh exception is raised each time so tracebacks never pile up."""

    message: str
    code: str

    def raise_(self) -> None:
        raise Unauthorized(self.message, code=self.code)


Verdict = Caller | Refusal


class Authenticator:
    def __init__(self, hq: HQ, cache: VerificationCache[Verdict] | None = None) -> None:
        self.hq = hq
        self.cache: VerificationCache[Verdict] = cache if cache is not None else VerificationCache()

    def cached(self, header: str | None, purpose: Purpose) -> Caller | None:
        """The hot path: a verified caller from the cache, or None on a miss."""
        if header is None:
            return None
        verdict = self.cache.get(purpose + header)
        if verdict is None:
            return None
        if isinstance(verdict, Refusal):
            verdict.raise_()
        return verdict  # type: ignore[return-value]

    def verify(self, header: str | None, purpose: Purpose) -> Caller:
        hit = self.cached(header, purpose)
        if hit is not None:
            return hit
        credential = parse(header, portal=purpose == "portal")
        if not isinstance(credential, KeyPair):
            raise Unauthorized(
                "This endpoint needs a developer's ODFHIR key pair, not a Bearer token."
                if purpose == "portal"
                else "Bearer practice tokens are not accepted here yet; use ODFHIR keys.",
                code="unsupported_scheme",
            )
        generation = self.cache.generation
        try:
            caller = self._lookup(credential, purpose)
        except Unauthorized as refusal:
            if refusal.code != "unknown_developer_key":
                self.cache.put(
                    purpose + (header or ""), Refusal(refusal.message, refusal.code), generation
                )
            raise
        self.cache.put(purpose + (header or ""), caller, generation)
        return caller

    # -- the slow path ------------------------------------------------------------------------

    def _lookup(self, pair: KeyPair, purpose: Purpose) -> Caller:
        hasher = self.hq.hasher
        with self.hq.read() as session:
            dev_secret = session.scalars(
                select(DeveloperSecret).where(
                    DeveloperSecret.secret_hash == hasher.digest(pair.developer_key)
                )
            ).first()
            if dev_secret is None or dev_secret.kind != "developer":
                raise Unauthorized(
                    "The DeveloperKey is not recognised. Check it in the Developer Portal.",
                    code="unknown_developer_key",
                )
            if dev_secret.retired_at is not None:
                raise Unauthorized(
                    f"The DeveloperKey ending in {dev_secret.hint} was rotated on "
                    f"{od_date(dev_secret.retired_at.date())}; use the new DeveloperKey.",
                    code="rotated_developer_key",
                )
            developer = session.get(Developer, dev_secret.developer_id)
            if developer is None:
                raise Unauthorized(
                    "The DeveloperKey is not recognised.", code="unknown_developer_key"
                )
            _check_developer_status(developer)
            if purpose == "portal":
                return self._portal(session, developer, pair.second_key)
            return self._customer(session, developer, pair.second_key)

    def _portal(self, session: Session, developer: Developer, key: str) -> Caller:
        digest = self.hq.hasher.digest(key)
        secret = session.scalars(
            select(DeveloperSecret).where(
                DeveloperSecret.secret_hash == digest,
                DeveloperSecret.developer_id == developer.id,
            )
        ).first()
        if secret is None or secret.kind != "portal":
            is_customer_key = session.scalars(
                select(CustomerKey.id).where(CustomerKey.key_hash == digest)
            ).first()
            if is_customer_key is not None or (secret is not None and secret.kind == "developer"):
                raise Unauthorized(
                    "The second key is not your DeveloperPortalKey: /apikeys takes "
                    "`ODFHIR {DeveloperKey}/{DeveloperPortalKey}`, not a CustomerKey. Find the "
                    "DeveloperPortalKey in the Developer Portal.",
                    code="wrong_key_kind",
                )
            raise Unauthorized(
                "The DeveloperPortalKey is not recognised for this DeveloperKey. "
                "Check it in the Developer Portal.",
                code="unknown_portal_key",
            )
        if secret.retired_at is not None:
            raise Unauthorized(
                f"The DeveloperPortalKey ending in {secret.hint} was rotated on "
                f"{od_date(secret.retired_at.date())}; use the new one.",
                code="rotated_portal_key",
            )
        return Caller(
            kind="portal",
            developer_id=developer.id,
            developer_name=developer.company_name,
            permissions=frozenset(p.permission for p in developer.permissions),
            developer_tier=developer.tier,
            meter_id=f"developer:{developer.id}",
        )

    def _customer(self, session: Session, developer: Developer, key: str) -> Caller:
        digest = self.hq.hasher.digest(key)
        row = session.scalars(select(CustomerKey).where(CustomerKey.key_hash == digest)).first()
        if row is None or row.developer_id != developer.id:
            portal = session.scalars(
                select(DeveloperSecret.id).where(
                    DeveloperSecret.secret_hash == digest,
                    DeveloperSecret.developer_id == developer.id,
                    DeveloperSecret.kind == "portal",
                )
            ).first()
            if portal is not None:
                raise Unauthorized(
                    "The second key is your DeveloperPortalKey, which only works with /apikeys. "
                    "Office data takes `ODFHIR {DeveloperKey}/{CustomerKey}`.",
                    code="wrong_key_kind",
                )
            raise Unauthorized(
                "The CustomerKey is not recognised for this DeveloperKey.",
                code="unknown_customer_key",
            )
        if row.status == DISABLED_BY_DEVELOPER:
            raise Unauthorized(
                f"The CustomerKey was disabled by its developer on {od_date(row.date_disabled)}; "
                "re-enable it with PUT /apikeys.",
                code="customer_key_disabled",
            )
        if row.status == DISABLED_BY_CUSTOMER:
            raise Unauthorized(
                "The office has disabled this CustomerKey in its API Setup; the practice must "
                "enable it again.",
                code="customer_key_disabled_by_office",
            )
        if row.status != ENABLED:
            raise Unauthorized(f"The CustomerKey is {row.status}.", code="customer_key_disabled")
        if row.office_id is None:
            raise Unauthorized(
                "The CustomerKey has not been assigned to an office yet: the practice must add "
                "it in Setup > Advanced Setup > API.",
                code="customer_key_unassigned",
            )
        office = session.get(Office, row.office_id)
        if office is None or not office.api_enabled:
            raise Unauthorized(
                "The practice has not enabled the API: it must check Enabled in "
                "Setup > Advanced Setup > API.",
                code="office_api_disabled",
            )
        return Caller(
            kind="customer",
            developer_id=developer.id,
            developer_name=developer.company_name,
            permissions=frozenset(p.permission for p in developer.permissions),
            office_id=office.id,
            customer_key_id=row.id,
            developer_tier=developer.tier,
            meter_id=f"customer_key:{row.id}",
        )


def _check_developer_status(developer: Developer) -> None:
    if developer.status == "approved":
        return
    if developer.status == "suspended":
        raise Unauthorized(
            "This developer account is suspended; contact the platform operator.",
            code="developer_suspended",
        )
    if developer.status == "pending":
        raise Unauthorized(
            "This developer account has not been approved yet.", code="developer_pending"
        )
    raise Unauthorized(f"This developer account is {developer.status}.", code="developer_inactive")


def refusal_of(error: DentinError) -> Refusal:
    return Refusal(error.message, error.code)
