"""Routing aliases (issue 10): phrases that point to an institution beside the router's
lexicon, added by admins or learned from the central desk's transfers; weight 0 stops a
phrase counting for an institution.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "routing_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=80), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_user.id"],
                                name=op.f("fk_routing_alias_created_by_id_staff_user")),
        sa.ForeignKeyConstraint(["institution_id"], ["institution.id"],
                                name=op.f("fk_routing_alias_institution_id_institution")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_alias")),
        sa.UniqueConstraint("phrase", "institution_id", name=op.f("uq_routing_alias_phrase")),
    )
    op.create_index(op.f("ix_routing_alias_institution_id"), "routing_alias",
                    ["institution_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_routing_alias_institution_id"), table_name="routing_alias")
    op.drop_table("routing_alias")
