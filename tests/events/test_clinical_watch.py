"""PatField and ToothInitial, Open Dental's last two WatchTables, are watched like the others:
each change arrives as the resource's own GET shows it."""

from __future__ import annotations

import pytest

from tests.events.conftest import Office, Receiver

pytestmark = pytest.mark.usefixtures("worker")


async def test_a_patient_field_set_through_the_api_is_delivered_as_its_get_shows_it(
    office: Office, receiver: Receiver
) -> None:
    h = office.a()
    r = await office.client.post(
        "/api/v1/patfielddefs", headers=h, json={"FieldName": "Ins Verified", "FieldType": "Text"}
    )
    assert r.status_code == 201, r.text
    sub = await office.subscribe(receiver.url, "PatField")
    assert sub["WatchTable"] == "PatField"
    made = await office.client.post(
        "/api/v1/patfields",
        headers=h,
        json={"PatNum": 1, "FieldName": "Ins Verified", "FieldValue": "Yes"},
    )
    assert made.status_code == 201, made.text
    [item] = receiver.wait_for(1)
    [got] = receiver.received
    assert got.headers["Event-Type"] == "WatchTable: PatField"
    as_get = await office.client.get(f"/api/v1/patfields/{made.json()['PatFieldNum']}", headers=h)
    assert item == as_get.json()


async def test_a_missing_tooth_marked_through_the_api_is_delivered_as_the_list_shows_it(
    office: Office, receiver: Receiver
) -> None:
    await office.subscribe(receiver.url, "ToothInitial")
    h = office.a()
    made = await office.client.post(
        "/api/v1/toothinitials",
        headers=h,
        json={"PatNum": 1, "ToothNum": 32, "InitialType": "Missing"},
    )
    assert made.status_code == 201, made.text
    [item] = receiver.wait_for(1)
    listed = await office.client.get("/api/v1/toothinitials?PatNum=1", headers=h)
    assert [item] == listed.json() == [made.json()]
