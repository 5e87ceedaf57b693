"""Browser fixtures: Debian's Chromium driven by Playwright's sync API.

Browser tests are plain ``def`` tests (the sync API refuses to run inside an event loop).
``snap`` saves a screenshot under tests/artifacts/ and checks the page's accessibility basics
(every input labelled, one h1, no skipped heading levels) on every main page it is given.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from dentin.connector import frames
from dentin.connector.relay import LinkClosed
from dentin.hq import applications, developers, offices, operators
from dentin.office import users
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import ACTOR

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OPERATOR_EMAIL = "ops@dentin.example"
OPERATOR_PASSWORD = "operator-password-1"
ADMIN_USER = "frontdesk"
ADMIN_PASSWORD = "practice-password-1"


@pytest.fixture
def page(live_server: str) -> Iterator[object]:
    """A fresh Chromium per test: the sync API keeps an event loop running while it is open,
    which would break the async tests that follow, so it never outlives its test."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is missing: run ./scripts/system-deps.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server, viewport={"width": 1100, "height": 900})
        context.set_default_timeout(10_000)
        pg = context.new_page()
        pg.on("dialog", lambda dialog: dialog.accept())
        try:
            yield pg
        finally:
            context.close()
            browser.close()


@dataclass
class Practice:
    office_id: int
    user: str
    password: str


def make_practice(rt: Runtime, name: str, database_url: str, **office: object) -> Practice:
    view = offices.create_office(
        rt.hq,
        name=name,
        actor=ACTOR,
        database_url=database_url,
        **office,  # type: ignore[arg-type]
    )
    db = rt.offices.provision(view.id)
    ensure_preferences(db, name)
    users.add_user(rt.hq, db, ADMIN_USER, ADMIN_PASSWORD, ACTOR, is_admin=True)
    return Practice(view.id, ADMIN_USER, ADMIN_PASSWORD)


@pytest.fixture
def operator(rt: Runtime) -> tuple[str, str]:
    operators.create_operator(rt.hq, OPERATOR_EMAIL, OPERATOR_PASSWORD, ACTOR, name="Ops")
    return OPERATOR_EMAIL, OPERATOR_PASSWORD


@dataclass
class DeveloperLogin:
    developer_id: int
    email: str
    password: str


DEVELOPER_EMAIL = "dev@acme.example"
DEVELOPER_PASSWORD = "developer-password-1"


@pytest.fixture
def developer_login(rt: Runtime) -> DeveloperLogin:
    """An approved developer with a portal password (no offices needed)."""
    issued = developers.create_developer(
        rt.hq, company_name="Acme Dental Apps", actor=ACTOR, permissions=["patient:read"]
    )
    applications.set_password(
        rt.hq, issued.developer_id, DEVELOPER_PASSWORD, ACTOR, login_email=DEVELOPER_EMAIL
    )
    return DeveloperLogin(issued.developer_id, DEVELOPER_EMAIL, DEVELOPER_PASSWORD)


class FakeConnector:
    """The office end of a link that HQ's ``rt.links`` holds in the test's own event loop.

    No socket and no connector process: the test feeds it frames (a heartbeat, a goodbye) and
    the portal reads the link's state exactly as it would for a real connector.
    """

    def __init__(self) -> None:
        self.inbox: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def send_bytes(self, data: bytes) -> None:
        return None

    async def receive_bytes(self) -> bytes:
        data = await self.inbox.get()
        if data is None:
            raise LinkClosed("closed")
        return data

    async def close(self, code: int, reason: str) -> None:
        self.inbox.put_nowait(None)

    def send(self, kind: str, **header: object) -> None:
        self.inbox.put_nowait(frames.encode(frames.Frame(kind, dict(header))))

    async def hang_up(self) -> None:
        """The connector says goodbye; HQ marks the office's link down."""
        self.send(frames.BYE, reason="shutdown", message="stopping")
        if self.task is not None:
            await asyncio.wait_for(self.task, 10)


ConnectLink = Callable[..., Coroutine[None, None, FakeConnector]]


async def until(check: Callable[[], bool], what: str) -> None:
    """Let the event loop run until ``check`` holds (the link's pump works between awaits)."""
    for _ in range(1000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


@pytest.fixture
async def connect_link(rt: Runtime) -> AsyncIterator[ConnectLink]:
    """``await connect_link(office_id, version=..., address=..., credential_id=...)``: a live link."""
    held: list[FakeConnector] = []

    async def connect(
        office_id: int, *, version: str = "", address: str = "", credential_id: int = 0
    ) -> FakeConnector:
        fake = FakeConnector()
        fake.task = asyncio.create_task(
            rt.links.serve(
                office_id, fake, version=version, address=address, credential_id=credential_id
            )
        )
        held.append(fake)
        await until(lambda: rt.links.is_up(office_id), f"office {office_id}'s link is up")
        return fake

    yield connect
    for fake in held:
        if fake.task is not None and not fake.task.done():
            await fake.hang_up()


def snap(page: object, name: str) -> None:
    """Screenshot the page into tests/artifacts/ and check its accessibility basics."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert_accessible(page, name)


def assert_accessible(page: object, name: str = "") -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML.slice(0, 120))"""
    )
    assert unlabelled == [], f"{name}: inputs without a label: {unlabelled}"
    levels = page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels and levels[0] == 1, f"{name}: the first heading must be an h1, got {levels}"
    assert levels.count(1) == 1, f"{name}: exactly one h1 expected, got {levels}"
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"{name}: heading levels skip from h{before} to h{after}"
    assert page.evaluate("() => document.documentElement.lang") == "en"


def api(live_server: str, authorization: str, path: str, method: str = "GET") -> httpx.Response:
    return httpx.request(
        method, f"{live_server}/api/v1{path}", headers={"Authorization": authorization}, timeout=10
    )
