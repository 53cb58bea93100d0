"""Index the duplicate link (deletes and look-ups) and status + due date (admin queue).

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_duplicate_of_id", ["duplicate_of_id"], unique=False)
        batch_op.create_index("ix_feedback_status_due", ["status", "due_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_status_due")
        batch_op.drop_index("ix_feedback_duplicate_of_id")
