"""A connector that links to another node takes the office there: the map names the newer link,
and the node with the older one tells its connector why and closes it, as one node does."""

from __future__ import annotations

import asyncio

import redis
from starlette.applications import Starlette

from dentin.config import Settings
from dentin.connector import frames
from dentin.connector.frames import Frame
from dentin.connector.relay import LinkClosed, Links
from dentin.nodes.cluster import Nodes
from dentin.nodes.holders import Holder, LinkMap
from tests.pg import RedisServer

OFFICE = 5


class Socket:
    """A connector's end as the link sees it: what HQ sent, and whether HQ closed it."""

    def __init__(self) -> None:
        self.sent: list[Frame] = []
        self.closed: tuple[int, str] | None = None
        self._inbox: asyncio.Queue[bytes | None] = asyncio.Queue()

    async def send_bytes(self, data: bytes) -> None:
        if self.closed is not None:
            raise LinkClosed("closed")
        self.sent.append(frames.decode(data))

    async def receive_bytes(self) -> bytes:
        message = await self._inbox.get()
        if message is None:
            raise LinkClosed("closed")
        return message

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)
        self._inbox.put_nowait(None)


async def _until(check: object, within: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.02)


async def test_a_link_taken_at_another_node_is_retired_here_with_the_reason(
    settings: Settings, redis_server: RedisServer
) -> None:
    url = redis_server.url(13)
    redis.Redis.from_url(url).flushdb()
    links = Links(beat_seconds=5)
    nodes = Nodes(settings.model_copy(update={"redis_url": url}), links, b"p" * 20)
    other = LinkMap(url, Holder("http://10.0.0.2:9100", "other"), ttl_seconds=15)
    socket = Socket()
    await nodes.start(Starlette())
    served = asyncio.create_task(links.serve(OFFICE, socket, version="t", address="office"))
    try:
        await _until(lambda: _names(other, nodes.me))
        await other.claim(OFFICE)  # a newer connector linked at the other node
        await nodes.refresh()
        bye = [f for f in socket.sent if f.type == frames.BYE]
        assert bye and bye[0].header["reason"] == "replaced"
        assert "another HQ node (http://10.0.0.2:9100)" in bye[0].header["message"]
        assert socket.closed is not None
        await asyncio.wait_for(served, 5)
        assert not links.is_up(OFFICE)
        assert await other.holder(OFFICE) == other.me  # its release left the newer entry
    finally:
        served.cancel()
        await nodes.stop()
        await other.close()


async def _names(found: LinkMap, holder: Holder) -> bool:
    return await found.holder(OFFICE) == holder
