"""Cached lookups: providers, clinics, definitions and preferences are read once, not per
request, and a change to them is shown at once by the process that made it and within a
second by the others (the office's ``changegeneration`` counters, moved by triggers)."""

from __future__ import annotations

import time
from typing import Any

import httpx
from sqlalchemy import event, update

from dentin.office.models import Preference, Provider
from tests.conftest import World
from tests.fast_path.conftest import add_patient, office_db, write_in_another_process

PROPAGATION_SECONDS = 1.0
PREF = "/api/v1/preferences?PrefName=DateLastAging"


async def _abbr(client: httpx.AsyncClient, world: World, pat_num: int) -> str:
    r = await client.get(f"/api/v1/patients/{pat_num}", headers=world.odfhir())
    assert r.status_code == 200, r.text
    return str(r.json()["priProvAbbr"])


async def test_the_provider_table_is_read_once_for_many_patient_reads(
    client: httpx.AsyncClient, world: World
) -> None:
    db = office_db(world)
    pat_num = add_patient(db)
    statements: list[str] = []

    def seen(_c: Any, _cur: Any, sql: str, *_rest: Any) -> None:
        statements.append(sql)

    engines = {db.engine, db.read_engine()}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", seen)
    try:
        for _ in range(20):
            assert await _abbr(client, world, pat_num) == "DOC"
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", seen)
    provider_reads = [s for s in statements if "FROM provider" in s]
    assert len(provider_reads) <= 1, provider_reads


async def test_a_provider_renamed_by_another_process_shows_within_a_second(
    client: httpx.AsyncClient, world: World
) -> None:
    db = office_db(world)
    pat_num = add_patient(db)
    assert await _abbr(client, world, pat_num) == "DOC"  # cached from here on
    write_in_another_process(db.url, "UPDATE provider SET abbr = 'DRX' WHERE provnum = 1")
    started = time.monotonic()
    while await _abbr(client, world, pat_num) != "DRX":
        assert time.monotonic() - started < PROPAGATION_SECONDS, "still the old abbreviation"
        time.sleep(0.02)


async def test_a_preference_changed_by_this_process_shows_on_the_next_request(
    client: httpx.AsyncClient, world: World
) -> None:
    db = office_db(world)
    db.cache.poll_seconds = 3600.0  # no polling to help: the local write alone must tell
    r = await client.get(PREF, headers=world.odfhir())
    assert r.status_code == 200
    with db.transaction() as s:
        s.execute(
            update(Preference)
            .where(Preference.PrefName == "DateLastAging")
            .values(ValueString="2031-02-03")
        )
    r = await client.get(PREF, headers=world.odfhir())
    assert r.json()[0]["ValueString"] == "2031-02-03"


async def test_a_deleted_provider_is_no_longer_named(
    client: httpx.AsyncClient, world: World
) -> None:
    db = office_db(world)
    pat_num = add_patient(db)
    assert await _abbr(client, world, pat_num) == "DOC"
    with db.transaction() as s:
        s.execute(update(Provider).where(Provider.ProvNum == 1).values(Abbr="NEW"))
    assert await _abbr(client, world, pat_num) == "NEW"
    write_in_another_process(db.url, "DELETE FROM provider WHERE provnum = 1")
    started = time.monotonic()
    while await _abbr(client, world, pat_num) != "":
        assert time.monotonic() - started < PROPAGATION_SECONDS, "the deleted provider is named"
        time.sleep(0.02)


async def test_preferences_by_name_and_pages_answer_as_before(
    client: httpx.AsyncClient, world: World
) -> None:
    h = world.odfhir()
    everything = (await client.get("/api/v1/preferences", headers=h)).json()
    assert [p["PrefNum"] for p in everything] == sorted(p["PrefNum"] for p in everything)
    one = (await client.get("/api/v1/preferences?prefname=datelastaging", headers=h)).json()
    assert [p["PrefName"] for p in one] == ["DateLastAging"]
    assert (await client.get("/api/v1/preferences?PrefName=NoSuchPref", headers=h)).json() == []
    page = (await client.get("/api/v1/preferences?Offset=1&Limit=2", headers=h)).json()
    assert page == everything[1:3]
