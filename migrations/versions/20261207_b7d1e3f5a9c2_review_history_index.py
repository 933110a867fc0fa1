"""A student's answers by question in the order given, with their time and outcome on
PostgreSQL: the progress page reads a year of answers from the index alone

Revision ID: b7d1e3f5a9c2
Revises: a9c4e2f7b1d3
Create Date: 2026-12-07 23:59:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d1e3f5a9c2'
down_revision = 'a9c4e2f7b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_review_user_question_id',
        'review',
        ['user_id', 'question_id', 'id'],
        postgresql_include=['answered_at', 'correct'],
    )
    op.drop_index('ix_review_user_question', table_name='review')


def downgrade():
    op.create_index('ix_review_user_question', 'review', ['user_id', 'question_id'])
    op.drop_index('ix_review_user_question_id', table_name='review')
