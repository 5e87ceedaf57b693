"""Verifying credentials, behind the verification cache.

A cache hit is one digest and a dictionary lookup. A miss does the database lookups and stores
either the verified ``Caller`` or the refusal (so a disabled key hammering the API costs no
queries), under a digest of the header and with refusals bounded apart; both are dropped the
moment anything about credentials changes (see ``VerificationCache``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.caller import Caller
from dentin.errors import Forbidden, Unauthorized
from dentin.gateway.credentials import BearerToken, KeyPair, parse
from dentin.gateway.single_flight import SingleFlight
from dentin.hq import practice_tokens, tiers
from dentin.hq.context import HQ
from dentin.hq.customer_keys import DISABLED_BY_CUSTOMER, DISABLED_BY_DEVELOPER, ENABLED
from dentin.hq.models import CustomerKey, Developer, DeveloperSecret, Office, PracticeToken
from dentin.keys import formats
from dentin.keys.cache import VerificationCache
from dentin.wire import od_date, od_datetime, utcnow

Purpose = Literal["customer", "portal"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A cached refusal; a fresh exception is raised each time so tracebacks never pile up."""

    message: str
    code: str
    status: int = 401

    def raise_(self) -> None:
        if self.status == 403:
            raise Forbidden(self.message, code=self.code)
        raise Unauthorized(self.message, code=self.code)


Verdict = Caller | Refusal


