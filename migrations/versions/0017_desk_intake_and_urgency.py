"""Urgency and the desk's own intake (issue 16): a priority on every feedback (1 urgent,
2 high, 3 normal, 4 low) with the router's reason, an urgent SLA in hours per institution,
a manager's switch for urgent-item emails, and two partial indexes over the few items whose
priority is not normal, so the queue can put them first without walking every row.

The desk's channels (call, visit, letter, email) need no change: channel is a String(6)
without a CHECK constraint. Expand only: old code ignores the new columns.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

PRIORITIZED = sa.text("priority <> 3")


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.SmallInteger(), server_default="3",
                                      nullable=False))
        batch_op.add_column(sa.Column("priority_reason", sa.String(length=200), nullable=True))
        batch_op.create_check_constraint("priority_known", "priority BETWEEN 1 AND 4")
        batch_op.create_index("ix_feedback_prioritized",
                              ["institution_id", "status", "priority", "due_at", "id"],
                              unique=False, sqlite_where=PRIORITIZED,
                              postgresql_where=PRIORITIZED)
        batch_op.create_index("ix_feedback_prioritized_all",
                              ["status", "priority", "due_at", "id"], unique=False,
                              sqlite_where=PRIORITIZED, postgresql_where=PRIORITIZED)
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.add_column(sa.Column("urgent_sla_hours", sa.Integer(), server_default="24",
                                      nullable=False))
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_on_urgent", sa.Boolean(), server_default=sa.true(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("email_on_urgent")
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.drop_column("urgent_sla_hours")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_prioritized_all")
        batch_op.drop_index("ix_feedback_prioritized")
        batch_op.drop_constraint("priority_known", type_="check")
        batch_op.drop_column("priority_reason")
        batch_op.drop_column("priority")
