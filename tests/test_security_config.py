"""Configuration never fails open (issue 12 #2): no public secret in development, secrets
required in production, and no start with an unknown environment name."""
from __future__ import annotations

import stat

import pytest
from flask import Flask

from mrejesho import config, create_app
from mrejesho.extensions import db as _db
from tests.factories import make_staff


@pytest.fixture
def development(monkeypatch, tmp_path):
    """The environment of a newcomer's `make run`: no secret set, instance/ in tmp_path."""
    monkeypatch.delenv("MREJESHO_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("WEBHOOK_TOKEN", raising=False)
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    return tmp_path


def test_development_makes_up_its_secrets_once_and_keeps_them_private(development):
    first = config.load()
    assert first["SECRET_KEY"] not in ("dev-only-not-secret", "")
    assert first["WEBHOOK_TOKEN"] not in ("dev-webhook-token", "")
    assert first["SECRET_KEY"] != first["WEBHOOK_TOKEN"] and len(first["SECRET_KEY"]) >= 40
    for name in ("secret-key", "webhook-token"):
        path = development / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = config.load()
    assert (again["SECRET_KEY"], again["WEBHOOK_TOKEN"]) == (first["SECRET_KEY"],
                                                             first["WEBHOOK_TOKEN"])
    assert (development / "webhook-token").read_text().strip() == first["WEBHOOK_TOKEN"]
    assert sorted(p.name for p in development.iterdir()) == ["secret-key", "webhook-token"]


def test_another_checkout_gets_other_secrets(development, tmp_path_factory, monkeypatch):
    first = config.load()
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path_factory.mktemp("other"))
    assert config.load()["SECRET_KEY"] != first["SECRET_KEY"]


def test_secrets_set_in_the_environment_win_and_nothing_is_written(development, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("WEBHOOK_TOKEN", "token-from-the-environment")
    loaded = config.load()
    assert (loaded["SECRET_KEY"], loaded["WEBHOOK_TOKEN"]) == ("from-the-environment",
                                                               "token-from-the-environment")
    assert list(development.iterdir()) == []


@pytest.mark.parametrize("env", ["prod", "Production", "staging", "testing", ""])
def test_an_unknown_environment_refuses_to_start(development, monkeypatch, env):
    monkeypatch.setenv("MREJESHO_ENV", env)
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("WEBHOOK_TOKEN", "t0ken")
    with pytest.raises(config.ConfigError, match="MREJESHO_ENV"):
        create_app()


@pytest.mark.parametrize("missing", ["SECRET_KEY", "WEBHOOK_TOKEN"])
def test_production_never_makes_up_a_secret(development, monkeypatch, missing):
    monkeypatch.setenv("MREJESHO_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("WEBHOOK_TOKEN", "t0ken")
    monkeypatch.delenv(missing)
    with pytest.raises(config.ConfigError, match=missing):
        config.load()
    assert list(development.iterdir()) == []


def test_a_cookie_signed_with_the_old_public_key_gives_nothing(development, backend, db):
    """The finding: sign {"_user_id": "<id>:<version>"} with `dev-only-not-secret` and open
    the admin's user list."""
    _name, url, settings = backend
    admin = make_staff(role="admin")
    forger = Flask("forger")
    forger.secret_key = "dev-only-not-secret"
    cookie = forger.session_interface.get_signing_serializer(forger).dumps(
        {"_user_id": f"{admin.id}:{admin.session_version}", "_fresh": True})
    app = create_app({key: value for key, value in settings.items()
                      if key not in ("SECRET_KEY", "WEBHOOK_TOKEN")})
    try:
        assert app.config["SECRET_KEY"] == (development / "secret-key").read_text().strip()
        client = app.test_client()
        client.set_cookie("session", cookie)
        response = client.get("/staff/users")
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    finally:
        with app.app_context():
            _db.engine.dispose()
