"""A throwaway PostgreSQL cluster for the test session, run as an unprivileged user.

PostgreSQL refuses to run as root and CI runs as root, so the cluster belongs to the
``postgres`` system user when we are root (created if missing).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise RuntimeError(f"{name} not found: run ./scripts/system-deps.sh (make test does).")
    return candidates[-1]


def _ephemeral_floor() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


# Above the ports browsers refuse to open (Chromium's "unsafe" list ends at 10080, which
# failed a portal test in Playwright with ERR_UNSAFE_PORT).
_FIRST = 10100


def _worker_ports() -> Iterator[int]:
    """This test process's own ports, below the kernel's ephemeral range.

    A port taken from the ephemeral range (``bind(0)``) is only free until it is bound, and a
    server started afterwards (a node, a balancer) binds it seconds later: meanwhile any
    outgoing connection, to PostgreSQL, Redis or another test's server, may be handed the same
    port by the kernel, and the server fails with "address already in use" (a CI run lost six
    relay tests that way). Ports below the range are never handed to outgoing connections, and
    each xdist worker draws from its own slice, so two workers never pick the same one.
    """
    floor = min(_ephemeral_floor(), 32768)
    if floor < _FIRST + 2000:  # no room below the range: fall back to the kernel's choice
        while True:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                yield s.getsockname()[1]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    slot = int(worker) % 8 if worker.isdigit() else 0
    width = (floor - _FIRST) // 8
    start = _FIRST + slot * width
    # A block of 4 per call: ``serve --workers N`` takes consecutive internal ports.
    for port in itertools.cycle(range(start, start + width - 4, 4)):
        if all(_bindable(p) for p in range(port, port + 4)):
            yield port


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


_ports = _worker_ports()
_ports_lock = threading.Lock()


def free_port() -> int:
    """A loopback port free now, never handed out to another caller in this test run, and with
    the three ports after it free too."""
    with _ports_lock:
        return next(_ports)


def _memory_dir() -> str | None:
    """A RAM-backed folder for the test clusters where the machine has one (``/dev/shm``).

    Every test that runs on PostgreSQL creates its databases from a template, and on a disk
    each ``CREATE DATABASE`` waits 0.2-0.7 s for the checkpoint it forces (fsync off or not);
    in memory it takes about 25 ms. A test cluster holds nothing worth keeping.
    """
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


class PgCluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dentin-pg-", dir=_memory_dir()))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._ensure_user()
            shutil.chown(self.root, "postgres")
            self.root.chmod(0o755)
            self._as_user = ["runuser", "-u", "postgres", "--"]

    @staticmethod
    def _ensure_user() -> None:
        if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, cwd="/")

    def start(self) -> None:
        self._run(
            _bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self.resume()

    def resume(self) -> None:
        """Start the server on the cluster ``start`` made (again, after ``halt``), same port."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def halt(self) -> None:
        """Stop the server as an operator's restart does (``-m fast``: sessions are ended,
        connections dropped), keeping the data for ``resume``."""
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


class RedisServer:
    """A throwaway redis-server on a free loopback port, no persistence."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="dentin-redis-"))
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server not found: run ./scripts/system-deps.sh (make test does)."
            )
        self.root.mkdir(parents=True, exist_ok=True)  # stop() removes it; a restart needs it
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import time

        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def halt(self) -> None:
        """Stop the server (``start`` brings it back on the same port, empty)."""
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None

    def stop(self) -> None:
        self.halt()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"
