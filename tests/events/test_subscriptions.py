"""``/subscriptions`` in Open Dental's shape, owned by one CustomerKey, validated field by field."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from dentin import scopes
from dentin.hq import customer_keys, developers
from dentin.office import apikeys
from dentin.wire import utcnow
from tests.conftest import ACTOR
from tests.events.conftest import Office, Receiver

FIELDS = [
    "SubscriptionNum",
    "EndPointUrl",
    "Workstation",
    "CustomerKey",
    "WatchTable",
    "PollingSeconds",
    "UiEventType",
    "DateTimeStart",
    "DateTimeStop",
    "Note",
]


def _key(
    office: Office, name: str, permissions: list[str], *, same_developer: bool = False
) -> dict[str, str]:
    """A second CustomerKey in office A: of the same developer, or of a new one."""
    hq = office.world.rt.hq
    if same_developer:
        developer_id, developer_key = office.world.developer_id, office.world.developer_key
    else:
        issued = developers.create_developer(
            hq, company_name=name, actor=ACTOR, permissions=permissions
        )
        developer_id, developer_key = issued.developer_id, issued.developer_key
    key = customer_keys.create_customer_key(hq, developer_id, ACTOR)
    _view, dev_name = customer_keys.assign_customer_key(
        hq, office.world.office_a.id, key.key, ACTOR
    )
    apikeys.upsert(office.db, key.key, dev_name)
    return {"Authorization": f"ODFHIR {developer_key}/{key.key}"}


async def test_a_subscription_is_created_in_open_dentals_shape_with_its_secret_shown_once(
    office: Office, receiver: Receiver
) -> None:
    before = utcnow()
    created = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": receiver.url, "WatchTable": "Appointment", "PollingSeconds": 5},
    )
    assert created.status_code == 201
    body = created.json()
    assert list(body) == [*FIELDS, "SigningSecret"]
    assert body["SigningSecret"].startswith("whsec_")
    assert body["CustomerKey"] == office.world.office_a.customer_key
    assert body["WatchTable"] == "Appointment" and body["PollingSeconds"] == 5
    assert body["DateTimeStop"] == "0001-01-01 00:00:00" and body["UiEventType"] == ""
    assert dt.datetime.fromisoformat(body["DateTimeStart"]) >= before
    assert created.headers["Location"].endswith(f"/api/v1/subscriptions/{body['SubscriptionNum']}")
    shown = await office.client.get(
        f"/api/v1/subscriptions/{body['SubscriptionNum']}", headers=office.a()
    )
    assert shown.json() == {k: v for k, v in body.items() if k != "SigningSecret"}
    listed = await office.client.get("/api/v1/subscriptions", headers=office.a())
    assert listed.json() == [shown.json()]


async def test_a_subscription_is_changed_field_by_field_and_deleted(
    office: Office, receiver: Receiver
) -> None:
    sub = await office.subscribe(receiver.url)
    url = f"/api/v1/subscriptions/{sub['SubscriptionNum']}"
    changed = await office.client.put(
        url,
        headers=office.a(),
        json={"Note": "front desk", "DateTimeStop": "2040-01-01 00:00:00", "WatchTable": "Patient"},
    )
    assert changed.status_code == 200 and changed.content == b""  # 200 OK alone, as Open Dental
    shown = (await office.client.get(url, headers=office.a())).json()
    assert shown["Note"] == "front desk"
    assert shown["DateTimeStop"] == "2040-01-01 00:00:00"
    assert shown["WatchTable"] == "Patient"
    assert shown["EndPointUrl"] == receiver.url
    gone = await office.client.delete(url, headers=office.a())
    assert gone.status_code == 200
    missing = await office.client.get(url, headers=office.a())
    assert missing.status_code == 404


async def test_another_key_can_neither_see_nor_change_the_subscription(
    office: Office, receiver: Receiver
) -> None:
    sub = await office.subscribe(receiver.url)
    url = f"/api/v1/subscriptions/{sub['SubscriptionNum']}"
    for other in (
        _key(office, "Other Dental Apps", sorted(scopes.ALL_SCOPES)),
        _key(office, "", [], same_developer=True),  # even the same developer's other key
    ):
        assert (await office.client.get("/api/v1/subscriptions", headers=other)).json() == []
        for method, path, body in (
            ("GET", url, None),
            ("PUT", url, {"Note": "mine now"}),
            ("DELETE", url, None),
            ("PUT", f"{url}/RotateSecret", None),
            ("GET", f"{url}/Deliveries", None),
        ):
            refused = await office.client.request(method, path, headers=other, json=body)
            assert refused.status_code == 404, (method, path, refused.text)
            assert "was not found for this CustomerKey" in refused.json()["message"]
    still = await office.client.get(url, headers=office.a())
    assert still.status_code == 200 and still.json()["Note"] == ""


async def test_a_key_of_office_b_does_not_see_office_as_subscriptions(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url)
    b = office.world.odfhir(office.world.office_b.customer_key)
    assert (await office.client.get("/api/v1/subscriptions", headers=b)).json() == []
    assert (await office.client.get("/api/v1/subscriptions/1", headers=b)).status_code == 404


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"WatchTable": "Appointment"}, "EndPointUrl is required"),
        ({"EndPointUrl": "", "WatchTable": "Appointment"}, "EndPointUrl is required"),
        ({"EndPointUrl": "ftp://x.example/", "WatchTable": "Appointment"}, "https://"),
        ({"EndPointUrl": "not a url", "WatchTable": "Appointment"}, "https://"),
        ({"EndPointUrl": "https://u:p@x.example/", "WatchTable": "Patient"}, "user name"),
        ({"EndPointUrl": "https://x.example/"}, "WatchTable is required"),
        ({"EndPointUrl": "https://x.example/", "WatchTable": "Claims"}, "not a table"),
        ({"EndPointUrl": "https://x.example/", "WatchTable": 7}, "must be a string"),
        ({"EndPointUrl": "https://x.example/", "UiEventType": "Typing"}, "PatientSelected"),
        (
            {"EndPointUrl": "https://x.example/", "WatchTable": "Patient", "PollingSeconds": -1},
            "PollingSeconds",
        ),
        (
            {"EndPointUrl": "https://x.example/", "WatchTable": "Patient", "DateTimeStart": "soon"},
            "yyyy-MM-dd HH:mm:ss",
        ),
        (
            {
                "EndPointUrl": "https://x.example/",
                "WatchTable": "Patient",
                "DateTimeStart": "2030-01-02 00:00:00",
                "DateTimeStop": "2030-01-01 00:00:00",
            },
            "DateTimeStop must be after",
        ),
    ],
)
async def test_a_bad_subscription_is_refused_with_a_sentence_naming_the_field(
    office: Office, body: dict[str, object], words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dentin.office.events import egress

    monkeypatch.setattr(egress, "resolve", lambda host, port: [])  # no real DNS in tests
    refused = await office.client.post("/api/v1/subscriptions", headers=office.a(), json=body)
    assert refused.status_code == 400, refused.text
    assert words in refused.json()["message"]


async def test_ui_event_subscriptions_are_accepted_and_echoed(
    office: Office, receiver: Receiver
) -> None:
    created = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": receiver.url, "UiEventType": "PatientSelected"},
    )
    assert created.status_code == 201
    assert created.json()["UiEventType"] == "PatientSelected" and created.json()["WatchTable"] == ""


async def test_watching_a_table_needs_the_permission_to_read_it(
    office: Office, receiver: Receiver
) -> None:
    readonly = _key(office, "Appointments Only", ["subscription:read", "appointment:read"])
    allowed = await office.client.post(
        "/api/v1/subscriptions",
        headers=readonly,
        json={"EndPointUrl": receiver.url, "WatchTable": "Appointment"},
    )
    assert allowed.status_code == 201
    refused = await office.client.post(
        "/api/v1/subscriptions",
        headers=readonly,
        json={"EndPointUrl": receiver.url, "WatchTable": "Patient"},
    )
    assert refused.status_code == 403
    assert refused.json()["missing_permission"] == "patient:read"
    no_subscriptions = _key(office, "No Subscriptions", ["appointment:read"])
    denied = await office.client.get("/api/v1/subscriptions", headers=no_subscriptions)
    assert denied.status_code == 403 and "subscription:read" in denied.json()["message"]


async def test_rotating_the_secret_shows_a_new_one_and_keeps_the_old_one_for_a_day(
    office: Office, receiver: Receiver
) -> None:
    sub = await office.subscribe(receiver.url)
    rotated = await office.client.put(
        f"/api/v1/subscriptions/{sub['SubscriptionNum']}/RotateSecret", headers=office.a()
    )
    assert rotated.status_code == 200
    body = rotated.json()
    assert body["SigningSecret"].startswith("whsec_")
    assert body["SigningSecret"] != sub["SigningSecret"]
    until = dt.datetime.fromisoformat(body["PreviousSecretValidUntil"])
    assert dt.timedelta(hours=23) < until - utcnow() <= dt.timedelta(hours=24)
    again = await office.client.get(
        f"/api/v1/subscriptions/{sub['SubscriptionNum']}", headers=office.a()
    )
    assert "SigningSecret" not in again.json()


async def test_the_secrets_are_not_stored_in_clear(office: Office, receiver: Receiver) -> None:
    from sqlalchemy import text

    sub = await office.subscribe(receiver.url)
    with office.db.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM apisubscription")).one()
    stored = " ".join(str(v) for v in row)
    assert sub["SigningSecret"] not in stored
    assert office.world.office_a.customer_key not in stored


async def test_subscriptions_cannot_be_read_by_shortquery(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url)
    answer = await office.client.put(
        "/api/v1/queries/ShortQuery",
        headers=office.a(),
        json={"SqlCommand": "SELECT * FROM apisubscription"},
    )
    assert answer.status_code == 400


async def test_a_practice_token_cannot_own_a_subscription(
    office: Office, client: httpx.AsyncClient
) -> None:
    from dentin.hq import practice_sessions, tiers
    from dentin.office import users

    hq, office_id = office.world.rt.hq, office.world.office_a.id
    tiers.set_tier(hq, office_id, ACTOR, tier="enterprise")
    users.add_user(hq, office.db, "boss", "a long enough password 1", ACTOR, is_admin=True)
    session = practice_sessions.sign_in(
        hq, office.world.rt.offices, office_id, "boss", "a long enough password 1"
    )
    made = await client.post(
        "/api/v1/practice/tokens",
        headers={"Authorization": f"Practice {session.token}"},
        json={"Label": "events", "Scopes": ["subscription:read", "appointment:read"]},
    )
    assert made.status_code == 201, made.text
    answer = await client.get(
        "/api/v1/subscriptions", headers={"Authorization": f"Bearer {made.json()['Token']}"}
    )
    assert answer.status_code == 403 and answer.json()["code"] == "customer_key_required"


async def test_open_dentals_own_example_requests_are_answered_as_its_page_shows(
    office: Office,
) -> None:
    """apisubscriptions.html's example requests, verbatim: dates alone are midnight, PUT
    answers 200 OK with no body. (Its endpoints are never reached: no worker runs here.)"""
    made = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={
            "EndPointUrl": "https://myserver/apievents/",
            "Workstation": "MOLLYR",
            "WatchTable": "Appointment",
            "PollingSeconds": 5,
            "DateTimeStart": "2022-01-31",
        },
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["DateTimeStart"] == "2022-01-31 00:00:00"
    assert body["DateTimeStop"] == "0001-01-01 00:00:00" and body["Workstation"] == "MOLLYR"
    ui = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": "http://localhost:2097/", "UiEventType": "PatientSelected"},
    )
    assert ui.status_code == 201, ui.text
    url = f"/api/v1/subscriptions/{body['SubscriptionNum']}"
    for change in (
        {"PollingSeconds": 30, "Note": "Decreased polling rate."},
        {
            "EndPointUrl": "https://myserver2/apievents/",
            "Workstation": "BETTYC",
            "DateTimeStop": "2022-12-31",
        },
    ):
        changed = await office.client.put(url, headers=office.a(), json=change)
        assert (changed.status_code, changed.content) == (200, b"")
    shown = (await office.client.get(url, headers=office.a())).json()
    body.pop("SigningSecret")
    assert shown == {
        **body,
        "EndPointUrl": "https://myserver2/apievents/",
        "Workstation": "BETTYC",
        "PollingSeconds": 30,
        "DateTimeStop": "2022-12-31 00:00:00",
        "Note": "Decreased polling rate.",
    }


async def test_subscription_times_are_read_and_shown_on_the_offices_clock(
    office: Office, receiver: Receiver
) -> None:
    from sqlalchemy import text

    from dentin.office.clock import set_office_zone, wall_time

    zone = set_office_zone(office.db, "America/Los_Angeles")  # UTC-8 in early March
    sub = await office.subscribe(
        receiver.url, DateTimeStart="2030-03-04 09:00:00", DateTimeStop="2030-03-05"
    )
    assert sub["DateTimeStart"] == "2030-03-04 09:00:00"
    assert sub["DateTimeStop"] == "2030-03-05 00:00:00"
    with office.db.engine.connect() as conn:  # kept in UTC, the clock the capture stamps with
        start, stop = conn.execute(
            text("SELECT datetimestart, datetimestop FROM apisubscription")
        ).one()
    assert str(start)[:19] == "2030-03-04 17:00:00" and str(stop)[:19] == "2030-03-05 08:00:00"
    listed = await office.client.get("/api/v1/subscriptions", headers=office.a())
    assert listed.json()[0]["DateTimeStart"] == "2030-03-04 09:00:00"
    now = await office.subscribe(receiver.url)  # no DateTimeStart: now, on the office's clock
    started = dt.datetime.fromisoformat(now["DateTimeStart"])
    assert abs(started - wall_time(zone)) < dt.timedelta(minutes=1)
