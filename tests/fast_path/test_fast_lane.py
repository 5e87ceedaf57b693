"""The fast lane (dentin/fast_lane.py) answers byte for byte what the full FastAPI stack answers.

Two apps over the same databases, one with the lane and one without, get the same requests in
the same order: every laned route with good, bad and missing ids, with good and bad query
parameters, and with no, malformed, foreign and wrong-kind credentials. Status, headers and
body must match (only the request id and what the office's clock and timers write differ:
``serverDateTime``, /readyz's timings; the wall clock that rate limits read is held still).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import fastapi.routing
import httpx
import pytest
from fastapi import FastAPI
from starlette.routing import Match

from dentin.app import create_app
from dentin.config import Settings
from dentin.fast_lane import FastLane, _flatten
from dentin.office.generate import generate_office
from dentin.runtime import Runtime
from tests.conftest import World

AS_OF = dt.date(2026, 3, 2)
HOT_READS = (
    "/healthz",
    "/api/v1/patients/17",
    "/api/v1/patients/Simple",
    "/api/v1/appointments",
    "/api/v1/preferences",
)
PATH_VALUES = ("2", "abc", "99999999", "-4")
QUERIES = (
    "",
    "?Offset=1&Limit=2",
    "?Offset=abc",
    "?Limit=-1",
    "?PatNum=1",
    "?PatNum=x",
    "?PrefName=PracticeTitle",
    "?PrefName=NoSuchPref",
    "?DateTStamp=2020-01-01%2000:00:00",
    "?DateTStamp=yesterday",
    "?LName=a&ClinicNum=0",
    "?AptStatus=Scheduled&dateStart=2026-01-01&dateEnd=2026-12-31",
)
MASKED_HEADERS = {"x-request-id"}
# They count the requests themselves (both apps' alike, flushed in the background), so no two
# of their answers are alike: checked apart, by status and type.
COUNTING = ("/metrics", "/api/v1/usage")
STILL = 1_800_000_020.5  # mid-minute
CLOCKED = re.compile(rb'"(serverDateTime|ms)":("[^"]*"|[0-9.]+)')  # the clock's, not the path's


@dataclass
class Pair:
    laned: httpx.AsyncClient
    full: httpx.AsyncClient
    app: FastAPI


def without_lane(app: FastAPI) -> FastAPI:
    app.user_middleware = [m for m in app.user_middleware if m.cls is not FastLane]
    return app


def lane_of(app: FastAPI) -> FastLane:
    """The app's lane, as built into its middleware stack."""
    stack: Any = app.build_middleware_stack()
    while stack is not None and not isinstance(stack, FastLane):
        stack = getattr(stack, "app", None)
    assert isinstance(stack, FastLane)
    return stack


@pytest.fixture
def office(world: World) -> World:
    generate_office(world.rt.offices.get(world.office_a.id), 20, seed=14, as_of=AS_OF)
    return world


def _apart(settings: Settings, **update: Any) -> Settings:
    """Counters in each runtime's own memory, so that both apps see the same counts; the
    refusal budget (a guard outside the lane, tested in tests/gateway) never closes."""
    plenty = "1000000/minute"
    return settings.model_copy(
        update={
            "redis_url": None,
            "refusal_limit_per_address": plenty,
            "refusal_limit_per_key": plenty,
            **update,
        }
    )


@pytest.fixture(autouse=True)
def still_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate-limit windows (and so ``remaining``, resets and Retry-After) follow the wall
    clock; held still, both apps' counters read alike."""
    monkeypatch.setattr(time, "time", lambda: STILL)


@pytest.fixture
def runtimes(settings: Settings) -> Iterator[tuple[Runtime, Runtime]]:
    one, two = Runtime.build(_apart(settings)), Runtime.build(_apart(settings))
    try:
        yield one, two
    finally:
        one.close()
        two.close()


