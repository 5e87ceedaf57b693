"""Start a dentin server in a child process (separate from the load generator) for benchmarks, with a static baseline route."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(data_dir: Path, *, env: dict[str, str] | None = None) -> Iterator[int]:
    """Run ``_serve_child.py`` (demo-seeded app + /bench/static) and yield its port."""
    port = free_port()
    child_env = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_serve_child.py"), str(data_dir), str(port)],
        env=child_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("bench server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)
