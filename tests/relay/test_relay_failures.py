"""What a caller hears when the process named in the map cannot answer for the office: a 503 or
the holder's own refusal, each with its reason, promptly, and never a hang."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
import redis

from dentin.config import Settings
from dentin.connector.relay import Relayed
from dentin.errors import DentinError, OfficeUnavailable
from dentin.nodes.holders import Holder, LinkMap
from dentin.nodes.peer import ANSWER, EVENTS, Peers, answer_headers
from dentin.nodes.signing import NodeSigner, derive
from dentin.runtime import Runtime
from tests.pg import RedisServer, free_port

OFFICE = 3
HEADER = {"m": "GET", "p": "/api/v1/patients/1", "q": "", "h": [], "c": {}, "sc": "http"}
Answer = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
async def link_map(redis_server: RedisServer) -> AsyncIterator[LinkMap]:
    url = redis_server.url(12)
    redis.Redis.from_url(url).flushdb()
    found = LinkMap(url, Holder("http://127.0.0.1:1", "me"), ttl_seconds=30)
    yield found
    await found.close()


def _peers(link_map: LinkMap, answer: Answer | None = None) -> Peers:
    transport = httpx.MockTransport(answer) if answer is not None else None
    return Peers(link_map, NodeSigner(derive(b"p" * 20, None)), transport)


async def _holder_at(link_map: LinkMap, url: str) -> Holder:
    other = LinkMap(link_map.url, Holder(url, "other"), ttl_seconds=30)
    await other.claim(OFFICE)
    await other.close()
    return other.me


def test_without_redis_a_process_answers_only_for_the_links_it_holds(
    settings: Settings,
) -> None:
    rt = Runtime.build(settings.model_copy(update={"redis_url": None}))
    try:
        assert rt.nodes is None and rt.links.elsewhere is None
    finally:
        rt.close()


async def test_an_office_linked_nowhere_is_left_to_this_process_to_refuse(
    link_map: LinkMap,
) -> None:
    assert await _peers(link_map).forward(OFFICE, HEADER, b"", 5) is None


async def test_a_holder_that_is_gone_is_a_prompt_503_and_its_entry_is_deleted(
    link_map: LinkMap,
) -> None:
    await _holder_at(link_map, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    peers = _peers(link_map)
    started = time.monotonic()
    with pytest.raises(OfficeUnavailable) as gone:
        await peers.forward(OFFICE, HEADER, b"", 30)
    took = time.monotonic() - started
    await peers.close()
    assert gone.value.code == "office_node_unreachable"
    assert gone.value.headers == {"Retry-After": "5"}
    assert "does not answer" in gone.value.message
    assert took < 5, took  # a refused connection, not the 30 s request timeout
    assert await link_map.holder(OFFICE) is None


async def test_a_holder_that_no_longer_holds_the_link_leaves_the_office_offline(
    link_map: LinkMap,
) -> None:
    await _holder_at(link_map, "http://127.0.0.1:9")

    def not_here(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={ANSWER: "not-here"}, json={"code": "link_not_here"})

    assert await _peers(link_map, not_here).forward(OFFICE, HEADER, b"", 5) is None
    assert await link_map.holder(OFFICE) is None


async def test_the_holders_own_refusal_reaches_the_caller_as_it_stands(
    link_map: LinkMap,
) -> None:
    await _holder_at(link_map, "http://127.0.0.1:9")

    def too_slow(_request: httpx.Request) -> httpx.Response:
        body = {"code": "timeout", "message": "Office 3 did not answer within 5 s."}
        return httpx.Response(504, headers={ANSWER: "refusal", "Retry-After": "5"}, json=body)

    with pytest.raises(DentinError) as refused:
        await _peers(link_map, too_slow).forward(OFFICE, HEADER, b"", 5)
    assert refused.value.status_code == 504
    assert refused.value.body() == {
        "code": "timeout",
        "message": "Office 3 did not answer within 5 s.",
    }
    assert refused.value.headers == {"Retry-After": "5"}


async def test_a_holder_that_refuses_this_nodes_signature_is_a_503_naming_the_secret(
    link_map: LinkMap,
) -> None:
    await _holder_at(link_map, "http://127.0.0.1:9")

    def stranger(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": "node_signature_refused", "message": "no"})

    with pytest.raises(OfficeUnavailable) as refused:
        await _peers(link_map, stranger).forward(OFFICE, HEADER, b"", 5)
    assert refused.value.code == "office_node_refused"
    assert "DENTIN_SECRET_KEY" in refused.value.message


async def test_the_offices_answer_comes_back_unchanged_with_its_events(
    link_map: LinkMap,
) -> None:
    await _holder_at(link_map, "http://127.0.0.1:9")
    office = Relayed(
        201,
        [("content-type", "application/json"), ("location", "/api/v1/patients/9")],
        b'{"PatNum":9}',
        [{"what": "audit"}],
        True,
    )

    def holder(request: httpx.Request) -> httpx.Response:
        assert request.headers["webhook-signature"].startswith("v1,")
        return httpx.Response(
            office.status,
            headers=[*office.headers, *answer_headers(office)],
            content=office.body,
        )

    got = await _peers(link_map, holder).forward(OFFICE, HEADER, b"", 5)
    assert got is not None
    assert (got.status, got.body, got.events, got.credentials_changed) == (
        201,
        b'{"PatNum":9}',
        [{"what": "audit"}],
        True,
    )
    assert ("location", "/api/v1/patients/9") in got.headers
    assert not any(name.lower() in (ANSWER, EVENTS) for name, _v in got.headers)


async def test_redis_out_of_reach_is_a_503_that_says_so() -> None:
    nowhere = LinkMap(f"redis://127.0.0.1:{free_port()}/0", Holder("x", "me"), ttl_seconds=5)
    try:
        with pytest.raises(OfficeUnavailable) as unknown:
            await _peers(nowhere).forward(OFFICE, HEADER, b"", 5)
    finally:
        await nowhere.close()
    assert unknown.value.code == "office_link_unknown"
    assert unknown.value.headers == {"Retry-After": "5"}
