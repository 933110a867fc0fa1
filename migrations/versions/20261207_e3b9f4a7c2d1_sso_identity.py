"""School sign-in accounts (an OpenID provider's issuer and subject) linked to quizapp accounts

Revision ID: e3b9f4a7c2d1
Revises: e6b4c1d8a2f3
Create Date: 2026-12-07 18:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e3b9f4a7c2d1'
down_revision = 'e6b4c1d8a2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sso_identity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=255), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'], name=op.f('fk_sso_identity_user_id_user')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sso_identity')),
        sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_sso_identity_issuer')),
        sa.UniqueConstraint('user_id', 'issuer', name=op.f('uq_sso_identity_user_id')),
    )


def downgrade():
    op.drop_table('sso_identity')
