"""Retention and citizen data rights (issue 15): an institution's own retention period,
when a feedback's personal data was removed, and the one-time codes a citizen proves their
phone number with (kept as keyed hashes).

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("institution") as batch:
        batch.add_column(sa.Column("retention_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))
    op.create_table(
        "data_access_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_key", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_access_code")),
    )
    op.create_index(op.f("ix_data_access_code_phone_key"), "data_access_code", ["phone_key"])


def downgrade():
    op.drop_index(op.f("ix_data_access_code_phone_key"), table_name="data_access_code")
    op.drop_table("data_access_code")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("anonymised_at")
    with op.batch_alter_table("institution") as batch:
        batch.drop_column("retention_days")
