"""The strict client (``od_client_events``) reads API Events' GET routes: subscriptions made
with Open Dental's own example requests, and the delivery log after real deliveries to a
receiver on loopback (one delivered, one refused by a closed port)."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter, ValidationError

from dentin.office.events import delivery
from tests.events.conftest import Receiver, receiver  # noqa: F401 - a loopback receiver
from tests.wire.calls_events import POST_DATABASE, POST_UI
from tests.wire.conftest import Office
from tests.wire.od_client_events import EVENTS_ROUTES, Subscription

API = "/api/v1"


async def _read(http: httpx.AsyncClient, template: str, num: int | None = None) -> list[Any]:
    model, listed = EVENTS_ROUTES[template]
    r = await http.get(API + template.replace("{SubscriptionNum}", str(num)))
    assert r.status_code == 200, (template, r.text)
    if listed:
        return TypeAdapter(list[model]).validate_json(r.content)  # type: ignore[valid-type]
    return [model.model_validate_json(r.content)]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def _subscribe(http: httpx.AsyncClient, body: dict[str, Any]) -> int:
    r = await http.post(f"{API}/subscriptions", json=body)
    assert r.status_code == 201, r.text
    return int(r.json()["SubscriptionNum"])


async def test_a_strict_client_reads_every_subscription_and_its_delivery_log(
    office: Office,
    od: httpx.AsyncClient,
    receiver: Receiver,  # noqa: F811 - the imported fixture
) -> None:
    heard = await _subscribe(od, {**POST_DATABASE, "EndPointUrl": receiver.url})
    unheard = await _subscribe(
        od, {**POST_DATABASE, "EndPointUrl": f"http://127.0.0.1:{_closed_port()}/apievents/"}
    )
    await _subscribe(od, POST_UI)
    r = await od.put(f"{API}/appointments/{await _first_apt(od)}", json={"Note": "strict"})
    assert r.status_code == 200, r.text
    worker = delivery.Worker(delivery.Policy.of(office.world.rt.settings), lambda: [office.db])
    try:
        for num in (heard, unheard):
            worker.step(office.db, num)
    finally:
        worker.sender.close()
    assert receiver.items(), "nothing was delivered: the log has no delivered attempt"

    subs = await _read(od, "/subscriptions")
    assert len(subs) == 3
    for sub in subs:
        await _read(od, "/subscriptions/{SubscriptionNum}", sub.SubscriptionNum)
    outcomes = set()
    for num in (heard, unheard):
        log = await _read(od, "/subscriptions/{SubscriptionNum}/Deliveries", num)
        assert log, f"subscription {num} has no delivery attempt: the strict client read nothing"
        outcomes |= {attempt.Status for attempt in log}
    assert outcomes == {"delivered", "failed"}


async def _first_apt(http: httpx.AsyncClient) -> int:
    r = await http.get(f"{API}/appointments", params={"Limit": 1})
    assert r.status_code == 200 and r.json(), r.text
    return int(r.json()[0]["AptNum"])


def test_the_strict_subscription_model_refuses_what_open_dental_does_not_send() -> None:
    row = {
        "SubscriptionNum": 14, "EndPointUrl": "https://myserver/apievents/",
        "Workstation": "MOLLYR", "CustomerKey": "VzkmZEaUWOjnQX2z", "WatchTable": "Appointment",
        "PollingSeconds": 5, "UiEventType": "", "DateTimeStart": "2022-01-31 00:00:00",
        "DateTimeStop": "0001-01-01 00:00:00", "Note": "",
    }  # fmt: skip
    Subscription.model_validate(row)
    with pytest.raises(ValidationError, match="DateTimeStart"):
        Subscription.model_validate({**row, "DateTimeStart": "2022-01-31T00:00:00Z"})
    with pytest.raises(ValidationError, match="PollingSeconds"):
        Subscription.model_validate({**row, "PollingSeconds": "5"})
    with pytest.raises(ValidationError, match="SigningSecret"):  # POST's extra, never on GET
        Subscription.model_validate({**row, "SigningSecret": "whsec_x"})
