"""Developer accounts and their two secrets (DeveloperKey, DeveloperPortalKey)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin import scopes
from dentin.errors import BadRequest, NotFound
from dentin.hq import audit, company_names
from dentin.hq.application_form import invalid, parse_form
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Developer, DeveloperPermission, DeveloperSecret
from dentin.keys import formats
from dentin.wire import utcnow

SECRET_KINDS = ("developer", "portal")


@dataclass(frozen=True)
class IssuedSecrets:
    """Returned once, at creation: the only time the plain secrets exist outside the caller."""

    developer_id: int
    developer_key: str
    portal_key: str


@dataclass(frozen=True)
class DeveloperView:
    id: int
    company_name: str
    status: str
    tier: str
    permissions: list[str]
    developer_key_hint: str
    portal_key_hint: str
    created_at: dt.datetime


def _add_secret(hq: HQ, session: Session, developer_id: int, kind: str, value: str) -> None:
    session.add(
        DeveloperSecret(
            developer_id=developer_id,
            kind=kind,
            secret_hash=hq.hasher.digest(value),
            hint=value[-4:],
        )
    )


def create_developer(
    hq: HQ,
    *,
    company_name: str,
    actor: Actor,
    permissions: list[str] | None = None,
    contact_phone: str = "",
    billing_email: str = "",
    billing_address: str = "",
    third_party_name: str = "",
    third_party_email: str = "",
    description: str = "",
    developer_key: str | None = None,
    portal_key: str | None = None,
) -> IssuedSecrets:
    """Create an approved developer directly (operator action) and issue both secrets."""
    company_name = company_name.strip()
    if not company_name:
        raise BadRequest("company_name is required.")
    try:
        granted = scopes.normalize_all(permissions or [])
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    developer_key = developer_key or formats.new_developer_key()
    portal_key = portal_key or formats.new_portal_key()
    with hq.transaction() as session:
        company_names.ensure_free(session, company_name)
        dev = Developer(
            company_name=company_name,
            contact_phone=contact_phone,
            billing_email=billing_email,
            billing_address=billing_address,
            third_party_name=third_party_name,
            third_party_email=third_party_email,
            requested_permissions=granted,
            description=description,
            status="approved",
            decided_at=utcnow(),
        )
        session.add(dev)
        session.flush()
        for permission in granted:
            session.add(DeveloperPermission(developer_id=dev.id, permission=permission))
        _add_secret(hq, session, dev.id, "developer", developer_key)
        _add_secret(hq, session, dev.id, "portal", portal_key)
        audit.record(
            session,
            "developer.create",
            actor,
            developer_id=dev.id,
            subject=company_name,
            after={"status": "approved", "permissions": granted},
        )
        audit.record(
            session,
            "developer_key.create",
            actor,
            developer_id=dev.id,
            subject=f"…{developer_key[-4:]}",
        )
        audit.record(
            session, "portal_key.create", actor, developer_id=dev.id, subject=f"…{portal_key[-4:]}"
        )
        developer_id = dev.id
    hq.changed()
    return IssuedSecrets(developer_id, developer_key, portal_key)


def rotate_secret(hq: HQ, developer_id: int, kind: str, actor: Actor) -> str:
    """Retire the current secret of one kind and issue a new one, effective immediately.

    Every portal session of the developer ends too; the portal re-signs the browser that
    asked for the rotation.
    """
    if kind not in SECRET_KINDS:
        raise BadRequest(f"kind must be one of {', '.join(SECRET_KINDS)}.")
    new_value = formats.new_developer_key() if kind == "developer" else formats.new_portal_key()
    with hq.transaction() as session:
        dev = session.get(Developer, developer_id)
        if dev is None:
            raise NotFound(f"There is no developer {developer_id}.")
        now = utcnow()
        old = session.scalars(
            select(DeveloperSecret).where(
                DeveloperSecret.developer_id == developer_id,
                DeveloperSecret.kind == kind,
                DeveloperSecret.retired_at.is_(None),
            )
        ).all()
        for secret in old:
            secret.retired_at = now
        _add_secret(hq, session, developer_id, kind, new_value)
        # A rotation answers a suspected leak: portal sessions end with the old secret.
        dev.session_version = (dev.session_version or 0) + 1
        audit.record(
            session,
            f"{'developer_key' if kind == 'developer' else 'portal_key'}.rotate",
            actor,
            developer_id=developer_id,
            subject=f"…{new_value[-4:]}",
            before={"hints": [s.hint for s in old]},
            after={"hint": new_value[-4:]},
        )
    hq.changed()
    return new_value


def _view(session: Session, dev: Developer) -> DeveloperView:
    hints = {
        s.kind: s.hint
        for s in session.scalars(
            select(DeveloperSecret).where(
                DeveloperSecret.developer_id == dev.id, DeveloperSecret.retired_at.is_(None)
            )
        )
    }
    return DeveloperView(
        id=dev.id,
        company_name=dev.company_name,
        status=dev.status,
        tier=dev.tier,
        permissions=scopes.normalize_all(p.permission for p in dev.permissions),
        developer_key_hint=hints.get("developer", ""),
        portal_key_hint=hints.get("portal", ""),
        created_at=dev.created_at,
    )


def list_developers(hq: HQ) -> list[DeveloperView]:
    with hq.read() as session:
        return [
            _view(session, d) for d in session.scalars(select(Developer).order_by(Developer.id))
        ]


def get_developer(hq: HQ, developer_id: int) -> DeveloperView:
    with hq.read() as session:
        dev = session.get(Developer, developer_id)
        if dev is None:
            raise NotFound(f"There is no developer {developer_id}.")
        return _view(session, dev)


DETAIL_FIELDS = {
    "ContactPhone": "contact_phone",
    "BillingEmail": "billing_email",
    "BillingAddress": "billing_address",
    "ThirdPartyDeveloperName": "third_party_name",
    "ThirdPartyDeveloperEmail": "third_party_email",
    "Description": "description",
}


def update_details(
    hq: HQ, developer_id: int, details: dict[str, str], actor: Actor
) -> dict[str, str]:
    """Edit the company details of seed 000's form (not the name: offices copy it as DevName).

    ``details`` uses the form's wire names; every bad field is named at once in
    ``extra["fields"]``. Returns the details now stored; the change is audited field by field.
    """
    with hq.read() as session:
        dev = session.get(Developer, developer_id)
        if dev is None:
            raise NotFound(f"There is no developer {developer_id}.")
        current = {wire: str(getattr(dev, attr) or "") for wire, attr in DETAIL_FIELDS.items()}
        company, requested = dev.company_name, list(dev.requested_permissions or ["patient:read"])
    wanted = {**current, **{k: v.strip() for k, v in details.items() if k in DETAIL_FIELDS}}
    try:
        # The application's own rules, so a detail valid on the form stays valid here.
        parse_form({**wanted, "CompanyName": company, "RequestedPermissions": requested})
    except BadRequest as exc:
        fields = {k: v for k, v in exc.extra.get("fields", {}).items() if k in DETAIL_FIELDS}
        if fields:
            raise invalid(fields) from None
        raise
    changed = {k: v for k, v in wanted.items() if v != current[k]}
    if not changed:
        return wanted
    with hq.transaction() as session:
        dev = session.get(Developer, developer_id)
        if dev is None:
            raise NotFound(f"There is no developer {developer_id}.")
        for wire, value in changed.items():
            setattr(dev, DETAIL_FIELDS[wire], value)
        audit.record(
            session,
            "developer.update_details",
            actor,
            developer_id=developer_id,
            subject=dev.company_name,
            before={k: current[k] for k in changed},
            after=changed,
        )
    return wanted
