"""Answer one relayed request by calling the office's own ASGI app in process.

The connector runs the same office application that Service and Local modes serve over HTTP,
so every mode answers through one code path; only the transport differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message

from dentin.connector import frames


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    state: dict[str, Any] = field(default_factory=dict)  # what the app left in scope["state"]


_TOO_LARGE = (
    b'{"code":"payload_too_large","message":"The office\'s answer is larger than '
    + str(frames.MAX_BODY).encode()
    + b' bytes, the most a relayed answer may carry; ask for less (a smaller Limit)."}'
)


async def call(
    app: ASGIApp,
    *,
    method: str,
    path: str,
    query: str,
    headers: list[tuple[str, str]],
    body: bytes,
    extensions: dict[str, Any],
    client: tuple[str, int] = ("127.0.0.1", 0),
    scheme: str = "https",
) -> Answer:
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode("latin-1", "replace"),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        "client": client,
        "server": ("dentin-connector", 0),
        "extensions": extensions,
        "state": {},
    }
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status = 500
    out_headers: list[tuple[str, str]] = []
    chunks: list[bytes] = []
    size = 0
    too_large = False

    async def send(message: Message) -> None:
        nonlocal status, out_headers, size, too_large
        if message["type"] == "http.response.start":
            status = message["status"]
            out_headers = [
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in message.get("headers", [])
            ]
        elif message["type"] == "http.response.body" and not too_large:
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > frames.MAX_BODY:
                too_large = True  # stop keeping it; memory stays bounded by the limit
                chunks.clear()
            else:
                chunks.append(chunk)

    await app(scope, receive, send)
    if too_large:
        return Answer(413, [("content-type", "application/json")], _TOO_LARGE, scope["state"])
    return Answer(status, out_headers, b"".join(chunks), scope["state"])
