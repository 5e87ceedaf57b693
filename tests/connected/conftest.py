"""HQ's own features for an office it reaches through its connector, on real processes.

HQ (`dentin serve`) and the office (`dentin office connect` for Cloud mode, `dentin office
serve` for Service mode) run as processes on loopback; the office's database sits "at the
office" and HQ never opens it. The practice's administrator was made there before pairing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from dentin import scopes
from dentin.config import Settings
from dentin.hq import customer_keys
from dentin.office import users
from dentin.office.models import Userod
from dentin.office.outbound import Collected
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.runtime import Runtime
from tests.connector.sites import ACTOR, Proc, Site, make_site, pair
from tests.service.conftest import start_service


@pytest.fixture
def backend() -> str:
    """These tests start real HQ and office processes (seconds each), so they run once, on
    HQ's production store; the SQLite HQ runs the same code in-process tests everywhere else."""
    return "postgresql"


ADMIN = "Admin"
PASSWORD = "front desk admin 2026"


@dataclass
class Linked:
    """HQ and one connected office (``mode`` "Cloud" or "Service"), both running."""

    site: Site
    mode: str
    rt: Runtime  # the test's own view of HQ's database
    hq: Proc
    office: Proc | None = None

    @property
    def office_id(self) -> int:
        return self.site.office_id

    def start_office(self, code: str | None = None) -> None:
        """The office's process, with its saved credential (or ``code`` the first time)."""
        if self.mode == "Cloud":
            self.office = self.site.connector(code)
            self.office.wait_linked()
        else:
            self.office = start_service(self.site, code).proc

    def stop_office(self) -> None:
        if self.office is not None:
            self.office.stop()
            self.office = None

    def post(self, path: str, body: dict[str, object], **headers: str) -> httpx.Response:
        return httpx.post(self.site.base + path, json=body, headers=headers, timeout=40)

    def sign_in(self, password: str = PASSWORD, user: str = ADMIN) -> httpx.Response:
        return self.post(
            "/api/v1/practice/sessions",
            {"OfficeNum": self.office_id, "UserName": user, "Password": password},
        )

    def shortquery(self, sql: str) -> httpx.Response:
        return httpx.put(
            self.site.base + "/api/v1/queries/ShortQuery",
            headers=self.site.auth,
            json={"SqlCommand": sql},
            timeout=40,
        )

    @contextmanager
    def at_office(self) -> Iterator[OfficeDatabase]:
        """The office's own database, as someone at the office opens it."""
        registry = OfficeRegistry(self.rt.settings, lambda _office_id: self.site.office_db)
        try:
            yield registry.get(self.office_id)
        finally:
            registry.dispose()

    def userod(self, user: str = ADMIN) -> Userod:
        """The user's row as the office's database holds it."""
        with self.at_office() as db, db.session() as session:
            row = session.scalars(select(Userod).where(Userod.UserName == user)).one()
            session.expunge(row)
            return row

    def new_key(self) -> str:
        """Another CustomerKey of the site's developer, not yet added by any office."""
        return customer_keys.create_customer_key(self.rt.hq, self.site.developer_id, ACTOR).key


@pytest.fixture
def site(rt: Runtime, settings: Settings, tmp_path: Path) -> Site:
    made = make_site(rt, settings, tmp_path)
    registry = OfficeRegistry(settings, lambda _office_id: made.office_db)
    try:
        users.add_user(
            Collected([]),
            registry.get(made.office_id),
            ADMIN,
            PASSWORD,
            ACTOR,
            is_admin=True,
            user_scopes=sorted(scopes.ALL_SCOPES),
        )
    finally:
        registry.dispose()
    # Subscriptions to a loopback receiver are accepted, and nothing is delivered anywhere.
    made.office_env.update({"DENTIN_EVENTS_ALLOW_PRIVATE": "1", "DENTIN_EVENTS_WORKER": "false"})
    return made


def _linked(mode: str, site: Site, rt: Runtime) -> Iterator[Linked]:
    linked = Linked(site, mode, rt, site.hq())
    try:
        linked.start_office(pair(site))
        yield linked
    finally:
        linked.stop_office()
        linked.hq.stop()


@pytest.fixture(params=["Cloud", "Service"])
def linked(request: pytest.FixtureRequest, site: Site, rt: Runtime) -> Iterator[Linked]:
    yield from _linked(str(request.param), site, rt)


@pytest.fixture
def cloud(site: Site, rt: Runtime) -> Iterator[Linked]:
    yield from _linked("Cloud", site, rt)
