"""Fast-path fixtures: an office with a provider-named patient, and ``dentin serve --workers 2``."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import redis

from dentin.config import Settings
from dentin.office.models import Patient, Provider
from dentin.office.registry import OfficeDatabase
from tests.conftest import World
from tests.gateway.conftest import dentin_env
from tests.pg import free_port

STAMP = dt.datetime(2026, 1, 5, 9, 0, 0)


def add_patient(db: OfficeDatabase) -> int:
    """Provider 1 (``DOC``) and one patient whose PriProv names it."""
    with db.transaction() as s:
        s.add(Provider(ProvNum=1, Abbr="DOC", LName="Smith", FName="Ann", DateTStamp=STAMP))
        s.add(Patient(PatNum=1, LName="Lee", FName="Sam", Guarantor=1, PriProv=1, DateTStamp=STAMP))
    return 1


def office_db(world: World) -> OfficeDatabase:
    return world.rt.offices.get(world.office_a.id)


def write_in_another_process(url: str, sql: str) -> None:
    """One statement through a connection of a process of its own (not this server's engine)."""
    code = (
        "import sys\nfrom sqlalchemy import create_engine, text\n"
        "from dentin.db import normalize_url\n"
        "e = create_engine(normalize_url(sys.argv[1]))\n"
        "with e.begin() as c: c.execute(text(sys.argv[2]))\n"
    )
    subprocess.run([sys.executable, "-c", code, url, sql], check=True, timeout=60)


# -- several workers ---------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if parent == pid:
            found.add(int(entry))
            found |= _children(int(entry))
    return found


def _socket_inodes(pid: int) -> set[int]:
    inodes: set[int] = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return inodes
    for fd in fds:
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(int(link[8:-1]))
    return inodes


def _server_inode(server_port: int, client_port: int) -> int | None:
    """The inode of the server's end of the loopback connection from ``client_port``."""
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            parts = line.split()
            local_port = int(parts[1].split(":")[1], 16)
            remote_port = int(parts[2].split(":")[1], 16)
            if local_port == server_port and remote_port == client_port:
                return int(parts[9])
    return None


@dataclass
class Workers:
    """A running ``dentin serve --workers 2`` and keep-alive connections pinned to each worker."""

    proc: subprocess.Popen[bytes]
    port: int
    headers: dict[str, str]
    pinned: dict[int, http.client.HTTPConnection] = field(default_factory=dict)
    sent: int = 0  # requests made so far (each counts against the key's rate limit)

    def worker_of(self, conn: http.client.HTTPConnection) -> int:
        assert conn.sock is not None
        inode = _server_inode(self.port, conn.sock.getsockname()[1])
        for pid in _children(self.proc.pid):
            if inode in _socket_inodes(pid):
                return pid
        raise AssertionError("no worker holds this connection")

    def get(
        self, conn: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        conn.request("GET", path, headers=headers or self.headers)
        self.sent += 1
        response = conn.getresponse()
        return response.status, response.read()

    def pin(self, path: str, wanted: int = 2) -> list[http.client.HTTPConnection]:
        """One keep-alive connection on each of ``wanted`` workers (opened until they differ)."""
        for _ in range(60):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            status, body = self.get(conn, path)
            assert status == 200, body
            pid = self.worker_of(conn)
            if pid in self.pinned:
                conn.close()
            else:
                self.pinned[pid] = conn
            if len(self.pinned) == wanted:
                return list(self.pinned.values())
            time.sleep(0.02)
        raise AssertionError(f"every connection landed on the same worker: {set(self.pinned)}")


def start_workers(settings: Settings, headers: dict[str, str], limits: str) -> Iterator[Workers]:
    port = free_port()
    env = {
        **dentin_env(settings),
        "DENTIN_HOST": "127.0.0.1",
        "DENTIN_PORT": str(port),
        "DENTIN_RATE_LIMITS": json.dumps({"standard": [limits, "100000/minute"]}),
    }
    if settings.redis_url:
        env["DENTIN_REDIS_URL"] = settings.redis_url
    cmd = [sys.executable, "-c", "from dentin.cli import app; app()", "serve", "--workers", "2"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        workers = Workers(proc, port, headers)
        try:
            deadline = time.monotonic() + 60
            while len(_children(proc.pid)) < 2 or not _answers(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise AssertionError(log.read().decode(errors="replace")[-3000:])
                time.sleep(0.1)
            yield workers
        finally:
            for conn in workers.pinned.values():
                conn.close()
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", "/healthz")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


@pytest.fixture
def settings(settings: Settings, redis_server: object) -> Settings:
    url = redis_server.url(6)  # type: ignore[attr-defined]
    redis.Redis.from_url(url).flushdb()  # counters of an earlier test's keys must not count
    return settings.model_copy(update={"redis_url": url})
