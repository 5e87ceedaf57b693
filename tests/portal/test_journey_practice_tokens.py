"""Journeys 2 and 3: a practice's own API keys, and the Features card when API access is locked."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from dentin.runtime import Runtime
from tests.portal.conftest import Practice, api, make_practice, snap

pytestmark = pytest.mark.browser


def _sign_in(page: Page, practice: Practice) -> None:
    page.goto("/portal/practice/sign-in")
    page.get_by_label("Office number").fill(str(practice.office_id))
    page.get_by_label("User name").fill(practice.user)
    page.get_by_label("Password").fill(practice.password)
    page.get_by_role("button", name="Sign in").click()


def test_a_read_only_key_is_shown_once_refused_for_writes_and_dead_once_revoked(
    page: Page, rt: Runtime, live_server: str, new_database: Callable[[str], str]
) -> None:
    practice = make_practice(
        rt, "Harbour Dental", new_database("office"), api_enabled=True, tier="enterprise"
    )
    _sign_in(page, practice)
    page.get_by_role("link", name="API Keys").click()
    expect(page.get_by_role("heading", name="API Keys")).to_be_visible()
    snap(page, "practice-api-keys-empty")

    page.get_by_role("link", name="Generate new key").click()
    dialog = page.locator("dialog#key-dialog")
    expect(dialog).to_be_visible()
    # Read-only is preselected for every resource; nothing else is.
    checked = dialog.locator("input[name=scopes]:checked")
    values = checked.evaluate_all("els => els.map(e => e.value)")
    assert values and all(v.endswith(":read") for v in values)
    dialog.get_by_role("button", name="Save").click()  # no label yet
    expect(dialog.locator("#e-label")).to_contain_text("label")
    dialog.get_by_label("Label").fill("Power BI sync")
    dialog.get_by_label("Purpose").fill("Reporting")
    dialog.get_by_label("Software name").fill("Power BI")
    snap(page, "practice-generate-key-modal")
    dialog.get_by_role("button", name="Save").click()
    secret = dialog.locator("input[data-secret]")
    expect(secret).to_be_visible()
    token = secret.input_value()
    assert token.startswith("dnt_")
    expect(dialog).to_contain_text("shown only once")
    dialog.get_by_role("button", name="Copy").click()
    snap(page, "practice-key-shown-once")

    page.reload()
    expect(page.locator("input[data-secret]")).to_have_count(0)
    assert token not in page.content()
    row = page.locator("tr", has_text="Power BI sync")
    expect(row).to_contain_text(token[-4:])
    expect(row).to_contain_text(practice.user)
    expect(row.locator("svg.spark")).to_have_count(1)
    snap(page, "practice-api-keys")

    bearer = f"Bearer {token}"
    assert api(live_server, bearer, "/preferences?PrefName=PracticeTitle").status_code == 200
    write = api(live_server, bearer, "/patients", method="POST")
    assert write.status_code == 403, write.text
    assert "patient:create" in write.text

    row.get_by_role("button", name="Revoke").click()
    expect(page.locator(".flash")).to_contain_text("revoked")
    expect(page.locator("tr", has_text="Power BI sync")).to_contain_text("revoked")
    refused = api(live_server, bearer, "/preferences?PrefName=PracticeTitle")
    assert refused.status_code == 401, refused.text


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # pages only: one backend is enough
def test_a_locked_features_card_explains_why_keys_cannot_be_generated(
    page: Page, rt: Runtime, new_database: Callable[[str], str]
) -> None:
    practice = make_practice(
        rt, "Hilltop Dental", new_database("office"), api_enabled=True, tier="standard"
    )
    _sign_in(page, practice)
    page.get_by_role("link", name="Billing & Subscription").click()
    row = page.locator("#feature-api-access")
    expect(row).to_contain_text("locked")
    expect(row).to_contain_text("Enterprise")
    expect(row).to_contain_text("add-on")
    snap(page, "practice-billing-locked")

    page.get_by_role("link", name="API Keys").click()
    expect(page.locator("#api-locked")).to_contain_text("You can't generate API keys")
    page.get_by_role("link", name="Generate new key").click()
    expect(page.get_by_role("alert")).to_contain_text("API keys cannot be generated")
    expect(page.locator("form input[name=label]")).to_have_count(0)
    snap(page, "practice-generate-locked")
