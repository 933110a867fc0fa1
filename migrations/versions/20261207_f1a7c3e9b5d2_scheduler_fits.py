"""Scheduler fits: FSRS parameters fitted to the school's answers, in force per student;
a class's desired retention

Revision ID: f1a7c3e9b5d2
Revises: e6b2c4a8d0f1
Create Date: 2026-12-07 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a7c3e9b5d2'
down_revision = 'e6b2c4a8d0f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('desired_retention', sa.Double(), server_default='0.9', nullable=False)
        )
    op.create_table(
        'scheduler_fit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fitted_at', sa.DateTime(), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('classroom_id', sa.Integer(), nullable=True),
        sa.Column('answers', sa.Integer(), nullable=False),
        sa.Column('held_out', sa.Integer(), nullable=False),
        sa.Column('log_loss', sa.Double(), nullable=True),
        sa.Column('rmse', sa.Double(), nullable=True),
        sa.Column('default_log_loss', sa.Double(), nullable=True),
        sa.Column('default_rmse', sa.Double(), nullable=True),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ['classroom_id'], ['classroom.id'],
            name=op.f('fk_scheduler_fit_classroom_id_classroom'),
        ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_scheduler_fit_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduler_fit')),
    )
    op.create_index(op.f('ix_scheduler_fit_fitted_at'), 'scheduler_fit', ['fitted_at'])
    op.create_index(op.f('ix_scheduler_fit_user_id'), 'scheduler_fit', ['user_id'])
    op.create_index(op.f('ix_scheduler_fit_classroom_id'), 'scheduler_fit', ['classroom_id'])
    op.create_table(
        'student_schedule',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('fit_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('since', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['fit_id'], ['scheduler_fit.id'], name=op.f('fk_student_schedule_fit_id_scheduler_fit')
        ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_student_schedule_user_id_user')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_student_schedule')),
    )
    op.create_index(op.f('ix_student_schedule_fit_id'), 'student_schedule', ['fit_id'])
    op.create_table(
        'fit_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fit_request')),
    )
    op.create_index(op.f('ix_fit_request_done_at'), 'fit_request', ['done_at'])


def downgrade():
    op.drop_index(op.f('ix_fit_request_done_at'), table_name='fit_request')
    op.drop_table('fit_request')
    op.drop_index(op.f('ix_student_schedule_fit_id'), table_name='student_schedule')
    op.drop_table('student_schedule')
    op.drop_index(op.f('ix_scheduler_fit_classroom_id'), table_name='scheduler_fit')
    op.drop_index(op.f('ix_scheduler_fit_user_id'), table_name='scheduler_fit')
    op.drop_index(op.f('ix_scheduler_fit_fitted_at'), table_name='scheduler_fit')
    op.drop_table('scheduler_fit')
    with op.batch_alter_table('classroom', schema=None) as batch_op:
        batch_op.drop_column('desired_retention')
