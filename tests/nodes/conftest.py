"""Three real HQ nodes (`dentin serve`) on loopback, sharing one PostgreSQL and one Redis.

The cluster belongs to this test package: its PostgreSQL and Redis are its own, because tests
here stop and restart them. It is started once per test process (the nodes start in parallel)
and every test begins by healing it: Redis and PostgreSQL running, all three nodes up. Tests
make their own developers and keys, so they share the nodes without sharing state.
"""

from __future__ import annotations

import json
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text, update

from dentin import scopes
from dentin.config import Settings
from dentin.counters import RETRY_SECONDS
from dentin.hq import customer_keys, developers, offices, tiers
from dentin.hq.models import Developer, UsageDaily
from dentin.office import apikeys, users
from dentin.office.generate import generate_office
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import ACTOR, TEST_SECRET
from tests.connector.sites import CLI, Proc, start
from tests.pg import PgCluster, RedisServer, free_port

# The rate limit the shared-limit tests count against (tier "professional"); every other
# developer here is "standard", whose budgets are too large to matter.
LIMITED_TIER = "professional"
LIMIT_PER_HOUR = 90
RATE_LIMITS = {
    "standard": ["1000000/minute", "1000000/minute"],
    LIMITED_TIER: [f"{LIMIT_PER_HOUR}/hour", "1000000/hour"],
    "enterprise": ["1000000/minute", "1000000/minute"],
}
# Short so that the tests wait little; the default (5 s) is what the README states.
USAGE_FLUSH_SECONDS = 1.0
PRACTICE_ADMIN = "admin"
PRACTICE_PASSWORD = "a practice password 2026"
DEVELOPER_PASSWORD = "a developer password 2026"


