"""Journey 1: apply → approve with two permissions → CustomerKey → API Setup → call → disable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from dentin.runtime import Runtime
from tests.portal.conftest import api, make_practice, snap

pytestmark = pytest.mark.browser
COMPANY = "Bright Smile Analytics"
LOGIN = "dev@brightsmile.example"
PASSWORD = "developer-password-1"
GRANTS = ("patient:read", "preference:read")


def test_a_developer_applies_is_approved_and_a_practice_adds_then_disables_its_key(
    page: Page,
    rt: Runtime,
    live_server: str,
    operator: tuple[str, str],
    new_database: Callable[[str], str],
) -> None:
    practice = make_practice(rt, "Riverside Dental", new_database("office"), api_enabled=True)

    # The developer applies; a bad phone number is refused next to its field, typing kept.
    page.goto("/portal/developer/apply")
    page.get_by_label("Product/Integration Owner (Company Name)").fill(COMPANY)
    page.get_by_label("Contact Phone Number").fill("call me")
    page.get_by_label("Email address for long-term billing").fill("billing@brightsmile.example")
    page.get_by_label("Mailing address for long-term billing").fill("1 Main St, Springfield")
    page.get_by_label("A description of the application").fill("A reporting dashboard.")
    page.locator("fieldset.scope-row", has_text="preference").get_by_label("read").check()
    page.get_by_label("Sign-in email").fill(LOGIN)
    page.locator("#f-Password").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Send application").click()
    expect(page.locator("#e-ContactPhone")).to_contain_text("not a phone number")
    expect(page.get_by_label("Product/Integration Owner (Company Name)")).to_have_value(COMPANY)
    snap(page, "developer-apply-errors")
    page.get_by_label("Contact Phone Number").fill("+1 555 010 0100")
    page.locator("#f-Password").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application received")).to_be_visible()

    # An operator approves it with exactly the two requested permissions.
    email, password = operator
    page.goto("/portal/admin/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Applications")).to_be_visible()
    snap(page, "admin-applications")
    page.get_by_role("link", name=COMPANY).click()
    checked = page.locator("input[name=grant]:checked")
    expect(checked).to_have_count(2)
    assert sorted(checked.evaluate_all("els => els.map(e => e.value)")) == list(GRANTS)
    snap(page, "admin-application")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".flash")).to_contain_text("approved with 2 permission(s)")

    # The developer signs in, issues a DeveloperKey and creates a CustomerKey.
    page.goto("/portal/developer/sign-in")
    page.get_by_label("Email").fill(LOGIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Account")).to_be_visible()
    snap(page, "developer-account")
    page.get_by_role("link", name="Keys", exact=True).click()
    page.get_by_role("button", name="Issue a new DeveloperKey").click()
    developer_key = page.locator("#key-developer input[data-secret]").input_value()
    assert len(developer_key) == 16
    expect(page.locator("#key-developer")).to_contain_text("shown only this once")
    snap(page, "developer-keys-new-secret")
    page.reload()
    expect(page.locator("#key-developer input[data-secret]")).to_have_count(0)
    expect(page.locator("#key-developer")).to_contain_text(developer_key[-4:])
    page.get_by_role("link", name="Customer keys").click()
    page.get_by_label("DevRefId (optional, only you see it)").fill("Riverside")
    page.get_by_role("button", name="Create key").click()
    customer_key = page.locator("tbody th.mono").first.inner_text().strip()
    assert len(customer_key) == 16
    snap(page, "developer-customer-keys")

    # The practice admin adds it in API Setup and sees the two permissions, read-only.
    page.goto("/portal/practice/sign-in")
    page.get_by_label("Office number").fill(str(practice.office_id))
    page.get_by_label("User name").fill(practice.user)
    page.get_by_label("Password").fill(practice.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="API Setup")).to_be_visible()
    page.get_by_label("CustomerKey from your developer").fill(customer_key)
    page.get_by_role("button", name="Add Key").click()
    row = page.locator("tr", has_text=customer_key)
    expect(row).to_contain_text(COMPANY)
    for permission in GRANTS:
        expect(row).to_contain_text(permission)
    expect(page.locator(".note")).to_contain_text("information from HQ")
    snap(page, "practice-api-setup")

    # An ODFHIR call succeeds; the practice disables the key; the same call gets 401.
    auth = f"ODFHIR {developer_key}/{customer_key}"
    assert api(live_server, auth, "/preferences?PrefName=PracticeTitle").status_code == 200
    row.get_by_role("button", name="Disable").click()
    expect(page.locator(".flash")).to_contain_text("disabled")
    expect(page.locator("tr", has_text=customer_key)).to_contain_text("DisabledByCustomer")
    refused = api(live_server, auth, "/preferences?PrefName=PracticeTitle")
    assert refused.status_code == 401, refused.text
