"""Concurrent requests carrying one credential that the cache does not hold share one lookup;
each still gets its own answer, and a refusal is each request's own."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx
import pytest

from dentin.errors import Unauthorized
from dentin.gateway.single_flight import SingleFlight
from tests.conftest import World

PREFS = "/api/v1/preferences?PrefName=DateLastAging"


class Counted:
    def __init__(self, answer: Any = "answer", error: Exception | None = None) -> None:
        self.calls = 0
        self.answer, self.error = answer, error

    async def __call__(self) -> Any:
        self.calls += 1
        await asyncio.sleep(0.05)
        if self.error is not None:
            raise self.error
        return self.answer


async def test_callers_of_one_key_meanwhile_share_one_run() -> None:
    flights: SingleFlight[str] = SingleFlight()
    work = Counted()
    answers = await asyncio.gather(*(flights.run(b"k", work) for _ in range(20)))
    assert answers == ["answer"] * 20 and work.calls == 1
    assert len(flights) == 0  # landed flights are forgotten
    assert await flights.run(b"k", work) == "answer" and work.calls == 2  # a later call runs


async def test_different_keys_fly_apart() -> None:
    flights: SingleFlight[str] = SingleFlight()
    one, two = Counted("one"), Counted("two")
    assert await asyncio.gather(flights.run(b"1", one), flights.run(b"2", two)) == ["one", "two"]
    assert (one.calls, two.calls) == (1, 1)


async def test_joiners_of_a_failed_flight_run_their_own_and_raise_their_own_error() -> None:
    flights: SingleFlight[str] = SingleFlight()
    fails = Counted(error=LookupError("down"))

    async def own() -> str:
        raise LookupError(f"own {id(asyncio.current_task())}")

    async def joiner() -> str:
        await asyncio.sleep(0.01)
        return await flights.run(b"k", own)

    results = await asyncio.gather(
        flights.run(b"k", fails), joiner(), joiner(), return_exceptions=True
    )
    assert str(results[0]) == "down"
    assert all(str(e).startswith("own ") for e in results[1:])
    assert len({str(e) for e in results[1:]}) == 2  # two runs, two distinct errors
    assert fails.calls == 1


async def test_a_leader_that_stops_waiting_leaves_the_flight_to_the_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    flights: SingleFlight[str] = SingleFlight()
    work = Counted()
    leader = asyncio.ensure_future(flights.run(b"k", work))
    await asyncio.sleep(0.01)
    joiner = asyncio.ensure_future(flights.run(b"k", work))
    await asyncio.sleep(0.01)
    leader.cancel()
    assert await joiner == "answer" and work.calls == 1
    with pytest.raises(asyncio.CancelledError):
        await leader
    # A leader that left a failing flight: nobody is told, nothing is logged as unretrieved.
    failing = asyncio.ensure_future(flights.run(b"f", Counted(error=LookupError("x"))))
    await asyncio.sleep(0.01)
    failing.cancel()
    await asyncio.sleep(0.1)
    assert len(flights) == 0
    assert "never retrieved" not in caplog.text


async def test_requests_with_one_key_after_the_cache_empties_make_one_hq_lookup(
    world: World, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = world.rt.auth
    lookups: list[str] = []
    lookup = auth._lookup

    def slow_lookup(*args: Any) -> Any:
        lookups.append(threading.current_thread().name)
        time.sleep(0.1)  # long enough for every request below to miss meanwhile
        return lookup(*args)

    monkeypatch.setattr(auth, "_lookup", slow_lookup)
    auth.cache.invalidate()
    responses = await asyncio.gather(
        *(client.get(PREFS, headers=world.odfhir()) for _ in range(32))
    )
    assert [r.status_code for r in responses] == [200] * 32
    assert len(lookups) == 1


async def test_concurrent_requests_with_a_bad_key_are_each_refused(
    world: World, client: httpx.AsyncClient
) -> None:
    header = {"Authorization": f"ODFHIR AAAAAAAAAAAAAAAA/{world.office_a.customer_key}"}
    responses = await asyncio.gather(*(client.get(PREFS, headers=header) for _ in range(8)))
    assert {r.status_code for r in responses} == {401}
    assert all("DeveloperKey is not recognised" in r.json()["message"] for r in responses)


def test_a_refusal_is_raised_fresh_in_each_request(world: World) -> None:
    auth = world.rt.auth
    header = f"ODFHIR {world.developer_key}/AAAAAAAAAAAAAAAA"

    async def twice() -> list[BaseException]:
        got = await asyncio.gather(
            *(auth.averify(header, "customer") for _ in range(4)), return_exceptions=True
        )
        return [g for g in got if isinstance(g, BaseException)]

    errors = asyncio.run(twice())
    assert len(errors) == 4 and all(isinstance(e, Unauthorized) for e in errors)
    assert len({id(e) for e in errors}) == 4


async def test_a_request_after_a_change_never_joins_a_lookup_from_before_it(
    world: World, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = world.rt.auth
    lookups: list[int] = []
    release = threading.Event()
    lookup = auth._lookup

    def held_lookup(*args: Any) -> Any:
        lookups.append(auth.cache.generation)
        release.wait(5)
        return lookup(*args)

    monkeypatch.setattr(auth, "_lookup", held_lookup)
    auth.cache.invalidate()
    before = asyncio.ensure_future(client.get(PREFS, headers=world.odfhir()))
    while not lookups:
        await asyncio.sleep(0.01)
    auth.cache.invalidate()  # a change (a key disabled, a grant revoked) meanwhile
    after = asyncio.ensure_future(client.get(PREFS, headers=world.odfhir()))
    for _ in range(200):  # its own lookup starts, though the first is still held
        if len(lookups) == 2:
            break
        await asyncio.sleep(0.01)
    release.set()
    assert [(await before).status_code, (await after).status_code] == [200, 200]
    assert len(lookups) == 2 and lookups[1] == lookups[0] + 1  # its own, after the change
