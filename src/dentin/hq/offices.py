"""Offices as HQ knows them: name, region, API switch, tier, and where their database lives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from dentin.errors import BadRequest, NotFound, OfficeUnavailable
from dentin.hq import audit
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Office

API_MODES = ("Embedded", "Cloud", "Service", "Local")


@dataclass(frozen=True)
class OfficeView:
    id: int
    name: str
    region: str
    api_enabled: bool
    tier: str
    addons: list[str]
    api_mode: str
    database_url: str | None
    created_at: dt.datetime


def _view(office: Office) -> OfficeView:
    return OfficeView(
        id=office.id,
        name=office.name,
        region=office.region,
        api_enabled=office.api_enabled,
        tier=office.tier,
        addons=list(office.addons or []),
        api_mode=office.api_mode,
        database_url=office.database_url,
        created_at=office.created_at,
    )


def create_office(
    hq: HQ,
    *,
    name: str,
    actor: Actor,
    region: str | None = None,
    api_enabled: bool = False,
    database_url: str | None = None,
    tier: str = "standard",
) -> OfficeView:
    name = name.strip()
    if not name:
        raise BadRequest("The office name is required.")
    with hq.transaction() as session:
        office = Office(
            name=name,
            region=region or hq.region,
            api_enabled=api_enabled,
            database_url=database_url,
            tier=tier,
            addons=[],
        )
        session.add(office)
        session.flush()
        audit.record(
            session,
            "office.create",
            actor,
            office_id=office.id,
            subject=name,
            after={"api_enabled": api_enabled, "region": office.region},
        )
        view = _view(office)
    hq.changed()
    return view


def list_offices(hq: HQ) -> list[OfficeView]:
    with hq.read() as session:
        return [_view(o) for o in session.scalars(select(Office).order_by(Office.id))]


def get_office(hq: HQ, office_id: int) -> OfficeView:
    with hq.read() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"There is no office {office_id}.")
        return _view(office)


def find_office(hq: HQ, name: str) -> OfficeView | None:
    with hq.read() as session:
        office = session.scalars(select(Office).where(Office.name == name)).first()
        return _view(office) if office else None


def set_api_enabled(hq: HQ, office_id: int, enabled: bool, actor: Actor) -> OfficeView:
    """The API Setup window's Enabled checkbox; off refuses every key of the office at once."""
    with hq.transaction() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"There is no office {office_id}.")
        before = office.api_enabled
        office.api_enabled = enabled
        audit.record(
            session,
            "office.api_enabled" if enabled else "office.api_disabled",
            actor,
            office_id=office_id,
            subject=office.name,
            before={"api_enabled": before},
            after={"api_enabled": enabled},
        )
        view = _view(office)
    hq.changed()
    return view


def set_unused_token_days(hq: HQ, office_id: int, days: int, actor: Actor) -> None:
    """The per-office "expire keys unused for N days" setting (Dentally's is 14)."""
    if not 1 <= days <= 365:
        raise BadRequest(f"Days must be between 1 and 365, got {days}.")
    with hq.transaction() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise NotFound(f"There is no office {office_id}.")
        before = office.unused_token_days
        office.unused_token_days = days
        audit.record(
            session,
            "office.token_expiry",
            actor,
            office_id=office_id,
            subject=office.name,
            before={"unused_token_days": before},
            after={"unused_token_days": days},
        )
    hq.changed()


def database_url_of(hq: HQ, office_id: int) -> str | None:
    """Where HQ keeps an office's database (None: the default SQLite file), for the registry."""
    with hq.read() as session:
        office = session.get(Office, office_id)
        if office is None:
            raise OfficeUnavailable(f"Office {office_id} is not registered at HQ.")
        if office.api_mode != "Embedded":
            # The database of a connected office lives at the office: HQ never opens it.
            raise OfficeUnavailable(
                f"Office {office_id} is reached through its connector ({office.api_mode} mode); "
                "this needs the office's own server, and HQ does not open its database.",
                code="office_remote",
            )
        return office.database_url
