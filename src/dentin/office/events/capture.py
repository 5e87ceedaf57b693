"""Capture: database triggers that write every change of a watched table into the outbox.

A trigger runs inside the writer's own transaction, so a change and its event commit together
or not at all, whoever the writer is: the API, the CLI, the aging run, or a program of the
practice's own with plain SQL. Each trigger inserts one outbox row per active subscription to
its table (none when nobody subscribes, so an office without subscriptions pays one indexed
lookup per write), which also means a late-committing transaction can never be skipped: the
worker takes whatever rows exist, not "everything after a number it has seen".

SQLite rebuilds a table when a migration alters it in batch mode, and that drops the table's
triggers; ``install`` is therefore idempotent and runs after every migration
(``OfficeRegistry.provision``), not only in the migration that introduced it.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from dentin.office.events.watch import WATCHED, Watched

PREFIX = "dentin_evt_"


def _insert(watched: Watched, row: str, snapshot: str, now: str) -> str:
    # Built from the catalogue's own constant names only: nothing here comes from a request.
    return (
        "INSERT INTO apioutbox (subscriptionnum, objectnum, snapshot, datetentry) "  # noqa: S608
        f"SELECT subscriptionnum, {row}.{watched.key}, {snapshot}, {now} FROM apisubscription "
        f"WHERE watchtable = '{watched.name}' AND isactive = 1"
    )


def _present(conn: Connection) -> list[Watched]:
    """The watched tables this database has: during the migrations that precede a table's own
    (0008 installs the triggers before 0009 creates ``patfield``), it is not there yet."""
    tables = set(inspect(conn).get_table_names())
    return [w for w in WATCHED.values() if w.table in tables]


def _sqlite(conn: Connection) -> list[str]:
    statements: list[str] = []
    now = "CURRENT_TIMESTAMP"
    for watched in _present(conn):
        table = watched.table
        if watched.deleted:
            columns = [c["name"] for c in inspect(conn).get_columns(table)]
            pairs = ", ".join(f"'{c}', OLD.{c}" for c in columns)
            name = f"{PREFIX}{table}_del"
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER DELETE ON {table} BEGIN "
                f"{_insert(watched, 'OLD', f'json_object({pairs})', now)}; END",
            ]
            continue
        for event, short in (("INSERT", "ins"), ("UPDATE", "upd")):
            name = f"{PREFIX}{table}_{short}"
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                f"{_insert(watched, 'NEW', 'NULL', now)}; END",
            ]
    return statements


def _postgresql(conn: Connection) -> list[str]:
    statements: list[str] = []
    now = "(now() AT TIME ZONE 'utc')"
    for watched in _present(conn):
        table = watched.table
        if watched.deleted:
            name, when = f"{PREFIX}{table}_del", "AFTER DELETE"
            body = _insert(watched, "OLD", "to_jsonb(OLD)::text", now)
        else:
            name, when = f"{PREFIX}{table}", "AFTER INSERT OR UPDATE"
            body = _insert(watched, "NEW", "NULL", now)
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return statements


def install(conn: Connection) -> None:
    """(Re)create every capture trigger on this connection's database."""
    statements = _sqlite(conn) if conn.dialect.name == "sqlite" else _postgresql(conn)
    for statement in statements:
        conn.execute(text(statement))


def remove(conn: Connection) -> None:
    sqlite = conn.dialect.name == "sqlite"
    for watched in _present(conn):
        table = watched.table
        if sqlite:
            for short in ("ins", "upd", "del"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {PREFIX}{table}_{short}"))
            continue
        name = f"{PREFIX}{table}_del" if watched.deleted else f"{PREFIX}{table}"
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        conn.execute(text(f"DROP FUNCTION IF EXISTS {name}()"))
