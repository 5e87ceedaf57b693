"""Each server process's own internal port, where peers reach the links it holds.

``dentin serve --workers N`` puts N processes behind one port, and the kernel picks which one
takes a connection, so that port cannot address the process that holds a given link. Each
process therefore also listens on a port of its own: ``DENTIN_NODE_PORT`` and up (the first
free one: workers of one node take consecutive ports), or any free port when it is 0. It runs
on the process's own event loop beside the main server, and serves only the internal routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp

from dentin.logs import get_logger

log = get_logger("dentin.nodes")
PORTS_TRIED = 64
WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]"})  # noqa: S104 (names, not a bind)


class _Embedded(uvicorn.Server):
    """A server inside another's process: the main server owns the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind(host: str, first_port: int) -> socket.socket:
    """A listening socket on ``host``: ``first_port`` or the next free one (0: any)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    ports = range(first_port, first_port + PORTS_TRIED) if first_port else [0]
    for port in ports:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except OSError:
            sock.close()
            continue
        sock.listen(512)
        sock.setblocking(False)
        return sock
    raise RuntimeError(
        f"No free internal port for node relay on {host} from {first_port} to "
        f"{first_port + PORTS_TRIED - 1}: set DENTIN_NODE_PORT to a free range."
    )


def advertised_url(node_host: str | None, bind_host: str, port: int) -> str:
    """The URL peers use: ``DENTIN_NODE_HOST``, else the bind address, else (a wildcard bind)
    this machine's name."""
    host = node_host or (socket.gethostname() if bind_host in WILDCARDS else bind_host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Listener:
    def __init__(self, app: ASGIApp, sock: socket.socket) -> None:
        self.port: int = sock.getsockname()[1]
        self._sock = sock
        self._server = _Embedded(
            uvicorn.Config(
                app,
                lifespan="off",
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=2,
                timeout_keep_alive=30,
            )
        )
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._server.serve([self._sock]))
        for _ in range(500):
            if self._server.started:
                return
            if self._task.done():
                self._task.result()  # raises what stopped it
                break
            await asyncio.sleep(0.01)
        raise RuntimeError("the internal node listener did not start")

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, 5)
            self._task = None
