"""Pictures a bank's questions show, kept in the database so that every app host serves them

Revision ID: c4d8e2f61a37
Revises: b4e8d1c2f7a3
Create Date: 2026-12-07 14:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d8e2f61a37'
down_revision = 'b4e8d1c2f7a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'picture',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('bank_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('media_type', sa.String(length=20), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('byte_size', sa.Integer(), nullable=False),
        sa.Column('alt', sa.String(length=300), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], name=op.f('fk_picture_bank_id_bank')),
        sa.ForeignKeyConstraint(
            ['uploaded_by'], ['user.id'], name=op.f('fk_picture_uploaded_by_user')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_picture')),
        sa.UniqueConstraint('bank_id', 'sha256', name='uq_picture_bank_sha256'),
    )
    op.create_index(op.f('ix_picture_sha256'), 'picture', ['sha256'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_picture_sha256'), table_name='picture')
    op.drop_table('picture')
