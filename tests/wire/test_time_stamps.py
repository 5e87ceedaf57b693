"""DateTStamp is the office's clock at the last change, never later than serverDateTime, both
in the office's time zone (a setting per office), so an incremental sync misses nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import httpx
import pytest

from dentin.demo import DEMO_SEED
from dentin.errors import BadRequest
from dentin.office.clock import set_office_zone
from dentin.office.generate import generate_office
from dentin.office.registry import OfficeDatabase
from tests.conftest import World
from tests.wire.conftest import Office

API = "/api/v1"
# Lists that carry DateTStamp, with the key that names a row.
STAMPED = {
    "/patients/Simple": "PatNum",
    "/appointments": "AptNum",
    "/procedurelogs": "ProcNum",
    "/providers": "ProvNum",
    "/commlogs": "CommlogNum",
}


def morning_zone() -> str:
    """A fixed-offset zone where it is early morning now: the generator used to stamp the
    day's last changes at 17:30 whatever the hour, hours ahead of the clock in the morning."""
    utc_hour = dt.datetime.now(dt.UTC).hour
    offset = (6 - utc_hour + 12) % 24 - 12  # local 06:xx, within UTC-12..UTC+11
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")  # Etc/GMT+5 is UTC-5


async def _everything(client: httpx.AsyncClient, path: str, **params: object) -> list[dict]:
    rows: list[dict] = []
    while True:
        r = await client.get(f"{API}{path}", params={**params, "Offset": len(rows)})
        assert r.status_code == 200, r.text
        rows += r.json()
        if len(r.json()) < 100:
            return rows


@pytest.fixture
def morning_office(world: World) -> OfficeDatabase:
    db = world.rt.offices.get(world.office_a.id)
    set_office_zone(db, morning_zone())
    generate_office(db, 40, seed=DEMO_SEED)
    return db


async def test_no_generated_record_carries_a_date_t_stamp_after_the_servers_clock(
    morning_office: OfficeDatabase, world: World, client: httpx.AsyncClient
) -> None:
    client.headers.update(world.odfhir())
    zone = ZoneInfo(morning_zone())
    for path, key in STAMPED.items():
        server = (await client.get(f"{API}/patients/Simple", params={"Limit": 1})).json()[0][
            "serverDateTime"
        ]
        rows = await _everything(client, path)
        assert rows or path == "/commlogs"
        later = [r for r in rows if r["DateTStamp"] > server]
        assert not later, (
            f"{path}: {len(later)} rows stamped after {server}, e.g. {key} {later[0][key]} "
            f"at {later[0]['DateTStamp']}"
        )
    now = dt.datetime.now(zone).replace(tzinfo=None)
    assert abs(dt.datetime.fromisoformat(server) - now) < dt.timedelta(minutes=5)


async def test_server_date_time_and_new_stamps_are_the_offices_clock_in_its_zone(
    office: Office, od: httpx.AsyncClient
) -> None:
    set_office_zone(office.db, "Asia/Tokyo")
    r = await od.get(f"{API}/preferences", params={"PrefName": "TimeZone"})
    assert [p["ValueString"] for p in r.json()] == ["Asia/Tokyo"]
    server = (await od.get(f"{API}/appointments", params={"Limit": 1})).json()[0]["serverDateTime"]
    tokyo = dt.datetime.now(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None)
    assert abs(dt.datetime.fromisoformat(server) - tokyo) < dt.timedelta(minutes=5)
    changed = await od.put(f"{API}/patients/1", json={"Preferred": "Jo"})
    assert server <= changed.json()["DateTStamp"]
    assert dt.datetime.fromisoformat(changed.json()["DateTStamp"]) - tokyo < dt.timedelta(minutes=5)


async def test_an_incremental_sync_returns_exactly_the_three_patients_changed_since(
    office: Office, od: httpx.AsyncClient
) -> None:
    first = await _everything(od, "/patients/Simple")
    assert len(first) > 3
    since = first[0]["serverDateTime"]
    nums = [first[1]["PatNum"], first[5]["PatNum"], first[-1]["PatNum"]]
    for num, name in zip(nums, ("Al", "Bo", "Cy"), strict=True):
        r = await od.put(f"{API}/patients/{num}", json={"Preferred": name})
        assert r.status_code == 200, r.text
    changed = await _everything(od, "/patients/Simple", DateTStamp=since)
    assert sorted(p["PatNum"] for p in changed) == sorted(nums)
    assert [p["Preferred"] for p in sorted(changed, key=lambda p: nums.index(p["PatNum"]))] == [
        "Al",
        "Bo",
        "Cy",
    ]
    # And nothing since the latest read's own serverDateTime, once the clock has moved on.
    assert all(p["DateTStamp"] >= since for p in changed)


async def test_an_incremental_sync_returns_exactly_the_three_appointments_changed_since(
    office: Office, od: httpx.AsyncClient
) -> None:
    first = await _everything(od, "/appointments")
    since = first[0]["serverDateTime"]
    scheduled = [a["AptNum"] for a in first if a["AptStatus"] == "Scheduled"][:3]
    assert len(scheduled) == 3
    a, b, c = scheduled
    assert (await od.put(f"{API}/appointments/{a}/Note", json={"Note": "late"})).status_code == 200
    r = await od.put(f"{API}/appointments/{b}/Confirm", json={"confirmVal": "Confirmed"})
    assert r.status_code == 200
    r = await od.put(f"{API}/appointments/{c}/Break", json={"sendToUnscheduledList": "true"})
    assert r.status_code == 200
    changed = await _everything(od, "/appointments", DateTStamp=since)
    assert sorted(x["AptNum"] for x in changed) == sorted(scheduled)


def test_an_unknown_time_zone_is_refused_with_a_sentence_naming_real_ones(
    office: Office,
) -> None:
    with pytest.raises(BadRequest, match="America/Los_Angeles"):
        set_office_zone(office.db, "Mars/Olympus_Mons")
