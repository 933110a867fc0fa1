"""Homework: a goal over a bank's questions that a class should reach by a due date

Revision ID: b4e8d1c2f7a3
Revises: 5e1c0b7d2a94
Create Date: 2026-12-07 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4e8d1c2f7a3'
down_revision = '5e1c0b7d2a94'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'homework',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('bank_id', sa.Integer(), nullable=False),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('goal_kind', sa.String(length=16), nullable=False),
        sa.Column('goal_number', sa.Integer(), nullable=True),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('set_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('set_by', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['bank_id'], ['bank.id'], name=op.f('fk_homework_bank_id_bank')
        ),
        sa.ForeignKeyConstraint(
            ['classroom_id'], ['classroom.id'], name=op.f('fk_homework_classroom_id_classroom')
        ),
        sa.ForeignKeyConstraint(['set_by'], ['user.id'], name=op.f('fk_homework_set_by_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_homework')),
    )
    op.create_index(
        op.f('ix_homework_classroom_id'), 'homework', ['classroom_id'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_homework_classroom_id'), table_name='homework')
    op.drop_table('homework')
