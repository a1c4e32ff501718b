"""advice: forecast assumptions, figure snapshots, alerts and notices, office comparison switch

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import vfo_app.domain.types

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('officeadvicesetting',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('compare_within_office', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('office_id')
    )
    op.create_table('clientalert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('fired_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id', 'code', name='uq_clientalert_client_code')
    )
    with op.batch_alter_table('clientalert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clientalert_client_id'), ['client_id'], unique=False)

    op.create_table('forecastassumption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('start_cash_cents', sa.BigInteger(), nullable=True),
    sa.Column('debtor_days', sa.Integer(), nullable=True),
    sa.Column('creditor_days', sa.Integer(), nullable=True),
    sa.Column('monthly_costs_cents', sa.BigInteger(), nullable=True),
    sa.Column('vat_per_month_cents', sa.BigInteger(), nullable=True),
    sa.Column('updated_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['identity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('forecastassumption', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forecastassumption_client_id'), ['client_id'], unique=True)

    op.create_table('clientfiguresnapshot',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('import_imported_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('corrections_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('upto', sa.Integer(), nullable=True),
    sa.Column('last_booking_date', sa.Date(), nullable=True),
    sa.Column('imported_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('omzet_cents', sa.BigInteger(), nullable=True),
    sa.Column('omzet_last_year_cents', sa.BigInteger(), nullable=True),
    sa.Column('result_cents', sa.BigInteger(), nullable=True),
    sa.Column('result_last_year_cents', sa.BigInteger(), nullable=True),
    sa.Column('cash_cents', sa.BigInteger(), nullable=True),
    sa.Column('gross_margin_pct', sa.Float(), nullable=True),
    sa.Column('net_margin_pct', sa.Float(), nullable=True),
    sa.Column('current_ratio', sa.Float(), nullable=True),
    sa.Column('solvency_pct', sa.Float(), nullable=True),
    sa.Column('debtor_days', sa.Float(), nullable=True),
    sa.Column('flag', sa.Integer(), server_default='0', nullable=False),
    sa.Column('flag_reasons', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('computed_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['ledgerimport.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('client_id')
    )
    with op.batch_alter_table('clientfiguresnapshot', schema=None) as batch_op:
        batch_op.create_index('ix_clientfiguresnapshot_office_flag', ['office_id', 'flag'], unique=False)
        batch_op.create_index(batch_op.f('ix_clientfiguresnapshot_office_id'), ['office_id'], unique=False)

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identity_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
    sa.Column('created_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('digested_at', vfo_app.domain.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['clientalert.id'], ),
    sa.ForeignKeyConstraint(['client_id'], ['client.id'], ),
    sa.ForeignKeyConstraint(['identity_id'], ['identity.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_alert_id'), ['alert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_digested_at'), ['digested_at'], unique=False)
        batch_op.create_index('ix_notice_identity_read', ['identity_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notice_office_id'), ['office_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_office_id'))
        batch_op.drop_index('ix_notice_identity_read')
        batch_op.drop_index(batch_op.f('ix_notice_digested_at'))
        batch_op.drop_index(batch_op.f('ix_notice_client_id'))
        batch_op.drop_index(batch_op.f('ix_notice_alert_id'))

    op.drop_table('notice')
    with op.batch_alter_table('clientfiguresnapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clientfiguresnapshot_office_id'))
        batch_op.drop_index('ix_clientfiguresnapshot_office_flag')

    op.drop_table('clientfiguresnapshot')
    with op.batch_alter_table('forecastassumption', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forecastassumption_client_id'))

    op.drop_table('forecastassumption')
    with op.batch_alter_table('clientalert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clientalert_client_id'))

    op.drop_table('clientalert')
    op.drop_table('officeadvicesetting')
