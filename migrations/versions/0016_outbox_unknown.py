"""Outbox: a send whose outcome is unknown (it timed out) is resent at most once, after its
delivery-report window, and the resent row is flagged (issue 13). The new status 'unknown'
fits the status column (String(10), no check constraint); only the flag is new. Expand only:
old code ignores the column, so it can run beside the new during a deploy.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbound_message") as table:
        table.add_column(sa.Column("resent_after_unknown", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    # A row still 'unknown' would be stuck under old code (it knows no such status): queue it
    # again, flagged nowhere any more, as the old code would have retried a timeout.
    op.execute("UPDATE outbound_message SET status = 'queued' WHERE status = 'unknown'")
    with op.batch_alter_table("outbound_message") as table:
        table.drop_column("resent_after_unknown")
