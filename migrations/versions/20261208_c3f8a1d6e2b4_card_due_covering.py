"""A student's cards by due time, with their question and last review on PostgreSQL: the
teacher's home reads the flags of every student it lists from the index alone

Revision ID: c3f8a1d6e2b4
Revises: b7d1e3f5a9c2
Create Date: 2026-12-08 01:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3f8a1d6e2b4'
down_revision = 'b7d1e3f5a9c2'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_card_user_due', table_name='card')
    op.create_index(
        'ix_card_user_due',
        'card',
        ['user_id', 'due'],
        postgresql_include=['question_id', 'last_review'],
    )


def downgrade():
    op.drop_index('ix_card_user_due', table_name='card')
    op.create_index('ix_card_user_due', 'card', ['user_id', 'due'])
