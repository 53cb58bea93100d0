"""Start-up configuration and migrations."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from mrejesho import config, create_app
from mrejesho.extensions import db


def test_production_without_secret_key_fails_at_start(monkeypatch):
    monkeypatch.setenv("MREJESHO_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_without_webhook_token_fails_at_start(monkeypatch):
    monkeypatch.setenv("MREJESHO_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.delenv("WEBHOOK_TOKEN", raising=False)
    with pytest.raises(config.ConfigError, match="WEBHOOK_TOKEN"):
        create_app()


def test_production_with_secrets_starts_with_secure_cookies(monkeypatch):
    monkeypatch.setenv("MREJESHO_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("WEBHOOK_TOKEN", "t0ken")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SIMULATOR_ENABLED"] is False


def test_migrations_yield_exactly_the_models(app):
    """Upgrading an empty database (done by the backend fixture) leaves no drift."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
    tables = set(sa.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables


def test_migrations_have_exactly_one_head():
    """Each later change adds a migration; two written side by side must be merged first."""
    scripts = Config()
    scripts.set_main_option("script_location", str(config.PROJECT_ROOT / "migrations"))
    heads = ScriptDirectory.from_config(scripts).get_heads()
    assert len(heads) == 1, f"migration heads {heads}: chain them (down_revision) or merge"


def test_migrated_database_is_at_the_head(app):
    """The backend fixture's upgrade reached the one head, so the revision is recorded."""
    scripts = Config()
    scripts.set_main_option("script_location", str(config.PROJECT_ROOT / "migrations"))
    [head] = ScriptDirectory.from_config(scripts).get_heads()
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == (head,)


def test_seed_loads_triage_desk_and_real_institutions(db):
    from mrejesho.models import Institution

    codes = set(db.session.scalars(sa.select(Institution.code)))
    assert {"DAWATI", "TANESCO", "DAWASA", "TRA", "NIDA", "RITA", "TANROADS", "TARURA", "LATRA",
            "EWURA", "TCRA", "NHIF", "HESLB", "BRELA"} <= codes
    assert len(codes) >= 40


def test_seed_command_prints_demo_logins(runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0
    assert "mrejesho-demo" in result.output and "afisa@tanesco.go.tz" in result.output
