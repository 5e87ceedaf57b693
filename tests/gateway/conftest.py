"""Gateway fixtures: clients at chosen addresses, and a real ``dentin serve`` process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from typing import IO

import httpx
import pytest

from dentin.app import create_app
from dentin.config import Settings
from dentin.runtime import Runtime
from tests.conftest import TEST_SECRET
from tests.pg import free_port

ClientAt = Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def client_at(rt: Runtime) -> AsyncIterator[ClientAt]:
    """``await client_at("198.51.100.7")``: an in-process client calling from that address."""
    app = create_app(rt.settings, rt)
    async with AsyncExitStack() as stack:

        async def make(address: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, client=(address, 40000))
            client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            return await stack.enter_async_context(client)

        yield make


def dentin_env(settings: Settings) -> dict[str, str]:
    """What a ``dentin`` process needs to share this test's HQ database (and nothing else)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENTIN_")}
    env.update(
        {
            "DENTIN_DATA_DIR": str(settings.data_dir),
            "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
            "DENTIN_SECRET_KEY": TEST_SECRET,
            "DENTIN_AGING_SCHEDULER": "false",
            "COLUMNS": "250",
        }
    )
    return env


def run_cli(env: dict[str, str], *args: str) -> str:
    """``dentin ...`` in a process of its own, as an operator would run it."""
    cmd = [sys.executable, "-c", "from dentin.cli import app; app()", *args]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def served(settings: Settings, rt: Runtime) -> Iterator[str]:
    """``dentin serve`` (no Redis) on a free loopback port, over this test's HQ database."""
    port = free_port()
    env = {**dentin_env(settings), "DENTIN_HOST": "127.0.0.1", "DENTIN_PORT": str(port)}
    cmd = [sys.executable, "-c", "from dentin.cli import app; app()", "serve"]
    base = f"http://127.0.0.1:{port}"
    # A file, not a pipe: the server logs every request, and a full pipe would stall it.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until_up(proc, base, log)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_up(proc: subprocess.Popen[bytes], base: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-4000:]
                raise RuntimeError(f"dentin serve did not start:\n{tail}") from None
            time.sleep(0.1)
