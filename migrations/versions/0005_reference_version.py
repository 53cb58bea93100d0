"""A reference-data version, bumped when institutions or sectors change (mrejesho.reference).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "reference_version",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_reference_version")),
    )
    op.bulk_insert(table, [{"name": "reference", "version": 1}])


def downgrade():
    op.drop_table("reference_version")