class Authenticator:
    def __init__(
        self,
        hq: HQ,
        cache: VerificationCache[Verdict] | None = None,
        *,
        pending_last_used: Callable[[str], dt.datetime | None] = lambda _meter: None,
        region_urls: dict[str, str] | None = None,
        user_rights: Callable[[int, int], frozenset[str] | None] | None = None,
    ) -> None:
        self.hq = hq
        # (office, user) -> a practice user's current rights, or None when gone or disabled.
        self.user_rights = user_rights
        self.pending_last_used = pending_last_used
        self.region_urls = region_urls or {}
        self.cache: VerificationCache[Verdict] = cache if cache is not None else VerificationCache()
        self._flights: SingleFlight[Caller] = SingleFlight()

    def cached(self, header: str | None, purpose: Purpose) -> Caller | None:
        """The hot path: a verified caller from the cache, or None on a miss."""
        if header is None:
            return None
        verdict = self.cache.get(purpose + header)
        if verdict is None:
            return None
        if isinstance(verdict, Refusal):
            verdict.raise_()
        caller: Caller = verdict  # type: ignore[assignment]
        if caller.valid_until < time.time():
            return None
        return caller

    async def averify(self, header: str | None, purpose: Purpose) -> Caller:
        """``verify`` from the event loop: a hit at once; on a miss one lookup on a thread per
        credential, whatever the number of requests carrying it (gateway/single_flight.py)."""
        hit = self.cached(header, purpose)
        if hit is not None:
            return hit
        # Never the key's text; and per cache generation, as the cache stores answers: a
        # request that comes after a change (a key revoked) never joins a lookup from before.
        flight = self.cache.digest(purpose + (header or "")) + b"%d" % self.cache.generation
        return await self._flights.run(
            flight, lambda: to_thread.run_sync(self.verify, header, purpose)
        )

    def verify(self, header: str | None, purpose: Purpose) -> Caller:
        hit = self.cached(header, purpose)
        if hit is not None:
            return hit
        credential = parse(header, portal=purpose == "portal")
        if isinstance(credential, BearerToken) and purpose == "portal":
            raise Unauthorized(
                "This endpoint needs a developer's ODFHIR key pair, not a Bearer token. "
                "Send `Authorization: ODFHIR {DeveloperKey}/{DeveloperPortalKey}`.",
                code="unsupported_scheme",
            )
        generation = self.cache.generation
        try:
            if isinstance(credential, BearerToken):
                caller = self._token(credential.token)
            else:
                caller = self._lookup(credential, purpose)
        except (Unauthorized, Forbidden) as refusal:
            if refusal.code not in ("unknown_developer_key", "unknown_token", "malformed_token"):
                self.cache.put(
                    purpose + (header or ""),
                    Refusal(refusal.message, refusal.code, refusal.status_code),
                    generation,
                    negative=True,
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
                    "The DeveloperKey is not recognised. Check it in the Developer Portal"
                    + self._other_regions_hint()
                    + ".",
                    code="unknown_developer_key",
                )
            developer = _developer_of(session, dev_secret)
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
        return _customer_row(session, developer, row)

    def _other_regions_hint(self) -> str:
        others = {r: u for r, u in self.region_urls.items() if r != self.hq.region}
        if not others:
            return ""
        listed = ", ".join(f"{r}: {u}" for r, u in sorted(others.items()))
        return f"; if it was issued in another region, call that region's API ({listed})"

    # -- identities: what a credential is, without its secret (Service snapshots) -----------

    def identify(self, header: str | None) -> str | None:
        """The identity a header names (``c:{DeveloperKey id}:{CustomerKey id}`` or
        ``t:{token id}``), or None when it names no row. Secrets stay here: an office keeps
        only its own digest of the header and this identity."""
        try:
            credential = parse(header)
        except Unauthorized:
            return None
        digest = self.hq.hasher.digest
        with self.hq.read() as session:
            if isinstance(credential, BearerToken):
                token_id = session.scalars(
                    select(PracticeToken.id).where(
                        PracticeToken.token_hash == digest(credential.token)
                    )
                ).first()
                return None if token_id is None else f"t:{token_id}"
            secret_id = session.scalars(
                select(DeveloperSecret.id).where(
                    DeveloperSecret.secret_hash == digest(credential.developer_key),
                    DeveloperSecret.kind == "developer",
                )
            ).first()
            key_id = session.scalars(
                select(CustomerKey.id).where(CustomerKey.key_hash == digest(credential.second_key))
            ).first()
            if secret_id is None or key_id is None:
                return None
            return f"c:{secret_id}:{key_id}"

    def office_verdicts(self, office_id: int) -> dict[str, Verdict]:
        """The verdict on every identity of one office's keys and tokens, as ``verify`` gives
        it for the credential itself (without side effects such as expiring an unused token).
        """
        verdicts: dict[str, Verdict] = {}
        tokens: dict[int, tuple[Caller, int, str]] = {}
        with self.hq.read() as session:
            keys = session.scalars(
                select(CustomerKey).where(CustomerKey.office_id == office_id)
            ).all()
            secrets = session.scalars(
                select(DeveloperSecret).where(
                    DeveloperSecret.developer_id.in_({k.developer_id for k in keys}),
                    DeveloperSecret.kind == "developer",
                )
            ).all()
            for key in keys:
                for dev_secret in secrets:
                    if dev_secret.developer_id != key.developer_id:
                        continue
                    identity = f"c:{dev_secret.id}:{key.id}"
                    try:
                        developer = _developer_of(session, dev_secret)
                        verdicts[identity] = _customer_row(session, developer, key)
                    except (Unauthorized, Forbidden) as refusal:
                        verdicts[identity] = _refusal(refusal)
            rows = session.scalars(
                select(PracticeToken).where(PracticeToken.office_id == office_id)
            ).all()
            for row in rows:
                try:
                    caller, creator, preview, unused_days = self._token_row(session, row)
                except (Unauthorized, Forbidden) as refusal:
                    verdicts[f"t:{row.id}"] = _refusal(refusal)
                    continue
                if unused_days:
                    verdicts[f"t:{row.id}"] = _refusal(_unused(unused_days))
                else:
                    tokens[row.id] = (caller, creator, preview)
        rights: dict[int, frozenset[str] | None] = {}
        for token_id, (caller, creator, preview) in tokens.items():
            if self.user_rights is not None and creator not in rights:
                rights[creator] = self.user_rights(office_id, creator)
            try:
                verdicts[f"t:{token_id}"] = (
                    caller
                    if self.user_rights is None
                    else self._narrow(caller, creator, preview, rights[creator])
                )
            except Unauthorized as refusal:
                verdicts[f"t:{token_id}"] = _refusal(refusal)
        return verdicts

    def _narrow(
        self, caller: Caller, creator: int, preview: str, rights: frozenset[str] | None
    ) -> Caller:
        """A token never does more than its creator may do now, not just at creation."""
        if rights is None:
            raise Unauthorized(
                f"The practice user who created the API key {preview} no longer exists or "
                "is disabled; a current user must generate a new key.",
                code="token_creator_disabled",
            )
        return dataclasses.replace(caller, permissions=caller.permissions & rights)

    def _token(self, token: str) -> Caller:
        """A practice Bearer token: checksum offline first, then one indexed lookup."""
        region = formats.parse_practice_token(token)
        if region is None:
            raise Unauthorized(
                "The Bearer token is not a dentin API key: it must look like dnt_<region>_… and "
                "its checksum does not match. Copy the whole key again.",
                code="malformed_token",
            )
        if region != self.hq.region:
            url = self.region_urls.get(region)
            where = f"use {url}" if url else f"use the {region!r} region's API"
            raise Unauthorized(
                f"This API key was issued in the {region!r} region and this is the "
                f"{self.hq.region!r} region: {where}.",
                code="wrong_region",
            )
        with self.hq.read() as session:
            row = session.scalars(
                select(PracticeToken).where(
                    PracticeToken.token_hash == self.hq.hasher.digest(token)
                )
            ).first()
            if row is None:
                raise Unauthorized("The API key is not recognised.", code="unknown_token")
            caller, creator, preview, unused_days = self._token_row(session, row)
        if unused_days:
            practice_tokens.expire_unused(self.hq, caller.token_id or 0, unused_days)
            raise _unused(unused_days)
        if self.user_rights is None:
            return caller
        return self._narrow(
            caller, creator, preview, self.user_rights(caller.office_id or 0, creator)
        )

    def _token_row(self, session: Session, row: PracticeToken) -> tuple[Caller, int, str, int]:
        """(caller, creator's user number, preview, days unused if it must expire now, else 0)
        for a token row, or its refusal; the creator's rights are applied by the caller."""
        now = utcnow()
        office = session.get(Office, row.office_id)
        assert office is not None
        meter_id = f"token:{row.id}"
        if row.revoked_at is not None:
            if row.revoked_reason == "unused":
                raise _unused(office.unused_token_days)
            reason = {
                "leaked": " after it was found in public",
                "rotated": " when it was rotated",
            }.get(row.revoked_reason, "")
            raise Unauthorized(
                f"The API key {row.preview} was revoked on {od_datetime(row.revoked_at)}"
                f"{reason}; generate a new one.",
                code="token_revoked",
            )
        if row.expires_at is not None and row.expires_at <= now:
            raise Unauthorized(
                f"The API key {row.preview} expired on {od_date(row.expires_at.date())}; "
                "generate a new one.",
                code="token_expired",
            )
        if row.grace_until is not None and row.grace_until <= now:
            raise Unauthorized(
                f"The API key {row.preview} was replaced by rotation and its grace period "
                f"ended on {od_datetime(row.grace_until)}; use the replacement key.",
                code="token_rotated",
            )
        last_used = row.last_used_at
        pending = self.pending_last_used(meter_id)
        if pending is not None and (last_used is None or pending > last_used):
            last_used = pending
        if now - (last_used or row.created_at) > dt.timedelta(days=office.unused_token_days):
            unused_days = office.unused_token_days
            token_id = row.id
        else:
            unused_days = 0
            token_id = 0
        if not tiers.has_api_access(office.tier, office.addons):
            raise Forbidden(
                "This office's subscription no longer includes API access, so its API keys "
                f"are paused. {tiers.UNLOCK_HINT}",
                code="api_access_locked",
            )
        ends = [t for t in (row.expires_at, row.grace_until) if t is not None]
        valid_until = min(ends).replace(tzinfo=dt.UTC).timestamp() if ends else float("inf")
        headers: tuple[tuple[str, str], ...] = ()
        if now - row.created_at > dt.timedelta(days=practice_tokens.ROTATION_DUE_DAYS):
            headers = (
                (
                    "Dentin-Token-Rotation-Due",
                    f"true; created {od_date(row.created_at.date())}; rotate keys every "
                    f"{practice_tokens.ROTATION_DUE_DAYS} days",
                ),
            )
        creator, preview = row.user_num, row.preview
        caller = Caller(
            kind="token",
            developer_id=None,
            developer_name=row.software_name or row.label,
            permissions=frozenset(row.scopes),
            office_id=row.office_id,
            token_id=row.id,
            meter_id=meter_id,
            extra_headers=headers,
            valid_until=valid_until,
        )
        return caller, creator, preview, unused_days if token_id else 0


def _refusal(refusal: Unauthorized | Forbidden) -> Refusal:
    return Refusal(refusal.message, refusal.code, refusal.status_code)


def _developer_of(session: Session, dev_secret: DeveloperSecret) -> Developer:
    """The developer a DeveloperKey belongs to, refused if the key was rotated or the
    developer is not approved."""
    if dev_secret.retired_at is not None:
        raise Unauthorized(
            f"The DeveloperKey ending in {dev_secret.hint} was rotated on "
            f"{od_date(dev_secret.retired_at.date())}; use the new DeveloperKey.",
            code="rotated_developer_key",
        )
    developer = session.get(Developer, dev_secret.developer_id)
    if developer is None:
        raise Unauthorized("The DeveloperKey is not recognised.", code="unknown_developer_key")
    _check_developer_status(developer)
    return developer


def _customer_row(session: Session, developer: Developer, row: CustomerKey) -> Caller:
    """The caller a developer's CustomerKey row makes, or its refusal."""
    if row.developer_id != developer.id:
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


def _unused(days: int) -> Unauthorized:
    return Unauthorized(
        f"This API key expired after {days} days without use and must be replaced: "
        "generate a new key in Settings → Integrations → API Keys.",
        code="token_expired_unused",
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