async def _pair(rt: Runtime, other: Runtime) -> AsyncIterator[Pair]:
    laned = create_app(rt.settings, rt)
    full = without_lane(create_app(other.settings, other))
    async with AsyncExitStack() as stack:
        clients = []
        for app in (laned, full):
            transport = httpx.ASGITransport(
                app=app, client=("203.0.113.9", 5555), raise_app_exceptions=False
            )
            client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            clients.append(await stack.enter_async_context(client))
        yield Pair(clients[0], clients[1], laned)


@pytest.fixture
async def pair(world: World, runtimes: tuple[Runtime, Runtime]) -> AsyncIterator[Pair]:
    async for made in _pair(*runtimes):
        yield made


def _shape(response: httpx.Response) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = []
    for name, value in response.headers.multi_items():
        if name in MASKED_HEADERS:
            continue
        if name == "content-length" and value == str(len(response.content)):
            value = "<the body's>"  # the body itself is compared below
        headers.append((name, value))
    return response.status_code, headers, CLOCKED.sub(rb'"\1":"<clock>"', response.content)


def _paths(lane: FastLane) -> list[str]:
    by_key, generic = lane._build()
    templates: list[str] = []
    listed = [
        e
        for by_count, any_count in by_key.values()
        for entries in (*by_count.values(), any_count)
        for e in entries
    ]
    for entry in [*generic, *listed]:
        template = getattr(entry.route, "path", None)
        if entry.lane is not None and isinstance(template, str) and template not in templates:
            templates.append(template)
    paths: list[str] = []
    for template in templates:
        if template in COUNTING:
            continue
        if "{" not in template:
            paths.append(template)
            continue
        paths.extend(re.sub(r"\{[^}]+\}", value, template) for value in PATH_VALUES)
    return paths


async def _same(pair: Pair, path: str, headers: dict[str, str]) -> None:
    fast = await pair.laned.get(path, headers=headers)
    slow = await pair.full.get(path, headers=headers)
    assert _shape(fast) == _shape(slow), f"GET {path} with {sorted(headers)}"


# The lane changes how a route is found and called, never what it reads: once, on SQLite (the
# stores' own answers are compared route by route in tests/office and tests/wire).
@pytest.mark.parametrize("backend", ["sqlite"])
async def test_every_laned_route_answers_as_the_full_stack_does(pair: Pair, office: World) -> None:
    paths = _paths(lane_of(pair.app))
    assert "/api/v1/patients/abc" in paths
    for path in paths:
        for query in QUERIES:
            await _same(pair, path + query, office.odfhir())


async def test_refused_credentials_get_the_same_answers_on_both_paths(
    pair: Pair, world: World
) -> None:
    kinds = (
        {},
        {"Authorization": "ODFHIR nonsense"},
        {"Authorization": "ODFHIR AAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBB"},
        {"Authorization": "Bearer dnt_not_a_token"},
        world.portal(),  # the developer's portal key, which office data does not take
        world.odfhir(world.office_b.customer_key),  # the same developer's other office
    )
    for path in _paths(lane_of(pair.app)):
        for headers in kinds:
            await _same(pair, path, headers)


async def test_mixed_case_paths_reach_the_lane_and_answer_alike(pair: Pair, world: World) -> None:
    for path in ("/API/V1/PATIENTS/1", "/api/v1/patients/simple?offset=2", "/Api/V1/Preferences"):
        await _same(pair, path, world.odfhir())


async def test_a_spent_rate_limit_is_the_same_429_on_both_paths(
    world: World, settings: Settings
) -> None:
    tight = _apart(
        settings, rate_limits=dict.fromkeys(("standard", "enterprise"), ("3/minute", "5/minute"))
    )
    rt, other = Runtime.build(tight), Runtime.build(tight)
    try:
        async for made in _pair(rt, other):
            for _ in range(6):
                await _same(made, "/api/v1/patients/1", world.odfhir())
            refused = await made.laned.get("/api/v1/patients/1", headers=world.odfhir())
            assert refused.status_code == 429
            assert "Retry-After" in refused.headers
    finally:
        rt.close()
        other.close()


