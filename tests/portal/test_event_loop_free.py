"""Portal pages never run a database statement or a password hash on the event loop.

Every handler that calls HQ's services (SQLAlchemy, argon2) runs in the thread pool: one slow
statement or a 64 MiB argon2 check on the loop would stall every other request of the server.
The tour signs in (argon2), opens pages that read HQ, and posts forms that write it, while
every statement and every password check records whether it ran on the loop's thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from dentin import passwords
from dentin.runtime import Runtime
from tests.portal.conftest import DeveloperLogin
from tests.portal.helpers import csrf_of, sign_in_operator


def _on_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def on_loop(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What ran on the event loop's thread: SQL statements and password checks."""
    seen: list[str] = []

    def statement(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        if _on_loop():
            seen.append(sql.split("\n")[0][:80])

    def watched(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if _on_loop():
                seen.append(f"passwords.{name}")
            return fn(*args, **kwargs)

        return wrapper

    for name in ("verify", "hash_password"):
        monkeypatch.setattr(passwords, name, watched(name, getattr(passwords, name)))
    event.listen(rt.hq.engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(rt.hq.engine, "before_cursor_execute", statement)


async def test_operator_pages_read_and_write_hq_off_the_event_loop(
    client: httpx.AsyncClient,
    operator: tuple[str, str],
    developer_login: DeveloperLogin,
    on_loop: list[str],
) -> None:
    await sign_in_operator(client, *operator)
    for path in (
        "/portal/admin/",
        "/portal/admin/applications",
        f"/portal/admin/applications/{developer_login.developer_id}",
        "/portal/admin/developers",
        f"/portal/admin/developers/{developer_login.developer_id}",
        "/portal/admin/offices",
        "/portal/admin/audit",
    ):
        r = await client.get(path, follow_redirects=True)
        assert r.status_code == 200, (path, r.status_code)
    page = await client.get(f"/portal/admin/developers/{developer_login.developer_id}")
    r = await client.post(
        f"/portal/admin/developers/{developer_login.developer_id}/status",
        data={"csrf_token": csrf_of(page.text), "action": "suspend", "reason": "test"},
    )
    assert r.status_code == 303, r.text
    assert on_loop == []


async def test_a_failed_and_a_good_developer_sign_in_hash_off_the_event_loop(
    client: httpx.AsyncClient, developer_login: DeveloperLogin, on_loop: list[str]
) -> None:
    page = await client.get("/portal/developer/sign-in")
    for password, status in (("wrong password 123", 400), (developer_login.password, 303)):
        r = await client.post(
            "/portal/developer/sign-in",
            data={
                "csrf_token": csrf_of(page.text),
                "email": developer_login.email,
                "password": password,
            },
        )
        assert r.status_code == status, r.text
    assert (await client.get("/portal/developer/keys")).status_code == 200
    assert on_loop == []
