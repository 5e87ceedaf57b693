"""Service mode with real processes: `dentin office serve` answers /api/v1 on the office network
with keys HQ verified, drops them within a second of a change at HQ, and rides out HQ outages."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlalchemy import text

from dentin.runtime import Runtime
from tests.connector.sites import READS, SERVER_TIME, Site, answers, pair
from tests.gateway.conftest import run_cli
from tests.service.conftest import start_service as _service

pytestmark = pytest.mark.slow


def test_the_service_answers_the_office_api_exactly_as_hq_does(site: Site) -> None:
    hq = site.hq()
    embedded = answers(site)
    service = _service(site, pair(site))
    try:
        service.until(READS[0], 200, within=10)
        for path, (status, content_type, body) in zip(READS, embedded, strict=False):
            r = service.get(path)
            assert (r.status_code, r.headers["content-type"]) == (status, content_type), path
            assert SERVER_TIME.sub(b"", r.content) == body, path
        # Cloud requests still reach the office through the same process's link.
        assert site.get(READS[0]).content == service.get(READS[0]).content
    finally:
        service.proc.stop()
        hq.stop()


def test_a_key_disabled_at_hq_is_refused_by_the_service_within_a_second(site: Site) -> None:
    hq = site.hq()
    service = _service(site, pair(site))
    try:
        service.until(READS[0], 200, within=10)
        key = site.auth["Authorization"].rsplit("/", 1)[1]
        run_cli(site.env, "office", "api", "disable-key", str(site.office_id), key)
        took = service.until(READS[0], 401, within=3)
        assert took < 1.0, f"took {took:.2f} s"
        assert "disabled" in service.get(READS[0]).json()["message"]
        run_cli(site.env, "office", "api", "enable-key", str(site.office_id), key)
        assert service.until(READS[0], 200, within=3) < 1.0
    finally:
        service.proc.stop()
        hq.stop()


def test_while_hq_is_down_known_keys_keep_working_and_unknown_ones_get_503(site: Site) -> None:
    hq = site.hq()
    service = _service(site, pair(site))
    try:
        service.until(READS[0], 200, within=10)
        hq.stop()
        time.sleep(0.5)
        assert service.get(READS[0]).status_code == 200
        stranger = service.get(
            READS[0], {"Authorization": "ODFHIR AAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBB"}
        )
        assert stranger.status_code == 503
        assert stranger.json()["code"] == "hq_unreachable"
        assert stranger.headers["retry-after"]
    finally:
        service.proc.stop()


def test_the_services_audit_events_and_usage_reach_hq(site: Site, rt: Runtime) -> None:
    hq = site.hq()
    service = _service(site, pair(site))
    try:
        service.until(READS[0], 200, within=10)
        r = httpx.put(
            service.base + "/api/v1/queries/ShortQuery",
            headers=site.auth,
            json={"SqlCommand": "SELECT COUNT(*) AS n FROM patient"},
            timeout=30,
        )
        assert r.status_code == 200
        deadline = time.monotonic() + 10
        while True:
            with rt.hq.read() as session:
                found = session.execute(
                    text(
                        "SELECT office_id, subject FROM audit_event "
                        "WHERE event = 'query.shortquery'"
                    )
                ).all()
            if found:
                break
            assert time.monotonic() < deadline, "the ShortQuery audit event never reached HQ"
            time.sleep(0.1)
        assert [tuple(row) for row in found] == [
            (site.office_id, "SELECT COUNT(*) AS n FROM patient")
        ]
    finally:
        service.proc.stop()
        hq.stop()
