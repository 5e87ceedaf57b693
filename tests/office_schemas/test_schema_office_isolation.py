"""Two offices in schemas of one shared database are as far apart through the API as two
offices with databases of their own: a key for A never reaches B's rows."""

from __future__ import annotations

import httpx
from sqlalchemy import Engine, text

from tests.conftest import World
from tests.office_schemas.conftest import add_patients


def _count(admin: Engine, schema: str, table: str) -> int:
    with admin.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {schema}.{table}")).scalar_one())


async def test_a_key_for_office_a_reads_a_patient_number_only_office_b_has_as_404(
    schema_world: World, client: httpx.AsyncClient
) -> None:
    w = schema_world
    (own,) = add_patients(w.rt.offices.get(w.office_a.id), "Alpha")
    b_nums = add_patients(w.rt.offices.get(w.office_b.id), "Bravo", "Bravo", "Bravo")
    only_b = max(b_nums)
    assert only_b != own
    r = await client.get(f"/api/v1/patients/{only_b}", headers=w.odfhir())
    assert r.status_code == 404
    assert "not found in this office" in r.json()["message"]
    mine = await client.get(f"/api/v1/patients/{own}", headers=w.odfhir())
    theirs = await client.get(f"/api/v1/patients/{own}", headers=w.odfhir(w.office_b.customer_key))
    # The same number names a different patient in each schema.
    assert mine.status_code == 200 and mine.json()["LName"] == "Alpha"
    assert theirs.status_code == 200 and theirs.json()["LName"] == "Bravo"


async def test_lists_and_writes_through_a_key_for_office_a_stay_in_schema_office_a(
    schema_world: World, client: httpx.AsyncClient, shared_admin: Engine
) -> None:
    w = schema_world
    add_patients(w.rt.offices.get(w.office_b.id), "Bravo")
    r = await client.post(
        "/api/v1/patients", headers=w.odfhir(), json={"LName": "Alpha", "FName": "New"}
    )
    assert r.status_code == 201
    listed = await client.get("/api/v1/patients/Simple", headers=w.odfhir())
    assert [p["LName"] for p in listed.json()] == ["Alpha"]
    assert _count(shared_admin, "office_a", "patient") == 1
    assert _count(shared_admin, "office_b", "patient") == 1
    changed = await client.put(
        f"/api/v1/patients/{r.json()['PatNum']}", headers=w.odfhir(), json={"FName": "Changed"}
    )
    assert changed.status_code == 200
    with shared_admin.connect() as conn:
        b_names = conn.execute(text("SELECT fname FROM office_b.patient")).scalars().all()
    assert b_names == ["Pat"]


async def test_nothing_of_either_office_lands_in_the_shared_databases_public_schema(
    schema_world: World, shared_admin: Engine
) -> None:
    with shared_admin.connect() as conn:
        public = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar_one()
        versions = conn.execute(
            text(
                "SELECT schemaname FROM pg_tables WHERE tablename = 'alembic_version' "
                "ORDER BY schemaname"
            )
        ).scalars()
        assert public == 0
        assert list(versions) == ["office_a", "office_b"]
