"""The audit log (issue 15): every access to personal data and every change, append-only.

The database itself refuses UPDATE and DELETE on audit_entry: a statement-level trigger on
PostgreSQL, and on SQLite two triggers that RAISE(ABORT). TRUNCATE is not caught (PostgreSQL
fires no DELETE trigger for it): it needs the TRUNCATE privilege, which the application's
role must not hold in production; the test suite uses it to empty the table between tests.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

PG_FUNCTION = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
PG_TRIGGER = """
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()
"""
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
    f"BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
]
INDEXED = ("created_at", "action", "actor_id", "feedback_id", "reference", "phone_hash")


def upgrade():
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=True),
        sa.Column("actor_role", sa.String(length=10), nullable=True),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=30), nullable=True),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    for column in INDEXED:
        op.create_index(op.f(f"ix_audit_entry_{column}"), "audit_entry", [column])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION audit_entry_append_only()")
    for column in INDEXED:
        op.drop_index(op.f(f"ix_audit_entry_{column}"), table_name="audit_entry")
    op.drop_table("audit_entry")  # SQLite drops the table's triggers with it
