"""Every main page renders in the browser, is screenshotted, and passes the accessibility basics."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from dentin.hq.models import UsageDaily
from dentin.wire import utcnow
from tests.conftest import World
from tests.portal.conftest import OPERATOR_EMAIL, OPERATOR_PASSWORD

pytestmark = pytest.mark.browser


def _traffic(world: World) -> None:
    """Thirty days of made-up usage on office A's key, so the charts have something to draw."""
    today = utcnow().date()
    with world.rt.hq.transaction() as session:
        for i in range(30):
            session.add(
                UsageDaily(
                    meter_id="customer_key:1",
                    developer_id=world.developer_id,
                    office_id=world.office_a.id,
                    day=today - dt.timedelta(days=i),
                    requests=100 + 10 * (i % 7),
                    errors_4xx=i % 5,
                    errors_5xx=1 if i == 3 else 0,
                )
            )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_operator_pages_render_accessibly_with_their_data(
    page: Page, world: World, operator: tuple[str, str]
) -> None:
    from tests.portal.conftest import snap

    _traffic(world)
    page.goto("/portal/")
    snap(page, "portal-home")
    page.goto("/portal/admin/developers")  # signed out: sent to sign in, then back here
    expect(page.locator(".flash")).to_contain_text("Please sign in")
    snap(page, "admin-sign-in")
    page.get_by_label("Email").fill(OPERATOR_EMAIL)
    page.get_by_label("Password").fill(OPERATOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Developers")).to_be_visible()
    expect(page.locator("tr", has_text="Acme Dental Apps")).to_contain_text("approved")
    snap(page, "admin-developers")
    page.get_by_role("link", name="Acme Dental Apps").click()
    snap(page, "admin-developer")
    page.get_by_role("link", name="Offices").click()
    expect(page.locator("tr", has_text="Office A")).to_contain_text("enabled")
    snap(page, "admin-offices")
    page.get_by_role("link", name="Usage").click()
    expect(page.locator("svg.chart")).to_have_count(1)
    expect(page.locator("tr", has_text="Acme Dental Apps")).to_be_visible()
    snap(page, "admin-usage")
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Event").fill("customer_key.assign")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    snap(page, "admin-audit")
    # Suspending from the list refuses the developer's keys at once.
    page.get_by_role("link", name="Developers").click()
    page.get_by_role("button", name="Suspend Acme Dental Apps").click()
    expect(page.locator(".flash")).to_contain_text("suspended")
    # A phone-sized screen still shows the page without sideways scrolling of the layout.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/portal/admin/offices")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # tables scroll inside
    snap(page, "admin-offices-phone")
