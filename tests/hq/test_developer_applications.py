"""Seed 000's developer application: validation per field, decisions, keys shown once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from dentin.errors import BadRequest, Conflict, NotFound, Unauthorized
from dentin.hq import applications, audit, developers
from dentin.hq.application_form import parse_form
from dentin.hq.models import Developer
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World

FORM: dict[str, Any] = {
    "CompanyName": "Bright Smile Software LLC",
    "ContactPhone": "+1 (503) 555-0142 x12",
    "BillingEmail": "billing@brightsmile.example",
    "BillingAddress": "12 Main St, Salem, OR 97301",
    "ThirdPartyDeveloperName": "Dana Coder",
    "ThirdPartyDeveloperEmail": "dana@coder.example",
    "RequestedPermissions": ["patient:read", "Appointment: Read", "appointment:create"],
    "Description": "Lets patients book their own hygiene appointments online.",
    "LoginEmail": "Dana@Coder.example",
    "Password": "correct horse battery",
}


def _form(**changes: Any) -> dict[str, Any]:
    data = dict(FORM)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _apply(rt: Runtime, **changes: Any) -> int:
    return applications.submit(rt.hq, parse_form(_form(**changes)), ACTOR).id


async def test_an_application_is_accepted_as_pending_without_echoing_the_password(
    rt: Runtime, client: httpx.AsyncClient
) -> None:
    response = await client.post("/api/v1/developer-applications", json=FORM)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["Status"] == "pending"
    assert body["CompanyName"] == "Bright Smile Software LLC"
    assert body["RequestedPermissions"] == [
        "patient:read",
        "appointment:read",
        "appointment:create",
    ]
    assert body["LoginEmail"] == "dana@coder.example"
    assert "Password" not in body and FORM["Password"] not in response.text
    with rt.hq.read() as session:
        dev = session.scalars(select(Developer)).one()
        assert dev.status == "pending"
        assert dev.password_hash is not None and dev.password_hash.startswith("$argon2")
    assert [a.id for a in applications.list_applications(rt.hq)] == [body["ApplicationNum"]]


async def test_field_names_match_loosely_and_a_comma_list_of_permissions_is_accepted(
    client: httpx.AsyncClient,
) -> None:
    data = {
        "company_name": "Acme",
        "contact_phone": "503-555-0100",
        "billing_email": "a@acme.example",
        "billing_address": "1 Road, Town",
        "requested_permissions": "patient:read, appointment:read",
        "description": "Reminders.",
    }
    response = await client.post("/api/v1/developer-applications", json=data)
    assert response.status_code == 201, response.text
    assert response.json()["RequestedPermissions"] == ["patient:read", "appointment:read"]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("CompanyName", None, "CompanyName is required"),
        ("CompanyName", "   ", "CompanyName is required"),
        ("CompanyName", "x" * 201, "the most allowed is 200"),
        ("ContactPhone", None, "ContactPhone is required"),
        ("ContactPhone", "call me", "is not a phone number"),
        ("ContactPhone", "12345", "is not a phone number"),
        ("BillingEmail", None, "BillingEmail is required"),
        ("BillingEmail", "billing.example", "is not an email address"),
        ("BillingEmail", "a@b", "is not an email address"),
        ("BillingAddress", None, "BillingAddress is required"),
        ("ThirdPartyDeveloperEmail", "dana@", "is not an email address"),
        ("RequestedPermissions", None, "RequestedPermissions is required"),
        ("RequestedPermissions", [], "RequestedPermissions is required"),
        ("RequestedPermissions", ["patient:destroy"], "'patient:destroy'"),
        ("RequestedPermissions", [7], "must be a list of texts"),
        ("Description", None, "Description is required"),
        ("Description", "d" * 5001, "the most allowed is 5000"),
        ("Password", "short", "at least 12 characters"),
        ("LoginEmail", "nope", "is not an email address"),
        ("CompanyName", 42, "CompanyName must be text"),
    ],
)
async def test_each_bad_field_gets_a_400_that_names_it(
    client: httpx.AsyncClient, field: str, value: Any, says: str
) -> None:
    data = _form(**{field: value})
    if value is None:
        data.pop(field, None)
    response = await client.post("/api/v1/developer-applications", json=data)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "invalid_fields"
    assert set(body["fields"]) == {field}
    assert says in body["fields"][field]
    assert field in body["message"]


async def test_every_bad_field_is_named_at_once(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/developer-applications",
        json={"ContactPhone": "x", "BillingEmail": "y", "Password": "p" * 20},
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {
        "CompanyName",
        "ContactPhone",
        "BillingEmail",
        "BillingAddress",
        "RequestedPermissions",
        "Description",
        "LoginEmail",
    }
    assert "LoginEmail is required when a Password is given" in fields["LoginEmail"]


async def test_a_login_email_already_in_use_is_a_409_naming_the_field(
    rt: Runtime, client: httpx.AsyncClient
) -> None:
    _apply(rt)
    response = await client.post(
        "/api/v1/developer-applications", json=_form(LoginEmail="DANA@coder.example")
    )
    assert response.status_code == 409
    assert "LoginEmail" in response.json()["fields"]


async def test_a_body_that_is_not_json_is_a_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/developer-applications", content=b"company=acme")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


async def test_approval_issues_working_keys_once_and_nothing_shows_them_again(
    rt: Runtime, client: httpx.AsyncClient
) -> None:
    dev_id = _apply(rt)
    pending = await client.get(
        "/api/v1/apikeys",
        headers={"Authorization": "ODFHIR AAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBBBBBBBBBB"},
    )
    assert pending.status_code == 401
    issued = applications.approve(rt.hq, dev_id, ACTOR, grant=["patient:read"])
    assert issued.developer_id == dev_id
    response = await client.get(
        "/api/v1/apikeys",
        headers={"Authorization": f"ODFHIR {issued.developer_key}/{issued.portal_key}"},
    )
    assert response.status_code == 200
    assert response.json() == []
    view = applications.get_application(rt.hq, dev_id)
    assert view.status == "approved" and view.permissions == ["patient:read"]
    shown = repr(view) + repr(developers.get_developer(rt.hq, dev_id))
    shown += repr(audit.latest(rt.hq, developer_id=dev_id))
    assert issued.developer_key not in shown and issued.portal_key not in shown
    events = {row.event for row in audit.latest(rt.hq, developer_id=dev_id)}
    assert {"developer.apply", "developer.approve", "developer_key.create"} <= events


def test_approval_without_grant_grants_what_was_requested(rt: Runtime) -> None:
    dev_id = _apply(rt)
    applications.approve(rt.hq, dev_id, ACTOR)
    assert applications.get_application(rt.hq, dev_id).permissions == [
        "patient:read",
        "appointment:read",
        "appointment:create",
    ]


def test_only_a_pending_application_can_be_approved_or_rejected(rt: Runtime) -> None:
    dev_id = _apply(rt)
    applications.reject(rt.hq, dev_id, ACTOR, reason="no use case")
    with pytest.raises(Conflict, match="rejected, not pending"):
        applications.approve(rt.hq, dev_id, ACTOR)
    with pytest.raises(Conflict):
        applications.reject(rt.hq, dev_id, ACTOR)
    assert applications.list_applications(rt.hq) == []
    row = audit.latest(rt.hq, developer_id=dev_id, event="developer.reject")[0]
    assert row.before == {"status": "pending"}
    assert row.after == {"status": "rejected", "reason": "no use case"}


def test_approving_with_an_unknown_permission_is_refused_and_changes_nothing(
    rt: Runtime,
) -> None:
    dev_id = _apply(rt)
    with pytest.raises(BadRequest, match="patient:destroy"):
        applications.approve(rt.hq, dev_id, ACTOR, grant=["patient:destroy"])
    assert applications.get_application(rt.hq, dev_id).status == "pending"


def test_an_unknown_application_is_not_found(rt: Runtime) -> None:
    with pytest.raises(NotFound, match="no developer application 999"):
        applications.approve(rt.hq, 999, ACTOR)


async def test_suspension_refuses_every_key_on_the_next_request_and_reinstating_restores(
    world: World, client: httpx.AsyncClient
) -> None:
    rt = world.rt
    url = "/api/v1/preferences?PrefName=DateLastAging"
    for key in (world.office_a.customer_key, world.office_b.customer_key):
        assert (await client.get(url, headers=world.odfhir(key))).status_code == 200
    assert (await client.get("/api/v1/apikeys", headers=world.portal())).status_code == 200

    applications.suspend(rt.hq, world.developer_id, ACTOR, reason="unpaid invoices")

    for key in (world.office_a.customer_key, world.office_b.customer_key):
        refused = await client.get(url, headers=world.odfhir(key))
        assert refused.status_code == 401
        assert "suspended" in refused.json()["message"]
    assert (await client.get("/api/v1/apikeys", headers=world.portal())).status_code == 401

    applications.reinstate(rt.hq, world.developer_id, ACTOR)
    assert (await client.get(url, headers=world.odfhir())).status_code == 200
    events = [r.event for r in audit.latest(rt.hq, developer_id=world.developer_id)]
    assert events[:2] == ["developer.reinstate", "developer.suspend"]


async def test_revoking_a_grant_gives_403_naming_it_and_granting_restores_it(
    world: World, client: httpx.AsyncClient
) -> None:
    rt = world.rt
    url = "/api/v1/preferences"
    assert (await client.get(url, headers=world.odfhir())).status_code == 200
    held = applications.revoke_grant(rt.hq, world.developer_id, ["preference:read"], ACTOR)
    assert "preference:read" not in held
    refused = await client.get(url, headers=world.odfhir())
    assert refused.status_code == 403
    assert "preference:read" in refused.json()["message"]
    held = applications.grant(rt.hq, world.developer_id, ["Preference: Read"], ACTOR)
    assert "preference:read" in held
    assert (await client.get(url, headers=world.odfhir())).status_code == 200
    rows = audit.latest(rt.hq, developer_id=world.developer_id, limit=2)
    assert [r.event for r in rows] == ["developer.grant", "developer.revoke_grant"]
    assert "preference:read" in (rows[1].before or {})["permissions"]
    assert "preference:read" not in (rows[1].after or {})["permissions"]


def test_permissions_cannot_be_granted_to_a_pending_application(rt: Runtime) -> None:
    dev_id = _apply(rt)
    with pytest.raises(Conflict, match="approve the application"):
        applications.grant(rt.hq, dev_id, ["patient:read"], ACTOR)


def test_portal_sign_in_locks_after_five_failures_for_fifteen_minutes(rt: Runtime) -> None:
    dev_id = _apply(rt)
    login = applications.verify_login(rt.hq, "dana@coder.example", FORM["Password"])
    assert login.developer_id == dev_id and login.status == "pending"
    for _ in range(4):
        with pytest.raises(Unauthorized, match="email or password is wrong"):
            applications.verify_login(rt.hq, "dana@coder.example", "wrong password!")
    with pytest.raises(Unauthorized, match="locked after 5 failed sign-ins"):
        applications.verify_login(rt.hq, "dana@coder.example", "wrong password!")
    # Even the right password is refused while locked.
    with pytest.raises(Unauthorized, match="locked"):
        applications.verify_login(rt.hq, "DANA@coder.example", FORM["Password"])
    assert audit.latest(rt.hq, developer_id=dev_id, event="developer.login_locked")

    applications.set_password(rt.hq, dev_id, "a brand new password", ACTOR)
    with pytest.raises(Unauthorized, match="wrong"):
        applications.verify_login(rt.hq, "dana@coder.example", FORM["Password"])
    assert applications.verify_login(rt.hq, "dana@coder.example", "a brand new password")


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(rt: Runtime) -> None:
    with pytest.raises(Unauthorized, match="email or password is wrong"):
        applications.verify_login(rt.hq, "nobody@nowhere.example", "whatever it is")


def test_set_password_validates_and_can_set_the_login_email(rt: Runtime) -> None:
    dev_id = _apply(rt, LoginEmail=None, Password=None)
    with pytest.raises(BadRequest, match="at least 12"):
        applications.set_password(rt.hq, dev_id, "short", ACTOR)
    with pytest.raises(BadRequest, match="no LoginEmail"):
        applications.set_password(rt.hq, dev_id, "long enough password", ACTOR)
    view = applications.set_password(
        rt.hq, dev_id, "long enough password", ACTOR, login_email="Ops@Bright.example"
    )
    assert view.login_email == "ops@bright.example"
    assert applications.verify_login(rt.hq, "ops@bright.example", "long enough password")
    row = audit.latest(rt.hq, developer_id=dev_id, event="developer.password_set")[0]
    assert "long enough password" not in repr(row)


# -- one company name per developer (offices tell developers apart by DevName) ---------------


async def test_an_application_under_a_company_name_already_in_use_is_refused_with_409(
    rt: Runtime, client: httpx.AsyncClient
) -> None:
    developers.create_developer(rt.hq, company_name="Bright Smile Software LLC", actor=ACTOR)
    response = await client.post(
        "/api/v1/developer-applications",
        json=_form(CompanyName="  bright smile   SOFTWARE llc ", LoginEmail="other@x.example"),
    )
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "company_name_taken"
    assert "DevName" in body["message"]
    assert set(body["fields"]) == {"CompanyName"}


def test_an_operator_cannot_create_a_second_developer_with_the_same_name(rt: Runtime) -> None:
    developers.create_developer(rt.hq, company_name="Acme Dental Apps", actor=ACTOR)
    with pytest.raises(Conflict, match="already used by another developer"):
        developers.create_developer(rt.hq, company_name="ACME dental  apps", actor=ACTOR)


def test_approving_an_old_application_whose_name_was_taken_since_is_refused(
    rt: Runtime,
) -> None:
    first = _apply(rt)
    with rt.hq.transaction() as session:  # an application filed before names were unique
        session.add(Developer(company_name=FORM["CompanyName"], status="pending"))
    applications.approve(rt.hq, first, ACTOR)
    with rt.hq.read() as session:
        second = session.scalars(select(Developer.id).where(Developer.id != first)).one()
    with pytest.raises(Conflict, match="already used by another developer"):
        applications.approve(rt.hq, second, ACTOR)
    assert applications.get_application(rt.hq, second).status == "pending"


def test_a_rejected_applications_name_may_be_used_again(rt: Runtime) -> None:
    applications.reject(rt.hq, _apply(rt), ACTOR, reason="duplicate")
    again = _apply(rt, LoginEmail="again@coder.example")
    assert applications.get_application(rt.hq, again).status == "pending"
