"""Quiz accommodations (more time, more attempts, a later close per student) and each
question's own time limit

Revision ID: c5d2e8f1a6b7
Revises: c4d8e2f61a37
Create Date: 2026-12-07 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d2e8f1a6b7'
down_revision = 'c4d8e2f61a37'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'quiz_accommodations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('quiz_id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('time_multiplier', sa.Double(), nullable=False),
        sa.Column('extra_minutes', sa.Integer(), nullable=False),
        sa.Column('extra_attempts', sa.Integer(), nullable=False),
        sa.Column('closes_at', sa.DateTime(), nullable=True),
        sa.Column('set_by', sa.Integer(), nullable=False),
        sa.Column('set_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_accommodations_quiz_id_quiz')
        ),
        sa.ForeignKeyConstraint(
            ['student_id'], ['user.id'], name=op.f('fk_quiz_accommodations_student_id_user')
        ),
        sa.ForeignKeyConstraint(
            ['set_by'], ['user.id'], name=op.f('fk_quiz_accommodations_set_by_user')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_accommodations')),
        sa.UniqueConstraint(
            'quiz_id', 'student_id', name='uq_quiz_accommodations_quiz_student'
        ),
    )
    op.create_index(
        op.f('ix_quiz_accommodations_quiz_id'), 'quiz_accommodations', ['quiz_id'], unique=False
    )
    op.create_index(
        op.f('ix_quiz_accommodations_student_id'),
        'quiz_accommodations',
        ['student_id'],
        unique=False,
    )
    # In place on every database: a SQLite rebuild would drop tables that others point at.
    op.add_column('quiz', sa.Column('question_time_s', sa.Integer(), nullable=True))
    op.add_column('attempt', sa.Column('question_time_s', sa.Integer(), nullable=True))
    op.add_column('attempt_item', sa.Column('shown_at', sa.DateTime(), nullable=True))


def downgrade():
    op.execute('ALTER TABLE attempt_item DROP COLUMN shown_at')
    op.execute('ALTER TABLE attempt DROP COLUMN question_time_s')
    op.execute('ALTER TABLE quiz DROP COLUMN question_time_s')
    op.drop_index(op.f('ix_quiz_accommodations_student_id'), table_name='quiz_accommodations')
    op.drop_index(op.f('ix_quiz_accommodations_quiz_id'), table_name='quiz_accommodations')
    op.drop_table('quiz_accommodations')
