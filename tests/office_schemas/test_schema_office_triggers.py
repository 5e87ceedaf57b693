"""What runs inside the database (trigger functions, aging's raw SQL, booking's advisory
locks) keeps to the office's own schema too."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, text

from dentin.office import aging
from dentin.office.schemas import advisory_namespace
from tests.conftest import World
from tests.office_schemas.conftest import add_patients


def _generation(admin: Engine, schema: str) -> int:
    with admin.connect() as conn:
        return int(
            conn.execute(
                text(
                    f"SELECT generation FROM {schema}.changegeneration "
                    "WHERE tablename = 'preference'"
                )
            ).scalar_one()
        )


def test_a_write_from_outside_dentin_updates_the_written_offices_own_bookkeeping(
    schema_world: World, shared_admin: Engine
) -> None:
    """A report tool connected with another office's search_path writes office A's table:
    A's change counter moves (its cached preferences are re-read), B's does not."""
    before_a, before_b = (
        _generation(shared_admin, "office_a"),
        _generation(shared_admin, "office_b"),
    )
    with shared_admin.begin() as conn:
        conn.execute(text("SET LOCAL search_path TO office_b"))
        conn.execute(
            text(
                "INSERT INTO office_a.preference (prefname, valuestring, comments) "
                "VALUES ('FromOutside', 'x', '')"
            )
        )
    assert _generation(shared_admin, "office_a") == before_a + 1
    assert _generation(shared_admin, "office_b") == before_b


def test_every_function_of_an_office_schema_is_pinned_to_that_schema(
    schema_world: World, shared_admin: Engine
) -> None:
    with shared_admin.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT n.nspname, p.proname, p.proconfig FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname IN ('office_a', 'office_b')"
            )
        ).all()
    assert len(rows) > 10  # aging, change counters and API Events capture, in each office
    assert {(r[0], tuple(r[2] or ())) for r in rows} == {
        ("office_a", ("search_path=office_a",)),
        ("office_b", ("search_path=office_b",)),
    }


def test_aging_runs_inside_the_offices_schema(schema_world: World, shared_admin: Engine) -> None:
    w = schema_world
    add_patients(w.rt.offices.get(w.office_a.id), "Alpha")
    run = aging.recompute(w.rt.offices.get(w.office_a.id), dt.date(2026, 3, 1))
    assert run.as_of == dt.date(2026, 3, 1)
    with shared_admin.connect() as conn:
        a, b = (
            conn.execute(
                text(
                    f"SELECT valuestring FROM {schema}.preference WHERE prefname = 'DateLastAging'"
                )
            ).scalar()
            for schema in ("office_a", "office_b")
        )
    assert a == "2026-03-01" and b != "2026-03-01"


def test_offices_sharing_a_database_take_booking_locks_in_namespaces_of_their_own(
    schema_world: World,
) -> None:
    a = schema_world.rt.offices.get(schema_world.office_a.id)
    b = schema_world.rt.offices.get(schema_world.office_b.id)
    spaces = {advisory_namespace(db.engine, 0x0D17) for db in (a, b)}
    assert len(spaces) == 2
    assert all(-(2**31) <= s < 2**31 for s in spaces)
