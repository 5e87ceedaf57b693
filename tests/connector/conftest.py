"""A real HQ-side link endpoint on loopback, and a toy office app for the connector to serve."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
import uvicorn
from fastapi import FastAPI, Request
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dentin.connector import routes
from dentin.connector.office_link import RELAYED_CALLER
from dentin.connector.relay import Links
from dentin.errors import DentinError, Unauthorized
from tests.pg import free_port


@pytest.fixture
def backend() -> str:
    """These tests start real HQ and office processes (seconds each), so they run once, on
    HQ's production store; the SQLite HQ runs the same code in-process tests everywhere else."""
    return "postgresql"


GOOD = {"good-credential": 1, "other-office": 2}


@dataclass
class Hq:
    port: int
    links: Links
    loop: asyncio.AbstractEventLoop
    refused: list[str] = field(default_factory=list)

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{routes.LINK_PATH}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)


def _hq_app(links: Links, refused: list[str]) -> FastAPI:
    app = FastAPI()

    async def authenticate(header: str | None, address: str) -> tuple[int, int]:
        credential = (header or "").removeprefix("Connector ")
        if credential not in GOOD:
            refused.append(credential)
            raise Unauthorized("This connector credential was revoked at HQ.", code="revoked")
        return GOOD[credential], GOOD[credential]

    async def redeem(code: str, version: str, address: str) -> tuple[int, str]:
        if code != "GOOD-CODE":
            raise Unauthorized("This pairing code is not recognised.", code="pairing_unknown")
        return 1, "good-credential"

    app.include_router(routes.make_router(links, authenticate, redeem))

    @app.api_route("/relay/{office}/{rest:path}", methods=["GET", "PUT", "POST"])
    async def relay(office: int, rest: str, request: Request) -> Response:
        try:
            answer = await links.forward(
                office,
                method=request.method,
                path="/" + rest,
                query=request.url.query,
                headers=[("content-type", "application/json")],
                body=await request.body(),
                caller={"office_id": office, "developer_name": "Test Dev"},
            )
        except DentinError as exc:
            return JSONResponse(exc.body(), exc.status_code, headers=exc.headers or None)
        return Response(answer.body, answer.status, headers=dict(answer.headers))

    return app


@pytest.fixture
def hq() -> Iterator[Hq]:
    links = Links(request_timeout=2.0, send_timeout=1.0, beat_seconds=0.5)
    refused: list[str] = []
    port = free_port()
    config = uvicorn.Config(
        _hq_app(links, refused),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws_max_size=20_000_000,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.serve())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the test HQ did not start"
        time.sleep(0.02)
    yield Hq(port, links, loop, refused)
    server.should_exit = True
    thread.join(10)
    loop.close()


async def _echo(request: Request) -> Response:
    caller = request.scope.get("extensions", {}).get(RELAYED_CALLER)
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "body": body.decode(),
            "caller": caller,
        }
    )


cancelled: list[str] = []


async def _slow(request: Request) -> Response:
    seconds = float(request.query_params.get("s", "0.5"))
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        cancelled.append(request.url.path)
        raise
    return JSONResponse({"slept": seconds})


async def _big(_request: Request) -> Response:
    return Response(b"x" * 17_000_000, media_type="application/octet-stream")


async def _boom(_request: Request) -> Response:
    raise RuntimeError("office bug")


def office_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/echo", _echo, methods=["GET", "PUT", "POST"]),
            Route("/slow", _slow),
            Route("/big", _big),
            Route("/boom", _boom),
        ]
    )


def json(response: Any) -> Any:
    return orjson.loads(response.content)