@dataclass
class Node:
    """One `dentin serve` process."""

    name: str
    port: int
    env: dict[str, str]
    proc: Proc | None = None
    _client: httpx.Client | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def launch(self) -> None:
        self._forget_client()
        self.proc = start([*CLI, "serve"], self.env)

    def wait_up(self, within: float = 90.0) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + within
        while True:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.proc.proc.poll() is None, self.proc.output()[-3000:]
            assert time.monotonic() < deadline, f"{self.name} did not start"
            time.sleep(0.1)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.proc.poll() is None

    def kill(self) -> int:
        """SIGKILL: no shutdown hook runs, nothing is flushed. Returns the exit status."""
        assert self.proc is not None
        self.proc.proc.send_signal(signal.SIGKILL)
        code = self.proc.proc.wait(timeout=10)
        self.proc.log.close()
        self.proc = None
        self._forget_client()
        return code

    def stop(self) -> None:
        self._forget_client()
        if self.proc is not None:
            self.proc.stop()
            self.proc = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.proc.pid

    def client(self) -> httpx.Client:
        """A keep-alive client (thread-safe); a restarted node gets a fresh one."""
        if self._client is None:
            self._client = httpx.Client(base_url=self.base, timeout=20)
        return self._client

    def get(self, path: str, headers: dict[str, str]) -> httpx.Response:
        return self.client().get(path, headers=headers)

    def request(self, method: str, path: str, **kw: object) -> httpx.Response:
        return self.client().request(method, path, **kw)  # type: ignore[arg-type]

    def _forget_client(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


@dataclass
class Key:
    """A developer with one CustomerKey in an office: what a third-party app holds."""

    developer_id: int
    developer_key: str
    portal_key: str
    customer_key: str

    @property
    def odfhir(self) -> dict[str, str]:
        return {"Authorization": f"ODFHIR {self.developer_key}/{self.customer_key}"}

    @property
    def portal(self) -> dict[str, str]:
        return {"Authorization": f"ODFHIR {self.developer_key}/{self.portal_key}"}


@dataclass
class Cluster:
    pg: PgCluster
    redis: RedisServer
    rt: Runtime  # the test's own view of HQ's database (setup and checks)
    nodes: list[Node]
    office_a: int
    office_b: int
    _developers: int = field(default=0)

    # -- faults and healing ----------------------------------------------------------------

    def heal(self) -> None:
        """What a test may have stopped, running again: Redis, PostgreSQL, every node."""
        if not self.redis.running:
            self.redis.start()
            time.sleep(RETRY_SECONDS + 0.5)  # until every node counts in Redis again
        if not _answers(self.pg):
            self.pg.resume()
        down = [n for n in self.nodes if not n.alive]
        for node in down:
            node.launch()
        for node in down:
            node.wait_up()

    # -- what tests make -------------------------------------------------------------------

    def developer(self, tier: str = "standard", *, office: int | None = None) -> Key:
        """A developer holding every permission, with a CustomerKey added by ``office``."""
        self._developers += 1
        issued = developers.create_developer(
            self.rt.hq,
            company_name=f"App Maker {self._developers}",
            actor=ACTOR,
            permissions=sorted(scopes.ALL_SCOPES),
        )
        if tier != "standard":
            with self.rt.hq.transaction() as session:
                session.execute(
                    update(Developer).where(Developer.id == issued.developer_id).values(tier=tier)
                )
        key = self.add_key(issued.developer_id, office or self.office_a)
        return Key(issued.developer_id, issued.developer_key, issued.portal_key, key)

    def add_key(self, developer_id: int, office_id: int) -> str:
        key = customer_keys.create_customer_key(self.rt.hq, developer_id, ACTOR).key
        _view, name = customer_keys.assign_customer_key(self.rt.hq, office_id, key, ACTOR)
        apikeys.upsert(self.rt.offices.get(office_id), key, name)
        return key

    def usage(self, meter_id: str) -> int:
        """Requests HQ's database holds for ``meter_id`` (what flushes have written)."""
        with self.rt.hq.read() as session:
            rows = session.scalars(
                select(UsageDaily.requests).where(UsageDaily.meter_id == meter_id)
            ).all()
        return sum(rows)

    def practice_session(self, node: Node, office_id: int | None = None) -> dict[str, str]:
        """The office's administrator, signed in through ``node``."""
        r = node.request(
            "POST",
            "/api/v1/practice/sessions",
            json={
                "OfficeNum": office_id or self.office_a,
                "UserName": PRACTICE_ADMIN,
                "Password": PRACTICE_PASSWORD,
            },
        )
        assert r.status_code == 201, r.text
        return {"Authorization": f"{r.json()['Scheme']} {r.json()['Token']}"}


def _answers(pg: PgCluster) -> bool:
    engine = create_engine(pg.url(), connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def _create_database(pg: PgCluster, name: str) -> str:
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return pg.url(name)


def _office(rt: Runtime, name: str, url: str, patients: int) -> int:
    office = offices.create_office(
        rt.hq, name=name, actor=ACTOR, api_enabled=True, database_url=url
    )
    db = rt.offices.provision(office.id)
    ensure_preferences(db, name)
    generate_office(db, patients, seed=office.id)
    tiers.set_tier(rt.hq, office.id, ACTOR, tier="enterprise")  # practice tokens allowed
    users.add_user(
        rt.hq,
        db,
        PRACTICE_ADMIN,
        PRACTICE_PASSWORD,
        ACTOR,
        is_admin=True,
        user_scopes=sorted(scopes.ALL_SCOPES),
    )
    return office.id


def node_env(settings: Settings, data_dir: Path, port: int) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("DENTIN_")}
    env.update(
        {
            "DENTIN_DATA_DIR": str(data_dir),
            "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
            "DENTIN_REDIS_URL": settings.redis_url or "",
            "DENTIN_SECRET_KEY": TEST_SECRET,
            "DENTIN_HOST": "127.0.0.1",
            "DENTIN_PORT": str(port),
            "DENTIN_AGING_SCHEDULER": "false",
            "DENTIN_EVENTS_WORKER": "false",
            "DENTIN_RATE_LIMITS": json.dumps(RATE_LIMITS),
            "DENTIN_USAGE_FLUSH_SECONDS": str(USAGE_FLUSH_SECONDS),
        }
    )
    return env


@pytest.fixture(scope="package")
def started_cluster() -> Iterator[Cluster]:
    root = Path(tempfile.mkdtemp(prefix="dentin-nodes-"))
    pg, redis = PgCluster(), RedisServer()
    with ThreadPoolExecutor(2) as pool:
        for started in [pool.submit(pg.start), pool.submit(redis.start)]:
            started.result()
    settings = Settings(
        data_dir=root / "tests",
        hq_database_url=_create_database(pg, "hq"),
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        redis_url=redis.url(),
    )
    rt = Runtime.build(settings)
    nodes: list[Node] = []
    try:
        rt.migrate_hq()
        a = _office(rt, "Alder Dental", _create_database(pg, "office_a"), 12)
        b = _office(rt, "Birch Dental", _create_database(pg, "office_b"), 12)
        for n in (1, 2, 3):
            port = free_port()
            nodes.append(Node(f"node {n}", port, node_env(settings, root / f"node{n}", port)))
        for node in nodes:  # all three start at once
            node.launch()
        for node in nodes:
            node.wait_up()
        yield Cluster(pg, redis, rt, nodes, a, b)
    finally:
        for node in nodes:
            node.stop()
        rt.close()
        redis.stop()
        pg.stop()


@pytest.fixture
def cluster(started_cluster: Cluster) -> Cluster:
    """The package's cluster, healed of whatever an earlier test stopped."""
    started_cluster.heal()
    return started_cluster


def until(check: Callable[[], bool], within: float, what: str, step: float = 0.02) -> float:
    """Seconds until ``check()`` holds, failing after ``within`` seconds."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < within, f"not within {within} s: {what}"
        time.sleep(step)
    return time.monotonic() - started


def burst(nodes: list[Node], headers: dict[str, str], count: int, senders: int = 6) -> list[int]:
    """``count`` patient reads spread round-robin over ``nodes`` by ``senders`` clients at once
    (as clients behind a balancer send them); the statuses, in the order sent."""
    statuses = [0] * count

    def send(first: int) -> None:
        clients = [httpx.Client(base_url=n.base, timeout=20) for n in nodes]
        try:
            for i in range(first, count, senders):
                r = clients[i % len(nodes)].get("/api/v1/patients/1", headers=headers)
                statuses[i] = r.status_code
        finally:
            for client in clients:
                client.close()

    with ThreadPoolExecutor(senders) as pool:
        for done in [pool.submit(send, first) for first in range(senders)]:
            done.result()
    return statuses
