"""The office's ``apikey`` copy keeps CustomerKeys sealed at rest (issue 11, item 10, office side).

The table used to hold every CustomerKey in clear, so a copied office database file gave away
every key. Now the value is sealed (AES-256-GCM under the server secret) and found by its keyed
hash; ShortQuery and ``apikeys.listed`` still show the clear key to whoever may see it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from dentin.keys.sealing import is_sealed
from dentin.office import apikeys
from dentin.office.registry import OfficeDatabase
from tests.conftest import World
from tests.office_queries.conftest import SEED_CUSTOMER_KEY, Ask


def _raw(db: OfficeDatabase) -> list[tuple[str, str | None]]:
    with db.engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(text("SELECT custapikey, keyhash FROM apikey"))]


def _files(db: OfficeDatabase) -> bytes:
    path = Path(db.url.split("///", 1)[-1])
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_the_raw_apikey_table_and_file_hold_no_clear_customer_key(
    world: World, practice: OfficeDatabase
) -> None:
    rows = _raw(practice)
    assert rows
    assert all(is_sealed(value) and hashed for value, hashed in rows)
    assert all(SEED_CUSTOMER_KEY not in value for value, _hashed in rows)
    if practice.dialect == "sqlite":
        practice.dispose()  # let SQLite settle its files before they are read as bytes
        assert SEED_CUSTOMER_KEY.encode() not in _files(practice)


async def test_shortquery_still_shows_the_clear_key_to_its_own_developer(ask: Ask) -> None:
    r = await ask("SELECT CustApiKey FROM apikey WHERE DevName='YourName';")
    assert r.json() == [{"CustApiKey": SEED_CUSTOMER_KEY}]
    assert "sealed:" not in r.text


def test_a_key_is_found_by_its_hash_so_upsert_and_remove_still_work(
    world: World, practice: OfficeDatabase
) -> None:
    apikeys.upsert(practice, SEED_CUSTOMER_KEY, "YourName Renamed")
    assert apikeys.listed(practice) == [(SEED_CUSTOMER_KEY, "YourName Renamed")]
    apikeys.remove(practice, SEED_CUSTOMER_KEY)
    assert apikeys.listed(practice) == []


def test_rows_written_in_clear_before_sealing_are_sealed_when_the_office_is_provisioned(
    world: World, practice: OfficeDatabase
) -> None:
    with practice.transaction() as session:
        for key in ("LegacyKey0000001", "LegacyKey0000002"):
            session.execute(
                text("INSERT INTO apikey (custapikey, devname) VALUES (:k, 'Old')"), {"k": key}
            )
    listed = apikeys.listed(practice)
    assert {("LegacyKey0000001", "Old"), ("LegacyKey0000002", "Old")} <= set(listed)
    apikeys.upsert(practice, "LegacyKey0000001", "Old Dev")  # found by its clear value
    assert [value for value, _h in _raw(practice) if not is_sealed(value)] == ["LegacyKey0000002"]
    world.rt.offices.provision(world.office_a.id)
    assert all(is_sealed(value) and hashed for value, hashed in _raw(practice))
    listed = apikeys.listed(practice)
    assert {("LegacyKey0000001", "Old Dev"), ("LegacyKey0000002", "Old")} <= set(listed)
    assert len(listed) == 3
