"""``GET /api/v1/usage``: a developer's own keys, requests and errors per day (portal-key auth)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.api.deps import PortalCaller, RuntimeDep
from dentin.hq import customer_keys, usage
from dentin.query import Args
from dentin.responses import json_response
from dentin.wire import od_date, od_datetime

router = APIRouter(prefix="/api/v1", tags=["Developer Portal: usage"])
MAX_DAYS = 90


def _report(rt: RuntimeDep, developer_id: int, days: int) -> list[dict[str, object]]:
    keys = customer_keys.list_customer_keys(rt.hq, developer_id)
    meters = [f"customer_key:{k.id}" for k in keys]
    series = usage.days_for(rt.hq, meters, days)
    report: list[dict[str, object]] = []
    for key, meter in zip(keys, meters, strict=True):
        last_used = rt.meter.pending_last_used(meter) or key.last_used_at
        rows = series[meter]
        total = sum(d.requests for d in rows)
        errors = sum(d.errors_4xx + d.errors_5xx for d in rows)
        report.append(
            {
                "CustomerKey": key.key,
                "LastUsed": od_datetime(last_used),
                "Requests": total,
                "ErrorRate": round(errors / total, 4) if total else 0.0,
                "Days": [
                    {
                        "Date": od_date(d.day),
                        "Requests": d.requests,
                        "Errors4xx": d.errors_4xx,
                        "Errors5xx": d.errors_5xx,
                    }
                    for d in rows
                ],
            }
        )
    return report


@router.get("/usage", summary="Requests and errors per day for each of your CustomerKeys")
async def developer_usage(request: Request, caller: PortalCaller, rt: RuntimeDep) -> Response:
    assert caller.developer_id is not None
    days = Args(request.query_params).int("Days", minimum=1) or 30
    days = min(days, MAX_DAYS)
    # Counts still in memory are written first, so the answer includes the latest requests.
    await run_in_threadpool(rt.flush_usage)
    return json_response(await run_in_threadpool(_report, rt, caller.developer_id, days))
