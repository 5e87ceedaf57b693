"""Cross-node cache invalidation over Redis pub/sub.

Every HQ node keeps its own verification cache. When any node (or the operator CLI) changes a
credential, it publishes on one channel; every other node empties its caches on receipt, so a
revoke or disable is refused everywhere within the pub/sub latency (milliseconds). If Redis is
unreachable for a while, the caches' maximum age bounds how stale a node can be.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import redis

from dentin.logs import get_logger

CHANNEL = "dentin:credentials-changed"
log = get_logger("dentin.invalidation")


class InvalidationBus:
    def __init__(self, url: str, on_remote_change: Callable[[], None]) -> None:
        self.node_id = uuid.uuid4().hex
        self._client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._on_remote_change = on_remote_change
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def publish(self) -> None:
        try:
            self._client.publish(CHANNEL, self.node_id)
        except redis.RedisError as exc:
            # The change itself is committed; other nodes catch up within the cache's max age.
            log.warning("invalidation_publish_failed", error=type(exc).__name__)

    def start(self) -> None:
        if self._thread is not None:
            return
        ready = threading.Event()
        self._stop.clear()

        def listen() -> None:
            while not self._stop.is_set():
                pubsub = self._client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
                try:
                    pubsub.subscribe(CHANNEL)
                    ready.set()
                    # Anything could have changed while we were not listening.
                    self._on_remote_change()
                    while not self._stop.is_set():
                        message = pubsub.get_message(timeout=0.5)
                        if message is None:
                            continue
                        sender = message.get("data", b"")
                        if isinstance(sender, bytes) and sender.decode() != self.node_id:
                            self._on_remote_change()
                except redis.RedisError as exc:
                    log.warning("invalidation_listen_failed", error=type(exc).__name__)
                    self._stop.wait(1.0)
                finally:
                    pubsub.close()

        self._thread = threading.Thread(target=listen, name="dentin-invalidation", daemon=True)
        self._thread.start()
        ready.wait(timeout=5)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._client.close()
