"""``dentin office add --database-url ...?office_schema=`` creates and migrates the schema;
``dentin migrate`` goes office by office with a progress bar, reports a failing office and
goes on, and a second run continues with the offices not yet current."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from typer.testing import CliRunner, Result

from dentin import cli
from dentin.cli import app
from dentin.config import Settings
from dentin.db import MIGRATIONS, alembic_config, make_engine
from dentin.hq import offices
from dentin.office import registry
from dentin.runtime import Runtime
from tests.conftest import ACTOR, TEST_SECRET
from tests.office_schemas.conftest import in_schema

runner = CliRunner()
OFFICES = 4


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "DENTIN_DATA_DIR": str(settings.data_dir),
        "DENTIN_HQ_DATABASE_URL": settings.resolved_hq_url(),
        "DENTIN_SECRET_KEY": TEST_SECRET,
        "COLUMNS": "200",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(cli.console, "width", 200)
    return values


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _ok(*args: str) -> str:
    result = _run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def _heads() -> tuple[str, str]:
    """The office history's newest revision and the one before it."""
    script = ScriptDirectory(str(MIGRATIONS / "office"))
    head = script.get_revision("head")
    assert head is not None and isinstance(head.down_revision, str)
    return head.revision, head.down_revision


def _revision(admin: Engine, schema: str) -> str | None:
    with admin.connect() as conn:
        return conn.execute(text(f"SELECT version_num FROM {schema}.alembic_version")).scalar()


@pytest.fixture
def behind(rt: Runtime, env: dict[str, str], shared_url: str) -> list[int]:
    """Offices 1-4 in schemas office_1 .. office_4, one migration behind."""
    _ok("migrate")  # HQ
    previous = _heads()[1]
    engine = make_engine(shared_url)
    ids = []
    for n in range(1, OFFICES + 1):
        schema = f"office_{n}"
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
            conn.exec_driver_sql(f"SET LOCAL search_path TO {schema}")
            cfg = alembic_config("office", engine)
            cfg.attributes.update(connection=conn, schema=schema)
            command.upgrade(cfg, previous)
        view = offices.create_office(
            rt.hq, name=f"Practice {n}", actor=ACTOR, database_url=in_schema(shared_url, schema)
        )
        ids.append(view.id)
    engine.dispose()
    return ids


def test_office_add_with_a_schema_url_creates_the_schema_migrates_it_and_hides_the_password(
    env: dict[str, str], shared_url: str, shared_admin: Engine
) -> None:
    _ok("migrate")
    url = in_schema(shared_url.replace("postgres@", "postgres:sekret@"), "smile")
    out = _ok("office", "add", "Smile Studio", "--database-url", url)
    assert "Office 1 (Smile Studio) created" in out
    assert "Its data lives in schema smile of postgresql+psycopg://postgres:***@" in out
    assert "sekret" not in out
    assert _revision(shared_admin, "smile") == _heads()[0]
    again = _ok("migrate")
    assert "Offices: 0 migrated, 1 already current, 0 failed." in again


@pytest.mark.parametrize("schema", ["Smile-Studio", "public", "pg_evil", "a" * 46])
def test_office_add_refuses_an_unusable_schema_name_and_registers_nothing(
    env: dict[str, str], shared_url: str, schema: str
) -> None:
    _ok("migrate")
    result = _run("office", "add", "Smile Studio", "--database-url", in_schema(shared_url, schema))
    assert result.exit_code == 2
    assert "is not usable: use 1 to 45 lower-case letters" in result.output
    assert "Smile Studio" not in _ok("office", "list")


def test_migrate_brings_every_office_current_with_a_progress_bar_and_a_rerun_skips_them(
    behind: list[int], shared_admin: Engine
) -> None:
    out = _ok("migrate")
    lines = out.splitlines()
    assert lines[0] == "HQ migrated"
    for n in range(1, OFFICES + 1):
        assert f"office {n} (Practice {n}) migrated" in lines
        assert _revision(shared_admin, f"office_{n}") == _heads()[0]
    assert f"{OFFICES}/{OFFICES}" in out  # the progress bar's last state
    assert f"Offices: {OFFICES} migrated, 0 already current, 0 failed." in out
    again = _ok("migrate")
    assert "migrated\n" not in again.replace("HQ migrated\n", "")
    assert f"Offices: 0 migrated, {OFFICES} already current, 0 failed." in again


def _failing_at(schema: str, raise_: type[BaseException] | None) -> object:
    """migrate_on that migrates for real, then fails for one schema (its transaction then
    rolls the whole migration back)."""
    real = registry.migrate_on

    def migrate_on(conn: Connection, office_schema: str | None = None) -> None:
        real(conn, office_schema)
        if office_schema == schema:
            if raise_ is None:
                conn.exec_driver_sql("SELECT 1/0")  # a real database error
            raise raise_ or AssertionError

    return migrate_on


def test_an_office_that_fails_is_reported_the_rest_go_on_and_the_exit_code_is_1(
    behind: list[int], shared_admin: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    head, previous = _heads()
    real = registry.migrate_on
    monkeypatch.setattr(registry, "migrate_on", _failing_at("office_2", None))
    result = _run("migrate")
    assert result.exit_code == 1
    assert "office 2 (Practice 2) failed: DivisionByZero: division by zero" in result.output
    assert "Traceback" not in result.output
    assert "Offices: 3 migrated, 0 already current, 1 failed." in result.output
    assert "run `dentin migrate` again" in result.output
    assert [_revision(shared_admin, f"office_{n}") for n in range(1, 5)] == [
        head,
        previous,  # rolled back whole
        head,
        head,
    ]
    monkeypatch.setattr(registry, "migrate_on", real)
    out = _ok("migrate")
    assert "office 2 (Practice 2) migrated" in out
    assert "Offices: 1 migrated, 3 already current, 0 failed." in out


def test_an_interrupted_migrate_continues_with_the_offices_not_yet_current(
    behind: list[int], shared_admin: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    head, previous = _heads()
    real = registry.migrate_on
    monkeypatch.setattr(registry, "migrate_on", _failing_at("office_3", KeyboardInterrupt))
    result = _run("migrate")
    assert result.exit_code == 130
    assert "Interrupted" in result.output and "again to continue" in result.output
    assert [_revision(shared_admin, f"office_{n}") for n in range(1, 5)] == [
        head,
        head,
        previous,
        previous,
    ]
    monkeypatch.setattr(registry, "migrate_on", real)
    out = _ok("migrate")
    assert "office 1 (Practice 1) migrated" not in out
    assert "office 3 (Practice 3) migrated" in out and "office 4 (Practice 4) migrated" in out
    assert "Offices: 2 migrated, 2 already current, 0 failed." in out
