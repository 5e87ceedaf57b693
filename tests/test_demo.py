"""The demo: seeded so seed 000's test credentials work, and idempotent across runs."""

from __future__ import annotations

from pathlib import Path

import httpx

from dentin.app import create_app
from dentin.config import Settings
from dentin.demo import DEMO_CUSTOMER_KEY, DEMO_DEVELOPER_KEY, seed_demo
from dentin.hq import customer_keys, offices
from dentin.office import apikeys
from dentin.runtime import Runtime


def _seed(data_dir: Path) -> tuple[Runtime, object]:
    rt = Runtime.build(Settings(data_dir=data_dir, demo=True))
    return rt, seed_demo(rt)


async def test_seed_000_test_credentials_read_the_demo_office(tmp_path: Path) -> None:
    rt, _creds = _seed(tmp_path)
    try:
        transport = httpx.ASGITransport(app=create_app(rt.settings, rt))
        async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
            response = await client.get(
                "/api/v1/preferences?PrefName=DateLastAging",
                headers={"Authorization": "ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z"},
            )
        assert response.status_code == 200
        [pref] = response.json()
        assert list(pref) == ["PrefNum", "PrefName", "ValueString"]
        assert pref["PrefName"] == "DateLastAging"
    finally:
        rt.close()


def test_a_second_demo_run_keeps_data_and_keys(tmp_path: Path) -> None:
    rt1, first = _seed(tmp_path)
    keys_before = customer_keys.list_customer_keys(rt1.hq, first.developer_id)  # type: ignore[attr-defined]
    rt1.close()
    rt2, second = _seed(tmp_path)
    try:
        assert first == second
        assert customer_keys.list_customer_keys(rt2.hq, second.developer_id) == keys_before  # type: ignore[attr-defined]
        assert len(offices.list_offices(rt2.hq)) == 1
        db = rt2.offices.get(second.office_id)  # type: ignore[attr-defined]
        assert apikeys.listed(db) == [(DEMO_CUSTOMER_KEY, "Demo Developer")]
        assert rt2.auth.verify(f"ODFHIR {DEMO_DEVELOPER_KEY}/{DEMO_CUSTOMER_KEY}", "customer")
    finally:
        rt2.close()


def test_the_demo_secret_is_kept_private_in_the_data_folder(tmp_path: Path) -> None:
    rt, _ = _seed(tmp_path)
    rt.close()
    secret = tmp_path / "secret.key"
    assert secret.exists()
    assert secret.stat().st_mode & 0o077 == 0
