"""A question's answers found by their question: a regrade, and the editor's count of answers
given, read them without going through every answer of the district

Revision ID: c4e8a2f6b1d9
Revises: c3f8a1d6e2b4
Create Date: 2026-12-08 01:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e8a2f6b1d9'
down_revision = 'c3f8a1d6e2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_review_question_id', 'review', ['question_id'])


def downgrade():
    op.drop_index('ix_review_question_id', table_name='review')
