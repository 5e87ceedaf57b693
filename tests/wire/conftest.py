"""An office generated like the demo (in the demo's time zone) on each backend, with one
practice user and one commlog so that every list and single-record route has rows to show."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from dentin.app import create_app
from dentin.config import Settings
from dentin.demo import (
    DEMO_CUSTOMER_KEY,
    DEMO_DEVELOPER_KEY,
    DEMO_SEED,
    DEMO_TIME_ZONE,
    seed_demo,
)
from dentin.office.clock import office_now, set_office_zone
from dentin.office.generate import generate_office
from dentin.office.models import Userod
from dentin.office.registry import OfficeDatabase
from dentin.runtime import Runtime
from tests.conftest import World

PATIENTS = 40


@dataclass
class Office:
    world: World
    db: OfficeDatabase

    def headers(self) -> dict[str, str]:
        return self.world.odfhir()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings, with API Events configured as tests/events and the demo have them:
    Open Dental's example endpoints (``http://localhost:2097/``, a bare ``myserver``) are
    accepted without a DNS lookup, and no delivery worker runs, so nothing is ever sent."""
    return settings.model_copy(update={"events_allow_private": True, "events_worker": False})


@pytest.fixture
def office(world: World) -> Office:
    db = world.rt.offices.get(world.office_a.id)
    set_office_zone(db, DEMO_TIME_ZONE)
    generate_office(db, PATIENTS, seed=DEMO_SEED)
    with db.transaction() as session:
        session.add(
            Userod(
                UserName="frontdesk",
                Password="",
                UserGroupNum=1,
                ProvNum=1,
                ClinicNum=1,
                DateTStamp=office_now(db),
            )
        )
    return Office(world, db)


@pytest.fixture
async def od(office: Office, client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The test client, with the office's credentials and one commlog written through the API."""
    client.headers.update(office.headers())
    r = await client.post(
        "/api/v1/commlogs",
        json={"PatNum": 1, "Note": "Left msg on answering machine", "Mode_": "Phone"},
    )
    assert r.status_code == 201, r.text
    return client


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The demo office exactly as ``dentin demo`` makes it, plus one practice user and one
    commlog (the demo has none) so that those routes have a row to show."""
    rt = Runtime.build(Settings(data_dir=tmp_path, demo=True, aging_scheduler=False))
    try:
        creds = seed_demo(rt)
        db = rt.offices.get(creds.office_id)
        with db.transaction() as session:
            session.add(
                Userod(UserName="frontdesk", UserGroupNum=1, ProvNum=1, DateTStamp=office_now(db))
            )
        transport = httpx.ASGITransport(app=create_app(rt.settings, rt))
        headers = {"Authorization": f"ODFHIR {DEMO_DEVELOPER_KEY}/{DEMO_CUSTOMER_KEY}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://demo", headers=headers
        ) as client:
            r = await client.post("/api/v1/commlogs", json={"PatNum": 1, "Note": "Called."})
            assert r.status_code == 201, r.text
            yield client
    finally:
        rt.close()
