"""HQ's WebSocket endpoint for connectors: authenticate the credential, then hold the link.

A refused credential is answered during the handshake with an HTTP status and a sentence
(the connector shows it and stops), not with an accepted-then-closed socket.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request, WebSocket
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocketDisconnect

from dentin.bodies import Body
from dentin.connector import frames
from dentin.connector.relay import LinkClosed, Links
from dentin.errors import DentinError
from dentin.responses import json_response

LINK_PATH = "/connector/v1/link"
PAIR_PATH = "/connector/v1/pair"
# Returns (office number, credential id) of a connector credential, or raises a DentinError.
Authenticate = Callable[[str | None, str], Awaitable[tuple[int, int]]]
# Trades (pairing code, connector version, address) for (office number, credential).
Redeem = Callable[[str, str, str], Awaitable[tuple[int, str]]]


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


def make_router(links: Links, authenticate: Authenticate, redeem: Redeem) -> APIRouter:
    router = APIRouter(tags=["connector"])

    @router.post(
        PAIR_PATH,
        status_code=201,
        summary="Trade a one-time pairing code for the connector's credential (shown once)",
    )
    async def pair(request: Request) -> Response:
        body = Body.parse(await request.body())
        code = body.str("Code", required=True, max_length=64) or ""
        version = body.str("Version", max_length=40) or ""
        address = request.client.host if request.client else ""
        office_id, credential = await redeem(code, version, address)
        return json_response({"OfficeNum": office_id, "Credential": credential}, 201)

    @router.websocket(LINK_PATH)
    async def link(ws: WebSocket) -> None:
        address = ws.client.host if ws.client else ""
        try:
            office_id, credential_id = await authenticate(ws.headers.get("authorization"), address)
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
        await links.serve(
            office_id,
            socket,
            version=version,
            address=address,
            credential_id=credential_id,
            keeps_copies=hello.header.get(frames.KEEPS_COPIES) is True,
        )

    return router
