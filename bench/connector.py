"""What each API mode costs: ``GET /api/v1/patients/{PatNum}`` embedded, via Service, via Cloud.

One run builds HQ (SQLite, in a temporary folder) with three offices generated from the same
seed, so every mode reads identical rows:

- **embedded**: HQ holds the office database and answers itself (``dentin serve``);
- **cloud**: the office's database sits "at the office" behind ``dentin office connect``, and
  HQ relays each request over the connector's one WebSocket;
- **service**: ``dentin office serve`` answers on its own port from its own database, with keys
  HQ verified over its link.

Every server runs in a process of its own on 127.0.0.1 and the load comes from this one, as in
``bench/gateway.py``. The modes take turns for ``--rounds`` rounds, so background load on a
shared machine falls on all of them alike. Two passes per mode:

- throughput: ``--connections`` concurrent keep-alive clients; req/s, p50, p99;
- latency: one client at a time. The p50 goal ("Cloud adds <= 2 ms") is judged here: under
  load a p50 mostly measures the queue (p50 ~ connections / req/s), not the extra hop.

Goals: Cloud >= 0.5x embedded throughput and <= 2 ms added p50; Service >= 0.9x embedded.
Rate limits are raised so nothing is refused; any answer other than 200 stops the bench.

    .venv/bin/python bench/connector.py [--patients 300] [--seconds 3] [--rounds 3]
                                        [--connections 16]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import LoadResult, build_request, run_load
from _server import dentin_serve, free_port
from dentin import scopes
from dentin.config import Settings
from dentin.hq import connectors, customer_keys, developers, offices
from dentin.hq.context import Actor
from dentin.office import apikeys
from dentin.office.generate import generate_office
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime

SECRET = "bench-secret-not-for-production-0123"
ACTOR = Actor("bench", "127.0.0.1")
CLI = [sys.executable, "-c", "from dentin.cli import app; app()"]
# Budgets high enough that the bench measures the modes, not the limiter's refusals.
BENCH_LIMITS = json.dumps(
    {tier: ["100000000/minute", "1000000000/minute"] for tier in ("standard", "enterprise")}
)
AS_OF = dt.date(2026, 1, 15)  # the same practice "today" for every office: identical rows
GOALS = {"cloud_rps": 0.5, "cloud_p50_ms": 2.0, "service_rps": 0.9}


@dataclass
class Mode:
    """One way to reach an office: where to send requests, with which credential."""

    name: str
    port: int
    auth: dict[str, str]
    loaded: list[LoadResult] = field(default_factory=list)
    single: list[LoadResult] = field(default_factory=list)


@dataclass
class Office:
    id: int
    auth: dict[str, str]
    database_url: str
    home: Path  # the office's own data folder (its connector credential lives there)


def build(hq_dir: Path, offices_dir: Path, patients: int) -> dict[str, Office]:
    """HQ with three identical offices: one embedded, two whose databases sit at the office."""
    settings = Settings(data_dir=hq_dir, secret_key=SECRET)
    rt = Runtime.build(settings)
    try:
        rt.migrate_hq()
        issued = developers.create_developer(
            rt.hq,
            company_name="Bench Dental Apps",
            actor=ACTOR,
            permissions=sorted(scopes.ALL_SCOPES),
        )
        built: dict[str, Office] = {}
        for name in ("embedded", "cloud", "service"):
            home = offices_dir / name
            home.mkdir(parents=True)
            url = None if name == "embedded" else f"sqlite:///{(home / 'office.sqlite').resolve()}"
            office = offices.create_office(
                rt.hq, name=f"Bench {name}", actor=ACTOR, api_enabled=True, database_url=url
            )
            db = rt.offices.provision(office.id)
            ensure_preferences(db, f"Bench {name}")
            generate_office(db, patients, seed=12, as_of=AS_OF)
            key = customer_keys.create_customer_key(rt.hq, issued.developer_id, ACTOR)
            _view, dev_name = customer_keys.assign_customer_key(rt.hq, office.id, key.key, ACTOR)
            apikeys.upsert(db, key.key, dev_name)
            auth = {"Authorization": f"ODFHIR {issued.developer_key}/{key.key}"}
            built[name] = Office(
                office.id, auth, url or settings.office_sqlite_url(office.id), home
            )
        return built
    finally:
        rt.close()


def pairing_code(hq_dir: Path, office_id: int) -> str:
    rt = Runtime.build(Settings(data_dir=hq_dir, secret_key=SECRET))
    try:
        return connectors.create_pairing_code(rt.hq, office_id, ACTOR).code
    finally:
        rt.close()


def office_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENTIN_")}
    env.update(
        {
            "DENTIN_DATA_DIR": str(home),
            "DENTIN_SECRET_KEY": SECRET,  # the office's apikey rows were sealed with it
            "DENTIN_AGING_SCHEDULER": "false",
            "DENTIN_RATE_LIMITS": BENCH_LIMITS,
        }
    )
    return env


@contextmanager
def office_process(args: list[str], env: dict[str, str], what: str) -> Iterator[None]:
    """An office-side process, until it reports its link to HQ up."""
    with tempfile.TemporaryFile() as log:  # a file: a full pipe would stall the process
        proc = subprocess.Popen([*CLI, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait(proc, log, lambda text: "link to HQ up" in text, what)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait(
    proc: subprocess.Popen[bytes], log: IO[bytes], ready: Callable[[str], bool], what: str
) -> None:
    deadline = time.monotonic() + 60
    while True:
        log.seek(0)
        text = log.read().decode(errors="replace")
        if ready(text):
            return
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start:\n{text[-4000:]}")
        time.sleep(0.05)


def until_ok(port: int, auth: dict[str, str], what: str) -> None:
    """The first answer through a mode (Service asks HQ about the key once, then remembers)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            r = httpx.get(f"http://127.0.0.1:{port}/api/v1/patients/1", headers=auth, timeout=10)
            if r.status_code == 200:
                return
            last = f"{r.status_code} {r.text[:300]}"
        except httpx.TransportError as exc:
            last = repr(exc)
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} never answered 200: {last}")
        time.sleep(0.1)


