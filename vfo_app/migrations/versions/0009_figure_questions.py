"""questions on a figure and their answers ("Vraag over dit cijfer")

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import vfo_app.domain.types

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('figurequestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('figure_key', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('figure_label', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=False),
    sa.Column('waiting', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asked_by_id'], ['identity.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id', 'year', 'month', 'figure_key',
                        name='uq_figurequestion_figure')
    )
    with op.batch_alter_table('figurequestion', schema=None) as batch_op:
        batch_op.create_index('ix_figurequestion_client_waiting', ['client_id', 'waiting'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_figurequestion_company_id'), ['company_id'],
                              unique=False)

    op.create_table('figurequestionmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('from_office', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['identity.id'], ),
    sa.ForeignKeyConstraint(['question_id'], ['figurequestion.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figurequestionmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figurequestionmessage_question_id'),
                              ['question_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('figurequestionmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figurequestionmessage_question_id'))
    op.drop_table('figurequestionmessage')
    with op.batch_alter_table('figurequestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figurequestion_company_id'))
        batch_op.drop_index('ix_figurequestion_client_waiting')
    op.drop_table('figurequestion')
