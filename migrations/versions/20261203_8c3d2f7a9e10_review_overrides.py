"""A review keeps the card state before it and when the student overrode its grade

Revision ID: 8c3d2f7a9e10
Revises: 5b1e0a9d4c21
Create Date: 2026-12-03 07:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8c3d2f7a9e10"
down_revision = "5b1e0a9d4c21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("before", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("overridden_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("overridden_at")
        batch_op.drop_column("before")
