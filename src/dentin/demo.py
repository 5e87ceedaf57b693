"""The demo: HQ plus one office on SQLite, seeded so seed 000's test credentials work.

Idempotent: a second run finds everything it made and keeps it, keys included. The portal key
cannot be read back from its hash, so the demo derives it from the data folder's own secret.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select

from dentin import scopes
from dentin.hq import customer_keys, developers, offices
from dentin.hq.context import Actor
from dentin.hq.models import CustomerKey, Developer
from dentin.keys.formats import BASE62, PORTAL_KEY_LENGTH
from dentin.office import apikeys
from dentin.office.clock import set_office_zone
from dentin.office.generate import generate_office, office_has_patients
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime

DEMO_DEVELOPER_KEY = "NFF6i0KrXrxDkZHt"
DEMO_CUSTOMER_KEY = "VzkmZEaUWOjnQX2z"
DEMO_DEVELOPER = "Demo Developer"
DEMO_OFFICE = "Demo Dental"
DEMO_PATIENTS = 300  # a few hundred families' worth keeps `make demo` to a second or two
DEMO_SEED = 2024
DEMO_TIME_ZONE = "America/Los_Angeles"  # the demo practice is in Salem, Oregon


@dataclass(frozen=True)
class DemoCredentials:
    developer_key: str
    portal_key: str
    customer_key: str
    office_id: int
    developer_id: int


def _demo_portal_key(rt: Runtime) -> str:
    digest = hmac.new(rt.settings.pepper(), b"dentin-demo-portal-key", hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(PORTAL_KEY_LENGTH):
        number, rem = divmod(number, 62)
        chars.append(BASE62[rem])
    return "".join(chars)


def seed_demo(rt: Runtime) -> DemoCredentials:
    actor = Actor("demo-seed", "local")
    rt.migrate_hq()
    office = offices.find_office(rt.hq, DEMO_OFFICE)
    if office is None:
        office = offices.create_office(
            rt.hq, name=DEMO_OFFICE, actor=actor, api_enabled=True, tier="enterprise"
        )
    db = rt.offices.provision(office.id)
    ensure_preferences(db, DEMO_OFFICE)
    if not office_has_patients(db):
        # Before any data: a zone chosen later would leave the stamps on the old clock.
        set_office_zone(db, DEMO_TIME_ZONE)
        generate_office(db, DEMO_PATIENTS, seed=DEMO_SEED)

    portal_key = _demo_portal_key(rt)
    with rt.hq.read() as session:
        dev = session.scalars(
            select(Developer).where(Developer.company_name == DEMO_DEVELOPER)
        ).first()
        developer_id = dev.id if dev else None
    if developer_id is None:
        issued = developers.create_developer(
            rt.hq,
            company_name=DEMO_DEVELOPER,
            actor=actor,
            permissions=sorted(scopes.ALL_SCOPES),
            billing_email="billing@demo-developer.example",
            contact_phone="555-0100",
            description="The demo developer account that ships with dentin.",
            developer_key=DEMO_DEVELOPER_KEY,
            portal_key=portal_key,
        )
        developer_id = issued.developer_id

    with rt.hq.read() as session:
        existing = session.scalars(
            select(CustomerKey).where(
                CustomerKey.key_hash == rt.hq.hasher.digest(DEMO_CUSTOMER_KEY)
            )
        ).first()
        has_key = existing is not None
    if not has_key:
        customer_keys.create_customer_key(
            rt.hq, developer_id, actor, key=DEMO_CUSTOMER_KEY, dev_ref_id=DEMO_OFFICE
        )
        _view, dev_name = customer_keys.assign_customer_key(
            rt.hq, office.id, DEMO_CUSTOMER_KEY, actor
        )
        apikeys.upsert(db, DEMO_CUSTOMER_KEY, dev_name)
    return DemoCredentials(
        DEMO_DEVELOPER_KEY, portal_key, DEMO_CUSTOMER_KEY, office.id, developer_id
    )
