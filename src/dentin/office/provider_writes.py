"""Adding and changing providers, as Open Dental's Providers POST and PUT do.

Open Dental never deletes a provider (hide it instead), so neither does dentin. A write moves
the provider table's change generation through its trigger (office migration 0006), so every
process's cached abbreviations (office/lookups.py) are reloaded on their next read.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office.clock import office_now
from dentin.office.definitions import Defs
from dentin.office.fields import Fields
from dentin.office.models import Provider
from dentin.office.registry import OfficeDatabase

SPECIALTIES = 35  # Open Dental's DefCat ProviderSpecialties
_SSN = re.compile(r"\d{0,12}")
_TEXTS = (
    ("LName", 100),
    ("FName", 100),
    ("MI", 20),
    ("Suffix", 50),
    ("PreferredName", 100),
    ("StateLicense", 50),
    ("SchedNote", 255),
)
_FLAGS = ("SigOnFile", "UsingTIN")


def create_provider(db: OfficeDatabase, f: Fields) -> int:
    abbr = f.required_str("Abbr", max_length=50).strip()
    with db.transaction() as session:
        _refuse_taken_abbr(session, abbr, 0)
        defs = Defs.load(session)
        specialties = sorted(n for n, c in defs.categories.items() if c == SPECIALTIES)
        order = session.scalar(select(func.coalesce(func.max(Provider.ItemOrder), -1)))
        provider = Provider(
            Abbr=abbr,
            LName="",
            FName="",
            MI="",
            Suffix="",
            NationalProvID="",
            PreferredName="",
            Specialty=specialties[0] if specialties else 0,
            ItemOrder=int(order or 0) + 1,
            UsingTIN=1,
            DateTStamp=office_now(db, session),
        )
        _apply(session, provider, f, defs, creating=True)
        if provider.IsNotPerson and (provider.FName or provider.MI):
            raise BadRequest('FName and MI must be omitted when IsNotPerson is "true".')
        session.add(provider)
        session.flush()
        return provider.ProvNum


def update_provider(db: OfficeDatabase, prov_num: int, f: Fields) -> None:
    with db.transaction() as session:
        provider = session.get(Provider, prov_num)
        if provider is None:
            raise NotFound(f"ProvNum {prov_num} was not found in this office.")
        if f.has("Abbr"):
            abbr = f.required_str("Abbr", max_length=50).strip()
            _refuse_taken_abbr(session, abbr, prov_num)
            provider.Abbr = abbr
        _apply(session, provider, f, Defs.load(session), creating=False)
        provider.DateTStamp = office_now(db, session)


def _apply(session: Session, p: Provider, f: Fields, defs: Defs, *, creating: bool) -> None:
    for name, length in _TEXTS:
        value = f.text(name, max_length=length)
        if value is not None:
            setattr(p, name, value.strip())
    npi = f.text("NationalProvID", max_length=50)
    if npi is not None:
        p.NationalProvID = npi.strip()
    ssn = f.text("SSN", max_length=12)
    if ssn is not None:
        if not _SSN.fullmatch(ssn.strip()):
            raise BadRequest(
                f"SSN must be digits only (an SSN or TIN without dashes), got {ssn!r}."
            )
        p.SSN = ssn.strip()
    specialty = f.number("Specialty")
    if specialty is not None:
        p.Specialty = defs.require(specialty, SPECIALTIES, "Specialty")
    for name in _FLAGS:
        flag = f.flag(name)
        if flag is not None:
            setattr(p, name, int(flag))
    if not creating:
        return
    # POST only: Open Dental's PUT takes none of these.
    for name in ("IsSecondary", "IsHidden", "IsNotPerson", "IsHiddenReport"):
        flag = f.flag(name)
        if flag is not None:
            setattr(p, name, int(flag))
    fee_sched = f.number("FeeSched")
    if fee_sched is not None:
        p.FeeSched = fee_sched
    sent, birthdate = f.date("Birthdate")
    if sent:
        p.Birthdate = birthdate


def _refuse_taken_abbr(session: Session, abbr: str, prov_num: int) -> None:
    """Open Dental's provider lists are keyed by Abbr for people; two alike confuse everyone."""
    other = session.scalar(
        select(Provider.ProvNum).where(
            func.lower(Provider.Abbr) == abbr.lower(), Provider.ProvNum != prov_num
        )
    )
    if other is not None:
        raise BadRequest(f"Abbr {abbr!r} is already used by ProvNum {other}; choose another.")
