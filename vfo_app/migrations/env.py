"""Alembic environment: SQLModel metadata and the one database URL from vfo_app.settings."""

from alembic import context
from sqlmodel import SQLModel

from vfo_app.domain.db import make_engine
from vfo_app.domain.models import POSTGRESQL_ONLY_INDEXES  # also registers the tables
from vfo_app.settings import get_settings

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def _include_object_for(dialect: str):
    def include(obj, name, type_, reflected, compare_to) -> bool:
        # Indexes the models create on PostgreSQL only (Index.ddl_if) are not missing elsewhere.
        return not (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES
                    and dialect != "postgresql")
    return include


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
            include_object=_include_object_for(connection.dialect.name),
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
