"""Usage across the platform: traffic per day, and the busiest developers and offices."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.hq import developers, offices
from dentin.portal import usage
from dentin.portal.charts import usage_chart
from dentin.portal.routers.common import Operator
from dentin.portal.web import csrf_protect, render, runtime

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])


@router.get("/usage")
def platform_usage(request: Request, me: Operator) -> Response:
    hq = runtime(request).hq
    points = usage.platform(hq)
    names = {d.id: d.company_name for d in developers.list_developers(hq)}
    office_names = {o.id: o.name for o in offices.list_offices(hq)}
    by_dev = sorted(usage.totals_by(hq, "developer").items(), key=lambda kv: -kv[1][0])
    by_office = sorted(usage.totals_by(hq, "office").items(), key=lambda kv: -kv[1][0])
    requests, errors, rate = usage.summary(points)
    context = {
        "title": "Usage",
        "chart": usage_chart(points, title="Requests per day, all credentials, last 30 days"),
        "requests": requests,
        "errors": errors,
        "rate": rate,
        "by_dev": [(names.get(k, f"#{k}"), k, v) for k, v in by_dev],
        "by_office": [(office_names.get(k, f"#{k}"), k, v) for k, v in by_office],
    }
    return render(request, "admin/usage.html", context, area="admin", session=me)
