"""Places (regions, districts, wards), institutions' coverage, a feedback's place and how it
was routed (issue 10).

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("zone", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
        sa.UniqueConstraint("key", name=op.f("uq_region_key")),
    )
    op.create_table(
        "district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"],
                                name=op.f("fk_district_region_id_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district")),
        sa.UniqueConstraint("key", name=op.f("uq_district_key")),
    )
    op.create_index(op.f("ix_district_region_id"), "district", ["region_id"], unique=False)
    op.create_table(
        "ward",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("post_code", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"],
                                name=op.f("fk_ward_district_id_district")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ward")),
        sa.UniqueConstraint("key", name=op.f("uq_ward_key")),
    )
    op.create_index(op.f("ix_ward_district_id"), "ward", ["district_id"], unique=False)

    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.alter_column("code", existing_type=sa.String(length=12),
                              type_=sa.String(length=20), existing_nullable=False)
        batch_op.add_column(sa.Column("short_name", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("covers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("handles", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("seeded", sa.JSON(), nullable=True))
    # The ORM writes these; rows of before get empty values, then not null like the model.
    op.execute("UPDATE institution SET covers = '{}', handles = '{}', seeded = '{}'")
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.alter_column("covers", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("handles", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("seeded", existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ward_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("routing_confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("routing_reasons", sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_feedback_region_id_region"), "region",
                                    ["region_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_feedback_district_id_district"),
                                    "district", ["district_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_feedback_ward_id_ward"), "ward",
                                    ["ward_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_feedback_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_district_id"), ["district_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_district_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_region_id"))
        batch_op.drop_constraint(batch_op.f("fk_feedback_ward_id_ward"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_feedback_district_id_district"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_feedback_region_id_region"), type_="foreignkey")
        batch_op.drop_column("routing_reasons")
        batch_op.drop_column("routing_confidence")
        batch_op.drop_column("ward_id")
        batch_op.drop_column("district_id")
        batch_op.drop_column("region_id")
    with op.batch_alter_table("institution", schema=None) as batch_op:
        batch_op.drop_column("seeded")
        batch_op.drop_column("handles")
        batch_op.drop_column("covers")
        batch_op.drop_column("short_name")
        batch_op.alter_column("code", existing_type=sa.String(length=20),
                              type_=sa.String(length=12), existing_nullable=False)
    op.drop_index(op.f("ix_ward_district_id"), table_name="ward")
    op.drop_table("ward")
    op.drop_index(op.f("ix_district_region_id"), table_name="district")
    op.drop_table("district")
    op.drop_table("region")
