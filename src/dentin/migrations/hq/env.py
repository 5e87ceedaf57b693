"""Alembic environment for the HQ database; the engine is handed in by dentin.db.migrate."""

from alembic import context

from dentin.db import HQBase
from dentin.hq import connector_models, models  # noqa: F401  (registers the tables)

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=HQBase.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
