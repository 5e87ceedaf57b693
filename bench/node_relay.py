"""What the node-to-node relay costs: a Cloud office's patient read at the node holding its
link (direct) and at another node, which relays it to the holder's internal port (relayed).

Two ``dentin serve`` processes share one HQ (SQLite, in a temporary folder) and a throwaway
``redis-server``; the office's connector links to the first. Requests go to the first node
(direct) and to the second (relayed) in turns for ``--rounds`` rounds, so background load
falls on both alike. Two passes each: ``--connections`` concurrent keep-alive clients
(req/s, p50, p99) and one client at a time (the hop's added p50). Any answer other than 200
stops the bench.

    .venv/bin/python bench/node_relay.py [--patients 300] [--seconds 3] [--rounds 3]
                                         [--connections 16]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import dentin_serve, free_port
from connector import (
    BENCH_LIMITS,
    SECRET,
    Mode,
    build,
    measure,
    merged,
    office_env,
    office_process,
    office_side_args,
    pairing_code,
    until_ok,
)


@contextmanager
def redis_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found: run ./scripts/system-deps.sh")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.3)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="dentin-bench-nodes-") as tmp:
        hq_dir, offices_dir = Path(tmp) / "hq", Path(tmp) / "at-the-office"
        print(f"Building HQ and a connected office of {args.patients} patients...")
        office = build(hq_dir, offices_dir, args.patients)["cloud"]
        with ExitStack() as stack:
            redis_url = stack.enter_context(redis_server())
            env = {
                "DENTIN_DATA_DIR": str(hq_dir),
                "DENTIN_SECRET_KEY": SECRET,
                "DENTIN_AGING_SCHEDULER": "false",
                "DENTIN_EVENTS_WORKER": "false",
                "DENTIN_RATE_LIMITS": BENCH_LIMITS,
                "DENTIN_REDIS_URL": redis_url,
            }
            holder = stack.enter_context(dentin_serve(env))
            other = stack.enter_context(dentin_serve(env))
            code = pairing_code(hq_dir, office.id)
            connect = office_side_args("cloud", f"http://127.0.0.1:{holder}", code, office, 0)
            stack.enter_context(office_process(connect, office_env(office.home), "connector"))
            modes = [Mode("direct", holder, office.auth), Mode("relayed", other, office.auth)]
            for mode in modes:
                until_ok(mode.port, mode.auth, mode.name)
            measure(modes, args.patients, args)
            direct = (merged(modes[0].loaded), merged(modes[0].single))
            relayed = (merged(modes[1].loaded), merged(modes[1].single))
            print("\nGET /api/v1/patients/{PatNum} of a Cloud office, all rounds:")
            for name, (loaded, single) in (("direct", direct), ("relayed", relayed)):
                print(
                    f"  {name:8} {loaded.rps:7.0f} req/s  p50 {loaded.percentile(0.5):6.2f} ms  "
                    f"p99 {loaded.percentile(0.99):6.2f} ms | 1 client p50 "
                    f"{single.percentile(0.5):5.2f} ms"
                )
            print(
                f"relayed / direct throughput ({args.connections} clients): "
                f"{relayed[0].rps / direct[0].rps:.2f}x; added p50, 1 client: "
                f"{relayed[1].percentile(0.5) - direct[1].percentile(0.5):+.2f} ms"
            )


if __name__ == "__main__":
    main()
