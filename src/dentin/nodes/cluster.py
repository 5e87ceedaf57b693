"""One process's part in the deployment: its listener, its entries in the map, its peers.

Built by the runtime only when ``DENTIN_REDIS_URL`` is set (one process needs none of it) and
started by the app's lifespan on the serving loop: the listener binds first (its port is part
of this process's address), then every link this process takes is claimed in the map, kept
fresh while it lasts, and released when it drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets

import redis
from starlette.types import ASGIApp

from dentin.config import Settings
from dentin.connector.relay import Links, LinkState
from dentin.logs import get_logger
from dentin.nodes.holders import Holder, LinkMap
from dentin.nodes.listener import Listener, advertised_url, bind
from dentin.nodes.peer import Peers
from dentin.nodes.signing import NodeSigner, derive

log = get_logger("dentin.nodes")


class Nodes:
    def __init__(self, settings: Settings, links: Links, pepper: bytes) -> None:
        assert settings.redis_url
        self.settings = settings
        self.links = links
        secret = settings.node_secret.get_secret_value() if settings.node_secret else None
        self.signer = NodeSigner(derive(pepper, secret))
        # The URL is known once the listener has bound its port (``start``).
        self.me = Holder("", secrets.token_urlsafe(12))
        self.map = LinkMap(settings.redis_url, self.me, settings.node_link_ttl_seconds)
        self.peers = Peers(self.map, self.signer)
        self._listener: Listener | None = None
        self._claimed: set[int] = set()
        self._unclaimed: set[int] = set()  # a claim that failed (Redis away): retried
        self._beat: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return self.me.url

    async def start(self, internal_app: ASGIApp) -> None:
        sock = bind(self.settings.host, self.settings.node_port)
        self._listener = Listener(internal_app, sock)
        await self._listener.start()
        self.me = Holder(
            advertised_url(self.settings.node_host, self.settings.host, self._listener.port),
            self.me.instance,
        )
        self.map.me = self.me
        self.links.attach()
        self.links.elsewhere = self.peers
        self.links.on_change.append(self._on_link)
        self._beat = asyncio.get_running_loop().create_task(self._keep_fresh())
        log.info("node_listening", url=self.me.url)

    async def _on_link(self, state: LinkState) -> None:
        office_id = state.office_id
        try:
            if state.up:
                await self.map.claim(office_id)
                self._claimed.add(office_id)
                self._unclaimed.discard(office_id)
            else:
                self._claimed.discard(office_id)
                self._unclaimed.discard(office_id)
                await self.map.release(office_id)
        except redis.RedisError as exc:
            if state.up:
                self._unclaimed.add(office_id)
            log.warning("link_map_write_failed", office_id=office_id, error=type(exc).__name__)

    async def _keep_fresh(self) -> None:
        period = max(self.settings.node_link_ttl_seconds / 3, 0.2)
        while True:
            await asyncio.sleep(period)
            try:
                await self.refresh()
            except redis.RedisError as exc:
                log.warning("link_map_refresh_failed", error=type(exc).__name__)

    async def refresh(self) -> None:
        """Extend this process's entries; retire links another process has taken since."""
        held = set(self.links.held())
        self._claimed &= held
        self._unclaimed &= held
        for office_id in sorted(self._unclaimed):
            await self.map.claim(office_id)
            self._claimed.add(office_id)
            self._unclaimed.discard(office_id)
        for office_id in await self.map.refresh(sorted(self._claimed)):
            self._claimed.discard(office_id)
            holder = await self.map.holder(office_id)
            await self.links.replaced_elsewhere(
                office_id, holder.url if holder is not None else "another node"
            )

    async def stop(self) -> None:
        if self._beat is not None:
            self._beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beat
            self._beat = None
        for office_id in sorted(self._claimed | self._unclaimed):
            with contextlib.suppress(redis.RedisError):
                await self.map.release(office_id)
        self._claimed.clear()
        self._unclaimed.clear()
        if self._on_link in self.links.on_change:
            self.links.on_change.remove(self._on_link)
        self.links.elsewhere = None
        if self._listener is not None:
            await self._listener.stop()
            self._listener = None
        await self.peers.close()
        await self.map.close()
