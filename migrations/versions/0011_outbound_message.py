"""One outbox for every message that leaves: outbound_sms becomes outbound_message, with a
channel (sms, email), an email subject and an address wide enough for email; officers choose
which email notices they get (three switches on staff_user, on by default).

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Indexes named after the table (the naming convention's ix_<table>_<column>).
COLUMN_INDEXES = ("to", "feedback_id", "provider_id")
NOTICES = ("email_on_assignment", "email_on_citizen_answer", "email_on_escalation")


def _rename_table(old: str, new: str) -> None:
    op.rename_table(old, new)
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL renames in place (no copy of a possibly large outbox). The sequence and
        # the constraints keep their old names unless told; the column default follows the
        # sequence by its oid.
        op.execute(f"ALTER SEQUENCE {old}_id_seq RENAME TO {new}_id_seq")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT pk_{old} TO pk_{new}")
        op.execute(f"ALTER TABLE {new} RENAME CONSTRAINT fk_{old}_feedback_id_feedback "
                   f"TO fk_{new}_feedback_id_feedback")
        for column in COLUMN_INDEXES:
            op.execute(f"ALTER INDEX ix_{old}_{column} RENAME TO ix_{new}_{column}")
    else:  # SQLite cannot rename an index: make it again under the new name
        with op.batch_alter_table(new, schema=None) as batch_op:
            for column in COLUMN_INDEXES:
                batch_op.drop_index(f"ix_{old}_{column}")
                batch_op.create_index(f"ix_{new}_{column}", [column], unique=False)


def upgrade():
    _rename_table("outbound_sms", "outbound_message")
    with op.batch_alter_table("outbound_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=8), server_default="sms",
                                      nullable=False))
        batch_op.add_column(sa.Column("subject", sa.String(length=200), nullable=True))
        batch_op.alter_column("to", existing_type=sa.String(length=20),
                              type_=sa.String(length=254), existing_nullable=False)
        batch_op.create_check_constraint("channel_known", "channel IN ('sms', 'email')")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        for name in NOTICES:
            batch_op.add_column(sa.Column(name, sa.Boolean(), server_default=sa.true(),
                                          nullable=False))


def downgrade():
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        for name in reversed(NOTICES):
            batch_op.drop_column(name)
    op.execute("DELETE FROM outbound_message WHERE channel <> 'sms'")
    with op.batch_alter_table("outbound_message", schema=None) as batch_op:
        batch_op.drop_constraint("channel_known", type_="check")  # named by convention
        batch_op.alter_column("to", existing_type=sa.String(length=254),
                              type_=sa.String(length=20), existing_nullable=False)
        batch_op.drop_column("subject")
        batch_op.drop_column("channel")
    _rename_table("outbound_message", "outbound_sms")
