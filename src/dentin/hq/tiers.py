"""Subscription tiers and add-ons (seed 003): API access comes with enterprise, or as an add-on.

Turning API access off stops every practice token of the office on its next request (403 with
the way to unlock it), and turning it back on restores them: nothing is revoked.
"""

from __future__ import annotations

from dataclasses import dataclass

from dentin.errors import BadRequest, Forbidden, NotFound
from dentin.hq import audit
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Office

TIERS = ("standard", "professional", "enterprise")
ADDONS = ("api-access",)
API_ACCESS_ADDON = "api-access"
UNLOCK_HINT = (
    "API access is part of the Enterprise tier and available as the api-access add-on on "
    "lower tiers: an administrator can upgrade or buy the add-on under "
    "Settings → Billing & Subscription."
)


@dataclass(frozen=True)
class Features:
    office_id: int
    tier: str
    addons: list[str]
    api_access: bool
    api_access_via: str  # "tier", "add-on" or ""


def has_api_access(tier: str, addons: list[str] | None) -> bool:
    return tier == "enterprise" or API_ACCESS_ADDON in (addons or [])


def _features(office: Office) -> Features:
    addons = list(office.addons or [])
    via = (
        "tier" if office.tier == "enterprise" else ("add-on" if API_ACCESS_ADDON in addons else "")
    )
    return Features(office.id, office.tier, addons, bool(via), via)


def features(hq: HQ, office_id: int) -> Features:
    with hq.read() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"There is no office {office_id}.")
        return _features(office)


def require_api_access(hq: HQ, office_id: int) -> None:
    if not features(hq, office_id).api_access:
        raise Forbidden(
            "This office's subscription does not include API access, so API keys cannot be "
            f"generated. {UNLOCK_HINT}",
            code="api_access_locked",
        )


def set_tier(
    hq: HQ,
    office_id: int,
    actor: Actor,
    *,
    tier: str | None = None,
    add: list[str] | None = None,
    remove: list[str] | None = None,
) -> Features:
    if tier is not None and tier not in TIERS:
        raise BadRequest(f"Tier {tier!r} is unknown: use one of {', '.join(TIERS)}.")
    for addon in (add or []) + (remove or []):
        if addon not in ADDONS:
            raise BadRequest(f"Add-on {addon!r} is unknown: use one of {', '.join(ADDONS)}.")
    with hq.transaction() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"There is no office {office_id}.")
        before = _features(office)
        if tier is not None:
            office.tier = tier
        addons = [a for a in (office.addons or []) if a not in (remove or [])]
        for addon in add or []:
            if addon not in addons:
                addons.append(addon)
        office.addons = addons
        after = _features(office)
        audit.record(
            session,
            "office.subscription",
            actor,
            office_id=office_id,
            subject=office.name,
            before={"tier": before.tier, "addons": before.addons, "api_access": before.api_access},
            after={"tier": after.tier, "addons": after.addons, "api_access": after.api_access},
        )
    hq.changed()
    return after