def measure(modes: list[Mode], patients: int, args: argparse.Namespace) -> None:
    pat_nums = range(1, min(patients, 200) + 1)
    for round_no in range(1, args.rounds + 1):
        for mode in modes:
            requests = [build_request("GET", f"/api/v1/patients/{n}", mode.auth) for n in pat_nums]
            loaded = run_load(
                "127.0.0.1", mode.port, requests, connections=args.connections, seconds=args.seconds
            )
            single = run_load("127.0.0.1", mode.port, requests, connections=1, seconds=args.seconds)
            for result in (loaded, single):
                if set(result.statuses) != {200}:
                    raise SystemExit(
                        f"{mode.name} answered {result.statuses}; the ratios would be meaningless"
                    )
            mode.loaded.append(loaded)
            mode.single.append(single)
            print(
                f"round {round_no} {mode.name:8} {args.connections:2} clients: "
                f"{loaded.summary()}\n"
                f"round {round_no} {mode.name:8}  1 client : {single.summary()}"
            )


def merged(results: list[LoadResult]) -> LoadResult:
    """All rounds as one run: requests over time, percentiles over every latency."""
    out = LoadResult(0, 0.0, {}, [])
    for r in results:
        out.requests += r.requests
        out.seconds += r.seconds
        out.latencies_ms.extend(r.latencies_ms)
        for status, count in r.statuses.items():
            out.statuses[status] = out.statuses.get(status, 0) + count
    return out


