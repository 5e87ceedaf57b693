"""Jinja filters: one spelling for dates, times and masked secrets on every page."""

from __future__ import annotations

import datetime as dt

import jinja2

from dentin.portal.charts import sparkline


def when(value: dt.datetime | dt.date | None) -> str:
    if value is None or value.year <= 1:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def masked(hint: str, length: int = 16) -> str:
    """A secret is never shown again after creation: bullets and its last four characters."""
    if not hint:
        return "—"
    return "•" * max(4, length - len(hint)) + hint


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


def install(env: jinja2.Environment) -> None:
    env.filters["when"] = when
    env.filters["masked"] = masked
    env.filters["percent"] = percent
    env.globals["sparkline"] = sparkline
    env.globals["nav_links"] = nav_links


NAV: dict[str, list[tuple[str, str]]] = {
    "admin": [
        ("/admin/applications", "Applications"),
        ("/admin/developers", "Developers"),
        ("/admin/offices", "Offices"),
        ("/admin/usage", "Usage"),
        ("/admin/audit", "Audit log"),
    ],
    "developer": [
        ("/developer/account", "Account"),
        ("/developer/keys", "Keys"),
        ("/developer/customer-keys", "Customer keys"),
        ("/developer/usage", "Usage"),
        ("/developer/events", "API Events"),
    ],
}


def nav_links(area: str, me: dict[str, object] | None) -> list[tuple[str, str]]:
    if area == "practice" and me:
        office = me.get("office_id")
        return [
            (f"/practice/{office}/api-setup", "API Setup"),
            (f"/practice/{office}/api-keys", "API Keys"),
            (f"/practice/{office}/billing", "Billing & Subscription"),
        ]
    return NAV.get(area, [])
