"""mrejesho.testing.cluster: a private PostgreSQL server of its own (never the shared one on
5432) that a test or the soak may stop, crash and start again."""
import pytest
import sqlalchemy as sa

from mrejesho.testing import cluster

pytestmark = pytest.mark.skipif(not cluster.available(), reason="no PostgreSQL initdb here")


def answer(engine):
    with engine.connect() as conn:
        return conn.scalar(sa.text("SELECT 1"))


def test_a_private_cluster_stops_restarts_and_is_removed():
    with cluster.Cluster() as server:
        assert server.port != 5432 and "127.0.0.1" in server.url
        engine = sa.create_engine(server.create_database("probe"), pool_pre_ping=True)
        assert answer(engine) == 1
        server.stop()
        assert not server.running()
        with pytest.raises(sa.exc.OperationalError):
            answer(engine)
        server.start()
        assert answer(engine) == 1  # pre-ping replaced the dead pooled connection
        server.restart("immediate")  # a crash: recovery on start
        assert answer(engine) == 1
        engine.dispose()
        folder = server.folder
    assert not folder.exists()
