"""Refuse oversized request bodies before they are read: 413 on ``Content-Length``, and while
streaming (chunked uploads) as soon as the running count passes the limit.

``Body.parse`` also checks ``MAX_BODY``, but only after ``request.body()`` has read the whole
body into memory, and routes that never call it (sign-in, forms) had no limit at all. This pure
ASGI middleware sits in front of every route, authenticated or not, and never buffers: it only
counts the chunks the app asks for. Once over, it answers the 413 itself and tells the app the
client went away (``http.disconnect``), so the app stops reading and the server closes the
connection instead of receiving the rest.

Limits: the API takes Open Dental's 16.8 MB (``bodies.MAX_BODY``). The portal's pages post
small forms (sign-in, applications, key labels; no uploads), so ``/portal`` takes 1 MB.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dentin.bodies import MAX_BODY
from dentin.responses import json_response
from dentin.wire import ascii_digits

PORTAL_MAX_BODY = 1_000_000
DEFAULT_LIMITS: tuple[tuple[str, int], ...] = (("/portal", PORTAL_MAX_BODY),)


class BodyLimit:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int = MAX_BODY,
        prefixes: Sequence[tuple[str, int]] = DEFAULT_LIMITS,
    ) -> None:
        self.app = app
        self.limit = limit
        self.prefixes = tuple(prefixes)

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared == -1:
            await _answer(scope, receive, send, 400, "bad_request", _BAD_LENGTH)
            return
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, limit, f"The body is {declared:,} bytes")
            return

        received = 0
        refused = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    if not started:
                        await _refuse(scope, receive, send, limit, "The body is larger than that")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer; whatever the app says afterwards is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except ClientDisconnect:
            if not refused:
                raise


_BAD_LENGTH = "Content-Length must be a whole number of bytes."


def _content_length(scope: Scope) -> int | None:
    """The declared length; ``None`` when not sent, -1 when it is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            if not ascii_digits(text):
                return -1
            return int(text) if len(text) <= 18 else 10**18  # no need to convert 5,000 digits
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int, what: str) -> None:
    await _answer(
        scope,
        receive,
        send,
        413,
        "payload_too_large",
        f"{what}; the most this endpoint accepts is {limit:,} bytes. Send less per request.",
    )


async def _answer(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    # ``Connection: close``: the rest of the body is not read, so the connection cannot be reused.
    response = json_response({"code": code, "message": message}, status, {"Connection": "close"})
    await response(scope, receive, send)
