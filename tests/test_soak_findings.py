"""What the soak found, kept fixed, with a real PostgreSQL restarted under the code (a
private cluster, mrejesho.testing.cluster; never the shared server)."""
from datetime import timedelta

import pytest

from mrejesho import create_app, seed
from mrejesho.extensions import db
from mrejesho.models import Feedback, InboundSms
from mrejesho.testing import cluster
from sms import inbox, parser

pytestmark = pytest.mark.skipif(not cluster.available(), reason="no PostgreSQL initdb here")


@pytest.fixture(scope="module")
def server():
    with cluster.Cluster() as running:
        yield running


@pytest.fixture
def pg_app(server):
    app = create_app({"SQLALCHEMY_DATABASE_URI": server.create_database(f"f{id(object())}"),
                      "TESTING": True, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all(bind_key=None)  # the schema; no read replica is configured here
        seed.load_places()
        seed.load_institutions()
        seed.load_jurisdictions()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_an_sms_whose_processing_met_a_database_restart_is_carried_out_later(
        pg_app, server, monkeypatch):
    """Answered 200 and stored, then PostgreSQL restarted under its processing: it must
    stay for the worker's reprocessing, not be marked failed and forgotten."""
    row, new = inbox.store({"from": "+255712000111", "text": "LALAMIKO TANESCO umeme "
                            "umekatika Sinza", "id": "ATXid_restart"})
    db.session.commit()
    real_parse = parser.parse

    def parse_then_crash_the_database(*args):
        server.restart("immediate")  # the session's connection dies with it
        return real_parse(*args)

    monkeypatch.setattr(parser, "parse", parse_then_crash_the_database)
    assert inbox.process(row) == inbox.ERROR
    monkeypatch.undo()
    db.session.expire_all()
    stored = db.session.scalar(db.select(InboundSms).filter_by(provider_id="ATXid_restart"))
    assert (stored.outcome, stored.processed_at) == (None, None)
    assert inbox.reprocess(older_than=timedelta(0)) == 1
    [item] = db.session.scalars(db.select(Feedback)).all()
    assert item.body.startswith("umeme umekatika Sinza")
