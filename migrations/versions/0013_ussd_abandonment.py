"""USSD abandonment (issue 11): how many sessions ended without filing feedback, per East
Africa day and the screen they stopped at, for the dashboard; session rows are purged.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ussd_abandonment",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("screen", sa.String(length=40), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "screen", name=op.f("pk_ussd_abandonment")),
    )


def downgrade():
    op.drop_table("ussd_abandonment")
