"""Running figures on cards (score sum, last wrong answer) and an index for a student's answers

Revision ID: 5b1e0a9d4c21
Revises: c03e7c7012ca
Create Date: 2026-12-03 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5b1e0a9d4c21"
down_revision = "c03e7c7012ca"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("score_sum", sa.Double(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("last_wrong_review_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("ix_review_user_id", ["user_id", "id"], unique=False)
    # Every card's figures from the answers already given.
    op.execute(
        """
        UPDATE card SET
          score_sum = COALESCE((SELECT SUM(review.score) FROM review
                                WHERE review.user_id = card.user_id
                                  AND review.question_id = card.question_id), 0),
          last_wrong_review_id = (SELECT MAX(review.id) FROM review
                           WHERE review.user_id = card.user_id
                             AND review.question_id = card.question_id
                             AND review.correct = false)
        """
    )


def downgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_user_id")
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_column("last_wrong_review_id")
        batch_op.drop_column("score_sum")
