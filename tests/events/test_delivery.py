"""Delivery to a real receiver on loopback: shape, headers, signatures, order, retries, 410."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from dentin.office.events import delivery
from dentin.office.events.models import ApiMessage, ApiSubscription
from tests.events.conftest import Office, Receiver, eventually

pytestmark = pytest.mark.usefixtures("worker")
Log = list[dict[str, Any]]


async def deliveries(office: Office, until: Callable[[Log], bool] = bool) -> Log:
    """The delivery log once ``until`` holds (the attempt is written just after the answer)."""
    deadline = time.monotonic() + 15
    while True:
        answer = await office.client.get("/api/v1/subscriptions/1/Deliveries", headers=office.a())
        assert answer.status_code == 200
        log: Log = answer.json()
        if until(log) or time.monotonic() > deadline:
            return log
        await asyncio.sleep(0.05)


async def test_a_new_appointment_is_delivered_with_open_dentals_headers_and_a_verified_signature(
    office: Office, receiver: Receiver
) -> None:
    sub = await office.subscribe(receiver.url)
    apt_num = await office.book(9)
    [item] = receiver.wait_for(1)
    [got] = receiver.received
    assert got.headers["Authorization"] == office.world.office_a.customer_key
    assert got.headers["Event-Type"] == "WatchTable: Appointment"
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["webhook-id"].startswith("msg_")
    verified = Webhook(sub["SigningSecret"]).verify(got.body, got.headers)
    assert verified == [item]
    as_get = await office.client.get(f"/api/v1/appointments/{apt_num}", headers=office.a())
    expected = as_get.json()
    assert set(item) == set(expected)  # the GET's fields, in the GET's order
    assert list(item) == list(expected)
    assert {k: v for k, v in item.items() if k != "serverDateTime"} == {
        k: v for k, v in expected.items() if k != "serverDateTime"
    }


async def test_a_signature_made_with_another_secret_does_not_verify(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url)
    await office.book(9)
    receiver.wait_for(1)
    [got] = receiver.received
    other = await office.subscribe(receiver.url + "other")
    with pytest.raises(WebhookVerificationError):
        Webhook(other["SigningSecret"]).verify(got.body, got.headers)


async def test_an_update_is_delivered_with_the_row_as_it_is_now(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url)
    apt_num = await office.book(9)
    receiver.wait_for(1)
    changed = await office.client.put(
        f"/api/v1/appointments/{apt_num}", headers=office.a(), json={"Note": "running late"}
    )
    assert changed.status_code == 200
    items = receiver.wait_for(2)
    assert items[-1]["AptNum"] == apt_num and items[-1]["Note"] == "running late"


async def test_a_deleted_appointment_is_delivered_as_appointment_deleted_with_its_last_state(
    office: Office, receiver: Receiver
) -> None:
    apt_num = await office.book(9)
    await office.client.put(
        f"/api/v1/appointments/{apt_num}", headers=office.a(), json={"Note": "cancelled"}
    )
    await office.subscribe(receiver.url, "AppointmentDeleted")
    gone = await office.client.delete(f"/api/v1/appointments/{apt_num}", headers=office.a())
    assert gone.status_code == 200
    [item] = receiver.wait_for(1)
    [got] = receiver.received
    assert got.headers["Event-Type"] == "WatchTable: AppointmentDeleted"
    assert item["AptNum"] == apt_num and item["Note"] == "cancelled"
    assert item["AptDateTime"] == "2030-03-04 09:00:00" and item["PatNum"] == 1


async def test_a_write_made_with_plain_sql_is_delivered(office: Office, receiver: Receiver) -> None:
    await office.subscribe(receiver.url, "Patient")
    with office.db.engine.begin() as conn:  # a program of the practice's own, not dentin
        conn.execute(text("UPDATE patient SET lname = 'Smythe' WHERE patnum = 1"))
    [item] = receiver.wait_for(1)
    assert item["PatNum"] == 1 and item["LName"] == "Smythe"
    as_get = await office.client.get("/api/v1/patients/1", headers=office.a())
    assert item == as_get.json()


async def test_a_rolled_back_write_sends_nothing(office: Office, receiver: Receiver) -> None:
    await office.subscribe(receiver.url, "Patient")
    with office.db.engine.connect() as conn:
        conn.execute(text("UPDATE patient SET lname = 'Never' WHERE patnum = 1"))
        conn.rollback()
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET lname = 'Later' WHERE patnum = 2"))
    [item] = receiver.wait_for(1)
    assert item["PatNum"] == 2
    assert [i["PatNum"] for i in receiver.items()] == [2]


async def test_changes_before_the_subscription_or_to_other_tables_are_not_sent(
    office: Office, receiver: Receiver
) -> None:
    await office.book(8)
    await office.subscribe(receiver.url)
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET lname = 'Other' WHERE patnum = 1"))
    apt_num = await office.book(10)
    [item] = receiver.wait_for(1)
    assert item["AptNum"] == apt_num


async def test_a_receiver_down_for_a_while_gets_everything_in_order_when_it_returns(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url, "Patient")
    for _ in range(4):
        receiver.plan.put((503, {}))
    for n in range(1, 4):
        with office.db.engine.begin() as conn:
            conn.execute(text(f"UPDATE patient SET fname = 'v{n}' WHERE patnum = {n}"))
    receiver.wait_for(3)
    # Later changes keep their place behind the ones that waited.
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'v4' WHERE patnum = 1"))
    items = receiver.wait_for(4)
    assert [(i["PatNum"], i["FName"]) for i in items] == [
        (1, "v1"),
        (2, "v2"),
        (3, "v3"),
        (1, "v4"),
    ]
    sent = len(receiver.received)  # 2 to 4 batches, as the worker happened to form them
    log = await deliveries(
        office, lambda log: [d["Status"] for d in log].count("delivered") == sent
    )
    assert [d["Status"] for d in log].count("failed") == 4
    assert log[0]["Status"] == "delivered" and log[0]["ResponseCode"] == 200
    failed = next(d for d in log if d["Status"] == "failed")
    assert failed["ResponseCode"] == 503 and failed["DateTimeNextRetry"] != "0001-01-01 00:00:00"


async def test_retry_after_is_honoured(office: Office, receiver: Receiver) -> None:
    await office.subscribe(receiver.url, "Patient")
    receiver.plan.put((429, {"Retry-After": "2"}))
    started = time.monotonic()
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'x' WHERE patnum = 1"))
    receiver.wait_for(1)
    assert time.monotonic() - started >= 1.5  # backoff alone would retry within 0.05 s
    log = await deliveries(office, lambda log: len(log) == 2)
    assert [d["ResponseCode"] for d in log] == [200, 429]


async def test_a_410_disables_the_subscription_until_it_is_changed_again(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url, "Patient")
    receiver.plan.put((410, {}))
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'gone' WHERE patnum = 1"))

    def disabled() -> ApiSubscription | None:
        with office.db.session() as session:
            sub = session.get(ApiSubscription, 1)
            return sub if sub is not None and not sub.IsActive else None

    sub = eventually(disabled)
    assert "410" in sub.DisabledReason
    log = await deliveries(office)
    assert log[0]["Status"] == "disabled" and log[0]["ResponseCode"] == 410
    with office.db.engine.begin() as conn:  # nothing is captured for a disabled subscription
        conn.execute(text("UPDATE patient SET fname = 'unseen' WHERE patnum = 2"))
    assert receiver.items() == []
    again = await office.client.put(
        "/api/v1/subscriptions/1", headers=office.a(), json={"Note": "receiver is back"}
    )
    assert again.status_code == 200
    [item] = receiver.wait_for(1)  # the message the 410 held back
    assert item["PatNum"] == 1 and item["FName"] == "gone"


async def test_after_the_retry_window_a_message_is_a_dead_letter_and_replay_sends_it_again(
    office: Office, receiver: Receiver, worker: delivery.Worker
) -> None:
    await office.subscribe(receiver.url, "Patient")
    receiver.plan.put((500, {}))
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'late' WHERE patnum = 1"))
        # The change is four days old: its window closes at the first failure.
        old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=4)
        conn.execute(text("UPDATE apioutbox SET datetentry = :old"), {"old": old})
        conn.execute(text("UPDATE apisubscription SET datetimestart = :old"), {"old": old})
    [letter] = eventually(lambda: delivery.dead_letters(office.db, 1))
    assert receiver.items() == []
    log = await deliveries(office)
    assert log[0]["Status"] == "dead" and "dead letter" in log[0]["Error"]
    count = delivery.replay(office.db, 1, dt.datetime(2000, 1, 1), worker.policy)
    assert count == 1
    [item] = receiver.wait_for(1)
    assert item["FName"] == "late"
    assert receiver.received[0].headers["webhook-id"] == letter.WebhookId

    def statuses() -> list[str]:
        with office.db.session() as session:
            return list(session.scalars(select(ApiMessage.Status)))

    assert eventually(lambda: statuses() == ["delivered"])


async def test_many_changes_arrive_in_batches_of_at_most_a_thousand(
    office: Office, receiver: Receiver, worker: delivery.Worker
) -> None:
    await office.subscribe(receiver.url, "Patient")
    worker.stop()  # let the changes pile up
    with office.db.engine.begin() as conn:
        for n in range(1, 1201):
            conn.execute(text(f"UPDATE patient SET fname = 'n{n}' WHERE patnum = {n % 3 + 1}"))
    # 1200 changes of 3 patients: each batch sends each changed row once, as it is now.
    w = delivery.Worker(worker.policy, lambda: [office.db], poll=0.05)
    w.start()
    try:
        items = receiver.wait_for(6)
    finally:
        w.stop()
    assert len(receiver.received) == 2
    assert all(len(r.json()) == 3 for r in receiver.received)
    assert sorted(i["FName"] for i in items[3:]) == ["n1198", "n1199", "n1200"]


async def test_after_a_rotation_messages_verify_with_the_new_and_the_old_secret(
    office: Office, receiver: Receiver
) -> None:
    sub = await office.subscribe(receiver.url, "Patient")
    rotated = await office.client.put(
        f"/api/v1/subscriptions/{sub['SubscriptionNum']}/RotateSecret", headers=office.a()
    )
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'signed twice' WHERE patnum = 1"))
    receiver.wait_for(1)
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split()) == 2
    for secret in (sub["SigningSecret"], rotated.json()["SigningSecret"]):
        assert Webhook(secret).verify(got.body, got.headers)[0]["FName"] == "signed twice"


async def test_a_day_after_a_rotation_the_old_secret_no_longer_signs(
    office: Office, receiver: Receiver
) -> None:
    sub = await office.subscribe(receiver.url, "Patient")
    await office.client.put(
        f"/api/v1/subscriptions/{sub['SubscriptionNum']}/RotateSecret", headers=office.a()
    )
    with office.db.engine.begin() as conn:
        yesterday = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1)
        conn.execute(text("UPDATE apisubscription SET previoussecretuntil = :t"), {"t": yesterday})
        conn.execute(text("UPDATE patient SET fname = 'new only' WHERE patnum = 1"))
    receiver.wait_for(1)
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split()) == 1
    with pytest.raises(WebhookVerificationError):
        Webhook(sub["SigningSecret"]).verify(got.body, got.headers)
