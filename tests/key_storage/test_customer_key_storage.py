"""CustomerKeys at rest (issue 11, item 10, HQ side): sealed in ``customer_key.key``, found by
keyed hash, named by their last 4 characters in the audit log; rows from before are sealed by
``migrate`` and old audit subjects masked by the migration. Both backends."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dentin.db import alembic_config, make_engine, migrate
from dentin.hq import audit, customer_keys, office_setup
from dentin.keys import sealing
from dentin.runtime import Runtime
from tests.conftest import ACTOR, World

CUSTOMER_KEY_EVENTS = "customer_key.%"


def _raw_text(world: World, table: str) -> str:
    """Every column of every row, as the database file would give it to a thief."""
    with world.rt.hq.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT * FROM {table}")).all()
    return "\n".join(repr(tuple(row)) for row in rows)


async def _exercise_every_key_event(world: World, client: httpx.AsyncClient) -> list[str]:
    """Create, rename, disable, enable, assign and move keys; returns every key involved."""
    created = (await client.post("/api/v1/apikeys", headers=world.portal())).json()
    key = created["CustomerKey"]
    for change in ({"DevRefId": "Sarah's"}, {"KeyStatus": "DisabledByDeveloper"}):
        r = await client.put(
            "/api/v1/apikeys", headers=world.portal(), json={"CustomerKey": key, **change}
        )
        assert r.status_code == 200, r.text
    await client.put(
        "/api/v1/apikeys", headers=world.portal(), json={"CustomerKey": key, "KeyStatus": "Enabled"}
    )
    office_setup.add_key(world.rt.hq, world.rt.offices, world.office_a.id, key, ACTOR)
    moved = await client.put(
        "/api/v1/apikeys/move",
        headers=world.portal(),
        json={"CustomerKey": key, "OfficeNum": world.office_b.id},
    )
    assert moved.status_code == 200, moved.text
    return [key, world.office_a.customer_key, world.office_b.customer_key]


async def test_the_hq_database_holds_no_clear_customer_key(
    world: World, client: httpx.AsyncClient
) -> None:
    keys = await _exercise_every_key_event(world, client)
    stored = _raw_text(world, "customer_key")
    logged = _raw_text(world, "audit_event")
    for key in keys:
        assert key not in stored
        assert key not in logged
    with world.rt.hq.engine.connect() as conn:
        values = conn.execute(text("SELECT key FROM customer_key")).scalars().all()
    assert values and all(v.startswith(sealing.PREFIX) for v in values)


async def test_apikeys_still_lists_every_key_in_clear_in_seed_002_shape(
    world: World, client: httpx.AsyncClient
) -> None:
    keys = await _exercise_every_key_event(world, client)
    listed = (await client.get("/api/v1/apikeys", headers=world.portal())).json()
    assert {k["CustomerKey"] for k in listed} == set(keys)
    assert all(
        list(k)
        == [
            "CustomerKey",
            "KeyStatus",
            "DateCreated",
            "DateDisabled",
            "DateTimeAssigned",
            "DevRefId",
        ]
        for k in listed
    )
    one = await client.get(f"/api/v1/apikeys/{keys[0]}", headers=world.portal())
    assert one.status_code == 200 and one.json()["CustomerKey"] == keys[0]


async def test_audit_subjects_name_a_customer_key_by_its_last_4_characters(
    world: World, client: httpx.AsyncClient
) -> None:
    keys = await _exercise_every_key_event(world, client)
    rows = [r for r in audit.latest(world.rt.hq, limit=200) if r.event.startswith("customer_key.")]
    assert {r.event for r in rows} >= {
        "customer_key.create",
        "customer_key.update",
        "customer_key.disable",
        "customer_key.enable",
        "customer_key.assign",
        "customer_key.move",
    }
    shown = {f"…{k[-4:]}" for k in keys}
    for row in rows:
        assert row.subject in shown, row
        assert not any(k in repr((row.subject, row.before, row.after)) for k in keys)


async def test_clear_rows_left_from_before_sealing_still_work_and_migrate_seals_them(
    world: World, client: httpx.AsyncClient
) -> None:
    key = world.office_a.customer_key
    with world.rt.hq.engine.begin() as conn:  # what a database from before this change holds
        conn.execute(
            text("UPDATE customer_key SET key = :key WHERE key_hash = :digest"),
            {"key": key, "digest": world.rt.hq.hasher.digest(key)},
        )
    assert (await client.get("/api/v1/preferences", headers=world.odfhir())).status_code == 200
    listed = (await client.get("/api/v1/apikeys", headers=world.portal())).json()
    assert key in {k["CustomerKey"] for k in listed}

    world.rt.migrate_hq()

    assert key not in _raw_text(world, "customer_key")
    assert customer_keys.seal_clear_keys(world.rt.hq) == 0
    world.rt.hq.changed()
    listed = (await client.get("/api/v1/apikeys", headers=world.portal())).json()
    assert key in {k["CustomerKey"] for k in listed}
    assert (await client.get("/api/v1/preferences", headers=world.odfhir())).status_code == 200


def test_the_migration_masks_full_keys_in_audit_rows_written_before_it(
    empty_hq_url: Callable[[], str], rt: Runtime
) -> None:
    engine = make_engine(empty_hq_url())
    try:
        command.upgrade(alembic_config("hq", engine), "0002")
        with engine.begin() as conn:
            for event, subject in (
                ("customer_key.create", "QJXZR4PNK5B8W2HD"),
                ("customer_key.move", "565ATSAH4SZDUTTK"),
                ("developer.create", "Acme Dental Apps"),  # not a key: left as it was
            ):
                conn.execute(
                    text(
                        "INSERT INTO audit_event (at, event, actor, source, subject) "
                        "VALUES (CURRENT_TIMESTAMP, :event, 'test', '', :subject)"
                    ),
                    {"event": event, "subject": subject},
                )
        migrate("hq", engine)
        with engine.connect() as conn:
            subjects = conn.execute(text("SELECT subject FROM audit_event ORDER BY id")).scalars()
            assert list(subjects) == ["…W2HD", "…UTTK", "Acme Dental Apps"]
        # ... and the log is append-only again.
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("UPDATE audit_event SET subject = 'x'"))
    finally:
        engine.dispose()
