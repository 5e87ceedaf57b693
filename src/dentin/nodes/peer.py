"""Relaying a request to the process that holds the office's link, over its internal listener.

The request travels as one link frame (the same header the connector receives, plus the
office and the caller's deadline) in a signed POST. The holder answers with the office's own
status, headers and body, unchanged, and says in ``dentin-node-answer`` what the answer is:

- ``office``: the office answered (its audit events and credential-change flag ride along in
  headers, for this process to record, as for a link it holds itself);
- ``refusal``: the holder's own refusal for the link (dropped mid-request, the office too slow),
  passed on to the caller as it stands;
- ``not-here``: the holder no longer holds the link (the map is stale): the entry is deleted and
  the caller gets the office's 503.

A holder that does not answer at all (killed) costs one refused connection on a LAN, or the
one-second connect timeout; its entry is deleted and the caller gets a 503 with
``Retry-After`` while the connector reconnects to a live node.
"""

from __future__ import annotations

import base64
import contextlib
from typing import Any

import httpx
import orjson
import redis

from dentin import metrics
from dentin.connector import frames
from dentin.connector.frames import Frame
from dentin.connector.relay import RETRY_AFTER_SECONDS, Relayed
from dentin.errors import DentinError, OfficeUnavailable
from dentin.logs import get_logger
from dentin.nodes.holders import Holder, LinkMap
from dentin.nodes.signing import NodeSigner

log = get_logger("dentin.nodes")
RELAY_PATH = "/internal/v1/relay"
ANSWER = "dentin-node-answer"
EVENTS = "dentin-node-events"
CREDENTIALS_CHANGED = "dentin-node-credentials-changed"
CONNECT_SECONDS = 1.0
# What the holder adds to the office's answer; never passed on to the caller.
NODE_HEADERS = frozenset({ANSWER, EVENTS, CREDENTIALS_CHANGED})


class HolderRefused(DentinError):
    """The holding process's own refusal (503, 504, 413), passed on as it stands."""

    def __init__(self, status: int, body: Any, headers: dict[str, str]) -> None:
        data = body if isinstance(body, dict) else {}
        message = data.get("message")
        code = data.get("code")
        super().__init__(
            message if isinstance(message, str) else "The office could not answer; retry.",
            code=code if isinstance(code, str) else "office_unavailable",
            headers=headers,
            extra={k: v for k, v in data.items() if k not in ("code", "message")},
        )
        self.status_code = status


class Peers:
    """This process's way to the other processes' links (``Links.elsewhere``)."""

    def __init__(
        self,
        link_map: LinkMap,
        signer: NodeSigner,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.map = link_map
        self.signer = signer
        self._transport = transport  # tests answer as a holder would
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:  # made on the serving loop, at first use
            self._client = httpx.AsyncClient(
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
                trust_env=False,  # never through a proxy from the environment
                transport=self._transport,
            )
        return self._client

    async def forward(
        self, office_id: int, header: dict[str, Any], body: bytes, timeout: float
    ) -> Relayed | None:
        try:
            holder = await self.map.holder(office_id)
        except redis.RedisError as exc:
            metrics.NODE_RELAYS.labels("sent", "redis_down").inc()
            raise OfficeUnavailable(
                f"Office {office_id} is linked to HQ through another node, and this node cannot "
                f"learn which one: Redis does not answer ({type(exc).__name__}). Retry shortly.",
                code="office_link_unknown",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            ) from None
        if holder is None or holder == self.map.me:
            return None
        payload = frames.encode(
            Frame(frames.REQUEST, {**header, "o": office_id, "to": timeout}, body)
        )
        try:
            answer = await self._http().post(
                holder.url + RELAY_PATH,
                content=payload,
                headers={
                    "content-type": "application/octet-stream",
                    **self.signer.headers(payload, holder.instance),
                },
                # The holder answers 504 at ``timeout`` itself; the margin is for the hop.
                timeout=httpx.Timeout(timeout + 5, connect=CONNECT_SECONDS),
            )
        except httpx.TransportError as exc:
            metrics.NODE_RELAYS.labels("sent", "unreachable").inc()
            await self._forget(office_id, holder)
            log.warning(
                "node_relay_unreachable",
                office_id=office_id,
                node=holder.url,
                error=type(exc).__name__,
            )
            raise OfficeUnavailable(
                f"Office {office_id}'s connector link is held by another HQ node "
                f"({holder.url}), which does not answer ({type(exc).__name__}); the connector "
                "reconnects to a live node within seconds. Retry shortly.",
                code="office_node_unreachable",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            ) from None
        kind = answer.headers.get(ANSWER)
        if kind == "office":
            metrics.NODE_RELAYS.labels("sent", "answered").inc()
            return _relayed(answer)
        if kind == "not-here":
            metrics.NODE_RELAYS.labels("sent", "stale").inc()
            await self._forget(office_id, holder)
            return None
        if kind == "refusal":
            metrics.NODE_RELAYS.labels("sent", "refused").inc()
            retry = answer.headers.get("retry-after")
            raise HolderRefused(
                answer.status_code,
                _json(answer.content),
                {"Retry-After": retry} if retry else {},
            )
        metrics.NODE_RELAYS.labels("sent", "rejected").inc()
        log.error("node_relay_rejected", node=holder.url, status=answer.status_code)
        raise OfficeUnavailable(
            f"Office {office_id}'s connector link is held by another HQ node ({holder.url}), "
            f"which refused to relay for this node ({answer.status_code}): every node must "
            "share DENTIN_SECRET_KEY (or DENTIN_NODE_SECRET) and run the same dentin version.",
            code="office_node_refused",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    async def _forget(self, office_id: int, holder: Holder) -> None:
        with contextlib.suppress(redis.RedisError):
            await self.map.forget(office_id, holder)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def answer_headers(answer: Relayed) -> list[tuple[str, str]]:
    """The holder's side: what rides along with the office's answer."""
    extra = [(ANSWER, "office")]
    if answer.events:
        extra.append((EVENTS, base64.urlsafe_b64encode(orjson.dumps(answer.events)).decode()))
    if answer.credentials_changed:
        extra.append((CREDENTIALS_CHANGED, "1"))
    return extra


def _relayed(answer: httpx.Response) -> Relayed:
    events: list[Any] = []
    encoded = answer.headers.get(EVENTS)
    if encoded:
        with contextlib.suppress(ValueError, orjson.JSONDecodeError):
            decoded = orjson.loads(base64.urlsafe_b64decode(encoded))
            events = decoded if isinstance(decoded, list) else []
    headers = [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in answer.headers.raw
        if k.decode("latin-1").lower() not in NODE_HEADERS
    ]
    return Relayed(
        answer.status_code,
        headers,
        answer.content,
        events,
        answer.headers.get(CREDENTIALS_CHANGED) == "1",
    )


def _json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
