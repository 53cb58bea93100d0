"""When each officer last opened each case (case_view), and when the citizen last wrote on a
feedback (feedback.citizen_activity_at): the queue's "citizen answered" marker (issue 10).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ANSWERED = "citizen_activity_at IS NOT NULL"


def upgrade():
    op.create_table(
        "case_view",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"],
                                name=op.f("fk_case_view_feedback_id_feedback")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"],
                                name=op.f("fk_case_view_staff_id_staff_user")),
        sa.PrimaryKeyConstraint("staff_id", "feedback_id", name=op.f("pk_case_view")),
    )
    op.create_index(op.f("ix_case_view_feedback_id"), "case_view", ["feedback_id"],
                    unique=False)
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_activity_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_feedback_citizen_activity",
                              ["institution_id", "status", "due_at", "id",
                               "citizen_activity_at"], unique=False,
                              sqlite_where=sa.text(ANSWERED),
                              postgresql_where=sa.text(ANSWERED))


def downgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_citizen_activity")
        batch_op.drop_column("citizen_activity_at")
    op.drop_index(op.f("ix_case_view_feedback_id"), table_name="case_view")
    op.drop_table("case_view")
