"""Refusals are clear pages, never 500s: CSRF, expired sessions, another office, lockout."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import httpx
import pytest

from dentin.hq import operators
from dentin.portal import create_portal
from dentin.portal.security import PortalSigner, cookie_name
from dentin.routes import iter_routes
from dentin.runtime import Runtime
from tests.conftest import ACTOR
from tests.portal.conftest import make_practice
from tests.portal.helpers import csrf_of, post_form, sign_in_operator, sign_in_practice

EMAIL, PASSWORD = "ops@dentin.example", "operator-password-1"
SAMPLE = {
    "office_id": "1",
    "developer_id": "1",
    "token_id": "1",
    "key": "ABCDEFGHJKLMNPQR",
    "kind": "developer",
}


def _post_routes(rt: Runtime) -> list[str]:
    portal = create_portal(rt)
    paths = []
    for methods, template in iter_routes(portal.router.routes):
        if "POST" in methods:
            paths.append(re.sub(r"\{(\w+)\}", lambda m: SAMPLE[m.group(1)], template))
    return sorted(paths)


async def test_every_portal_form_refuses_a_post_without_its_csrf_token(
    client: httpx.AsyncClient, rt: Runtime
) -> None:
    operators.create_operator(rt.hq, EMAIL, PASSWORD, ACTOR)
    await sign_in_operator(client, EMAIL, PASSWORD)
    routes = _post_routes(rt)
    assert len(routes) >= 15
    for path in routes:
        r = await client.post(f"/portal{path}", data={"email": EMAIL, "password": PASSWORD})
        assert r.status_code == 403, (path, r.status_code)
        assert "security token (CSRF)" in r.text
        assert r.headers["content-type"].startswith("text/html")
    forged = await client.post(
        "/portal/admin/sign-in", data={"email": EMAIL, "password": PASSWORD, "csrf_token": "x" * 64}
    )
    assert forged.status_code == 403


async def test_an_expired_session_sends_the_browser_to_sign_in_with_a_message(
    client: httpx.AsyncClient, rt: Runtime
) -> None:
    signer = PortalSigner(rt.settings.pepper())
    stale = signer.dump_session(
        "admin", {"operator_id": 1, "email": EMAIL}, now=time.time() - signer.session_seconds - 5
    )
    client.cookies.set(cookie_name("admin"), stale, path="/portal/admin")
    r = await client.get("/portal/admin/developers")
    assert r.status_code == 303
    assert r.headers["location"] == "/portal/admin/sign-in?next=/admin/developers"
    page = await client.get(r.headers["location"])
    assert "Your session expired; please sign in again." in page.text
    again = await client.get("/portal/admin/sign-in")
    assert "session expired" not in again.text  # the message is shown once


async def test_a_tampered_session_cookie_counts_as_signed_out(
    client: httpx.AsyncClient, rt: Runtime
) -> None:
    signer = PortalSigner(b"another-secret-entirely-0123456789")
    client.cookies.set(
        cookie_name("admin"), signer.dump_session("admin", {"operator_id": 1}), path="/portal/admin"
    )
    r = await client.get("/portal/admin/offices")
    assert r.status_code == 303
    assert r.headers["location"].startswith("/portal/admin/sign-in")


async def test_a_practice_user_reaching_another_offices_page_is_refused_without_a_500(
    client: httpx.AsyncClient, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    mine = make_practice(rt, "North Dental", new_database("office"), api_enabled=True)
    other = make_practice(rt, "South Dental", new_database("office"), api_enabled=True)
    r = await sign_in_practice(client, mine.office_id, mine.user, mine.password)
    assert r.status_code == 303
    assert r.headers["location"] == f"/portal/practice/{mine.office_id}/api-setup"
    assert (await client.get(r.headers["location"])).status_code == 200
    for page in ("api-setup",):
        refused = await client.get(f"/portal/practice/{other.office_id}/{page}")
        assert refused.status_code == 403
        assert "This page belongs to another office" in refused.text
    token_page = await client.get(f"/portal/practice/{mine.office_id}/api-setup")
    posted = await client.post(
        f"/portal/practice/{other.office_id}/api-setup/enabled",
        data={"csrf_token": csrf_of(token_page.text)},
    )
    assert posted.status_code == 403
    assert "another office" in posted.text


async def test_an_operator_is_locked_out_after_five_wrong_passwords(
    client: httpx.AsyncClient, rt: Runtime
) -> None:
    operators.create_operator(rt.hq, EMAIL, PASSWORD, ACTOR)
    for _ in range(operators.MAX_FAILED_LOGINS):
        r = await post_form(
            client,
            "/portal/admin/sign-in",
            "/portal/admin/sign-in",
            {"email": EMAIL, "password": "wrong-password-x"},
        )
        assert r.status_code == 400
    assert "locked" in r.text
    right = await post_form(
        client,
        "/portal/admin/sign-in",
        "/portal/admin/sign-in",
        {"email": EMAIL, "password": PASSWORD},
    )
    assert right.status_code == 400
    assert "locked" in right.text
    assert EMAIL in right.text  # what was typed is kept...
    assert PASSWORD not in right.text  # ...except the password
    operators.set_password(rt.hq, EMAIL, PASSWORD, ACTOR)
    await sign_in_operator(client, EMAIL, PASSWORD)


async def test_the_application_form_names_each_bad_field_and_keeps_what_was_typed(
    client: httpx.AsyncClient,
) -> None:
    r = await post_form(
        client,
        "/portal/developer/apply",
        "/portal/developer/apply",
        {
            "CompanyName": "Acme <Apps>",
            "ContactPhone": "12",
            "BillingEmail": "not-an-email",
            "BillingAddress": "",
            "Description": "x",
            "LoginEmail": "dev@acme.example",
            "Password": "short",
            "PasswordAgain": "short",
        },
    )
    assert r.status_code == 400
    for field in (
        "ContactPhone",
        "BillingEmail",
        "BillingAddress",
        "RequestedPermissions",
        "Password",
    ):
        assert f'id="e-{field}"' in r.text, field
    assert 'value="Acme &lt;Apps&gt;"' in r.text
    assert 'value="short"' not in r.text


async def test_session_cookies_are_http_only_lax_and_secure_over_https(rt: Runtime) -> None:
    from dentin.app import create_app

    operators.create_operator(rt.hq, EMAIL, PASSWORD, ACTOR)
    transport = httpx.ASGITransport(app=create_app(rt.settings, rt))
    async with httpx.AsyncClient(transport=transport, base_url="https://portal.example") as c:
        page = await c.get("/portal/admin/sign-in")
        r = await c.post(
            "/portal/admin/sign-in",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
    cookie = next(v for v in r.headers.get_list("set-cookie") if v.startswith("dentin_admin="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    assert "Path=/portal/admin" in cookie


@pytest.mark.parametrize("path", ["/portal/admin/nowhere", "/portal/practice/abc/api-setup"])
async def test_unknown_or_malformed_pages_are_html_not_json(
    client: httpx.AsyncClient, path: str
) -> None:
    r = await client.get(path)
    assert r.status_code in (303, 400, 404)
    if r.status_code != 303:
        assert r.headers["content-type"].startswith("text/html")
