"""Feedback: a version column for optimistic checks, CHECK constraints from the lifecycle.

The status and kind names are written out here, as they were when this migration was made:
a migration must not change when the code's lists change later.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATUSES = ("new", "in_progress", "awaiting_citizen", "resolved", "closed", "reopened",
            "rejected")
KINDS = ("complaint", "suggestion", "enquiry", "compliment")


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1",
                                      nullable=False))
        batch_op.create_check_constraint("status_known", _one_of("status", STATUSES))
        batch_op.create_check_constraint("kind_known", _one_of("kind", KINDS))
        batch_op.create_check_constraint("rating_range",
                                         "rating IS NULL OR rating BETWEEN 1 AND 5")


def downgrade():
    # The names as upgrade() gave them: the naming convention adds "ck_feedback_" to a drop
    # too (a full name here became ck_feedback_ck_feedback_..., which does not exist).
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_constraint("rating_range", type_="check")
        batch_op.drop_constraint("kind_known", type_="check")
        batch_op.drop_constraint("status_known", type_="check")
        batch_op.drop_column("version")
