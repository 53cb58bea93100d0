"""Every migration is reversible (docs/deployment.md, deploys without downtime): upgrade to
head, load the seed, step down one revision at a time to the base, then upgrade again, on a
fresh SQLite file and a fresh PostgreSQL database."""
from __future__ import annotations

import os
from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from mrejesho import create_app
from mrejesho.extensions import db
from mrejesho.ops.health import MIGRATIONS
from mrejesho.seed import load_institutions, load_places
from mrejesho.testing.databases import private_postgres

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _revision(engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


def _tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_migration_downgrades_step_by_step_and_upgrades_again(backend, tmp_path):
    scripts = ScriptDirectory(str(MIGRATIONS))
    # Newest first: the order downgrades pass through them.
    order = [script.revision for script in scripts.walk_revisions()]
    with ExitStack() as stack:
        url = (f"sqlite:///{tmp_path / 'down.db'}" if backend == "sqlite" else
               stack.enter_context(private_postgres(PG_URL, "mrejesho_downgrade")))
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "x", "WEBHOOK_TOKEN": "x", "MREJESHO_ENV": "testing"})
        with app.app_context():
            upgrade()
            load_places()
            load_institutions()  # downgrades must cope with rows, not only empty tables
            db.session.remove()
            at_head = _tables(db.engine)
            passed = []
            for revision in order:
                assert _revision(db.engine) == revision, passed
                downgrade(revision="-1")
                db.session.remove()
                passed.append(revision)
            assert _revision(db.engine) is None
            assert _tables(db.engine) == set(), "tables left after downgrading to base"
            upgrade()
            assert _revision(db.engine) == scripts.get_current_head()
            assert _tables(db.engine) == at_head
            db.engine.dispose()
