"""Hosted offices as schemas of one shared PostgreSQL database: request rate over 1,000 of them
against one, through a real server (``dentin serve`` in its own process, wrk on loopback).

A throwaway PostgreSQL cluster (the tests' ``tests/pg.py``) holds HQ, one office with a
database of its own, and a shared database with schemas ``office_0`` .. ``office_{N-1}``.
``office_0`` is provisioned for real (migrations, triggers, a provider and a patient); the
others are cloned from it, tables and rows (``CREATE TABLE ... (LIKE ... INCLUDING ALL)``),
which is all a read needs and takes seconds instead of N migrations. Every office has its own
CustomerKey. The route is the authenticated single-patient read, ``GET /api/v1/patients/1``:

- one office with its own database (the shape before this change: one pool per office);
- one office in a schema (the same read plus ``SET LOCAL search_path`` per transaction);
- N offices in schemas, each request with the next office's key (wrk cycles the keys).

Every office gets one request first (its key verified at HQ, its lookups read: the cold rate
is printed too), so the figures are those of a server that has seen its offices. Prints req/s, p50/p99 and the ratios, measured in the same run.

    .venv/bin/python bench/office_schemas.py [--offices 1000] [--seconds 5] [--connections 32]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/pg.py: the throwaway cluster the tests use

from tests.pg import PgCluster  # noqa: E402

from _server import dentin_serve  # noqa: E402
from _wrk import Load, _lua_string, have_wrk  # noqa: E402
from dentin import scopes  # noqa: E402
from dentin.config import Settings  # noqa: E402
from dentin.hq import customer_keys, developers, offices  # noqa: E402
from dentin.hq.context import Actor  # noqa: E402
from dentin.office.models import Patient, Provider  # noqa: E402
from dentin.office.seed import ensure_preferences  # noqa: E402
from dentin.runtime import Runtime  # noqa: E402

SECRET = "bench-secret-not-for-production-0123"
ACTOR = Actor("bench", "127.0.0.1")
STAMP = dt.datetime(2026, 1, 5, 9, 0, 0)
UNLIMITED = json.dumps(
    dict.fromkeys(("standard", "professional", "enterprise"), ["1000000000/minute"] * 2)
)
PATH = "/api/v1/patients/1"

_SCRIPT = """
local keys = {%(keys)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "%(path)s", {["Authorization"] = keys[(i %% #keys) + 1]})
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


def first_requests(port: int, auths: list[str]) -> float:
    """One request per key, 8 at a time: each office's first (its key verified at HQ, its
    lookups read); returns requests per second. Afterwards every office is warm."""
    started = time.perf_counter()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:

        def one(auth: str) -> int:
            return client.get(PATH, headers={"Authorization": auth}).status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(one, auths))
    if any(status != 200 for status in statuses):
        raise SystemExit(f"first requests failed: {sorted(set(statuses))}")
    return len(auths) / (time.perf_counter() - started)


def wrk_keys(port: int, auths: list[str], connections: int, seconds: float) -> Load:
    """wrk cycling through ``auths`` (one Authorization header per request)."""
    lua = _SCRIPT % {"keys": ", ".join(_lua_string(a) for a in auths), "path": PATH}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        base = ["wrk", "-t1", f"-c{connections}", "-s", script.name, "--timeout", "10s"]
        url = f"http://127.0.0.1:{port}"
        subprocess.run([*base, "-d1s", url], capture_output=True, check=True)
        out = subprocess.run(
            [*base, f"-d{max(1, round(seconds))}s", url], capture_output=True, check=True, text=True
        ).stdout
    data = json.loads(next(x for x in out.splitlines() if x.startswith("WRKJSON "))[8:])
    return Load(
        data["requests"],
        data["duration_us"] / 1e6,
        data["p50_us"] / 1000,
        data["p99_us"] / 1000,
        data["non2xx"] + data["socket_errors"],
    )


def seed(rt: Runtime, office_id: int, name: str) -> None:
    db = rt.offices.provision(office_id)
    ensure_preferences(db, name)
    with db.transaction() as s:
        s.add(Provider(ProvNum=1, Abbr="DOC", LName="Smith", FName="Ann", DateTStamp=STAMP))
        s.add(Patient(PatNum=1, LName="Lee", FName="Sam", Guarantor=1, PriProv=1, DateTStamp=STAMP))


def clone_schemas(shared_url: str, count: int) -> None:
    """office_1 .. office_{count-1} as copies of office_0's tables and rows."""
    engine = create_engine(shared_url)
    with engine.connect() as conn:
        tables = list(
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'office_0' ORDER BY 1")
            ).scalars()
        )
    started = time.perf_counter()
    for n in range(1, count):
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA office_{n}")
            for t in tables:
                conn.exec_driver_sql(
                    f"CREATE TABLE office_{n}.{t} (LIKE office_0.{t} INCLUDING ALL)"
                )
                conn.exec_driver_sql(f"INSERT INTO office_{n}.{t} SELECT * FROM office_0.{t}")
    engine.dispose()
    print(f"cloned {count - 1} schemas in {time.perf_counter() - started:.0f} s", flush=True)


def build(cluster: PgCluster, count: int) -> tuple[Settings, str, list[str]]:
    """HQ, one own-database office and ``count`` schema offices; returns the settings, the
    own-database office's Authorization and the schema offices' (office_0 first)."""
    admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in ("hq", "own", "shared"):
            conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp(prefix="dentin-bench-schemas-")),
        hq_database_url=cluster.url("hq"),
        secret_key=SECRET,  # type: ignore[arg-type]
    )
    rt = Runtime.build(settings)
    try:
        rt.migrate_hq()
        issued = developers.create_developer(
            rt.hq, company_name="Bench Apps", actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
        )

        def office(name: str, url: str) -> tuple[int, str]:
            view = offices.create_office(
                rt.hq, name=name, actor=ACTOR, api_enabled=True, database_url=url, tier="enterprise"
            )
            key = customer_keys.create_customer_key(rt.hq, issued.developer_id, ACTOR)
            customer_keys.assign_customer_key(rt.hq, view.id, key.key, ACTOR)
            return view.id, f"ODFHIR {issued.developer_key}/{key.key}"

        own_id, own_auth = office("Own Database", cluster.url("own"))
        seed(rt, own_id, "Own Database")
        first_id, first_auth = office("Office 0", f"{cluster.url('shared')}?office_schema=office_0")
        seed(rt, first_id, "Office 0")
        clone_schemas(cluster.url("shared"), count)
        started = time.perf_counter()
        auths = [first_auth]
        for n in range(1, count):
            auths.append(
                office(f"Office {n}", f"{cluster.url('shared')}?office_schema=office_{n}")[1]
            )
        print(f"registered {count} offices at HQ in {time.perf_counter() - started:.0f} s")
    finally:
        rt.close()
    return settings, own_auth, auths


