"""Banks kept for quizzes only: students never study them, and see their answers only in a quiz

Revision ID: a71c3e5b9d02
Revises: f9a0d216a488
Create Date: 2026-12-07 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a71c3e5b9d02'
down_revision = 'f9a0d216a488'
branch_labels = None
depends_on = None


def upgrade():
    # In place on every database: on SQLite a rebuild would drop the table that questions,
    # classes and attempts point at, which their foreign keys refuse.
    op.add_column(
        'bank', sa.Column('quiz_only', sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade():
    op.execute('ALTER TABLE bank DROP COLUMN quiz_only')
