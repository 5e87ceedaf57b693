"""The node secret: only processes of this deployment may use another's internal listener.

Requests between processes are signed as Standard Webhooks are (``standardwebhooks``: an
HMAC-SHA-256 over id, timestamp and body, compared in constant time), so the secret itself
never crosses the network. The secret is ``DENTIN_NODE_SECRET``, or derived from
``DENTIN_SECRET_KEY`` (which every node already shares) by a keyed hash with its own label,
so the internal listener's secret is never the pepper itself.

A signed request is accepted once, within ``WINDOW_SECONDS`` of its timestamp (the nodes'
clocks are NTP-synced), and only by the process it is addressed to: a recorded request
cannot be replayed, here or at another process.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections import OrderedDict

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from dentin.errors import Unauthorized

WINDOW_SECONDS = 30.0
_LABEL = b"dentin node relay v1"
TARGET_HEADER = "dentin-node-target"


def derive(pepper: bytes, configured: str | None) -> bytes:
    """The node secret's key bytes."""
    if configured:
        if len(configured) < 16:
            raise ValueError("DENTIN_NODE_SECRET must be at least 16 characters long.")
        return hashlib.sha256(configured.encode()).digest()
    return hmac.new(pepper, _LABEL, hashlib.sha256).digest()


class NodeSigner:
    def __init__(self, key: bytes) -> None:
        self._webhook = Webhook(key)
        self._seen: OrderedDict[str, float] = OrderedDict()

    def headers(self, body: bytes, target: str) -> dict[str, str]:
        """Headers that let the process ``target`` (its instance) accept ``body`` once."""
        msg_id = "node_" + secrets.token_urlsafe(18)
        now = dt.datetime.now(dt.UTC)
        return {
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self._webhook.sign(msg_id, now, _signed(body, target)),
            TARGET_HEADER: target,
        }

    def verify(self, body: bytes, headers: dict[str, str], me: str) -> None:
        """Raises Unauthorized unless another process of this deployment signed ``body`` for
        this process (instance ``me``), recently, and never sent it before."""
        target = headers.get(TARGET_HEADER, "")
        try:
            self._webhook.verify(_signed(body, target), headers, json_parse=False)
        except WebhookVerificationError:
            raise _refused("its node signature is missing or wrong") from None
        sent = int(headers["webhook-timestamp"])
        if abs(time.time() - sent) > WINDOW_SECONDS:
            raise _refused(f"it was signed more than {WINDOW_SECONDS:g} s ago")
        if not hmac.compare_digest(target.encode(), me.encode()):
            raise _refused("it was addressed to another process")
        self._remember(headers["webhook-id"])

    def _remember(self, msg_id: str) -> None:
        now = time.monotonic()
        while self._seen:
            oldest, at = next(iter(self._seen.items()))
            if now - at <= 2 * WINDOW_SECONDS:
                break
            del self._seen[oldest]
        if msg_id in self._seen:
            raise _refused("it was already received once")
        self._seen[msg_id] = now


def _signed(body: bytes, target: str) -> bytes:
    # The target travels in a header; signing it with the body binds the two.
    return target.encode() + b"\n" + body


def _refused(why: str) -> Unauthorized:
    return Unauthorized(
        f"This internal endpoint answers only other dentin processes of this deployment, and "
        f"this request was refused because {why}. Nodes share DENTIN_SECRET_KEY (or "
        "DENTIN_NODE_SECRET) and need synchronised clocks.",
        code="node_signature_refused",
    )
