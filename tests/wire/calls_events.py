"""How the golden walk asks dentin for each API Events example (apisubscriptions.html).

The requests are the page's own example requests. Their endpoints (``https://myserver/...``,
``http://localhost:2097/``) pass the SSRF guard because the wire tests' settings allow private
destinations, as the events tests and the demo do; nothing is ever sent to them: the test app
runs no delivery worker (``events_worker=False``, and no lifespan under httpx's transport).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

API = "/api/v1"
Call = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[httpx.Response]]

# apisubscriptions.html § Subscriptions POST, its two example requests (database, then UI).
POST_DATABASE = {
    "EndPointUrl": "https://myserver/apievents/",
    "Workstation": "MOLLYR",
    "WatchTable": "Appointment",
    "PollingSeconds": 5,
    "DateTimeStart": "2022-01-31",
}
POST_UI = {"EndPointUrl": "http://localhost:2097/", "UiEventType": "PatientSelected"}
# § Subscriptions PUT, its first example request.
PUT_POLLING = {"PollingSeconds": 30, "Note": "Decreased polling rate."}


async def _create(c: httpx.AsyncClient, body: dict[str, Any]) -> int:
    r = await c.post(f"{API}/subscriptions", json=body)
    assert r.status_code == 201, r.text
    return int(r.json()["SubscriptionNum"])


async def _subscriptions(c: httpx.AsyncClient, ctx: dict[str, Any]) -> int:
    """The page's two subscriptions (made once), so the list shows both kinds as the page does."""
    if "SubscriptionNum" not in ctx:
        ctx["SubscriptionNum"] = await _create(c, POST_DATABASE)
        await _create(c, POST_UI)
    return int(ctx["SubscriptionNum"])


async def _post(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/subscriptions", json=POST_DATABASE)


async def _list(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    await _subscriptions(c, ctx)
    return await c.get(f"{API}/subscriptions")


async def _one(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    return await c.get(f"{API}/subscriptions/{await _subscriptions(c, ctx)}")


async def _put(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    return await c.put(f"{API}/subscriptions/{await _subscriptions(c, ctx)}", json=PUT_POLLING)


async def _delete(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    """A subscription of its own (the page's UI one), so the others stay for the reads."""
    return await c.delete(f"{API}/subscriptions/{await _create(c, POST_UI)}")


EVENTS_CALLS: dict[str, Call] = {
    "POST /subscriptions": _post,
    "GET /subscriptions": _list,
    "GET /subscriptions/{SubscriptionNum}": _one,
    "PUT /subscriptions/{SubscriptionNum}": _put,
    "DELETE /subscriptions/{SubscriptionNum}": _delete,
}
