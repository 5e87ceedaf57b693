"""Standard Webhooks signatures for what the office posts, by the ``standardwebhooks`` package.

A subscription has one secret, or two for the 24 hours after a rotation: every message is then
signed with both (the header lists both signatures, space-separated, as the standard allows),
so a receiver verifies with either while it switches over.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Iterable

from standardwebhooks.webhooks import Webhook

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def headers(
    signing_secrets: Iterable[str], msg_id: str, at: dt.datetime, body: bytes
) -> dict[str, str]:
    """``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` for one attempt."""
    moment = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    signatures = " ".join(Webhook(s).sign(msg_id, moment, body) for s in signing_secrets)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signatures,
    }
