"""HQ's WebSocket endpoint for connectors: authenticate the credential, then hold the link.

A refused credential is answered during the handshake with an HTTP status and a sentence
(the connector shows it and stops), not with an accepted-then-closed socket.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, WebSocket
from starlette.responses import JSONResponse
from starlette.websockets import WebSocketDisconnect

from dentin.connector import frames
from dentin.connector.relay import LinkClosed, Links
from dentin.errors import DentinError

LINK_PATH = "/connector/v1/link"
# Returns the office number the connector credential belongs to, or raises a DentinError.
Authenticate = Callable[[str | None, str], Awaitable[int]]


class StarletteFrames:
    """Starlette's WebSocket as the relay's ``FrameSocket``."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws

    async def send_bytes(self, data: bytes) -> None:
        try:
            await self.ws.send_bytes(data)
        except (WebSocketDisconnect, RuntimeError) as exc:
            raise LinkClosed(str(exc)) from None

    async def receive_bytes(self) -> bytes:
        try:
            message = await self.ws.receive()
        except (WebSocketDisconnect, RuntimeError) as exc:
            raise LinkClosed(str(exc)) from None
        if message["type"] == "websocket.disconnect":
            raise LinkClosed("disconnected")
        data = message.get("bytes")
        if data is None:
            raise frames.FrameError("the link carries binary frames, not text")
        return bytes(data)

    async def close(self, code: int, reason: str) -> None:
        await self.ws.close(code, reason)


def make_router(links: Links, authenticate: Authenticate) -> APIRouter:
    router = APIRouter()

    @router.websocket(LINK_PATH)
    async def link(ws: WebSocket) -> None:
        address = ws.client.host if ws.client else ""
        try:
            office_id = await authenticate(ws.headers.get("authorization"), address)
        except DentinError as exc:
            await ws.send_denial_response(JSONResponse(exc.body(), exc.status_code))
            return
        await ws.accept()
        socket = StarletteFrames(ws)
        try:
            hello = frames.decode(await socket.receive_bytes())
        except (LinkClosed, frames.FrameError):
            await ws.close(1002, "the first frame must be a hello")
            return
        if hello.type != frames.HELLO:
            await ws.close(1002, "the first frame must be a hello")
            return
        version = str(hello.header.get("version", ""))[:40]
        await links.serve(office_id, socket, version=version, address=address)

    return router
