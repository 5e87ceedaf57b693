"""SSRF: events go to public https destinations only, checked when saved and again after DNS.

The resolver is stubbed (no real DNS) and every socket connect fails the test, so a refusal is
proven to happen before any connection is attempted.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from dentin.config import Settings
from dentin.office.events import delivery, egress
from dentin.office.events.models import ApiAttempt
from tests.events.conftest import Office, eventually

PUBLIC = ipaddress.ip_address("93.184.216.34")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """This module tests the refusals, so private destinations are not allowed here."""
    return settings.model_copy(update={"events_allow_private": False})


@pytest.fixture
def dns(
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, list[ipaddress.IPv4Address | ipaddress.IPv6Address]]:
    answers: dict[str, list[ipaddress.IPv4Address | ipaddress.IPv6Address]] = {}

    def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        if host not in answers:
            raise OSError(f"{host}: no such host (stub)")
        return answers[host]

    monkeypatch.setattr(egress, "resolve", resolve)
    return answers


@pytest.fixture
def no_connects(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    tried: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(args)
        raise AssertionError(f"a connection was attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield tried
    assert tried == [], "a refused destination was connected to"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.14:2097/",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://localhost/hook",
        "https://printer.localhost/hook",
        "https://0.0.0.0/hook",
    ],
)
async def test_private_loopback_and_link_local_endpoints_are_refused_when_saved(
    office: Office, url: str, dns: dict[str, object], no_connects: list[object]
) -> None:
    refused = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": url, "WatchTable": "Appointment"},
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "endpoint_refused"
    assert "DENTIN_EVENTS_ALLOW_PRIVATE" in refused.json()["message"]


async def test_a_name_that_resolves_to_a_private_address_is_refused_when_saved(
    office: Office, dns: dict[str, list[object]], no_connects: list[object]
) -> None:
    dns["intranet.example"] = [PUBLIC, ipaddress.ip_address("10.0.0.7")]
    refused = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": "https://intranet.example/hook", "WatchTable": "Appointment"},
    )
    assert refused.status_code == 400
    assert "10.0.0.7" in refused.json()["message"]


async def test_plain_http_is_refused_for_a_public_endpoint(
    office: Office, dns: dict[str, list[object]], no_connects: list[object]
) -> None:
    dns["events.example"] = [PUBLIC]
    refused = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": "http://events.example/hook", "WatchTable": "Appointment"},
    )
    assert refused.status_code == 400 and "https" in refused.json()["message"]


async def test_a_name_that_turns_private_after_it_was_saved_is_refused_before_connecting(
    office: Office, dns: dict[str, list[object]], no_connects: list[object], settings: Settings
) -> None:
    dns["events.example"] = [PUBLIC]
    created = await office.client.post(
        "/api/v1/subscriptions",
        headers=office.a(),
        json={"EndPointUrl": "https://events.example/hook", "WatchTable": "Patient"},
    )
    assert created.status_code == 201
    dns["events.example"] = [ipaddress.ip_address("169.254.169.254")]  # DNS rebinding
    with office.db.engine.begin() as conn:
        conn.execute(text("UPDATE patient SET fname = 'x' WHERE patnum = 1"))
    worker = delivery.Worker(delivery.Policy.of(settings), lambda: [office.db], poll=0.05)
    worker.start()
    try:

        def attempts() -> list[ApiAttempt]:
            with office.db.session() as session:
                return list(session.scalars(select(ApiAttempt).order_by(ApiAttempt.AttemptNum)))

        # The test policy retries after 25-50 ms, so a retry may already be recorded: every
        # attempt must be a refusal (no_connects fails the test on any connect).
        tried = eventually(attempts)
    finally:
        worker.stop()
    assert tried and all(a.Outcome == "refused" and a.ResponseCode == 0 for a in tried)
    assert all("169.254.169.254" in a.Error for a in tried)
    assert tried[0].NextRetry is not None  # DNS may be fixed: retried until the window ends
