"""How the golden test asks dentin the requests of the rest of issue 15 (family module,
recalls, referrals, lab cases, perio, documents, task notes, sheet fields)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

API = "/api/v1"
Call = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[httpx.Response]]


async def _insured_patient(c: httpx.AsyncClient) -> int:
    r = await c.get(f"{API}/patplans", params={"Limit": 1})
    assert r.status_code == 200 and r.json(), r.text
    return int(r.json()[0]["PatNum"])


async def _family_insurance(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.get(f"{API}/familymodules/{await _insured_patient(c)}/Insurance")


REST_CALLS: dict[str, Call] = {
    "GET /familymodules/{PatNum}/Insurance": _family_insurance,
}
