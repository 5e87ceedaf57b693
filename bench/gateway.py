"""The gateway's cost and reaction time, measured in one run on this machine.

1. Throughput of an authenticated, permission-checked, rate-limited, metered
   ``GET /api/v1/patients/{PatNum}`` through a real server, next to the same handler with the
   gateway bypassed (``/bench/bypass/patients/{PatNum}``) and a static route. Goal: >= 0.85x.
2. Time from a disable call (``PUT /apikeys`` KeyStatus=DisabledByDeveloper) to the first
   refused request on one node. Goal: <= 1 s.

    .venv/bin/python bench/gateway.py [--seconds 5] [--connections 16]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _child import serve
from _load import build_request, run_load
from dentin.config import Settings
from dentin.demo import seed_demo
from dentin.runtime import Runtime

# Budgets high enough that the bench measures the limiter's cost, not its refusals.
BENCH_LIMITS = json.dumps({"standard": ["1000000/minute", "10000000/minute"]})


def throughput(
    port: int, headers: dict[str, str], bearer: dict[str, str], seconds: float, connections: int
) -> None:
    pat_nums = range(1, 201)
    gated = [build_request("GET", f"/api/v1/patients/{n}", headers) for n in pat_nums]
    tokens = [build_request("GET", f"/api/v1/patients/{n}", bearer) for n in pat_nums]
    bypass = [build_request("GET", f"/bench/bypass/patients/{n}") for n in pat_nums]
    static = [build_request("GET", "/bench/static")]
    results = {}
    for name, requests in (
        ("static", static),
        ("bypass", bypass),
        ("odfhir", gated),
        ("bearer", tokens),
    ):
        results[name] = run_load(
            "127.0.0.1", port, requests, connections=connections, seconds=seconds
        )
        print(f"{name:8}: {results[name].summary()}")
    for name, result in results.items():
        if set(result.statuses) != {200}:
            raise SystemExit(f"{name} answered {result.statuses}; the ratios would be meaningless")
    for name in ("odfhir", "bearer"):
        ratio = results[name].rps / results["bypass"].rps
        print(f"{name} gateway / bypassed handler: {ratio:.2f}x   (goal >= 0.85x)")
    print(f"odfhir gateway / static route: {results['odfhir'].rps / results['static'].rps:.2f}x")


def reaction(port: int, creds: object) -> None:
    base = f"http://127.0.0.1:{port}"
    office = {"Authorization": f"ODFHIR {creds.developer_key}/{creds.customer_key}"}  # type: ignore[attr-defined]
    portal = {"Authorization": f"ODFHIR {creds.developer_key}/{creds.portal_key}"}  # type: ignore[attr-defined]
    with httpx.Client(base_url=base) as client:
        assert client.get("/api/v1/patients/1", headers=office).status_code == 200
        started = time.perf_counter()
        client.put(
            "/api/v1/apikeys",
            headers=portal,
            json={"CustomerKey": creds.customer_key, "KeyStatus": "DisabledByDeveloper"},  # type: ignore[attr-defined]
        )
        tries = 0
        while client.get("/api/v1/patients/1", headers=office).status_code != 401:
            tries += 1
        elapsed = time.perf_counter() - started
        assert tries < 10_000
        client.put(
            "/api/v1/apikeys",
            headers=portal,
            json={"CustomerKey": creds.customer_key, "KeyStatus": "Enabled"},  # type: ignore[attr-defined]
        )
    print(
        f"disable -> first refused request: {elapsed * 1000:.1f} ms "
        f"({tries} requests still allowed after the disable call returned; goal <= 1 s)"
    )


def token_reaction(port: int, token: str, admin_session: str, token_num: int) -> None:
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base) as client:
        office = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/patients/1", headers=office).status_code == 200
        started = time.perf_counter()
        client.post(
            f"/api/v1/practice/tokens/{token_num}/revoke",
            headers={"Authorization": f"Practice {admin_session}"},
        )
        tries = 0
        while client.get("/api/v1/patients/1", headers=office).status_code != 401:
            tries += 1
        elapsed = time.perf_counter() - started
    print(
        f"revoke token -> first refused request: {elapsed * 1000:.1f} ms "
        f"({tries} requests still allowed after the revoke call returned; goal <= 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dentin-bench-gateway-") as tmp:
        data_dir = Path(tmp)
        rt = Runtime.build(Settings(data_dir=data_dir, demo=True))
        creds = seed_demo(rt)
        rt.close()
        token, token_num, session = _practice_token(data_dir, creds.office_id)
        headers = {"Authorization": f"ODFHIR {creds.developer_key}/{creds.customer_key}"}
        bearer = {"Authorization": f"Bearer {token}"}
        with serve(data_dir, env={"DENTIN_RATE_LIMITS": BENCH_LIMITS}) as port:
            throughput(port, headers, bearer, args.seconds, args.connections)
            reaction(port, creds)
            token_reaction(port, token, session, token_num)


def _practice_token(data_dir: Path, office_id: int) -> tuple[str, int, str]:
    """A read-only practice token and an administrator's session, made through the services."""
    from dentin.hq import practice_sessions, practice_tokens
    from dentin.hq.context import Actor
    from dentin.office import users

    rt = Runtime.build(Settings(data_dir=data_dir, demo=True))
    try:
        db = rt.offices.get(office_id)
        actor = Actor("bench")
        password = "bench password 1234"
        if not any(u.user_name == "bench" for u in users.list_users(db)):
            users.add_user(rt.hq, db, "bench", password, actor, is_admin=True)
        session = practice_sessions.sign_in(rt.hq, rt.offices, office_id, "bench", password)
        issued = practice_tokens.create_token(rt.hq, session.identity, actor, label="bench")
        return issued.token, issued.view.id, session.token
    finally:
        rt.close()


if __name__ == "__main__":
    main()
