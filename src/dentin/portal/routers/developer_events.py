"""API Events: each of the developer's subscriptions, with deliveries and failures per day.

A connected office keeps its delivery log at the office: HQ asks it over its link (it never
opens that database). While the office's link is down its subscriptions are listed apart, with
``GET /api/v1/subscriptions/{n}/Deliveries`` as the way to ask once it is back.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.errors import DentinError
from dentin.hq import customer_keys, offices
from dentin.office.events import report
from dentin.portal.charts import DayPoint, usage_chart
from dentin.portal.routers import developer_pages
from dentin.portal.routers.common import DeveloperSession
from dentin.portal.web import csrf_protect, render, runtime
from dentin.runtime import Runtime

router = APIRouter(prefix="/developer", dependencies=[Depends(csrf_protect)])
DAYS = 14


@dataclass(frozen=True)
class Shown:
    key: str
    office: str
    sub: report.SubscriptionReport
    chart: Markup


def _collect(rt: Runtime, developer_id: int) -> tuple[list[Shown], list[tuple[str, str]]]:
    by_id = {o.id: o for o in offices.list_offices(rt.hq)}
    shown: list[Shown] = []
    elsewhere: list[tuple[str, str]] = []
    for key in customer_keys.list_customer_keys(rt.hq, developer_id):
        office = by_id.get(key.office_id) if key.office_id is not None else None
        if office is None:
            continue
        try:
            found = rt.reach.event_reports(office.id, key.key, DAYS)
        except DentinError:  # a connected office whose link is down
            elsewhere.append((key.key, office.name))
            continue
        for sub in found:
            points = [DayPoint(d.label, d.attempts, d.failures) for d in sub.days]
            title = f"Subscription {sub.num} ({sub.watch_table}): deliveries per day"
            shown.append(Shown(key.key, office.name, sub, usage_chart(points, title=title)))
    return shown, elsewhere


@router.get("/events")
async def events_page(request: Request, me: DeveloperSession) -> Response:
    dev = developer_pages.require_approved(request, me)
    shown, elsewhere = await run_in_threadpool(_collect, runtime(request), dev.id)
    context = {"title": "API Events", "shown": shown, "elsewhere": elsewhere, "days": DAYS}
    return render(request, "developer/events.html", context, area="developer", session=me)
