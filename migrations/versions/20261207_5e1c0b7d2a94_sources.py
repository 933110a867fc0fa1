"""Sources as data: a source and its paragraphs; banks say whether citations are required;
citations name a source's id instead of an article's file name

Revision ID: 5e1c0b7d2a94
Revises: a71c3e5b9d02
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1c0b7d2a94'
down_revision = 'a71c3e5b9d02'
branch_labels = None
depends_on = None

# The two articles the school's banks cited by file name, and the ids their sources have now.
RENAMED = {
    '000_874f975c85c112d9.txt': 'nbc-lunar',
    '003_8b10673861f1d029.txt': 'silkroad-moon',
}


def _rename(cites, names):
    renamed = []
    for cite in cites or []:
        name, sep, number = str(cite).rpartition('#')
        renamed.append(f'{names.get(name, name)}#{number}' if sep else cite)
    return renamed


def _rewrite_citations(names):
    bind = op.get_bind()
    question = sa.table('question', sa.column('id', sa.Integer), sa.column('cite', sa.JSON))
    version = sa.table(
        'question_version', sa.column('id', sa.Integer), sa.column('content', sa.JSON)
    )
    for row in bind.execute(sa.select(question)).all():
        cites = _rename(row.cite, names)
        if cites != (row.cite or []):
            bind.execute(question.update().where(question.c.id == row.id).values(cite=cites))
    for row in bind.execute(sa.select(version)).all():
        content = dict(row.content or {})
        cites = _rename(content.get('cite'), names)
        if cites != (content.get('cite') or []):
            content['cite'] = cites
            bind.execute(version.update().where(version.c.id == row.id).values(content=content))


def upgrade():
    op.create_table(
        'source',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
        sa.Column('published', sa.Date(), nullable=True),
        sa.Column('url', sa.String(length=1000), nullable=False),
        sa.Column('licence', sa.String(length=500), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('bank_id', sa.Integer(), nullable=True),
        sa.Column('paragraph_count', sa.Integer(), nullable=False),
        sa.Column('furniture', sa.JSON(), nullable=False),
        sa.Column('file', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('text_loaded_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], name=op.f('fk_source_bank_id_bank')),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_source_owner_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
        sa.UniqueConstraint('slug', name=op.f('uq_source_slug')),
    )
    op.create_index(op.f('ix_source_bank_id'), 'source', ['bank_id'], unique=False)
    op.create_index(op.f('ix_source_owner_id'), 'source', ['owner_id'], unique=False)
    op.create_table(
        'source_paragraph',
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['source_id'], ['source.id'], name=op.f('fk_source_paragraph_source_id_source')
        ),
        sa.PrimaryKeyConstraint('source_id', 'number', name=op.f('pk_source_paragraph')),
    )
    # In place on every database (see a71c3e5b9d02). The school's banks required citations.
    op.add_column(
        'bank',
        sa.Column('require_citations', sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute('UPDATE bank SET require_citations = true WHERE owner_id IS NULL')
    _rewrite_citations(RENAMED)


def downgrade():
    _rewrite_citations({new: old for old, new in RENAMED.items()})
    op.execute('ALTER TABLE bank DROP COLUMN require_citations')
    op.drop_table('source_paragraph')
    op.drop_index(op.f('ix_source_owner_id'), table_name='source')
    op.drop_index(op.f('ix_source_bank_id'), table_name='source')
    op.drop_table('source')
