"""Several HQ nodes on one PostgreSQL HQ database and one Redis, on loopback, with a connected
(Cloud) office whose connector reaches them through a balancer.

The processes are started once per test module (seconds each); each test puts the link where it
needs it first, so the tests also pass alone or in another order.
"""

from __future__ import annotations

import itertools
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy import create_engine, text

from dentin.config import Settings
from dentin.nodes.holders import PREFIX, Holder
from dentin.runtime import Runtime
from tests.conftest import TEST_SECRET, _pg_template
from tests.connector.sites import CLI, Proc, Site, make_site, pair, start
from tests.pg import PgCluster, RedisServer, free_port
from tests.relay.balancer import Balancer

_databases = itertools.count()
# A short time to live, so that a test sees an entry refreshed and expired in seconds.
LINK_TTL = "6"


@pytest.fixture
def backend() -> str:
    """Real processes: once, on HQ's production store (PostgreSQL)."""
    return "postgresql"


def hq_database(pg: PgCluster, templates: dict[str, Any]) -> str:
    """A fresh migrated HQ database for one module's processes."""
    name = f"t_nodes_{next(_databases)}"
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        template = _pg_template(templates, pg, "hq")
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"))
    admin.dispose()
    return pg.url(name)


def relays(node_base: str, role: str, result: str) -> float:
    text = httpx.get(node_base + "/metrics", timeout=10).text
    found = re.search(
        rf'^dentin_node_relays_total\{{result="{result}",role="{role}"\}} (\S+)$', text, re.M
    )
    return float(found.group(1)) if found else 0.0


@dataclass
class Node:
    port: int
    node_port: int
    env: dict[str, str]
    args: list[str]
    workers: int = 1
    proc: Proc | None = None

    def owns(self, url: str) -> bool:
        """Whether the map's URL names one of this node's processes (``--workers`` take
        consecutive internal ports)."""
        ports = range(self.node_port, self.node_port + self.workers)
        return url in {f"http://127.0.0.1:{port}" for port in ports}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def internal(self) -> str:
        """The internal URL of the node's (first) process, as the map names it."""
        return f"http://127.0.0.1:{self.node_port}"

    def start(self) -> None:
        self.proc = start(self.args, self.env)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                assert self.proc.proc.poll() is None, self.proc.output()[-3000:]
                assert time.monotonic() < deadline, "the node did not start"
                time.sleep(0.1)

    def kill(self) -> None:
        """kill -9: nothing runs on the way out (no link released, no entry deleted)."""
        assert self.proc is not None
        self.proc.stop(signal.SIGKILL)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()
            self.proc = None


@dataclass
class Cluster:
    site: Site
    rt: Runtime
    redis_url: str
    nodes: list[Node]
    balancer: Balancer
    connector: Proc | None = None
    _redis: redis.Redis = field(init=False)

    def __post_init__(self) -> None:
        self._redis = redis.Redis.from_url(self.redis_url)

    def holder(self) -> Holder | None:
        """Which process the map names for the office's link."""
        return Holder.parse(self._redis.get(f"{PREFIX}{self.site.office_id}"))

    def link_to(self, node: Node, within: float = 30.0) -> None:
        """Point the balancer at ``node`` and wait until the connector's link is there."""
        if node.proc is None:
            node.start()
        held = self.holder()
        if held is not None and node.owns(held.url) and self._answers(node):
            return
        self.balancer.point_to(node.port)
        deadline = time.monotonic() + within
        while True:
            held = self.holder()
            if held is not None and node.owns(held.url) and self._answers(node):
                return
            assert time.monotonic() < deadline, f"the link did not move to {node.base}"
            time.sleep(0.1)

    def _answers(self, node: Node) -> bool:
        r = self.get(node, "/api/v1/patients/1")
        return r.status_code == 200

    def get(self, node: Node, path: str) -> httpx.Response:
        return httpx.get(node.base + path, headers=self.site.auth, timeout=40)


def make_cluster(
    tmp: Path,
    pg: PgCluster,
    templates: dict[str, Any],
    redis_url: str,
    node_args: list[list[str]],
) -> Iterator[Cluster]:
    """HQ processes (``node_args``: extra ``serve`` arguments each) and the office's
    connector through a balancer pointing at the first."""
    redis.Redis.from_url(redis_url).flushdb()
    settings = Settings(
        data_dir=tmp / "data",
        hq_database_url=hq_database(pg, templates),
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
    )
    rt = Runtime.build(settings)
    nodes: list[Node] = []
    balancer = Balancer()
    cluster: Cluster | None = None
    try:
        site = make_site(rt, settings, tmp)
        for extra in node_args:
            port, node_port = free_port(), free_port()
            env = {
                **site.env,
                "DENTIN_HOST": "127.0.0.1",
                "DENTIN_PORT": str(port),
                "DENTIN_NODE_PORT": str(node_port),
                "DENTIN_REDIS_URL": redis_url,
                "DENTIN_NODE_LINK_TTL_SECONDS": LINK_TTL,
                "DENTIN_EVENTS_WORKER": "false",
            }
            workers = int(extra[extra.index("--workers") + 1]) if "--workers" in extra else 1
            nodes.append(Node(port, node_port, env, [*CLI, "serve", *extra], workers))
        for node in nodes:
            node.start()
        balancer.start(nodes[0].port)
        site.hq_port = nodes[0].port  # pairing and the CLI go to the first node
        cluster = Cluster(site, rt, redis_url, nodes, balancer)
        args = [*CLI, "office", "connect", "--hq", balancer.base, "--database", site.office_db]
        cluster.connector = start([*args, "--code", pair(site)], site.office_env)
        cluster.connector.wait_linked()
        cluster.link_to(nodes[0])
        yield cluster
    finally:
        if cluster is not None and cluster.connector is not None:
            cluster.connector.stop()
        for node in nodes:
            node.stop()
        balancer.stop()
        rt.close()


@pytest.fixture(scope="module")
def three_nodes(
    tmp_path_factory: pytest.TempPathFactory,
    pg: PgCluster,
    templates: dict[str, Any],
    redis_server: RedisServer,
) -> Iterator[Cluster]:
    yield from make_cluster(
        tmp_path_factory.mktemp("nodes"), pg, templates, redis_server.url(9), [[], [], []]
    )


@pytest.fixture(scope="module")
def two_workers(
    tmp_path_factory: pytest.TempPathFactory,
    pg: PgCluster,
    templates: dict[str, Any],
    redis_server: RedisServer,
) -> Iterator[Cluster]:
    """One node, ``dentin serve --workers 2``: the link ends in one worker of the two."""
    yield from make_cluster(
        tmp_path_factory.mktemp("workers"),
        pg,
        templates,
        redis_server.url(10),
        [["--workers", "2"]],
    )
