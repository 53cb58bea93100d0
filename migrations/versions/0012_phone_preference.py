"""Per-phone preferences (issue 11): the language of a phone's answers, its default
anonymity (an SMS "SIRI") and the place it last wrote about, in one row per phone number.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "phone_preference",
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"],
                                name=op.f("fk_phone_preference_district_id_district")),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"],
                                name=op.f("fk_phone_preference_region_id_region")),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_phone_preference")),
    )


def downgrade():
    op.drop_table("phone_preference")
