"""``/readyz``: may a load balancer send this node traffic? Each dependency says why not.

``/healthz`` answers "the process is up" and never touches a dependency (a liveness probe
that fails on a database outage would have every node restarted at once, which helps
nobody). Readiness checks what a request needs: the HQ database answering, its schema
current, and Redis when the deployment shares state through it. Each check has its own short
deadline, so a hung dependency makes the node not ready, never the probe hang.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis
from sqlalchemy import Engine, text

from dentin.db import pending_migrations

CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str
    ms: float

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "reason": self.reason, "ms": self.ms}


def _database(engine: Engine) -> str:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return "The HQ database answers."


def _schema(engine: Engine) -> str:
    pending = pending_migrations("hq", engine)
    if pending:
        raise RuntimeError(
            f"The HQ database lacks {len(pending)} migration(s) (newest {pending[0]}): "
            "run `dentin migrate`."
        )
    return "The HQ schema is current."


def _redis(url: str) -> str:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=CHECK_SECONDS, socket_timeout=CHECK_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()
    return "Redis answers."


async def _run(name: str, probe: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        reason = await asyncio.wait_for(asyncio.to_thread(probe), CHECK_SECONDS)
        ok = True
    except TimeoutError:
        ok, reason = False, f"No answer within {CHECK_SECONDS:g} s."
    except Exception as exc:  # every failure is a reason, never a 500
        ok, reason = False, _first_line(exc)
    return Check(name, ok, reason, round((time.perf_counter() - started) * 1000, 1))


def _first_line(exc: Exception) -> str:
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[0] if message else 'failed'}"[:300]


async def check(engine: Engine, redis_url: str | None) -> list[Check]:
    """Every check, run at once; the schema check waits for the database one (it needs it)."""
    probes: list[tuple[str, Callable[[], str]]] = [("hq_database", lambda: _database(engine))]
    if redis_url:
        probes.append(("redis", lambda: _redis(redis_url)))
    results = list(await asyncio.gather(*(_run(n, p) for n, p in probes)))
    if results[0].ok:
        results.append(await _run("migrations", lambda: _schema(engine)))
    else:
        results.append(Check("migrations", False, "Not checked: the HQ database is down.", 0.0))
    return results
