"""house style: the office's logo, main colour and disclaimer

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import vfo_app.domain.types

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('officehousestyle',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('colour', sqlmodel.sql.sqltypes.AutoString(length=7), server_default='', nullable=False),
    sa.Column('disclaimer', sqlmodel.sql.sqltypes.AutoString(length=1000), server_default='', nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_mime', sqlmodel.sql.sqltypes.AutoString(length=20), server_default='', nullable=False),
    sa.Column('logo_version', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('office_id')
    )


def downgrade() -> None:
    op.drop_table('officehousestyle')
