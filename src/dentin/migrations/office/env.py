"""Alembic environment for the office database.

``dentin.db.migrate`` hands in an engine; ``dentin.db.migrate_on`` a connection inside the
caller's transaction and, for an office kept as a schema of a shared database, that schema
(the version table lives there; the connection's search_path already points there).
"""

from alembic import context
from sqlalchemy import Connection

from dentin.db import OfficeBase
from dentin.office import models  # noqa: F401  (registers the tables)

attributes = context.config.attributes


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=OfficeBase.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        version_table_schema=attributes.get("schema"),
    )
    context.run_migrations()


if attributes.get("connection") is not None:
    run(attributes["connection"])
else:
    with attributes["engine"].begin() as connection:
        run(connection)
