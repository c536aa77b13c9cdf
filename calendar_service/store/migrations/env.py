"""Alembic environment: runs on the connection the caller put in config.attributes."""

from alembic import context

from calendar_service.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through calendar_service.store.migrate (or `calendar-service db upgrade`)"
    )
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
