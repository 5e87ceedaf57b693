"""The office registry is bounded: least recently used and idle offices are closed, and an
office closed that way answers its next request as before."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from dentin.runtime import Runtime
from tests.conftest import World

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def test_past_the_bound_the_least_recently_used_office_is_closed(
    rt: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = rt.offices.get(world.office_a.id)
    with a.engine.connect():
        pass
    assert a.engine.pool.checkedin() == 1
    b = rt.offices.get(world.office_b.id)  # B is now the most recently used
    monkeypatch.setattr(rt.offices.settings, "office_engines_max", 1)
    rt.offices.sweep()
    assert rt.offices.open_count() == 1
    assert a.engine.pool.checkedin() == 0  # office A's pool was closed
    again = rt.offices.get(world.office_a.id)  # opened anew, and B closed to make room
    assert again is not a and rt.offices.open_count() == 1
    assert rt.offices.get(world.office_b.id) is not b


def test_an_office_idle_past_the_timeout_is_closed_by_the_next_sweep(
    rt: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rt.offices.settings, "office_engine_idle_seconds", 0.05)
    rt.offices.get(world.office_a.id)
    rt.offices.get(world.office_b.id)
    time.sleep(0.1)
    rt.offices.get(world.office_b.id)  # used again: stays
    rt.offices.sweep()
    assert rt.offices.open_count() == 1


async def test_a_closed_office_answers_its_next_request(
    rt: Runtime, world: World, client: httpx.AsyncClient, new_database: Callable[[str], str]
) -> None:
    pref = "/api/v1/preferences?PrefName=DateLastAging"
    assert (await client.get(pref, headers=world.odfhir())).status_code == 200
    rt.offices.settings.office_engines_max = 1
    try:
        assert (
            await client.get(pref, headers=world.odfhir(world.office_b.customer_key))
        ).status_code == 200
        r = await client.get(pref, headers=world.odfhir())
        assert r.status_code == 200 and r.json()[0]["PrefName"] == "DateLastAging"
    finally:
        rt.offices.settings.office_engines_max = 200
