"""Service mode checks keys against the snapshot HQ pushes: changes apply within a second, the
snapshot outlives a restart while HQ is down (hashes only), and the grace period ends."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from dentin.hq import customer_keys
from dentin.office import apikeys
from dentin.office.registry import OfficeRegistry
from dentin.runtime import Runtime
from dentin.service.verdicts import STATE_FILE
from tests.connector.sites import ACTOR, READS, Site, pair
from tests.gateway.conftest import run_cli
from tests.service.conftest import start_service

pytestmark = pytest.mark.slow

APPOINTMENTS = "/api/v1/appointments?Limit=1"


def test_a_grant_taken_or_given_at_hq_applies_at_the_service_within_a_second(site: Site) -> None:
    hq = site.hq()
    service = start_service(site, pair(site))
    try:
        service.until(APPOINTMENTS, 200, within=10)
        run_cli(site.env, "developer", "revoke-grant", str(site.developer_id), "appointment:read")
        took = service.until(APPOINTMENTS, 403, within=3)
        assert took < 1.0, f"took {took:.2f} s"
        assert service.get(APPOINTMENTS).json()["missing_permission"] == "appointment:read"
        run_cli(site.env, "developer", "grant", str(site.developer_id), "appointment:read")
        took = service.until(APPOINTMENTS, 200, within=3)
        assert took < 1.0, f"took {took:.2f} s"
    finally:
        service.proc.stop()
        hq.stop()


def _second_key(rt: Runtime, site: Site) -> dict[str, str]:
    """Another CustomerKey of the site's developer, assigned to the same office."""
    key = customer_keys.create_customer_key(rt.hq, site.developer_id, ACTOR)
    _view, dev_name = customer_keys.assign_customer_key(rt.hq, site.office_id, key.key, ACTOR)
    registry = OfficeRegistry(rt.settings, lambda _office_id: site.office_db)
    apikeys.upsert(registry.get(site.office_id), key.key, dev_name)
    registry.dispose()
    developer_key = site.auth["Authorization"].split()[1].split("/")[0]
    return {"Authorization": f"ODFHIR {developer_key}/{key.key}"}


def test_the_snapshot_outlives_a_service_restart_while_hq_is_down(site: Site, rt: Runtime) -> None:
    second = _second_key(rt, site)
    hq = site.hq()
    service = start_service(site, pair(site))
    try:
        service.until(READS[0], 200, within=10)
        service.until(READS[0], 200, within=10, headers=second)
        key = second["Authorization"].rsplit("/", 1)[1]
        run_cli(site.env, "office", "api", "disable-key", str(site.office_id), key)
        service.until(READS[0], 401, within=3, headers=second)
        refusal = service.get(READS[0], second).json()
    finally:
        hq.stop()
        service.proc.stop()

    state = Path(site.office_env["DENTIN_DATA_DIR"]) / STATE_FILE
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    saved = state.read_text()
    for secret in [*site.auth["Authorization"].split()[1].split("/"), key]:
        assert secret not in saved  # keys only as this office's digests
    assert len(json.loads(saved)["seen"]) == 2

    restarted = start_service(site, port=service.port, linked=False)
    try:
        assert restarted.get(READS[0]).status_code == 200
        again = restarted.get(READS[0], second)
        assert (again.status_code, again.json()) == (401, refusal)
        assert "disabled" in refusal["message"]
        stranger = restarted.get(
            READS[0], {"Authorization": "ODFHIR AAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBB"}
        )
        assert stranger.status_code == 503
        assert stranger.json()["code"] == "hq_unreachable"
    finally:
        restarted.proc.stop()


def test_without_hq_keys_work_for_the_grace_period_and_then_stop(site: Site) -> None:
    grace_hours = 0.002  # 7.2 s
    hq = site.hq()
    service = start_service(site, pair(site), env={"DENTIN_SERVICE_GRACE_HOURS": str(grace_hours)})
    try:
        service.until(READS[0], 200, within=10)
        hq.stop()
        stopped = time.monotonic()
        assert service.get(READS[0]).status_code == 200
        service.until(READS[0], 503, within=30)
        waited = time.monotonic() - stopped
        assert waited > grace_hours * 3600 - 2, f"refused after {waited:.1f} s"
        body = service.get(READS[0]).json()
        assert body["code"] == "hq_unreachable"
        assert "0.002 hours" in body["message"]
    finally:
        service.proc.stop()
        hq.stop()
