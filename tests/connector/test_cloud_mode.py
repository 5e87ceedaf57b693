"""Cloud mode with real processes on loopback: HQ (`dentin serve`) and the office's connector
(`dentin office connect`), killed and restarted the way real outages happen."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dentin.config import Settings
from dentin.runtime import Runtime
from tests.connector.sites import (
    Proc,
    Site,
    answers,
    connect_once,
    make_site,
    pair,
    pair_with_cli,
)
from tests.gateway.conftest import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def site(rt: Runtime, settings: Settings, tmp_path: Path) -> Site:
    return make_site(rt, settings, tmp_path)


@pytest.fixture
def connected(site: Site) -> Iterator[tuple[Site, Proc, list[tuple[int, str, bytes]]]]:
    hq = site.hq()
    embedded = answers(site)
    connector = site.connector(pair(site))
    try:
        connector.wait_linked()
        yield site, connector, embedded
    finally:
        connector.stop()
        hq.stop()


def test_a_connected_office_answers_through_the_relay_exactly_as_embedded(
    connected: tuple[Site, Proc, list[tuple[int, str, bytes]]],
) -> None:
    site, _connector, embedded = connected
    relayed = answers(site)
    assert [status for status, _t, _b in relayed] == [200, 200, 200, 200, 404, 400, 200]
    assert relayed == embedded


def test_killing_the_connector_mid_request_gives_503_quickly_and_a_restart_recovers(
    connected: tuple[Site, Proc, list[tuple[int, str, bytes]]],
) -> None:
    site, connector, _embedded = connected
    slow = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import httpx, sys; r = httpx.put(sys.argv[1], headers={'Authorization': sys.argv[2]},"
            " json={'SqlCommand': 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c'"
            " ' WHERE x < 100000000) SELECT COUNT(*) FROM c'}, timeout=60);"
            " print(r.status_code, r.json().get('code'))",
            site.base + "/api/v1/queries/ShortQuery",
            site.auth["Authorization"],
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)  # the query is running at the office
    killed_at = time.monotonic()
    connector.proc.send_signal(signal.SIGKILL)
    out, _ = slow.communicate(timeout=40)
    assert time.monotonic() - killed_at < 30
    assert out.split() == ["503", "office_offline"], out
    down = site.get("/api/v1/patients/1")
    assert down.status_code == 503
    assert down.headers["retry-after"]
    assert f"Office {site.office_id} is unreachable" in down.json()["message"]
    assert "offline since" in down.json()["message"]

    restarted = site.connector()  # the saved credential; no new pairing code
    try:
        assert site.until("/api/v1/patients/1", 200, within=15) < 15
    finally:
        restarted.stop()


def test_a_revoked_connector_is_dropped_within_a_second_and_told_why(
    connected: tuple[Site, Proc, list[tuple[int, str, bytes]]],
) -> None:
    site, connector, _embedded = connected
    run_cli(site.env, "office", "connector-revoke", str(site.office_id))
    assert site.until("/api/v1/patients/1", 503, within=2.0) < 2.0
    connector.proc.wait(timeout=10)
    assert connector.proc.returncode == 1
    assert "revoked" in connector.output()


def test_connectors_reconnect_by_themselves_after_hq_restarts(site: Site) -> None:
    hq = site.hq()
    connector = site.connector(pair(site))
    try:
        connector.wait_linked()
        hq.stop()
        hq = site.hq()
        assert site.until("/api/v1/patients/1", 200, within=10) < 10
    finally:
        connector.stop()
        hq.stop()


def test_a_bad_or_reused_pairing_code_stops_the_connector_with_hqs_reason(site: Site) -> None:
    hq = site.hq()
    try:
        bad = connect_once(site, "AAAA-BBBB-CCCC-DDDD")
        assert bad.returncode == 1
        assert "not recognised" in bad.stdout
        code = pair_with_cli(site)  # the operator's command, end to end
        first = site.connector(code)
        try:
            first.wait_linked()
        finally:
            first.stop()
        reused = connect_once(site, code)
        assert reused.returncode == 1
        assert "already used" in reused.stdout
    finally:
        hq.stop()
