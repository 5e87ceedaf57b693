"""SQLite pages on one thread and on two, with SQLite's allocation count on and off.

dentin/sqlite_setup.py turns SQLite's process-wide allocation count (``MEMSTATUS``) off: with
it on, every ``malloc`` of every connection takes one mutex, and two threads writing pages as
JSON spent their time handing it to each other. This runs the ``/patients/Simple`` page
statement (100 rows, written by SQLite as JSON, as ``dentin serve`` runs it) on the bench
office of bench/office_reads.py, each case in a fresh interpreter (the setting is the
process's): the count on (``sqlite3`` imported before ``dentin``, as SQLite's default) and
off (``dentin`` first), on 1 and 2 threads with a connection each. Printed: pages a second
and CPU per page, each case's pages a second over the count-on single thread's (baseline,
same run), and two threads over one.

    .venv/bin/python bench/sqlite_threads.py [--pages 600]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import json, sys, threading, time
sys.path.insert(0, {bench!r})
from dentin.db import make_engine
from dentin.office import compiled
from dentin.office.routes.patients import SIMPLE
from dentin.sqlite_setup import memory_counts_quiet

url, threads, pages, anchor, generation = {args!r}
engine = make_engine(url, read_only=True)  # as dentin serve reads
params = {{"page_offset": 0, "page_limit": 100, "anchor": anchor,
          "anchor_generation": generation, "server": "2026-01-01 00:00:00"}}
sql, binds = SIMPLE._packed(compiled._ANCHORED).sql(engine.dialect, params)
out = []

def read():
    db = engine.raw_connection()
    cursor = db.cursor()
    rows = cursor.execute(sql, binds).fetchone()[1]
    if rows != 100:
        out.append(f"a page of {{rows}} rows, not 100")
        return
    wall, cpu = time.perf_counter(), time.thread_time()
    for _ in range(pages):
        cursor.execute(sql, binds).fetchone()
    out.append((time.perf_counter() - wall, time.thread_time() - cpu))
    db.close()

started = time.perf_counter()
workers = [threading.Thread(target=read) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
elapsed = time.perf_counter() - started
if len(out) != threads or any(isinstance(o, str) for o in out):
    sys.exit(f"a reader failed: {{out}}")
print(json.dumps({{"quiet": memory_counts_quiet(), "rate": threads * pages / elapsed,
                  "cpu_us": sum(c for _, c in out) / (threads * pages) * 1e6}}))
"""


def case(first: str, threads: int, pages: int, office: tuple[str, int, int]) -> dict[str, float]:
    url, anchor, generation = office
    code = f"import {first}\n" + CHILD.format(
        bench=str(HERE), args=(url, threads, pages, anchor, generation)
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise SystemExit(f"the {first}-first case failed:\n{done.stderr}")
    return dict(json.loads(done.stdout))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=600, help="per thread per case")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from dentin.office.models import ChangeGeneration
    from dentin.runtime import Runtime
    from office_reads import bench_settings, prepare

    rt = Runtime.build(bench_settings(args.patients))
    try:
        db = rt.offices.get(prepare(rt, args.patients, 1))
        with db.session() as session:
            generation = session.get(ChangeGeneration, "patient")
        office = (str(db.url), args.patients // 2, generation.Generation if generation else 0)
    finally:
        rt.close()

    print(f"/patients/Simple page statement (100 rows as JSON), {args.pages} pages per thread")
    figures: dict[tuple[str, int], dict[str, float]] = {}
    for first, label in (("sqlite3", "count on "), ("dentin", "count off")):
        for threads in (1, 2):
            got = figures[(first, threads)] = case(first, threads, args.pages, office)
            assert got["quiet"] is (first == "dentin"), got
            print(
                f"  {label} {threads} thread{'s' if threads > 1 else ' '}"
                f"  {got['rate']:7.0f} pages/s  {got['cpu_us']:6.0f} us CPU/page"
            )
    base = figures[("sqlite3", 1)]["rate"]
    print("against the count on, one thread (same run):")
    for (first, threads), got in figures.items():
        label = "count on " if first == "sqlite3" else "count off"
        print(f"  {label} {threads} thread(s): {got['rate'] / base:.2f}x")
    for first, label in (("sqlite3", "count on "), ("dentin", "count off")):
        scale = figures[(first, 2)]["rate"] / figures[(first, 1)]["rate"]
        print(f"  two threads / one, {label}: {scale:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