async def test_an_unexpected_error_in_a_laned_route_is_the_same_500(
    pair: Pair, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dentin.office.routes import patients

    def broken(*_args: object) -> dict[str, object]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(patients, "_one", broken)  # SQLite's own page
    monkeypatch.setattr(patients, "_render", broken)  # Python's
    headers = {**world.odfhir(), "X-Request-Id": "quote-me"}  # the body names it
    fast = await pair.laned.get("/api/v1/patients/1", headers=headers)
    slow = await pair.full.get("/api/v1/patients/1", headers=headers)
    assert fast.status_code == 500
    assert "disk on fire" not in fast.text
    assert _shape(fast) == _shape(slow)


async def test_the_hot_reads_skip_fastapis_dependency_solver(
    pair: Pair, office: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    solved: list[str] = []
    original = fastapi.routing.solve_dependencies

    async def counting(*args: Any, **kwargs: Any) -> Any:
        solved.append(kwargs["request"].url.path)
        return await original(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    for path in HOT_READS:
        assert (await pair.laned.get(path, headers=office.odfhir())).status_code == 200
    assert solved == []
    for path in HOT_READS:
        assert (await pair.full.get(path, headers=office.odfhir())).status_code == 200
    assert len(solved) == len(HOT_READS)


async def test_counting_routes_answer_with_the_same_status_and_type_on_both_paths(
    pair: Pair, world: World
) -> None:
    for path in COUNTING:
        for headers in ({}, world.odfhir(), world.portal()):
            fast = await pair.laned.get(path, headers=headers)
            slow = await pair.full.get(path, headers=headers)
            assert (fast.status_code, fast.headers["content-type"]) == (
                slow.status_code,
                slow.headers["content-type"],
            ), path


async def test_routes_the_lane_cannot_serve_exactly_go_down_the_full_stack(pair: Pair) -> None:
    lane = lane_of(pair.app)

    def laned(path: str, method: str = "GET") -> bool:
        scope = {"type": "http", "method": method, "path": path, "root_path": ""}
        return lane.find(scope) is not None

    assert laned("/api/v1/patients/Simple") and laned("/api/v1/patients/12")
    assert not laned("/api/v1/patients/")  # the router's trailing-slash redirect
    assert not laned("/docs")  # not an APIRoute
    assert not laned("/portal/")  # a mounted app
    assert not laned("/api/v1/no-such-thing")
    assert not laned("/api/v1/patients/12", "HEAD")


async def test_a_dependency_override_sends_requests_down_the_full_stack(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    solved: list[str] = []
    original = fastapi.routing.solve_dependencies

    async def counting(*args: Any, **kwargs: Any) -> Any:
        solved.append(kwargs["request"].url.path)
        return await original(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counting)
    pair.app.dependency_overrides[object] = object  # FastAPI's to apply, whatever it is
    try:
        assert (await pair.laned.get("/healthz")).status_code == 200
    finally:
        pair.app.dependency_overrides.clear()
    assert solved == ["/healthz"]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_lane_finds_the_route_a_walk_of_the_whole_table_finds(world: World) -> None:
    # The index (first segments, then the number of "/") only skips routes that cannot match:
    # for every template, and one segment more and less, the first full match is the same.
    app = create_app(world.rt.settings, world.rt)
    lane = lane_of(app)
    table = [m for m, _ in _flatten(app.router.routes)]
    paths: list[str] = []
    for matcher in table:
        template = getattr(matcher, "path", None)
        if isinstance(template, str):
            path = re.sub(r"\{[^}]+\}", "7", template)
            paths += [path, path + "/x", path.rsplit("/", 1)[0], path + "/"]
    paths += ["/portal/login", "/portal/api-setup/keys/7", "/api/v1", "/"]
    assert len(paths) > 400
    for path in paths:
        scope = {"type": "http", "method": "GET", "path": path, "root_path": "", "headers": []}
        walked = None
        for matcher in table:
            if matcher.matches(scope)[0] is Match.FULL:
                walked = matcher
                break
        matched = lane.match(scope)
        if walked is None:
            assert matched is None, path
        else:
            assert matched is not None and matched[0].matches == walked.matches, path
