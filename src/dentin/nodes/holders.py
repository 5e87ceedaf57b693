"""Which HQ process holds which office's connector link: a Redis map with a time to live.

``dentin:link:{office}`` holds ``{url} {instance}`` of the process holding the link, written
when the link comes up (the newest link wins, as on one node), refreshed by that process every
third of the time to live while the link lasts, and deleted when it drops. A process killed
with -9 cannot delete its entries: they expire, and a peer that finds the holder unreachable
deletes the entry at once (only if it still names that holder), so callers get a fast 503
rather than a wait. ``instance`` tells a restarted process (same URL) from the one before it.

Every write is conditional where it must be (a Lua script, atomic in Redis): a refresh extends
only an entry that still names this process, and puts it back if Redis lost it (a Redis
restart); a release deletes only this process's own entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

PREFIX = "dentin:link:"
# Extend our own entry, or put it back when missing; 0 when another process took it.
_REFRESH = """
local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
# Delete the entry only if it still holds the given value.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


@dataclass(frozen=True, slots=True)
class Holder:
    url: str
    instance: str

    @property
    def value(self) -> str:
        return f"{self.url} {self.instance}"

    @classmethod
    def parse(cls, value: bytes | str | None) -> Holder | None:
        if value is None:
            return None
        text = value.decode() if isinstance(value, bytes) else value
        url, _, instance = text.partition(" ")
        return cls(url, instance) if url and instance else None


class LinkMap:
    """One process's view of the map; ``me`` is this process."""

    def __init__(self, url: str, me: Holder, ttl_seconds: float) -> None:
        self.url = url
        # Short timeouts: a request must never wait long on Redis to learn where a link is.
        self._client = aioredis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.me = me
        self.ttl_ms = max(int(ttl_seconds * 1000), 1000)
        self._refresh = self._client.register_script(_REFRESH)
        self._release = self._client.register_script(_RELEASE)

    async def claim(self, office_id: int) -> None:
        await self._client.set(_key(office_id), self.me.value, px=self.ttl_ms)

    async def release(self, office_id: int) -> None:
        await self._release(keys=[_key(office_id)], args=[self.me.value])

    async def refresh(self, office_ids: list[int]) -> list[int]:
        """Extend this process's entries; the offices whose entry another process took."""
        if not office_ids:
            return []
        async with self._client.pipeline(transaction=False) as pipe:
            for office_id in office_ids:
                await self._refresh(
                    keys=[_key(office_id)], args=[self.me.value, self.ttl_ms], client=pipe
                )
            kept = await pipe.execute()
        return [o for o, ok in zip(office_ids, kept, strict=True) if not ok]

    async def holder(self, office_id: int) -> Holder | None:
        return Holder.parse(await self._client.get(_key(office_id)))

    async def forget(self, office_id: int, holder: Holder) -> None:
        """Delete an entry naming a holder that is gone (only if it still names it)."""
        await self._release(keys=[_key(office_id)], args=[holder.value])

    async def close(self) -> None:
        await self._client.aclose()


def _key(office_id: int) -> str:
    return f"{PREFIX}{office_id}"
