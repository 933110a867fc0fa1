"""Live game guests: a player is a student or a guest with a nickname; a game's guest code

Revision ID: a9c4e2f7b1d3
Revises: a3d5f7b9c1e2
Create Date: 2026-12-07 20:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c4e2f7b1d3'
down_revision = 'a3d5f7b9c1e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('game', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guest_code', sa.String(length=8), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_game_guest_code'), ['guest_code'])
    with op.batch_alter_table('game_player', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nickname', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('nickname_key', sa.String(length=96), nullable=True))
        batch_op.add_column(sa.Column('guest_secret_hash', sa.String(length=64), nullable=True))
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(
            'uq_game_player_game_nickname', ['game_id', 'nickname_key']
        )
        batch_op.create_check_constraint(
            'student_or_guest', '(user_id IS NULL) <> (nickname IS NULL)'
        )


def downgrade():
    op.execute('DELETE FROM game_answer WHERE player_id IN '
               '(SELECT id FROM game_player WHERE user_id IS NULL)')
    op.execute('DELETE FROM game_player WHERE user_id IS NULL')
    with op.batch_alter_table('game_player', schema=None) as batch_op:
        batch_op.drop_constraint('student_or_guest', type_='check')
        batch_op.drop_constraint('uq_game_player_game_nickname', type_='unique')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('guest_secret_hash')
        batch_op.drop_column('nickname_key')
        batch_op.drop_column('nickname')
    with op.batch_alter_table('game', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_game_guest_code'), type_='unique')
        batch_op.drop_column('guest_code')
