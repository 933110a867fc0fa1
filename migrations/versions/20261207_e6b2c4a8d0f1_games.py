"""Live class games: a game, its questions, its players and their answers

Revision ID: e6b2c4a8d0f1
Revises: e3b9f4a7c2d1
Create Date: 2026-12-07 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b2c4a8d0f1'
down_revision = 'e3b9f4a7c2d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'game',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('classroom_id', sa.Integer(), nullable=False),
        sa.Column('teacher_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=16), nullable=False),
        sa.Column('seconds', sa.Integer(), nullable=False),
        sa.Column('allow_guests', sa.Boolean(), nullable=False),
        sa.Column('phase', sa.String(length=16), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('question_started_at', sa.DateTime(), nullable=True),
        sa.Column('paused_at', sa.DateTime(), nullable=True),
        sa.Column('names_hidden', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['classroom_id'], ['classroom.id'], name=op.f('fk_game_classroom_id_classroom')
        ),
        sa.ForeignKeyConstraint(['teacher_id'], ['user.id'], name=op.f('fk_game_teacher_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_game')),
    )
    op.create_index(op.f('ix_game_classroom_id'), 'game', ['classroom_id'], unique=False)
    op.create_table(
        'game_question',
        sa.Column('game_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['game_id'], ['game.id'], name=op.f('fk_game_question_game_id_game')),
        sa.ForeignKeyConstraint(
            ['question_id'], ['question.id'], name=op.f('fk_game_question_question_id_question')
        ),
        sa.ForeignKeyConstraint(
            ['version_id'],
            ['question_version.id'],
            name=op.f('fk_game_question_version_id_question_version'),
        ),
        sa.PrimaryKeyConstraint('game_id', 'position', name=op.f('pk_game_question')),
    )
    op.create_table(
        'game_player',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('game_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('joined_at', sa.DateTime(), nullable=False),
        sa.Column('removed', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['game_id'], ['game.id'], name=op.f('fk_game_player_game_id_game')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_game_player_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_game_player')),
        sa.UniqueConstraint('game_id', 'user_id', name='uq_game_player_game_user'),
    )
    op.create_index(op.f('ix_game_player_user_id'), 'game_player', ['user_id'], unique=False)
    op.create_table(
        'game_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('game_id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('response', sa.JSON(), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=False),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.Column('review_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['game_id'], ['game.id'], name=op.f('fk_game_answer_game_id_game')),
        sa.ForeignKeyConstraint(
            ['player_id'], ['game_player.id'], name=op.f('fk_game_answer_player_id_game_player')
        ),
        sa.ForeignKeyConstraint(
            ['review_id'], ['review.id'], name=op.f('fk_game_answer_review_id_review')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_game_answer')),
        sa.UniqueConstraint('player_id', 'position', name='uq_game_answer_player_position'),
    )
    op.create_index(op.f('ix_game_answer_game_id'), 'game_answer', ['game_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_game_answer_game_id'), table_name='game_answer')
    op.drop_table('game_answer')
    op.drop_index(op.f('ix_game_player_user_id'), table_name='game_player')
    op.drop_table('game_player')
    op.drop_table('game_question')
    op.drop_index(op.f('ix_game_classroom_id'), table_name='game')
    op.drop_table('game')
