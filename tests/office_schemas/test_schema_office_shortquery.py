"""ShortQuery for an office in a shared database sees that office's schema and nothing else:
another office's schema and the catalogs are refused by the parser, and even a text that got
past it runs as a role granted the office's own schema only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import exc

from dentin.office.shortquery.execute import _enter_read_only, _prepare_role, role_for
from tests.conftest import World
from tests.office_schemas.conftest import add_patients


async def _ask(client: httpx.AsyncClient, w: World, sql: str, key: str | None = None) -> Any:
    return await client.put(
        "/api/v1/queries/ShortQuery", json={"SqlCommand": sql}, headers=w.odfhir(key)
    )


async def test_a_shortquery_reads_only_its_own_offices_schema(
    schema_world: World, client: httpx.AsyncClient
) -> None:
    w = schema_world
    add_patients(w.rt.offices.get(w.office_a.id), "Alpha")
    add_patients(w.rt.offices.get(w.office_b.id), "Bravo", "Bravo")
    a = await _ask(client, w, "SELECT LName FROM patient")
    b = await _ask(client, w, "SELECT LName FROM patient", w.office_b.customer_key)
    assert a.status_code == 200 and [r["LName"] for r in a.json()] == ["Alpha"]
    assert b.status_code == 200 and [r["LName"] for r in b.json()] == ["Bravo", "Bravo"]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM office_b.patient",
        "SELECT p.LName FROM patient p JOIN office_b.patient q ON q.PatNum = p.PatNum",
        "SELECT table_schema, table_name FROM information_schema.tables",
        "SELECT schema_name FROM information_schema.schemata",
        "SELECT nspname FROM pg_catalog.pg_namespace",
        "SELECT nspname FROM pg_namespace",
        "SELECT relname FROM pg_class",
        "SELECT * FROM public.patient",
    ],
)
async def test_another_offices_schema_and_the_catalogs_are_refused(
    schema_world: World, client: httpx.AsyncClient, sql: str
) -> None:
    add_patients(schema_world.rt.offices.get(schema_world.office_b.id), "Bravo")
    r = await _ask(client, schema_world, sql)
    assert r.status_code == 400
    assert r.json()["code"] == "query_refused" or "no practice table" in r.json()["message"]
    assert "Bravo" not in r.text


def test_past_the_parser_the_offices_role_cannot_read_another_offices_schema(
    schema_world: World,
) -> None:
    w = schema_world
    add_patients(w.rt.offices.get(w.office_b.id), "Bravo")
    a = w.rt.offices.get(w.office_a.id)
    _prepare_role(a)
    assert role_for(a) == "dentin_shortquery_office_a"
    with a.engine.connect() as conn:
        _enter_read_only(conn, "postgresql", 5.0, float("inf"), role_for(a))
        with pytest.raises(exc.ProgrammingError, match="permission denied for schema office_b"):
            conn.exec_driver_sql("SELECT lname FROM office_b.patient")
        conn.rollback()
    with a.engine.connect() as conn:
        _enter_read_only(conn, "postgresql", 5.0, float("inf"), role_for(a))
        schemas = conn.exec_driver_sql(
            "SELECT DISTINCT table_schema FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).scalars()
        assert list(schemas) == ["office_a"]
        visible = conn.exec_driver_sql(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'office%%'"
        ).scalars()
        assert list(visible) == ["office_a"]
        conn.rollback()


def test_each_schema_office_runs_shortquery_as_a_role_of_its_own(schema_world: World) -> None:
    w = schema_world
    a, b = w.rt.offices.get(w.office_a.id), w.rt.offices.get(w.office_b.id)
    _prepare_role(a)
    _prepare_role(b)
    with b.engine.connect() as conn:
        _enter_read_only(conn, "postgresql", 5.0, float("inf"), role_for(b))
        assert conn.exec_driver_sql("SELECT current_user").scalar() == "dentin_shortquery_office_b"
        with pytest.raises(exc.ProgrammingError, match="permission denied for schema office_a"):
            conn.exec_driver_sql("SELECT lname FROM office_a.patient")
        conn.rollback()
