"""A partial index on the timeline's transfers, which the router's learner reads every ten
minutes (mrejesho.router.learning): without it each run scans every event.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TRANSFERRED = "type = 'transferred'"


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_transferred", ["created_at", "from_value"],
                              unique=False, sqlite_where=sa.text(TRANSFERRED),
                              postgresql_where=sa.text(TRANSFERRED))


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_transferred")
