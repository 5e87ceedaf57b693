"""Requests per day and error rate for each of the developer's CustomerKeys, last 30 days."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import customer_keys
from dentin.hq.customer_keys import CustomerKeyView
from dentin.portal import usage
from dentin.portal.charts import DayPoint, usage_chart
from dentin.portal.routers import developer_pages
from dentin.portal.routers.common import DeveloperSession
from dentin.portal.web import csrf_protect, render, runtime

router = APIRouter(prefix="/developer", dependencies=[Depends(csrf_protect)])
MAX_CHARTS = 12


@dataclass(frozen=True)
class KeyUsage:
    key: CustomerKeyView
    points: list[DayPoint]

    @property
    def requests(self) -> int:
        return usage.summary(self.points)[0]

    @property
    def errors(self) -> int:
        return usage.summary(self.points)[1]

    @property
    def rate(self) -> float:
        return usage.summary(self.points)[2]


@router.get("/usage")
def usage_page(request: Request, me: DeveloperSession) -> Response:
    dev = developer_pages.require_approved(request, me)
    hq = runtime(request).hq
    keys = customer_keys.list_customer_keys(hq, dev.id)
    series = usage.per_meter(hq, [f"customer_key:{k.id}" for k in keys])
    rows = [KeyUsage(k, series[f"customer_key:{k.id}"]) for k in keys]
    total = _sum([r.points for r in rows]) if rows else usage.platform(hq, developer_id=dev.id)
    charts = [
        (r.key.key, usage_chart(r.points, title=f"CustomerKey {r.key.key}, last 30 days"))
        for r in sorted(rows, key=lambda r: -r.requests)[:MAX_CHARTS]
        if r.requests
    ]
    context = {
        "title": "Usage",
        "rows": rows,
        "total_chart": usage_chart(total, title="All your CustomerKeys, requests per day"),
        "total": usage.summary(total),
        "charts": charts,
    }
    return render(request, "developer/usage.html", context, area="developer", session=me)


def _sum(series: list[list[DayPoint]]) -> list[DayPoint]:
    return [
        DayPoint(day[0].label, sum(p.requests for p in day), sum(p.errors for p in day))
        for day in zip(*series, strict=True)
    ]
