"""The fast path (issue 14): office reads against a bare Starlette app, in the same run.

Builds (or reuses) the 100,000-patient bench office of bench/office_reads.py, then drives with
``wrk -t1 -c32`` (32 keep-alive connections, loopback):

1. a bare Starlette app (bench/_bare.py, one process) returning the patient JSON dentin
   returns (encoded per request) and a 100-row page of the same bytes as dentin's;
2. ``dentin serve`` (one process) through the whole middleware stack, every office read
   authenticated, permission-checked, rate-limited (budgets raised so nothing is refused)
   and metered: ``/healthz``, ``GET /patients/{PatNum}``, ``/patients/Simple?Limit=100&Offset=``,
   ``/appointments?PatNum=`` and ``/preferences?PrefName=`` with random ids;
3. ``dentin serve --workers 1`` and ``--workers 2`` on the patient read.

Each ratio is printed with its goal, and p99/p50 for each route (goal <= 4). Beside the
throughput ratio stands the ratio of CPU time per request (bare over dentin, each server's own
CPU seconds from /proc divided by the requests it answered): on a machine shared with other
work the throughput of two runs a few seconds apart swings with that work, the CPU each request
costs much less (bench/_cpu.py). ``--rounds N`` repeats the routes and prints each ratio's range.

    .venv/bin/python bench/fast_path.py [--seconds 5] [--connections 32] [--rounds 1]
                                        [--workers-only]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from statistics import median

import httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cpu import tree_cpu
from _server import PIDS, dentin_serve, free_port
from _wrk import Load, have_wrk, wrk
from dentin.app import create_app
from dentin.office.models import Preference
from dentin.runtime import Runtime
from office_reads import SECRET, _auth, bench_settings, prepare

HERE = Path(__file__).resolve().parent
UNLIMITED = json.dumps(
    dict.fromkeys(("standard", "professional", "enterprise"), ["1000000000/minute"] * 2)
)

# route name -> (goal ratio, baseline route of the bare app)
GOALS: dict[str, tuple[float, str]] = {
    "GET /healthz": (0.35, "patient"),
    "GET /patients/{PatNum}": (0.20, "patient"),
    "GET /patients/Simple?Limit=100&Offset=": (0.05, "page"),
    "GET /appointments?PatNum=": (0.15, "patient"),
    "GET /preferences?PrefName=": (0.15, "patient"),
}
TAIL_GOAL = 4.0
WORKERS_GOAL = 1.5


def routes(patients: int, names: list[str], rng: random.Random) -> dict[str, list[str]]:
    pats = [rng.randint(1, patients) for _ in range(2000)]
    return {
        "GET /healthz": ["/healthz"],
        "GET /patients/{PatNum}": [f"/api/v1/patients/{n}" for n in pats],
        "GET /patients/Simple?Limit=100&Offset=": [
            f"/api/v1/patients/Simple?Limit=100&Offset={rng.randrange(patients - 100)}"
            for _ in range(2000)
        ],
        "GET /appointments?PatNum=": [f"/api/v1/appointments?PatNum={n}" for n in pats],
        "GET /preferences?PrefName=": [
            f"/api/v1/preferences?PrefName={rng.choice(names)}" for _ in range(500)
        ],
    }


async def _sample(rt: Runtime, paths: list[str]) -> list[bytes]:
    app = create_app(rt.settings, rt)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        out = []
        for path in paths:
            response = await client.get(path, headers=_auth())
            response.raise_for_status()
            out.append(response.content)
        return out


BARE_PIDS: dict[int, int] = {}


@contextmanager
def bare_serve(patient: bytes, page: bytes) -> Iterator[int]:
    with tempfile.TemporaryDirectory(prefix="dentin-bench-bare-") as tmp:
        (Path(tmp) / "patient.json").write_bytes(patient)
        (Path(tmp) / "page.json").write_bytes(page)
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "_bare.py"), str(port), f"{tmp}/patient.json",
             f"{tmp}/page.json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        BARE_PIDS[port] = proc.pid
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("bare server did not start") from None
                    time.sleep(0.1)
            yield port
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def measured(
    pid: int | None, port: int, paths: list[str], headers: dict[str, str] | None, **load: float
) -> tuple[Load, float | None]:
    """wrk's figures and the server's CPU microseconds per request (None without /proc); the
    warm-up runs first, outside the CPU count."""
    wrk(port, paths, headers, connections=int(load["connections"]), seconds=1, warmup=0)
    before = tree_cpu(pid) if pid is not None else None
    result = wrk(
        port,
        paths,
        headers,
        connections=int(load["connections"]),
        seconds=load["seconds"],
        warmup=0,
    )
    after = tree_cpu(pid) if pid is not None else None
    if before is None or after is None or not result.requests:
        return result, None
    return result, (after - before) / result.requests * 1e6


def show(name: str, load: Load, cpu_us: float | None = None) -> None:
    cpu = f"  cpu {cpu_us:6.0f} us/req" if cpu_us is not None else ""
    print(f"  {name:<42} {load.line()}{cpu}", flush=True)
    if load.failed:
        raise SystemExit(f"{name}: {load.failed} requests failed; the figures would be meaningless")


def _span(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    return format(low, fmt) if len(values) == 1 else f"{format(low, fmt)}-{format(high, fmt)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per route")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--rounds", type=int, default=1, help="repeat the routes; ranges")
    parser.add_argument("--no-workers", action="store_true", help="skip the 1 vs 2 workers part")
    parser.add_argument("--workers-only", action="store_true")
    args = parser.parse_args()
    if not have_wrk():
        print("wrk is not installed (scripts/system-deps.sh installs it); using bench/_load.py")

    settings = bench_settings(args.patients)
    rt = Runtime.build(settings)
    try:
        office_id = prepare(rt, args.patients, 1)
        with rt.offices.get(office_id).session() as session:
            names = list(session.scalars(select(Preference.PrefName)))
        rng = random.Random(args.seed)
        paths = routes(args.patients, names, rng)
        patient, page = asyncio.run(
            _sample(rt, [paths["GET /patients/{PatNum}"][0], "/api/v1/patients/Simple?Limit=100"])
        )
    finally:
        rt.close()
    env = {
        "DENTIN_DATA_DIR": str(settings.data_dir),
        "DENTIN_SECRET_KEY": SECRET,
        "DENTIN_RATE_LIMITS": UNLIMITED,
        "DENTIN_AGING_SCHEDULER": "false",
    }
    auth = _auth()
    load = {"connections": args.connections, "seconds": args.seconds}
    print(f"wrk -t1 -c{args.connections}, {args.seconds:.0f} s per route, loopback, "
          f"{os.cpu_count()} cores; page body {len(page):,} bytes")  # fmt: skip

    if not args.workers_only:
        # Both servers stay up; each dentin route is measured right after its bare baseline,
        # so load from elsewhere on the machine moves both figures of a ratio alike.
        print("bare Starlette (one process) | dentin serve (one process):")
        figures: dict[str, dict[str, list[float]]] = {
            name: {"ratio": [], "cpu": [], "tail": [], "bare": []} for name in paths
        }
        with bare_serve(patient, page) as bare_port, dentin_serve(env) as port:
            for round_ in range(args.rounds):
                if args.rounds > 1:
                    print(f" round {round_ + 1} of {args.rounds}")
                for name, route_paths in paths.items():
                    _goal, base = GOALS[name]
                    bare, bare_cpu = measured(
                        BARE_PIDS.get(bare_port), bare_port, [f"/{base}"], None, **load
                    )
                    show(f"bare /{base}", bare, bare_cpu)
                    mine, mine_cpu = measured(PIDS.get(port), port, route_paths, auth, **load)
                    show(name, mine, mine_cpu)
                    got = figures[name]
                    got["ratio"].append(mine.rps / bare.rps)
                    got["bare"].append(bare.rps)
                    got["tail"].append(mine.p99_ms / max(mine.p50_ms, 1e-9))
                    if bare_cpu and mine_cpu:
                        got["cpu"].append(bare_cpu / mine_cpu)
        print("ratios against bare Starlette (same run; ranges over rounds):")
        for name, got in figures.items():
            goal, _base = GOALS[name]
            cpu = got["cpu"]
            met = median(got["ratio"]) >= goal and median(got["tail"]) <= TAIL_GOAL
            print(
                f"  {name:<42} {_span(got['ratio'], '.3f')}x  (goal >= {goal:.2f}x)"
                f"   cpu/req {_span(cpu, '.3f') + 'x' if cpu else 'n/a'}"
                f"   p99/p50 {_span(got['tail'], '.1f')} (goal <= {TAIL_GOAL:.0f})"
                f"   bare {_span(got['bare'], '.0f')} req/s   {'ok' if met else 'MISSED'}"
            )

    if not args.no_workers:
        print("dentin serve --workers N, GET /patients/{PatNum}:")
        by_workers: dict[int, Load] = {}
        for workers in (1, 2):
            with dentin_serve(env, args=("--workers", str(workers))) as port:
                by_workers[workers] = wrk(port, paths["GET /patients/{PatNum}"], auth, **load)  # type: ignore[arg-type]
                show(f"--workers {workers}", by_workers[workers])
        scale = by_workers[2].rps / by_workers[1].rps
        verdict = "ok" if scale >= WORKERS_GOAL else "MISSED"
        print(f"  2 workers / 1 worker: {scale:.2f}x  (goal >= {WORKERS_GOAL}x)   {verdict}")
        if shutil.which("granian") or (Path(sys.executable).parent / "granian").exists():
            # The alternative considered for --workers: the same app factory under granian.
            granian = str(Path(sys.executable).parent / "granian")
            for workers in (1, 2):
                command = [granian, "--interface", "asgi", "--factory", "--workers",
                           str(workers), "--host", "127.0.0.1", "--port", "{port}",
                           "--log-level", "warning", "--no-access-log",
                           "dentin.serving:worker_app"]  # fmt: skip
                with dentin_serve(env, command=command) as port:
                    load_ = wrk(port, paths["GET /patients/{PatNum}"], auth, **load)  # type: ignore[arg-type]
                    show(f"granian --workers {workers}", load_)
    return 0


if __name__ == "__main__":
    sys.exit(main())
