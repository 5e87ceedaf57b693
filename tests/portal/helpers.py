"""Driving portal forms over plain HTTP (no browser): fetch the CSRF token, post, follow."""

from __future__ import annotations

import re

import httpx


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, form_page: str, action: str, data: dict[str, str]
) -> httpx.Response:
    page = await client.get(form_page)
    return await client.post(action, data={**data, "csrf_token": csrf_of(page.text)})


async def sign_in_operator(client: httpx.AsyncClient, email: str, password: str) -> None:
    r = await post_form(
        client,
        "/portal/admin/sign-in",
        "/portal/admin/sign-in",
        {"email": email, "password": password},
    )
    assert r.status_code == 303, r.text


async def sign_in_practice(
    client: httpx.AsyncClient, office_id: int, user: str, password: str
) -> httpx.Response:
    return await post_form(
        client,
        "/portal/practice/sign-in",
        "/portal/practice/sign-in",
        {"office": str(office_id), "user": user, "password": password},
    )