def report(modes: list[Mode], connections: int) -> None:
    by_name = {m.name: (merged(m.loaded), merged(m.single)) for m in modes}
    print(f"\nGET /api/v1/patients/{{PatNum}}, all rounds ({connections} clients | 1 client):")
    for name, (loaded, single) in by_name.items():
        print(
            f"  {name:8} {loaded.rps:7.0f} req/s  p50 {loaded.percentile(0.5):6.2f} ms  "
            f"p99 {loaded.percentile(0.99):6.2f} ms | {single.rps:6.0f} req/s  "
            f"p50 {single.percentile(0.5):5.2f} ms  p99 {single.percentile(0.99):5.2f} ms"
        )
    embedded_loaded, embedded_single = by_name["embedded"]

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    if "cloud" in by_name:
        loaded, single = by_name["cloud"]
        ratio = loaded.rps / embedded_loaded.rps
        added = single.percentile(0.5) - embedded_single.percentile(0.5)
        added_loaded = loaded.percentile(0.5) - embedded_loaded.percentile(0.5)
        print(
            f"cloud / embedded throughput: {ratio:.2f}x   (goal >= {GOALS['cloud_rps']}x: "
            f"{verdict(ratio >= GOALS['cloud_rps'])})"
        )
        print(
            f"cloud - embedded p50, 1 client: {added:+.2f} ms   (goal <= "
            f"{GOALS['cloud_p50_ms']:g} ms: {verdict(added <= GOALS['cloud_p50_ms'])}); "
            f"under {connections} clients: {added_loaded:+.2f} ms"
        )
    if "service" in by_name:
        loaded, single = by_name["service"]
        ratio = loaded.rps / embedded_loaded.rps
        added = single.percentile(0.5) - embedded_single.percentile(0.5)
        print(
            f"service / embedded throughput: {ratio:.2f}x   (goal >= {GOALS['service_rps']}x: "
            f"{verdict(ratio >= GOALS['service_rps'])}); p50, 1 client: {added:+.2f} ms"
        )


def office_side_args(mode: str, hq: str, code: str, office: Office, port: int) -> list[str]:
    """The office-side command each non-embedded mode runs; a new mode is one more entry."""
    pairing = ["--hq", hq, "--code", code, "--database", office.database_url]
    if mode == "cloud":
        return ["office", "connect", *pairing]
    if mode == "service":
        return ["office", "serve", *pairing, "--host", "127.0.0.1", "--port", str(port)]
    raise ValueError(f"unknown mode {mode}")


def start_modes(
    stack: ExitStack, hq_dir: Path, hq_port: int, built: dict[str, Office], wanted: set[str]
) -> list[Mode]:
    modes = [Mode("embedded", hq_port, built["embedded"].auth)]
    for name in ("cloud", "service"):
        if name not in wanted:
            continue
        office = built[name]
        # Cloud callers go through HQ; Service callers reach the office's own port.
        port = hq_port if name == "cloud" else free_port()
        args = office_side_args(
            name, f"http://127.0.0.1:{hq_port}", pairing_code(hq_dir, office.id), office, port
        )
        stack.enter_context(office_process(args, office_env(office.home), f"{name} office"))
        modes.append(Mode(name, port, office.auth))
    return modes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--modes",
        default="embedded,cloud,service",
        help="Comma-separated subset to run (embedded is always measured: it is the baseline).",
    )
    args = parser.parse_args()
    # A terminated bench still stops its servers (the context managers' exits run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wanted = {"embedded", *args.modes.split(",")}
    with tempfile.TemporaryDirectory(prefix="dentin-bench-connector-") as tmp:
        hq_dir, offices_dir = Path(tmp) / "hq", Path(tmp) / "at-the-office"
        print(f"Building HQ and three offices of {args.patients} patients each...")
        built = build(hq_dir, offices_dir, args.patients)
        hq_env = {
            "DENTIN_DATA_DIR": str(hq_dir),
            "DENTIN_SECRET_KEY": SECRET,
            "DENTIN_AGING_SCHEDULER": "false",
            "DENTIN_RATE_LIMITS": BENCH_LIMITS,
        }
        with ExitStack() as stack:
            hq_port = stack.enter_context(dentin_serve(hq_env))
            modes = start_modes(stack, hq_dir, hq_port, built, wanted)
            for mode in modes:
                until_ok(mode.port, mode.auth, mode.name)
            measure(modes, args.patients, args)
            report(modes, args.connections)


if __name__ == "__main__":
    main()