def connections(cluster: PgCluster, database: str) -> int:
    engine = create_engine(cluster.url())
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE datname = :d"), {"d": database}
        ).scalar_one()
    engine.dispose()
    return int(count)


def show(name: str, load: Load) -> None:
    print(f"  {name:<44} {load.line()}", flush=True)
    if load.failed:
        raise SystemExit(f"{name}: {load.failed} requests failed; the figures would be meaningless")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--offices", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not have_wrk():
        raise SystemExit("wrk is not installed (scripts/system-deps.sh installs it).")
    cluster = PgCluster()
    cluster.start()
    try:
        settings, own_auth, auths = build(cluster, args.offices)
        env = {
            "DENTIN_DATA_DIR": str(settings.data_dir),
            "DENTIN_HQ_DATABASE_URL": cluster.url("hq"),
            "DENTIN_SECRET_KEY": SECRET,
            "DENTIN_RATE_LIMITS": UNLIMITED,
            "DENTIN_AGING_SCHEDULER": "false",
            "DENTIN_EVENTS_WORKER": "false",  # it polls every office: not what is measured
            "DENTIN_OFFICE_ENGINES_MAX": str(args.offices + 10),
        }
        load = {"connections": args.connections, "seconds": args.seconds}
        print(
            f"GET {PATH}, wrk -t1 -c{args.connections}, {args.seconds:.0f} s each, loopback, "
            f"{os.cpu_count()} cores; one dentin serve process, offices' shared pool "
            f"{settings.office_schema_pool_size}+{settings.office_schema_max_overflow}"
        )
        with dentin_serve(env) as port:
            cold = first_requests(port, [own_auth, *auths])
            print(f"  first request of each office (cold, 8 at a time) {cold:9.0f} req/s")
            own = wrk_keys(port, [own_auth], **load)  # type: ignore[arg-type]
            show("1 office, own database", own)
            one = wrk_keys(port, auths[:1], **load)  # type: ignore[arg-type]
            show("1 office in a schema", one)
            many = wrk_keys(port, auths, **load)  # type: ignore[arg-type]
            show(f"{args.offices} offices in schemas, one pool", many)
            print(f"  connections to the shared database: {connections(cluster, 'shared')}")
        # Each office's cached lookups are checked for changes at most every
        # DENTIN_CHANGE_POLL_SECONDS; spread over N offices, nearly every request pays that
        # check. The same N offices with checks an hour apart show what it costs.
        with dentin_serve({**env, "DENTIN_CHANGE_POLL_SECONDS": "3600"}) as port:
            first_requests(port, auths)
            rare = wrk_keys(port, auths, **load)  # type: ignore[arg-type]
            show(f"{args.offices} offices in schemas, change checks 1/h", rare)
        print("ratios (same run):")
        print(f"  1 schema office / 1 own-database office              {one.rps / own.rps:6.3f}x")
        print(
            f"  {args.offices} schema offices / 1 schema office           {many.rps / one.rps:6.3f}x"
        )
        print(f"  the same, lookups checked hourly / 1 schema office {rare.rps / one.rps:6.3f}x")
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
