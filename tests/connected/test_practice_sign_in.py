"""A practice user of a connected office signs in at HQ: the office checks the password in its
own ``userod`` (where the lockout lives), and HQ audits it as it does for an office it hosts."""

from __future__ import annotations

import re

import httpx
import pytest

from dentin.hq import audit
from dentin.office import users
from dentin.office.outbound import Collected
from tests.connected.conftest import ADMIN, PASSWORD, Linked
from tests.connector.sites import ACTOR
from tests.portal.helpers import csrf_of

pytestmark = pytest.mark.slow


def _practice(token: str) -> dict[str, str]:
    return {"Authorization": f"Practice {token}"}


def test_a_practice_user_of_a_connected_office_signs_in_at_hq_and_uses_the_api_setup(
    linked: Linked,
) -> None:
    r = linked.sign_in()
    assert r.status_code == 201, r.text
    session = r.json()
    assert (session["OfficeNum"], session["UserName"], session["IsAdmin"]) == (
        linked.office_id,
        ADMIN,
        True,
    )
    setup = httpx.get(
        linked.site.base + "/api/v1/practice/api-setup",
        headers=_practice(session["Token"]),
        timeout=30,
    )
    assert setup.status_code == 200, setup.text
    assert setup.json()["OfficeNum"] == linked.office_id
    (login,) = audit.latest(linked.rt.hq, event=users.LOGIN_OK, office_id=linked.office_id)
    assert login.actor == f"practice:{linked.office_id}:{ADMIN}"
    assert login.subject == ADMIN


def test_five_wrong_passwords_lock_a_connected_office_user_as_embedded_and_are_audited(
    linked: Linked,
) -> None:
    codes = [linked.sign_in(f"wrong guess {n}").json()["code"] for n in range(5)]
    assert codes == ["bad_login"] * 4 + ["account_locked"]
    locked = linked.sign_in()  # the right password, during the lock
    assert locked.status_code == 401
    assert locked.json()["code"] == "account_locked"
    assert "locked after 5 failed sign-ins" in locked.json()["message"]
    assert linked.userod().FailedAttempts == users.MAX_FAILED_LOGINS  # counted at the office
    events = [e.event for e in audit.latest(linked.rt.hq, office_id=linked.office_id, limit=50)]
    assert events.count(users.LOGIN_FAILED) == 5
    assert events.count(users.LOCKED) == 1
    assert users.LOGIN_OK not in events


def test_a_session_of_a_connected_office_ends_when_its_password_is_reset_at_the_office(
    linked: Linked,
) -> None:
    token = linked.sign_in().json()["Token"]
    url = linked.site.base + "/api/v1/practice/api-setup"
    assert httpx.get(url, headers=_practice(token), timeout=30).status_code == 200
    with linked.at_office() as db:
        users.set_password(Collected([]), db, ADMIN, "a new long passphrase", ACTOR)
    refused = httpx.get(url, headers=_practice(token), timeout=30)
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid_session"


def test_while_the_office_is_offline_sign_in_answers_503_naming_the_office(
    linked: Linked,
) -> None:
    token = linked.sign_in().json()["Token"]
    linked.stop_office()
    r = linked.sign_in()
    assert r.status_code == 503
    assert r.json()["code"] == "office_offline"
    assert f"Office {linked.office_id} is unreachable" in r.json()["message"]
    assert r.headers["retry-after"]
    page = httpx.get(
        linked.site.base + "/api/v1/practice/api-setup", headers=_practice(token), timeout=30
    )
    assert page.status_code == 503
    assert page.json()["code"] == "office_offline"
    linked.start_office()
    assert linked.sign_in().status_code == 201


def test_the_portal_signs_a_cloud_office_practice_admin_in_to_its_api_setup(
    cloud: Linked,
) -> None:
    with httpx.Client(base_url=cloud.site.base, timeout=30) as client:
        form = client.get("/portal/practice/sign-in")
        r = client.post(
            "/portal/practice/sign-in",
            data={
                "office": str(cloud.office_id),
                "user": ADMIN,
                "password": PASSWORD,
                "csrf_token": csrf_of(form.text),
            },
        )
        assert r.status_code == 303, r.text
        assert r.headers["location"] == f"/portal/practice/{cloud.office_id}/api-setup"
        page = client.get(r.headers["location"])
        assert page.status_code == 200
        assert "Remote Dental" in page.text
        wrong = client.post(
            "/portal/practice/sign-in",
            data={
                "office": str(cloud.office_id),
                "user": ADMIN,
                "password": "not the password",
                "csrf_token": csrf_of(client.get("/portal/practice/sign-in").text),
            },
        )
        assert wrong.status_code == 400
        assert "The user name or password is wrong." in re.sub(r"\s+", " ", wrong.text)
