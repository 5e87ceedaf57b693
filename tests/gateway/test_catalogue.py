"""The permission catalogue: every /api/v1 route is guarded, and the whole matrix holds."""

from __future__ import annotations

import re

import httpx
import pytest

from dentin import scopes
from dentin.app import create_app
from dentin.config import Settings
from dentin.hq import customer_keys, developers
from dentin.office import apikeys
from dentin.office.permissions import NOT_OFFICE_ROUTES, ROUTE_PERMISSIONS
from dentin.routes import iter_routes
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The matrix is refused on purpose once per route: more routes than the per-address
    refusal budget allows a minute (tests/gateway/test_refusal_budget.py tests the budget)."""
    return settings.model_copy(
        update={
            "refusal_limit_per_address": "100000/minute",
            "refusal_limit_per_key": "100000/minute",
        }
    )


def _api_routes(rt: Runtime) -> set[tuple[str, str]]:
    app = create_app(rt.settings, rt)
    found: set[tuple[str, str]] = set()
    for methods, path in iter_routes(app.router.routes):
        if not path.startswith("/api/v1"):
            continue
        for method in methods - {"HEAD", "OPTIONS"}:
            found.add((method, path))
    return found


def test_every_api_route_is_in_the_catalogue_or_deliberately_outside_it(rt: Runtime) -> None:
    unguarded = sorted(
        (method, path)
        for method, path in _api_routes(rt)
        if (method, path) not in ROUTE_PERMISSIONS and path not in NOT_OFFICE_ROUTES
    )
    assert unguarded == [], f"routes missing from the permission catalogue: {unguarded}"


def test_the_catalogue_names_no_route_that_does_not_exist(rt: Runtime) -> None:
    stale = sorted(set(ROUTE_PERMISSIONS) - _api_routes(rt))
    assert stale == []


def test_every_catalogue_entry_is_one_known_scope() -> None:
    assert set(ROUTE_PERMISSIONS.values()) <= scopes.ALL_SCOPES


def _key_with(world: World, name: str, granted: list[str]) -> dict[str, str]:
    issued = developers.create_developer(
        world.rt.hq, company_name=name, actor=ACTOR, permissions=granted
    )
    key = customer_keys.create_customer_key(world.rt.hq, issued.developer_id, ACTOR)
    _view, dev_name = customer_keys.assign_customer_key(
        world.rt.hq, world.office_a.id, key.key, ACTOR
    )
    apikeys.upsert(world.rt.offices.get(world.office_a.id), key.key, dev_name)
    return {"Authorization": f"ODFHIR {issued.developer_key}/{key.key}"}


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


# Permissions are checked before any office read or write, the same on either store; the
# matrix (two keys and two requests for each of 233 routes) runs once, on SQLite.
@pytest.mark.parametrize("backend", ["sqlite"])
async def test_the_whole_permission_matrix(world: World, client: httpx.AsyncClient) -> None:
    """For every route: all permissions but the needed one → 403 naming it; only it → not 403."""
    failures: list[str] = []
    for (method, path), needed in sorted(ROUTE_PERMISSIONS.items()):
        everything_else = sorted(scopes.ALL_SCOPES - {needed})
        without = _key_with(world, f"Without {needed} {method} {path}", everything_else)
        only = _key_with(world, f"Only {needed} {method} {path}", [needed])
        body = {} if method in ("POST", "PUT") else None
        url = _concrete(path)
        refused = await client.request(method, url, headers=without, json=body)
        if refused.status_code != 403 or needed not in refused.json().get("message", ""):
            failures.append(
                f"{method} {path} without {needed}: {refused.status_code} {refused.text[:120]}"
            )
        allowed = await client.request(method, url, headers=only, json=body)
        if allowed.status_code == 403 or allowed.status_code >= 500:
            failures.append(
                f"{method} {path} with only {needed}: {allowed.status_code} {allowed.text[:120]}"
            )
    assert failures == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_403_names_the_missing_permission_in_a_field_too(
    world: World, client: httpx.AsyncClient
) -> None:
    headers = _key_with(world, "Reader", ["patient:read"])
    response = await client.get("/api/v1/preferences", headers=headers)
    assert response.status_code == 403
    assert response.json()["missing_permission"] == "preference:read"
    assert "preference:read" in response.json()["message"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("odd", ["³", "١٢", "-1", "1.5", "99999999999999999999", "%00"])
async def test_every_numeric_path_id_refuses_odd_digits_with_400(
    world: World, client: httpx.AsyncClient, odd: str
) -> None:
    """``str.isdigit`` accepts "³"; int() does not. Found by fuzzing: it must be a 400, not a 500."""
    failures = []
    for (method, path), _needed in sorted(ROUTE_PERMISSIONS.items()):
        if "{" not in path:
            continue
        url = re.sub(r"\{[^}]+\}", odd, path)
        body = {} if method in ("POST", "PUT") else None
        response = await client.request(method, url, headers=world.odfhir(), json=body)
        if response.status_code not in (400, 404):
            failures.append(f"{method} {url}: {response.status_code} {response.text[:100]}")
    assert failures == []
