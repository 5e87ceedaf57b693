"""Developer and operator portal sessions end everywhere at once (issue 11, item 7).

The attack: a copied session cookie kept working for its whole 8 hours after sign-out, a new
password, a suspension or a key rotation. Cookies now name the account's session version,
which each of those bumps; every page checks it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from dentin.app import create_app
from dentin.hq import applications, developers, operators
from dentin.portal.security import Area, cookie_name
from dentin.runtime import Runtime
from tests.conftest import ACTOR
from tests.portal.conftest import DeveloperLogin
from tests.portal.helpers import csrf_of, post_form, sign_in_operator

OPERATOR_EMAIL, OPERATOR_PASSWORD = "ops@dentin.example", "operator-password-1"
DEVELOPER_PAGE = "/portal/developer/account"
OPERATOR_PAGE = "/portal/admin/developers"


def _browser(rt: Runtime) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(rt.settings, rt), client=("203.0.113.50", 1))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _replay(rt: Runtime, area: Area, cookie: str, page: str) -> httpx.Response:
    """The copied cookie, sent from another browser."""
    async with _browser(rt) as thief:
        thief.cookies.set(cookie_name(area), cookie, path=f"/portal/{area}")
        return await thief.get(page)


def _signed_out(response: httpx.Response, area: str) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith(
        f"/portal/{area}/sign-in"
    )


async def _developer_cookie(client: httpx.AsyncClient, login: DeveloperLogin) -> str:
    r = await post_form(
        client,
        "/portal/developer/sign-in",
        "/portal/developer/sign-in",
        {"email": login.email, "password": login.password},
    )
    assert r.status_code == 303, r.text
    cookie = client.cookies.get(cookie_name("developer"))
    assert cookie
    return cookie


async def test_a_copied_developer_cookie_is_signed_out_by_sign_out(
    rt: Runtime, client: httpx.AsyncClient, developer_login: DeveloperLogin
) -> None:
    cookie = await _developer_cookie(client, developer_login)
    assert (await _replay(rt, "developer", cookie, DEVELOPER_PAGE)).status_code == 200
    out = await post_form(client, DEVELOPER_PAGE, "/portal/developer/sign-out", {})
    assert out.status_code == 303
    assert _signed_out(await _replay(rt, "developer", cookie, DEVELOPER_PAGE), "developer")
    # Signing in again works, with a cookie of its own.
    fresh = await _developer_cookie(client, developer_login)
    assert fresh != cookie
    assert (await client.get(DEVELOPER_PAGE)).status_code == 200


async def _new_password(rt: Runtime, login: DeveloperLogin) -> None:
    applications.set_password(rt.hq, login.developer_id, "another-password-2", ACTOR)


async def _suspend(rt: Runtime, login: DeveloperLogin) -> None:
    applications.suspend(rt.hq, login.developer_id, ACTOR, "leaked cookie")


async def _rotate(rt: Runtime, login: DeveloperLogin) -> None:
    developers.rotate_secret(rt.hq, login.developer_id, "developer", ACTOR)


@pytest.mark.parametrize(
    "change",
    [_new_password, _suspend, _rotate],
    ids=["password-change", "suspension", "rotate"],
)
async def test_a_copied_developer_cookie_is_signed_out_by_an_account_change(
    rt: Runtime,
    client: httpx.AsyncClient,
    developer_login: DeveloperLogin,
    change: Callable[[Runtime, DeveloperLogin], Awaitable[None]],
) -> None:
    cookie = await _developer_cookie(client, developer_login)
    await change(rt, developer_login)
    assert _signed_out(await _replay(rt, "developer", cookie, DEVELOPER_PAGE), "developer")
    assert _signed_out(await client.get(DEVELOPER_PAGE), "developer")


async def test_rotating_in_the_portal_keeps_this_browser_and_ends_every_other_session(
    rt: Runtime, client: httpx.AsyncClient, developer_login: DeveloperLogin
) -> None:
    cookie = await _developer_cookie(client, developer_login)
    page = await client.get("/portal/developer/keys")
    rotated = await client.post(
        "/portal/developer/keys/developer/rotate", data={"csrf_token": csrf_of(page.text)}
    )
    assert rotated.status_code == 200
    assert (await client.get("/portal/developer/keys")).status_code == 200
    assert _signed_out(await _replay(rt, "developer", cookie, DEVELOPER_PAGE), "developer")


async def test_ending_one_developers_sessions_leaves_anothers_alone(
    rt: Runtime, client: httpx.AsyncClient, developer_login: DeveloperLogin
) -> None:
    other = developers.create_developer(rt.hq, company_name="Other Apps", actor=ACTOR)
    applications.set_password(
        rt.hq, other.developer_id, "other-password-3", ACTOR, login_email="o@other.example"
    )
    mine = await _developer_cookie(client, developer_login)
    applications.suspend(rt.hq, other.developer_id, ACTOR)
    assert (await _replay(rt, "developer", mine, DEVELOPER_PAGE)).status_code == 200


@pytest.fixture
def operator_account(rt: Runtime) -> operators.OperatorView:
    return operators.create_operator(rt.hq, OPERATOR_EMAIL, OPERATOR_PASSWORD, ACTOR)


async def _operator_cookie(client: httpx.AsyncClient) -> str:
    await sign_in_operator(client, OPERATOR_EMAIL, OPERATOR_PASSWORD)
    cookie = client.cookies.get(cookie_name("admin"))
    assert cookie
    return cookie


async def test_a_copied_operator_cookie_is_signed_out_by_sign_out(
    rt: Runtime, client: httpx.AsyncClient, operator_account: operators.OperatorView
) -> None:
    cookie = await _operator_cookie(client)
    assert (await _replay(rt, "admin", cookie, OPERATOR_PAGE)).status_code == 200
    out = await post_form(client, OPERATOR_PAGE, "/portal/admin/sign-out", {})
    assert out.status_code == 303
    assert _signed_out(await _replay(rt, "admin", cookie, OPERATOR_PAGE), "admin")
    # The start page does not let the old cookie through either.
    async with _browser(rt) as thief:
        thief.cookies.set(cookie_name("admin"), cookie, path="/portal/admin")
        start = await thief.get("/portal/admin/")
    assert start.headers["location"] == "/portal/admin/sign-in"


async def test_a_copied_operator_cookie_is_signed_out_by_a_password_reset(
    rt: Runtime, client: httpx.AsyncClient, operator_account: operators.OperatorView
) -> None:
    cookie = await _operator_cookie(client)
    operators.set_password(rt.hq, OPERATOR_EMAIL, "a new operator password", ACTOR)
    assert _signed_out(await _replay(rt, "admin", cookie, OPERATOR_PAGE), "admin")
    await sign_in_operator(client, OPERATOR_EMAIL, "a new operator password")
    assert (await client.get(OPERATOR_PAGE)).status_code == 200
