"""key figures: per-client choice for the dashboard with targets and thresholds, and the
office's default set

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import vfo_app.domain.types

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('clientkeyfigure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('shown', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('threshold', sa.Float(), nullable=True),
    sa.Column('updated_at', vfo_app.domain.types.UTCDateTime(timezone=True),
              server_default=sa.func.current_timestamp(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id', 'key', name='uq_clientkeyfigure_client_key')
    )
    with op.batch_alter_table('clientkeyfigure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clientkeyfigure_client_id'), ['client_id'],
                              unique=False)

    op.create_table('officekeyfigure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('position', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'key', name='uq_officekeyfigure_office_key')
    )
    with op.batch_alter_table('officekeyfigure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officekeyfigure_office_id'), ['office_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('officekeyfigure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officekeyfigure_office_id'))
    op.drop_table('officekeyfigure')
    with op.batch_alter_table('clientkeyfigure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clientkeyfigure_client_id'))
    op.drop_table('clientkeyfigure')
