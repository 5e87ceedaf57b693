"""``/readyz`` for load balancers and ``/metrics`` for Prometheus.

``/metrics`` names routes, tiers and volumes: useful to an attacker mapping the deployment,
so it answers only the machine itself (loopback) or a scraper that sends
``Authorization: Bearer $DENTIN_METRICS_TOKEN``.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin import __version__, metrics, readiness
from dentin.api.deps import RuntimeDep
from dentin.errors import Forbidden
from dentin.responses import json_response

router = APIRouter(include_in_schema=False)


@router.get("/readyz")
async def readyz(rt: RuntimeDep) -> Response:
    checks = await readiness.check(rt.hq.engine, rt.settings.redis_url)
    ready = all(c.ok for c in checks)
    body = {
        "status": "ready" if ready else "not ready",
        "version": __version__,
        "checks": {c.name: c.as_dict() for c in checks},
    }
    if not ready:
        body["reason"] = " ".join(f"{c.name}: {c.reason}" for c in checks if not c.ok)
    return json_response(body, 200 if ready else 503, {"Cache-Control": "no-store"})


@router.get("/metrics")
async def metrics_text(request: Request, rt: RuntimeDep) -> Response:
    _may_scrape(request, rt.settings.metrics_token)
    rt.sampler.sample()
    body, content_type = await run_in_threadpool(metrics.render)
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


def _may_scrape(request: Request, token: str | None) -> None:
    if token:
        sent = request.headers.get("authorization", "")
        scheme, _, value = sent.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        ):
            return
    host = request.client.host if request.client else ""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise Forbidden(
        "Metrics are served to this machine only, or to a scraper sending "
        "`Authorization: Bearer` with the node's DENTIN_METRICS_TOKEN.",
        code="metrics_forbidden",
    )
