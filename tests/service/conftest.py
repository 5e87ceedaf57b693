"""Service mode on real processes: HQ (`dentin serve`) and `dentin office serve` on loopback."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from dentin.config import Settings
from dentin.runtime import Runtime
from tests.connector.sites import CLI, Proc, Site, make_site, start
from tests.pg import free_port


@pytest.fixture
def backend() -> str:
    """These tests start real HQ and office processes (seconds each), so they run once, on
    HQ's production store; the SQLite HQ runs the same code in-process tests everywhere else."""
    return "postgresql"


@pytest.fixture
def site(rt: Runtime, settings: Settings, tmp_path: Path) -> Site:
    return make_site(rt, settings, tmp_path)


class Service:
    def __init__(self, site: Site, proc: Proc, port: int) -> None:
        self.site = site
        self.proc = proc
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return httpx.get(self.base + path, headers=headers or self.site.auth, timeout=30)

    def until(
        self, path: str, status: int, within: float, headers: dict[str, str] | None = None
    ) -> float:
        started = time.monotonic()
        while True:
            try:
                r = self.get(path, headers)
                if r.status_code == status:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            assert time.monotonic() - started < within, self.proc.output()[-3000:]
            time.sleep(0.05)

    def wait_serving(self, within: float = 30.0) -> None:
        """Until the server answers HTTP (without a link to HQ, nothing says 'link up')."""
        deadline = time.monotonic() + within
        while True:
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.proc.proc.poll() is None, self.proc.output()[-3000:]
            assert time.monotonic() < deadline, self.proc.output()[-3000:]
            time.sleep(0.1)


def start_service(
    site: Site,
    code: str | None = None,
    *,
    port: int | None = None,
    env: dict[str, str] | None = None,
    linked: bool = True,
) -> Service:
    """`dentin office serve` for the site's office; pairs with ``code`` the first time."""
    port = port or free_port()
    args = [*CLI, "office", "serve", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--database", site.office_db]
    if code:
        args += ["--hq", site.base, "--code", code]
    proc = start(args, {**site.office_env, **(env or {})})
    service = Service(site, proc, port)
    try:
        if linked:
            proc.wait_linked()
        else:
            service.wait_serving()
    except BaseException:
        proc.stop()
        raise
    return service
