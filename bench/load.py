"""Many nodes (issue 16): sustained requests/s and p99 for 1, 2 and 3 HQ nodes, and what limits it.

Starts a throwaway PostgreSQL (HQ and the office's database) and Redis, an office of
``--patients`` patients and a developer whose key may read them, then three ``dentin serve``
nodes (one process each, as deploy/compose.yaml runs them, metering on, rate limits raised so
nothing is refused). ``wrk`` drives the authenticated single-patient read,
``GET /api/v1/patients/{PatNum}`` with random PatNums, against the first 1, 2 and 3 nodes: its
Lua script hands its threads out round-robin over the nodes' ports, the simplest balancer
there is and one that costs nothing (nginx is not installed here; a Python balancer would
take the CPU the nodes need). Any non-2xx answer or socket error fails the bench.

While wrk runs, the CPU time of the nodes, PostgreSQL (every backend), Redis and the rest of the
machine (wrk among it) is sampled from /proc, and the bench says which one limits throughput.
Ratios are against one node in the same run.

    .venv/bin/python bench/load.py [--seconds 10] [--connections 48] [--patients 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.pg: PostgreSQL, Redis

from tests.pg import PgCluster, RedisServer

from _server import dentin_serve
from _wrk import Load, have_wrk
from dentin import scopes
from dentin.config import Settings
from dentin.hq import customer_keys, developers, offices
from dentin.hq.context import Actor
from dentin.office import apikeys
from dentin.office.generate import generate_office
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime

SECRET = "bench-secret-not-for-production-0123"
ACTOR = Actor("bench", "127.0.0.1")
UNLIMITED = json.dumps(
    dict.fromkeys(("standard", "professional", "enterprise"), ["1000000000/minute"] * 2)
)
THREADS = 6  # wrk threads: divisible by 1, 2 and 3, so every node gets as many connections
TICK = os.sysconf("SC_CLK_TCK")

_SCRIPT = """
local ports = {%(ports)s}
local paths = {%(paths)s}
local handed = 0
%(headers)s
function setup(thread)
  -- the balancer: each thread (and its connections) goes to the next node's port
  thread.addr = wrk.lookup("127.0.0.1", tostring(ports[(handed %% #ports) + 1]))[1]
  handed = handed + 1
end
local i = math.random(#paths)
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %%d, \\"duration_us\\": %%d, \\"p50_us\\": %%d, \\"p99_us\\": %%d, "
    .. "\\"non2xx\\": %%d, \\"socket_errors\\": %%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def _lua(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def spread(
    ports: list[int], paths: list[str], headers: dict[str, str], connections: int, seconds: float
) -> Load:
    """wrk with its threads spread round-robin over ``ports``."""
    script = _SCRIPT % {
        "ports": ", ".join(str(p) for p in ports),
        "paths": ", ".join(_lua(p) for p in paths),
        "headers": "\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items()),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        out = subprocess.run(
            ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
             "--timeout", "10s", "-s", lua.name, f"http://127.0.0.1:{ports[0]}"],
            capture_output=True, check=True, text=True,
        ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    return Load(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        failed=data["non2xx"] + data["socket_errors"],
    )


# -- CPU from /proc ------------------------------------------------------------------------------


def _parents() -> dict[int, int]:
    found: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    found[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    return found


def _tree(root: int, parents: dict[int, int]) -> set[int]:
    pids, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in pids} - pids
        grew = bool(more)
        pids |= more
    return pids


def _ticks(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except OSError:
            continue  # exited
    return total


def _machine_busy() -> tuple[int, int]:
    """(busy, all) jiffies of the whole machine since boot, from the first line of /proc/stat."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass
class Cpu:
    """Cores each part kept busy during one run (1.0 = one core all the time)."""

    parts: dict[str, float]
    machine: float  # the whole machine's busy share, 0..1

    def line(self) -> str:
        used = "  ".join(f"{name} {cores:.2f}" for name, cores in self.parts.items())
        return f"cores busy: {used}  (machine {self.machine * 100:.0f}% of {os.cpu_count()})"

    def limit(self, nodes: int) -> str:
        cores = os.cpu_count() or 1
        node_share = self.parts["nodes"] / nodes
        if self.machine >= 0.9:
            top = max(self.parts, key=lambda k: self.parts[k])
            return (
                f"CPU: the machine's {cores} cores are saturated ({top} use the most); more "
                "nodes on this machine cannot add throughput"
            )
        if node_share >= 0.9:
            return "the node processes: each keeps its one core (one Python interpreter) busy"
        if self.parts["postgresql"] >= 0.9:
            return "PostgreSQL: its backends keep a core busy"
        if self.parts["redis"] >= 0.9:
            return "Redis: its one thread is busy"
        return "latency, not CPU: add connections (--connections) to load the nodes further"


@contextmanager
def sampling(groups: dict[str, set[int]]) -> Iterator[dict[str, Cpu]]:
    out: dict[str, Cpu] = {}
    before = {name: _ticks(pids) for name, pids in groups.items()}
    busy0, all0 = _machine_busy()
    started = time.monotonic()
    yield out
    wall = time.monotonic() - started
    busy1, all1 = _machine_busy()
    parts = {name: (_ticks(pids) - before[name]) / TICK / wall for name, pids in groups.items()}
    machine = (busy1 - busy0) / max(1, all1 - all0)
    parts["rest (wrk, other)"] = max(0.0, machine * (os.cpu_count() or 1) - sum(parts.values()))
    out["cpu"] = Cpu(parts, machine)


# -- the deployment --------------------------------------------------------------------------------


def _database(pg: PgCluster, name: str) -> str:
    admin = create_engine(pg.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return pg.url(name)


def prepare(settings: Settings, office_url: str, patients: int) -> dict[str, str]:
    """HQ migrated, one office of ``patients`` patients, and the header of a key that reads it."""
    rt = Runtime.build(settings)
    try:
        rt.migrate_hq()
        office = offices.create_office(
            rt.hq, name="Load Dental", actor=ACTOR, api_enabled=True, database_url=office_url
        )
        db = rt.offices.provision(office.id)
        ensure_preferences(db, "Load Dental")
        generate_office(db, patients, seed=16)
        issued = developers.create_developer(
            rt.hq, company_name="Load Apps", actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
        )
        key = customer_keys.create_customer_key(rt.hq, issued.developer_id, ACTOR).key
        _view, name = customer_keys.assign_customer_key(rt.hq, office.id, key, ACTOR)
        apikeys.upsert(db, key, name)
        return {"Authorization": f"ODFHIR {issued.developer_key}/{key}"}
    finally:
        rt.close()


def _postmaster(pg: PgCluster) -> int:
    return int((pg.data / "postmaster.pid").read_text().splitlines()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--connections", type=int, default=48)
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if not have_wrk():
        print("wrk is not installed: run ./scripts/system-deps.sh (make bench does)")
        return 1
    if shutil.which("nginx"):
        print("(nginx is installed, but wrk's own round-robin is used: it costs the nodes nothing)")

    with ExitStack() as stack:
        pg, redis = PgCluster(), RedisServer()
        pg.start()
        stack.callback(pg.stop)
        redis.start()
        stack.callback(redis.stop)
        data = Path(tempfile.mkdtemp(prefix="dentin-load-"))
        stack.callback(shutil.rmtree, data, True)
        settings = Settings(
            data_dir=data,
            hq_database_url=_database(pg, "hq"),
            secret_key=SECRET,  # type: ignore[arg-type]
            redis_url=redis.url(),
        )
        print(f"preparing an office of {args.patients} patients on PostgreSQL ...", flush=True)
        auth = prepare(settings, _database(pg, "office"), args.patients)
        env = {
            "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
            "DENTIN_REDIS_URL": redis.url(),
            "DENTIN_SECRET_KEY": SECRET,
            "DENTIN_RATE_LIMITS": UNLIMITED,
            "DENTIN_AGING_SCHEDULER": "false",
            "DENTIN_EVENTS_WORKER": "false",
            "DENTIN_LOG_JSON": "true",
        }
        ports = []
        for n in range(3):
            node_env = {**env, "DENTIN_DATA_DIR": str(data / f"node{n + 1}")}
            ports.append(stack.enter_context(dentin_serve(node_env)))
        rng = random.Random(args.seed)
        paths = [f"/api/v1/patients/{rng.randint(1, args.patients)}" for _ in range(2000)]

        parents = _parents()
        node_pids = [_listener(port) for port in ports]
        print(
            f"wrk -t{THREADS} -c{args.connections}, {args.seconds:.0f} s each, loopback, "
            f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; "
            "GET /api/v1/patients/{PatNum} (authenticated, metered), round-robin over the nodes"
        )
        spread(ports, paths, auth, args.connections, 2.0)  # warm every node's caches and pools
        results: dict[int, Load] = {}
        for count in (1, 2, 3):
            parents = _parents()
            groups = {
                "nodes": set().union(*(_tree(p, parents) for p in node_pids[:count])),
                "postgresql": _tree(_postmaster(pg), parents),
                "redis": {redis.proc.pid} if redis.proc else set(),
            }
            with sampling(groups) as cpu:
                load = spread(ports[:count], paths, auth, args.connections, args.seconds)
            results[count] = load
            print(f"  {count} node{'s' if count > 1 else ' '}  {load.line()}", flush=True)
            print(f"           {cpu['cpu'].line()}")
            print(f"           limited by {cpu['cpu'].limit(count)}")
            if load.failed:
                raise SystemExit(f"{load.failed} requests failed: the figures would mean nothing")
        base = results[1].rps
        print("ratios against one node (same run):")
        for count in (2, 3):
            print(
                f"  {count} nodes / 1 node: {results[count].rps / base:.2f}x requests/s, "
                f"p99 {results[count].p99_ms:.1f} ms vs {results[1].p99_ms:.1f} ms"
            )
    return 0


def _listener(port: int) -> int:
    """The pid of the process listening on ``port`` (the node), from /proc/net/tcp."""
    inode = None
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            parts = line.split()
            if int(parts[1].split(":")[1], 16) == port and parts[3] == "0A":  # LISTEN
                inode = parts[9]
                break
    assert inode is not None, f"nothing listens on {port}"
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            for fd in os.listdir(f"/proc/{entry}/fd"):
                if os.readlink(f"/proc/{entry}/fd/{fd}") == f"socket:[{inode}]":
                    return int(entry)
        except OSError:
            continue
    raise AssertionError(f"no process holds the socket listening on {port}")


if __name__ == "__main__":
    raise SystemExit(main())
