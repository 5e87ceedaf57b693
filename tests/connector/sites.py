"""Real processes for the API-mode tests: HQ (`dentin serve`) and an office whose database sits
"at the office", reached through `dentin office connect` or served by `dentin office serve`."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from dentin import scopes
from dentin.config import Settings
from dentin.hq import connectors, customer_keys, developers, offices
from dentin.hq.context import Actor
from dentin.office import apikeys
from dentin.office.generate import generate_office
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import TEST_SECRET
from tests.gateway.conftest import dentin_env, run_cli
from tests.pg import free_port

ACTOR = Actor("test", "127.0.0.1")
CLI = [sys.executable, "-c", "from dentin.cli import app; app()"]


@dataclass
class Proc:
    proc: subprocess.Popen[bytes]
    log: IO[bytes]

    def wait_linked(self, within: float = 60.0) -> None:
        """Until the connector reports its link to HQ up (HQ relays from then on)."""
        deadline = time.monotonic() + within
        while "link to HQ up" not in self.output():
            assert self.proc.poll() is None, self.output()[-3000:]
            assert time.monotonic() < deadline, self.output()[-3000:]
            time.sleep(0.05)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def start(args: list[str], env: dict[str, str]) -> Proc:
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by Proc.stop
    return Proc(subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT), log)


@dataclass
class Site:
    """HQ with one office whose database file sits at the office, and a developer's key."""

    env: dict[str, str]
    office_env: dict[str, str]
    office_id: int
    office_db: str
    auth: dict[str, str]
    hq_port: int
    patnum: int
    developer_id: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.hq_port}"

    def hq(self) -> Proc:
        env = {**self.env, "DENTIN_HOST": "127.0.0.1", "DENTIN_PORT": str(self.hq_port)}
        proc = start([*CLI, "serve"], env)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return proc
            except httpx.TransportError:
                assert proc.proc.poll() is None, proc.output()[-3000:]
                assert time.monotonic() < deadline, "HQ did not start"
                time.sleep(0.1)

    def connector(self, code: str | None = None) -> Proc:
        args = [*CLI, "office", "connect", "--hq", self.base, "--database", self.office_db]
        if code:
            args += ["--code", code]
        return start(args, self.office_env)

    def get(self, path: str, **kw: object) -> httpx.Response:
        return httpx.get(self.base + path, headers=self.auth, timeout=40, **kw)  # type: ignore[arg-type]

    def until(self, path: str, status: int, within: float) -> float:
        started = time.monotonic()
        while True:
            r = self.get(path)
            if r.status_code == status:
                return time.monotonic() - started
            assert time.monotonic() - started < within, f"{path}: {r.status_code} {r.text}"
            time.sleep(0.05)


def make_site(rt: Runtime, settings: Settings, tmp_path: Path) -> Site:
    rt.migrate_hq()
    office_db = f"sqlite:///{tmp_path / 'at-the-office' / 'office.sqlite'}"
    (tmp_path / "at-the-office").mkdir()
    office = offices.create_office(
        rt.hq, name="Remote Dental", actor=ACTOR, api_enabled=True, database_url=office_db
    )
    db = rt.offices.provision(office.id)
    ensure_preferences(db, "Remote Dental")
    generate_office(db, 30, seed=7)
    issued = developers.create_developer(
        rt.hq, company_name="Acme Dental Apps", actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
    )
    key = customer_keys.create_customer_key(rt.hq, issued.developer_id, ACTOR)
    _view, dev_name = customer_keys.assign_customer_key(rt.hq, office.id, key.key, ACTOR)
    apikeys.upsert(db, key.key, dev_name)
    rt.offices.dispose()
    office_env = {k: v for k, v in os.environ.items() if not k.startswith("DENTIN_")}
    office_env.update(
        {
            "DENTIN_DATA_DIR": str(tmp_path / "at-the-office"),
            "DENTIN_SECRET_KEY": TEST_SECRET,  # the office sealed its apikey rows with it
            "DENTIN_AGING_SCHEDULER": "false",
        }
    )
    return Site(
        env=dentin_env(settings),
        office_env=office_env,
        office_id=office.id,
        office_db=office_db,
        auth={"Authorization": f"ODFHIR {issued.developer_key}/{key.key}"},
        hq_port=free_port(),
        patnum=1,
        developer_id=issued.developer_id,
    )


READS = [
    "/api/v1/patients/1",
    "/api/v1/patients/Simple?Limit=5&Offset=3",
    "/api/v1/appointments?Limit=5",
    "/api/v1/preferences?PrefName=DateLastAging",
    "/api/v1/patients/999999",
    "/api/v1/patients/abc",
]
SERVER_TIME = re.compile(rb'"serverDateTime":"[^"]*"')


def answers(site: Site) -> list[tuple[int, str, bytes]]:
    out = []
    for path in READS:
        r = site.get(path)
        out.append(
            (r.status_code, r.headers.get("content-type", ""), SERVER_TIME.sub(b"", r.content))
        )
    r = httpx.put(
        site.base + "/api/v1/queries/ShortQuery",
        headers=site.auth,
        json={"SqlCommand": "SELECT PatNum, LName FROM patient WHERE PatNum < 4 ORDER BY PatNum"},
        timeout=40,
    )
    out.append((r.status_code, r.headers.get("content-type", ""), r.content))
    return out


def pair(site: Site) -> str:
    """A pairing code for the site's office, made in this process as ``dentin office pair``
    makes it: a CLI process costs 1.5-2 s of CPU to start, and most tests pair more than once.
    The command itself is run by ``pair_with_cli``."""
    settings = Settings(
        data_dir=Path(site.env["DENTIN_DATA_DIR"]),
        hq_database_url=site.env["DENTIN_HQ_DATABASE_URL"],
        secret_key=site.env["DENTIN_SECRET_KEY"],  # type: ignore[arg-type]
    )
    rt = Runtime.build(settings)
    try:
        return connectors.create_pairing_code(rt.hq, site.office_id, ACTOR).code
    finally:
        rt.close()


def pair_with_cli(site: Site) -> str:
    found = re.search(
        r"([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})",
        run_cli(site.env, "office", "pair", str(site.office_id)),
    )
    assert found is not None
    return found.group(1)


def connect_once(site: Site, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "office", "connect", "--hq", site.base, "--code", code],
        env=site.office_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
