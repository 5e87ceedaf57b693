"""The operator console shows each office's API mode, connector link and credentials, and pairs
and revokes connectors (issue 12 §2: "the portal shows each office's link state, version and
last heartbeat")."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Page, expect

from dentin.connector import frames
from dentin.connector.relay import LinkState
from dentin.hq import audit, connectors, offices
from dentin.runtime import Runtime
from tests.conftest import ACTOR
from tests.portal.conftest import OPERATOR_EMAIL, ConnectLink, until
from tests.portal.helpers import csrf_of, post_form, sign_in_operator

CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
OPERATOR_ACTOR = f"admin:{OPERATOR_EMAIL}"


@pytest.fixture
def office_ids(rt: Runtime, new_database: Callable[[str], str]) -> tuple[int, int]:
    """Two offices: one HQ holds (Embedded), one that will be reached through a connector."""
    embedded = offices.create_office(
        rt.hq, name="Harbor Dental", actor=ACTOR, database_url=new_database("office")
    )
    remote = offices.create_office(rt.hq, name="Hillside Smiles", actor=ACTOR)
    return embedded.id, remote.id


@pytest.fixture
async def console(client: httpx.AsyncClient, operator: tuple[str, str]) -> httpx.AsyncClient:
    await sign_in_operator(client, *operator)
    return client


async def _pair(client: httpx.AsyncClient, office_id: int) -> httpx.Response:
    page = f"/portal/admin/offices/{office_id}"
    return await post_form(client, page, f"{page}/connector/pair", {})


async def _redeem(client: httpx.AsyncClient, code: str, version: str = "0.12.0") -> str:
    """What `dentin office connect --code` does at the office: trade the code at HQ."""
    r = await client.post("/connector/v1/pair", json={"Code": code, "Version": version})
    assert r.status_code == 201, r.text
    credential: str = r.json()["Credential"]
    return credential


async def _paired(rt: Runtime, client: httpx.AsyncClient, office_id: int) -> int:
    code = CODE.search((await _pair(client, office_id)).text)
    assert code
    await _redeem(client, code.group(0))
    (credential,) = connectors.credentials(rt.hq, office_id)
    return credential.id


async def test_pairing_shows_the_code_once_with_its_expiry_and_the_connect_command(
    rt: Runtime, console: httpx.AsyncClient, office_ids: tuple[int, int]
) -> None:
    _, office_id = office_ids
    r = await _pair(console, office_id)
    assert r.status_code == 201, r.text
    assert r.headers["cache-control"] == "no-store"
    code = CODE.search(r.text)
    assert code, "the page shows the pairing code"
    assert f"dentin office connect --hq http://testserver --code {code.group(0)}" in r.text
    (created,) = audit.latest(rt.hq, event="connector.pairing_created", office_id=office_id)
    assert created.actor == OPERATOR_ACTOR
    expires = str(created.after["expires_at"])
    assert f"expires at {expires} UTC" in r.text
    # Reloading the office's page (or the list) never shows the code again.
    for page in (f"/portal/admin/offices/{office_id}", "/portal/admin/offices"):
        again = await console.get(page)
        assert again.status_code == 200
        assert code.group(0) not in again.text
        assert CODE.search(again.text) is None
    # The code shown is the one HQ accepts, once; the office is then reached in Cloud mode.
    await _redeem(console, code.group(0))
    reused = await console.post("/connector/v1/pair", json={"Code": code.group(0)})
    assert reused.status_code == 401 and "already used" in reused.json()["message"]
    page = (await console.get(f"/portal/admin/offices/{office_id}")).text
    assert "Cloud" in page
    assert code.group(0) not in page


async def test_the_office_page_shows_its_connector_credentials(
    rt: Runtime, console: httpx.AsyncClient, office_ids: tuple[int, int]
) -> None:
    embedded_id, office_id = office_ids
    await _paired(rt, console, office_id)
    (credential,) = connectors.credentials(rt.hq, office_id)
    page = (await console.get(f"/portal/admin/offices/{office_id}")).text
    assert f"…{credential.hint}" in page
    assert f"{credential.created_at:%Y-%m-%d %H:%M:%S} UTC" in page  # paired at
    assert "0.12.0" in page  # the connector's version
    assert "203.0.113.9" in page  # from where it paired (the test client's address)
    assert "live" in page and "Revoke connector" in page
    # An office nobody paired says so, and offers no revoke.
    other = (await console.get(f"/portal/admin/offices/{embedded_id}")).text
    assert "No connector has been paired" in other
    assert "Revoke connector" not in other
    assert "Embedded" in other and "HQ holds this office" in other


async def test_the_office_page_shows_the_link_up_with_version_address_heartbeat_and_load(
    rt: Runtime,
    console: httpx.AsyncClient,
    office_ids: tuple[int, int],
    connect_link: ConnectLink,
) -> None:
    _, office_id = office_ids
    credential_id = await _paired(rt, console, office_id)
    fake = await connect_link(
        office_id, version="0.12.3", address="198.51.100.7", credential_id=credential_id
    )
    fake.send(frames.BEAT)
    await until(lambda: _state(rt, office_id).last_heartbeat is not None, "a heartbeat")
    waiting = asyncio.create_task(_relayed_request(rt, office_id))
    await until(lambda: _state(rt, office_id).in_flight == 1, "a request in flight")
    state = _state(rt, office_id)
    try:
        page = (await console.get(f"/portal/admin/offices/{office_id}")).text
        listing = (await console.get("/portal/admin/offices")).text
    finally:
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
    assert "link up" in page
    assert f"up since {_at(state.since)}" in re.sub(r"<[^>]+>", "", page)
    assert "0.12.3" in page and "198.51.100.7" in page
    assert state.last_heartbeat is not None and _at(state.last_heartbeat) in page
    assert re.search(r"Requests in flight</dt><dd>1</dd>", page)
    # The list shows the same at a glance, and the Embedded office needs no link.
    row = _row(listing, "Hillside Smiles")
    assert "link up" in row and "Cloud" in row and "0.12.3" in row and "198.51.100.7" in row
    assert _at(state.last_heartbeat) in row and "1 in flight" in row
    embedded = _row(listing, "Harbor Dental")
    assert "Embedded" in embedded and "no link" in embedded and "link up" not in embedded


async def test_a_dropped_link_shows_down_since_when_on_the_list_and_the_office_page(
    rt: Runtime,
    console: httpx.AsyncClient,
    office_ids: tuple[int, int],
    connect_link: ConnectLink,
) -> None:
    _, office_id = office_ids
    await _paired(rt, console, office_id)
    never = _row((await console.get("/portal/admin/offices")).text, "Hillside Smiles")
    assert "link down" in never and "no link since this HQ node started" in never
    fake = await connect_link(office_id, version="0.12.3", address="198.51.100.7")
    await fake.hang_up()
    state = _state(rt, office_id)
    assert not state.up
    page = re.sub(r"<[^>]+>", "", (await console.get(f"/portal/admin/offices/{office_id}")).text)
    assert "link down" in page and f"down since {_at(state.since)}" in page
    row = re.sub(r"<[^>]+>", "", _row((await console.get("/portal/admin/offices")).text, "Hills"))
    assert "link down" in row and f"down since {_at(state.since)}" in row


async def test_revoking_the_connector_asks_first_drops_its_link_and_is_audited(
    rt: Runtime,
    console: httpx.AsyncClient,
    office_ids: tuple[int, int],
    connect_link: ConnectLink,
) -> None:
    _, office_id = office_ids
    credential_id = await _paired(rt, console, office_id)
    await connect_link(office_id, version="0.12.3", credential_id=credential_id)
    page = f"/portal/admin/offices/{office_id}"
    form = re.search(
        r'<form[^>]*action="[^"]*/connector/revoke"[^>]*>', (await console.get(page)).text
    )
    assert form and "data-confirm=" in form.group(0), "the revoke form asks for confirmation"
    r = await post_form(console, page, f"{page}/connector/revoke", {})
    assert r.status_code == 303 and r.headers["location"] == page
    (credential,) = connectors.credentials(rt.hq, office_id)
    assert credential.revoked_at is not None
    await until(lambda: not rt.links.is_up(office_id), "the revoked connector's link drops")
    shown = await console.get(page)
    assert "Revoked 1 connector credential of Hillside Smiles" in shown.text
    assert "revoked" in shown.text and "link down" in shown.text
    assert "Revoke connector" not in shown.text  # nothing live is left to revoke
    (revoked,) = audit.latest(rt.hq, event="connector.revoked", office_id=office_id)
    assert revoked.actor == OPERATOR_ACTOR and revoked.subject == f"…{credential.hint}"
    # Revoking again changes nothing, says so, and records nothing new.
    again = await post_form(console, page, f"{page}/connector/revoke", {})
    assert again.status_code == 303
    assert "no live connector credential" in (await console.get(page)).text
    assert len(audit.latest(rt.hq, event="connector.revoked", office_id=office_id)) == 1


async def test_pairing_an_embedded_office_asks_first_because_it_switches_to_cloud(
    rt: Runtime, console: httpx.AsyncClient, office_ids: tuple[int, int]
) -> None:
    embedded_id, cloud_id = office_ids
    await _paired(rt, console, cloud_id)
    pair_form = r'<form[^>]*action="[^"]*/connector/pair"[^>]*>'
    form = re.search(pair_form, (await console.get(f"/portal/admin/offices/{embedded_id}")).text)
    assert form and "switches to Cloud mode" in form.group(0)
    # A Cloud office already relays: a new code only replaces its connector, no question asked.
    form = re.search(pair_form, (await console.get(f"/portal/admin/offices/{cloud_id}")).text)
    assert form and "data-confirm" not in form.group(0)


async def test_an_unknown_office_is_a_404_page_and_nothing_is_paired_or_audited(
    rt: Runtime, console: httpx.AsyncClient, office_ids: tuple[int, int]
) -> None:
    missing = "/portal/admin/offices/999"
    r = await console.get(missing)
    assert r.status_code == 404 and "There is no office 999" in r.text
    token = csrf_of((await console.get("/portal/admin/offices")).text)
    for action in ("pair", "revoke"):
        r = await console.post(f"{missing}/connector/{action}", data={"csrf_token": token})
        assert r.status_code == 404, action
        assert "There is no office 999" in r.text
    huge = await console.get("/portal/admin/offices/99999999999999999999999999")
    assert huge.status_code == 400
    assert not audit.latest(rt.hq, event="connector.pairing_created")
    assert not audit.latest(rt.hq, event="connector.revoked")


async def test_pairing_and_revoking_need_an_operator_session(
    rt: Runtime, client: httpx.AsyncClient, office_ids: tuple[int, int]
) -> None:
    _, office_id = office_ids
    token = csrf_of((await client.get("/portal/admin/sign-in")).text)
    for action in ("pair", "revoke"):
        r = await client.post(
            f"/portal/admin/offices/{office_id}/connector/{action}", data={"csrf_token": token}
        )
        assert r.status_code == 303
        assert r.headers["location"].startswith("/portal/admin/sign-in")
        assert CODE.search(r.text) is None
    assert (await client.get(f"/portal/admin/offices/{office_id}")).status_code == 303
    assert not audit.latest(rt.hq, event="connector.pairing_created")


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_operator_pairs_an_office_in_the_browser_and_sees_the_code_once(
    page: Page,
    live_server: str,
    rt: Runtime,
    office_ids: tuple[int, int],
    operator: tuple[str, str],
) -> None:
    from tests.portal.conftest import snap

    _, office_id = office_ids
    page.goto("/portal/admin/offices")
    page.get_by_label("Email").fill(operator[0])
    page.get_by_label("Password").fill(operator[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("tr", has_text="Hillside Smiles")).to_contain_text("Embedded")
    page.get_by_role("link", name="Hillside Smiles").click()
    expect(page.get_by_role("heading", name="Hillside Smiles")).to_be_visible()
    page.get_by_role("button", name="Pair a connector").click()  # the confirm is accepted
    expect(page.get_by_role("heading", name="Connector pairing code")).to_be_visible()
    code = page.get_by_role("textbox", name="Pairing code", exact=True).input_value()
    assert CODE.fullmatch(code), code
    command = page.get_by_label("Command to run at the office").input_value()
    assert command == f"dentin office connect --hq {live_server} --code {code}"
    snap(page, "admin-office-pairing")
    # The office's connector trades the code; the page then shows it paired, and no code.
    answer = httpx.post(
        f"{live_server}/connector/v1/pair", json={"Code": code, "Version": "0.12.0"}, timeout=10
    )
    assert answer.status_code == 201, answer.text
    page.goto(f"/portal/admin/offices/{office_id}")
    expect(page.locator(".link-state")).to_contain_text("link down")
    expect(page.locator("tbody tr")).to_contain_text("live")
    assert code not in page.content()
    snap(page, "admin-office")
    page.get_by_role("button", name="Revoke connector").click()  # the confirm is accepted
    expect(page.locator(".flash")).to_contain_text("Revoked 1 connector credential")
    expect(page.locator("tbody tr")).to_contain_text("revoked")


def _state(rt: Runtime, office_id: int) -> LinkState:
    state = rt.links.state(office_id)
    assert state is not None
    return state


async def _relayed_request(rt: Runtime, office_id: int) -> None:
    await rt.links.forward(
        office_id, method="GET", path="/patients", query="", headers=[], body=b"", caller={}
    )


def _at(value: object) -> str:
    assert hasattr(value, "strftime")
    return f"{value:%Y-%m-%d %H:%M:%S} UTC"


def _row(html: str, name: str) -> str:
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if name in r]
    assert len(rows) == 1, f"one row for {name}"
    return rows[0]
