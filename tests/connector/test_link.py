"""The connector link end to end over real loopback sockets: relay, concurrency, failures."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from websockets.asyncio.client import connect

from dentin.connector import frames
from dentin.connector.frames import Frame
from dentin.connector.office_link import Backoff, ConnectorStopped, OfficeLink
from tests.connector.conftest import Hq, cancelled, json, office_app


@contextlib.asynccontextmanager
async def running(link: OfficeLink) -> AsyncIterator[asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(link.run(stop))
    try:
        await asyncio.wait_for(link.connected.wait(), 5)
        yield task
    finally:
        stop.set()
        with contextlib.suppress(ConnectorStopped, asyncio.CancelledError):
            await asyncio.wait_for(task, 5)


async def test_a_relayed_request_reaches_the_office_app_with_its_body_and_caller(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(link), httpx.AsyncClient(base_url=hq.base) as client:
        r = await client.put("/relay/1/echo?Offset=5", content=b'{"Note":"hi"}')
    assert r.status_code == 200
    assert json(r) == {
        "method": "PUT",
        "path": "/echo",
        "query": "Offset=5",
        "body": '{"Note":"hi"}',
        "caller": {"office_id": 1, "developer_name": "Test Dev"},
    }


async def test_many_requests_are_in_flight_at_once_over_the_one_link(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(link), httpx.AsyncClient(base_url=hq.base, timeout=10) as client:
        started = time.monotonic()
        answers = await asyncio.gather(*(client.get("/relay/1/slow?s=0.5") for _ in range(20)))
        took = time.monotonic() - started
    assert [a.status_code for a in answers] == [200] * 20
    assert took < 2.5, f"20 half-second requests took {took:.2f} s: they were not concurrent"


async def test_an_office_without_a_link_answers_503_naming_it_with_retry_after(hq: Hq) -> None:
    async with httpx.AsyncClient(base_url=hq.base) as client:
        r = await client.get("/relay/7/echo")
    assert r.status_code == 503
    assert r.headers["retry-after"] == "5"
    body = json(r)
    assert body["code"] == "office_offline"
    assert "Office 7" in body["message"] and "connector" in body["message"]


async def test_after_the_link_drops_the_503_says_since_when(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(link):
        pass
    await asyncio.sleep(0.2)
    async with httpx.AsyncClient(base_url=hq.base) as client:
        r = await client.get("/relay/1/echo")
    assert r.status_code == 503
    assert " UTC" in json(r)["message"] and "offline since 20" in json(r)["message"]
    state = hq.links.state(1)
    assert state is not None and not state.up


async def test_a_request_the_office_does_not_answer_in_time_is_a_504_and_is_cancelled(
    hq: Hq,
) -> None:
    cancelled.clear()
    link = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(link), httpx.AsyncClient(base_url=hq.base, timeout=10) as client:
        r = await client.get("/relay/1/slow?s=10")
        await asyncio.sleep(0.3)
    assert r.status_code == 504
    assert "did not answer within 2 s" in json(r)["message"]
    assert cancelled == ["/slow"]


async def test_an_office_app_error_is_answered_not_hung(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(link), httpx.AsyncClient(base_url=hq.base) as client:
        r = await client.get("/relay/1/boom")
    assert r.status_code == 500
    assert "office" in json(r)["message"]
    assert "Traceback" not in r.text and "office bug" not in r.text


async def test_an_answer_over_the_body_limit_is_a_413(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(link), httpx.AsyncClient(base_url=hq.base, timeout=10) as client:
        r = await client.get("/relay/1/big")
        ok = await client.get("/relay/1/echo")
    assert r.status_code == 413
    assert "16800000" in json(r)["message"]
    assert ok.status_code == 200


async def test_a_second_connector_takes_over_and_the_first_is_told_why(hq: Hq) -> None:
    first = OfficeLink(hq.ws_url, "good-credential", office_app())
    stop = asyncio.Event()
    first_task = asyncio.create_task(first.run(stop))
    await asyncio.wait_for(first.connected.wait(), 5)
    second = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with running(second), httpx.AsyncClient(base_url=hq.base) as client:
        with pytest.raises(ConnectorStopped, match="Another connector for office 1 connected"):
            await asyncio.wait_for(first_task, 5)
        r = await client.get("/relay/1/echo")
        assert r.status_code == 200
        assert hq.links.is_up(1)
    stop.set()


async def test_a_revoked_credential_stops_the_connector_with_hqs_reason(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "revoked-credential", office_app())
    with pytest.raises(ConnectorStopped, match=r"401.*revoked at HQ"):
        await asyncio.wait_for(link.run(asyncio.Event()), 5)
    assert hq.refused == ["revoked-credential"]


async def test_the_connector_reconnects_by_itself_after_hq_drops_the_link(hq: Hq) -> None:
    link = OfficeLink(hq.ws_url, "good-credential", office_app(), backoff=Backoff(0.05, 0.2))
    async with running(link), httpx.AsyncClient(base_url=hq.base) as client:
        hq.run(hq.links.close())
        deadline = time.monotonic() + 5
        while True:
            r = await client.get("/relay/1/echo")
            if r.status_code == 200:
                break
            assert time.monotonic() < deadline, "the connector did not come back"
            await asyncio.sleep(0.05)


async def test_a_connector_that_stops_reading_costs_only_its_own_office(hq: Hq) -> None:
    """Office 2's connector says hello and then never reads: its callers get 504, office 1
    keeps answering, and HQ drops the stuck link instead of buffering without bound."""
    healthy = OfficeLink(hq.ws_url, "good-credential", office_app())
    async with (
        running(healthy),
        connect(
            hq.ws_url,
            additional_headers={"Authorization": "Connector other-office"},
            max_size=frames.MAX_MESSAGE,
            max_queue=1,
            ping_interval=None,
        ) as stuck,
        httpx.AsyncClient(base_url=hq.base, timeout=20) as client,
    ):
        await stuck.send(frames.encode(Frame(frames.HELLO, {"version": "test"})))
        await stuck.recv()  # the welcome; from here on it reads nothing
        stuck.transport.pause_reading()
        big = b"x" * 8_000_000
        slow = [asyncio.create_task(client.put("/relay/2/echo", content=big)) for _ in range(3)]
        started = time.monotonic()
        ok = await client.get("/relay/1/echo")
        assert ok.status_code == 200
        assert time.monotonic() - started < 2.0
        answers = await asyncio.gather(*slow)
    assert {a.status_code for a in answers} <= {503, 504}
    assert not hq.links.is_up(2)


def test_backoff_grows_to_its_cap_with_jitter_and_resets() -> None:
    backoff = Backoff(base=0.5, cap=5.0, rng=random.Random(1))
    delays = [backoff.next() for _ in range(8)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(2.5 <= d <= 5.0 for d in delays[4:])
    assert len(set(delays)) == len(delays)
    backoff.reset()
    assert backoff.next() <= 0.5
