"""Webhooks out (issue 14): an institution's endpoints (URL and signing secret), and the
outbox's new channel 'webhook', whose rows name the endpoint they go to.

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "webhook_endpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=254), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["institution_id"], ["institution.id"],
                                name=op.f("fk_webhook_endpoint_institution_id_institution")),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_webhook_endpoint_created_by_id_staff_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoint")),
    )
    op.create_index(op.f("ix_webhook_endpoint_institution_id"), "webhook_endpoint",
                    ["institution_id"])
    with op.batch_alter_table("outbound_message") as batch_op:
        batch_op.add_column(sa.Column("webhook_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbound_message_webhook_id_webhook_endpoint"), "webhook_endpoint",
            ["webhook_id"], ["id"])
        batch_op.drop_constraint("channel_known", type_="check")
        batch_op.create_check_constraint("channel_known",
                                         "channel IN ('sms', 'email', 'webhook')")


def downgrade():
    op.execute("DELETE FROM outbound_message WHERE channel = 'webhook'")
    with op.batch_alter_table("outbound_message") as batch_op:
        batch_op.drop_constraint("channel_known", type_="check")
        batch_op.create_check_constraint("channel_known", "channel IN ('sms', 'email')")
        batch_op.drop_constraint("fk_outbound_message_webhook_id_webhook_endpoint",
                                 type_="foreignkey")
        batch_op.drop_column("webhook_id")
    op.drop_index(op.f("ix_webhook_endpoint_institution_id"), table_name="webhook_endpoint")
    op.drop_table("webhook_endpoint")
