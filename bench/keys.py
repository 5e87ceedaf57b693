"""Key verification cost: in-process cache hits and misses, and /apikeys over real HTTP.

Prints verifications per second (goal: >= 200,000 cache hits/s) and the throughput of
``GET /api/v1/apikeys`` next to a static route on the same server (goal: >= 0.8x), measured
in the same run on this machine.

    .venv/bin/python bench/keys.py [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _child import serve
from _load import build_request, run_load
from dentin.config import Settings
from dentin.demo import seed_demo
from dentin.runtime import Runtime


def in_process(data_dir: Path) -> None:
    rt = Runtime.build(Settings(data_dir=data_dir, demo=True))
    creds = seed_demo(rt)
    header = f"ODFHIR {creds.developer_key}/{creds.customer_key}"
    auth = rt.auth
    auth.verify(header, "customer")

    n = 1_000_000
    started = time.perf_counter()
    for _ in range(n):
        auth.verify(header, "customer")
    hit = n / (time.perf_counter() - started)

    m = 2_000
    started = time.perf_counter()
    for _ in range(m):
        auth.cache.invalidate()
        auth.verify(header, "customer")
    miss = m / (time.perf_counter() - started)
    rt.close()
    print(f"verification, cache hit : {hit:12,.0f} /s   (goal >= 200,000)")
    print(f"verification, cache miss: {miss:12,.0f} /s   (hash + indexed lookups on SQLite)")


def over_http(data_dir: Path, seconds: float, connections: int) -> None:
    rt = Runtime.build(Settings(data_dir=data_dir, demo=True))
    creds = seed_demo(rt)
    rt.close()
    portal = {"Authorization": f"ODFHIR {creds.developer_key}/{creds.portal_key}"}
    # Budgets high enough that the bench measures the limiter's cost, not its refusals.
    limits = json.dumps({"standard": ["1000000/minute", "10000000/minute"]})
    with serve(data_dir, env={"DENTIN_RATE_LIMITS": limits}) as port:
        static = run_load(
            "127.0.0.1",
            port,
            [build_request("GET", "/bench/static")],
            connections=connections,
            seconds=seconds,
        )
        apikeys = run_load(
            "127.0.0.1",
            port,
            [build_request("GET", "/api/v1/apikeys", portal)],
            connections=connections,
            seconds=seconds,
        )
    print(f"static route      : {static.summary()}")
    print(f"GET /api/v1/apikeys: {apikeys.summary()}")
    if set(apikeys.statuses) != {200}:
        raise SystemExit(f"/apikeys answered {apikeys.statuses}; the ratio would be meaningless")
    print(f"ratio apikeys/static: {apikeys.rps / static.rps:.2f}x   (goal >= 0.80x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dentin-bench-keys-") as tmp:
        data_dir = Path(tmp)
        in_process(data_dir)
        over_http(data_dir, args.seconds, args.connections)


if __name__ == "__main__":
    main()
