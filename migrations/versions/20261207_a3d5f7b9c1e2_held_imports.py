"""Held imports: a file previewed for import waits in the database for the teacher to confirm

Revision ID: a3d5f7b9c1e2
Revises: f1a7c3e9b5d2
Create Date: 2026-12-07 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3d5f7b9c1e2'
down_revision = 'f1a7c3e9b5d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'held_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('text', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_held_import_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_held_import')),
    )
    op.create_index(op.f('ix_held_import_user_id'), 'held_import', ['user_id'])
    op.create_index(op.f('ix_held_import_created_at'), 'held_import', ['created_at'])


def downgrade():
    op.drop_index(op.f('ix_held_import_created_at'), table_name='held_import')
    op.drop_index(op.f('ix_held_import_user_id'), table_name='held_import')
    op.drop_table('held_import')
