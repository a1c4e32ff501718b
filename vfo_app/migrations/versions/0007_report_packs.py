"""report packs: packs, their published versions, the office's schedule, mail attachments

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import vfo_app.domain.types

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('reportschedule',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), server_default='month', nullable=False),
    sa.Column('days_after', sa.Integer(), server_default='10', nullable=False),
    sa.Column('parts', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('introduction', sa.Text(), server_default='', nullable=False),
    sa.Column('attach_pdf', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('office_id')
    )
    op.create_table('outboxattachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), server_default='application/pdf', nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outboxmessage.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outboxattachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outboxattachment_outbox_id'), ['outbox_id'], unique=False)

    op.create_table('reportpack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('parts', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('introduction', sa.Text(), server_default='', nullable=False),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.Column('scheduled', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('restated_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id', 'year', 'period_kind', 'month', name='uq_reportpack_client_period')
    )
    with op.batch_alter_table('reportpack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reportpack_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reportpack_office_id'), ['office_id'], unique=False)

    op.create_table('reportpackversion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pack_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), server_default='', nullable=False),
    sa.Column('introduction', sa.Text(), server_default='', nullable=False),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.Column('snapshot', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('published_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['pack_id'], ['reportpack.id'], ),
    sa.ForeignKeyConstraint(['published_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pack_id', 'version', name='uq_reportpackversion')
    )
    with op.batch_alter_table('reportpackversion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reportpackversion_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reportpackversion_pack_id'), ['pack_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reportpackversion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reportpackversion_pack_id'))
        batch_op.drop_index(batch_op.f('ix_reportpackversion_client_id'))

    op.drop_table('reportpackversion')
    with op.batch_alter_table('reportpack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reportpack_office_id'))
        batch_op.drop_index(batch_op.f('ix_reportpack_client_id'))

    op.drop_table('reportpack')
    with op.batch_alter_table('outboxattachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outboxattachment_outbox_id'))

    op.drop_table('outboxattachment')
    op.drop_table('reportschedule')
