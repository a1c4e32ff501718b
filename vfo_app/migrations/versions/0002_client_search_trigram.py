"""client search: trigram index on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 08:45:00

A fragment search (LIKE '%1234%') on PostgreSQL scanned every client of the office in sort
order: 100 ms with 100,000 clients. pg_trgm is a trusted extension (PostgreSQL 13+), so the
database owner may create it. SQLite gets nothing: its scan stays within the target.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index("ix_client_search_trgm", "client", ["search_text"], postgresql_using="gin",
                    postgresql_ops={"search_text": "gin_trgm_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_client_search_trgm", table_name="client", postgresql_using="gin")
