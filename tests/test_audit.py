"""The audit log: every key lifecycle event, with who, when, from where, before and after;
append-only on both backends."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dentin.hq import audit
from tests.conftest import World


async def test_key_lifecycle_events_record_actor_source_and_before_after(
    world: World, client: httpx.AsyncClient
) -> None:
    created = (await client.post("/api/v1/apikeys", headers=world.portal())).json()
    await client.put(
        "/api/v1/apikeys",
        headers=world.portal(),
        json={"CustomerKey": created["CustomerKey"], "KeyStatus": "DisabledByDeveloper"},
    )
    events = audit.latest(world.rt.hq, developer_id=world.developer_id, limit=10)
    by_event: dict[str, audit.AuditRow] = {}
    for event in events:  # newest first: keep the latest of each kind
        by_event.setdefault(event.event, event)
    create = by_event["customer_key.create"]
    assert create.actor == f"developer:{world.developer_id}"
    assert create.source == "203.0.113.9"
    assert create.subject == f"…{created['CustomerKey'][-4:]}"  # never the whole key
    disable = by_event["customer_key.disable"]
    assert disable.before is not None and disable.before["KeyStatus"] == "Enabled"
    assert disable.after is not None and disable.after["KeyStatus"] == "DisabledByDeveloper"


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"]
)
def test_the_audit_log_refuses_updates_and_deletes_in_the_database(
    world: World, statement: str
) -> None:
    with pytest.raises(DBAPIError, match="append-only"), world.rt.hq.engine.begin() as conn:
        conn.execute(text(statement))
    assert audit.latest(world.rt.hq, limit=1)
