"""What the strict-client tests of each part share: read a route through its strict model, and
find the first row's key to read one record by."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, TypeAdapter

API = "/api/v1"


async def read_strict(
    http: httpx.AsyncClient,
    routes: dict[str, tuple[type[BaseModel], bool]],
    template: str,
    path: str,
    **params: Any,
) -> int:
    """Rows read through ``template``'s model (listed or one record); fails on any field."""
    model, listed = routes[template]
    r = await http.get(f"{API}{path}", params=params)
    assert r.status_code == 200, (path, r.text)
    if listed:
        rows = TypeAdapter(list[model]).validate_json(r.content)  # type: ignore[valid-type]
        return len(rows)
    model.model_validate_json(r.content)
    return 1


async def first_key(http: httpx.AsyncClient, path: str, key: str, **params: Any) -> Any:
    r = await http.get(f"{API}{path}", params={"Limit": 1, **params})
    assert r.status_code == 200 and r.json(), (path, r.text)
    return r.json()[0][key]
