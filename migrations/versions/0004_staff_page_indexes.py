"""Indexes for the staff pages at national scale: the queue's assignee and escalated tabs,
and the dashboard's windows by creation and by resolution (all covering).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ESCALATED = "escalated_at IS NOT NULL"


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_assignee", ["institution_id", "assigned_to_id",
                                                       "status", "due_at", "id"], unique=False)
        batch_op.create_index("ix_feedback_escalated", ["institution_id", "status", "due_at",
                                                        "id", "escalated_at"], unique=False,
                              sqlite_where=sa.text(ESCALATED),
                              postgresql_where=sa.text(ESCALATED))
        batch_op.create_index("ix_feedback_institution_created",
                              ["institution_id", "created_at", "channel", "kind", "rating",
                               "first_response_at", "resolved_at"], unique=False)
        batch_op.create_index("ix_feedback_institution_resolved",
                              ["institution_id", "resolved_at", "status", "due_at"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_institution_resolved")
        batch_op.drop_index("ix_feedback_institution_created")
        batch_op.drop_index("ix_feedback_escalated")
        batch_op.drop_index("ix_feedback_assignee")
