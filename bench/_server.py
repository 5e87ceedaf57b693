"""Run ``dentin serve`` (the production entry point) on a free loopback port, for benches.

The server gets a process of its own so that the load generator does not share its
interpreter lock: a bench then measures the server, not the two of them taking turns.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

# port -> pid of the server process a ``dentin_serve`` block is running (for CPU accounting)
PIDS: dict[int, int] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def dentin_serve(
    env: dict[str, str],
    *,
    timeout: float = 60.0,
    args: tuple[str, ...] = (),
    command: list[str] | None = None,
) -> Iterator[int]:
    """``dentin serve`` (with ``args``; or ``command``, where ``{port}`` is the port) with
    ``env`` over this process's environment; yields the port."""
    port = free_port()
    full = {**os.environ, **env, "DENTIN_HOST": "127.0.0.1", "DENTIN_PORT": str(port)}
    cmd = [sys.executable, "-c", "from dentin.cli import app; app()", "serve", *args]
    if command is not None:
        cmd = [part.replace("{port}", str(port)) for part in command]
    # A file, not a pipe: the server logs every request, and a full pipe would stall it.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env=full, stdout=log, stderr=subprocess.STDOUT)
        PIDS[port] = proc.pid
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        err = log.read().decode(errors="replace")[-4000:]
                        raise RuntimeError(f"dentin serve did not start:\n{err}") from None
                    time.sleep(0.1)
            yield port
        finally:
            PIDS.pop(port, None)
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
