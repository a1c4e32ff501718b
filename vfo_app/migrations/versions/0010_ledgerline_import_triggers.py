"""ledger lines: the foreign key to their import becomes two triggers, ix_ledgerline_date goes

Why: the import's COPY of 100,000 lines cost the PostgreSQL backend about 0.4 s for the
foreign key's per-row check (an SPI query per line) and 0.05-0.2 s for ix_ledgerline_date,
which no query uses (the drill-down and the delete go by ix_ledgerline_agg, whose first
column is import_id). The integrity stays with the database: on PostgreSQL one check per
statement over its new lines (a transition table; it takes the KEY SHARE lock on their import
rows that the foreign key took), on SQLite one per line as before; and an import that still
has lines cannot be deleted or renumbered (a trigger on ledgerimport, as the foreign key
refused it). Both raise a foreign key violation (SQLAlchemy's IntegrityError), as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_FK = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
_MISSING = "ledgerline.import_id: geen ledgerimport met dit id"
_HAS_LINES = "ledgerimport heeft nog regels in ledgerline"

_POSTGRESQL = [
    f"""CREATE FUNCTION ledgerline_import_exists() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        wanted integer;
        found integer;
    BEGIN
        SELECT count(DISTINCT import_id) INTO wanted FROM new_lines;
        SELECT count(*) INTO found FROM (
            SELECT 1 FROM ledgerimport WHERE id IN (SELECT import_id FROM new_lines)
            FOR KEY SHARE) AS present;
        IF found < wanted THEN
            RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = '{_MISSING}';
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER ledgerline_import_exists_insert AFTER INSERT ON ledgerline
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT
    EXECUTE FUNCTION ledgerline_import_exists()""",
    """CREATE TRIGGER ledgerline_import_exists_update AFTER UPDATE ON ledgerline
    REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT
    EXECUTE FUNCTION ledgerline_import_exists()""",
    f"""CREATE FUNCTION ledgerimport_without_lines() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM ledgerline WHERE import_id = OLD.id) THEN
            RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = '{_HAS_LINES}';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledgerimport_without_lines_delete BEFORE DELETE ON ledgerimport
    FOR EACH ROW EXECUTE FUNCTION ledgerimport_without_lines()""",
    """CREATE TRIGGER ledgerimport_without_lines_update BEFORE UPDATE OF id ON ledgerimport
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION ledgerimport_without_lines()""",
]
_POSTGRESQL_DOWN = [
    "DROP TRIGGER ledgerimport_without_lines_update ON ledgerimport",
    "DROP TRIGGER ledgerimport_without_lines_delete ON ledgerimport",
    "DROP FUNCTION ledgerimport_without_lines()",
    "DROP TRIGGER ledgerline_import_exists_update ON ledgerline",
    "DROP TRIGGER ledgerline_import_exists_insert ON ledgerline",
    "DROP FUNCTION ledgerline_import_exists()",
]
_SQLITE = [
    f"""CREATE TRIGGER ledgerline_import_exists_insert BEFORE INSERT ON ledgerline
    WHEN NOT EXISTS (SELECT 1 FROM ledgerimport WHERE id = NEW.import_id)
    BEGIN SELECT RAISE(ABORT, '{_MISSING}'); END""",
    f"""CREATE TRIGGER ledgerline_import_exists_update BEFORE UPDATE OF import_id ON ledgerline
    WHEN NOT EXISTS (SELECT 1 FROM ledgerimport WHERE id = NEW.import_id)
    BEGIN SELECT RAISE(ABORT, '{_MISSING}'); END""",
    f"""CREATE TRIGGER ledgerimport_without_lines_delete BEFORE DELETE ON ledgerimport
    WHEN EXISTS (SELECT 1 FROM ledgerline WHERE import_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{_HAS_LINES}'); END""",
    f"""CREATE TRIGGER ledgerimport_without_lines_update BEFORE UPDATE OF id ON ledgerimport
    WHEN OLD.id IS NOT NEW.id AND EXISTS (SELECT 1 FROM ledgerline WHERE import_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{_HAS_LINES}'); END""",
]
_SQLITE_DOWN = [
    "DROP TRIGGER ledgerimport_without_lines_update",
    "DROP TRIGGER ledgerimport_without_lines_delete",
    "DROP TRIGGER ledgerline_import_exists_update",
    "DROP TRIGGER ledgerline_import_exists_insert",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index('ix_ledgerline_date', table_name='ledgerline')
        op.drop_constraint('ledgerline_import_id_fkey', 'ledgerline', type_='foreignkey')
        statements = _POSTGRESQL
    else:  # SQLite: the table is copied without the foreign key (unnamed, as 0001 made it)
        name = next(fk["name"] for fk in sa.inspect(op.get_bind()).get_foreign_keys('ledgerline')
                    if fk["referred_table"] == 'ledgerimport')
        with op.batch_alter_table('ledgerline', naming_convention=_SQLITE_FK) as batch_op:
            batch_op.drop_index('ix_ledgerline_date')
            batch_op.drop_constraint(name or 'fk_ledgerline_import_id_ledgerimport',
                                     type_='foreignkey')
        statements = _SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRESQL_DOWN if postgresql else _SQLITE_DOWN:
        op.execute(statement)
    with op.batch_alter_table('ledgerline') as batch_op:
        batch_op.create_foreign_key('ledgerline_import_id_fkey', 'ledgerimport', ['import_id'],
                                    ['id'])
        batch_op.create_index('ix_ledgerline_date', ['import_id', 'entry_date'], unique=False)
