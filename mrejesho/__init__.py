"""e-Mrejesho: citizen feedback to public institutions by web, SMS and USSD."""
from __future__ import annotations

import os

from flask import Flask, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, edge, languages, ops, unit_of_work
from .extensions import babel, csrf, db, limiter, login_manager, migrate

TRANSLATION_DIRS = ("translations", "staff/translations", "simulator/translations")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the Flask application; overrides replace settings (tests use this)."""
    app = Flask(
        __name__,
        template_folder=str(config.PROJECT_ROOT / "templates"),
        static_folder=str(config.PROJECT_ROOT / "static"),
        instance_path=str(config.INSTANCE_DIR),
    )
    app.config.update(config.load())
    if overrides:
        app.config.update(overrides)
    _trusted_proxies(app)
    _sqlite_connections(app)
    os.makedirs(app.instance_path, exist_ok=True)
    ops.init_app(app)  # first: logs, request ids, metrics (timing every request), replica
    register_extensions(app)
    edge.init_app(app)  # cleaned input, bounded <int:> (before the routes)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def select_locale() -> str:
    """Pick the visitor's language: explicit choice, then staff preference, then Swahili."""
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages.LANGUAGES:
        return chosen
    return "sw"


def _trusted_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXY_HOPS load balancers / reverse proxies (0: none, the default), the
    client's address and scheme are taken from the X-Forwarded-For / -Proto headers those
    proxies add, counting from the right, so request.remote_addr (rate limits, the webhook
    allow-list) is the real client and request.is_secure is true behind a TLS terminator.
    With 0, those headers are ignored: anyone can send them."""
    raw = app.config.get("TRUSTED_PROXY_HOPS", os.environ.get("TRUSTED_PROXY_HOPS", "0"))
    try:
        hops = int(raw or 0)
    except (TypeError, ValueError):
        hops = -1
    if hops < 0:
        raise config.ConfigError(f"TRUSTED_PROXY_HOPS must be a whole number >= 0, not {raw!r}")
    app.config["TRUSTED_PROXY_HOPS"] = hops
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _sqlite_connections(app: Flask) -> None:
    """On SQLite, connections whose writers take turns without sleeping (sqlite_writers)."""
    if str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        from .sqlite_writers import Connection

        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        options["connect_args"] = {**options.get("connect_args", {}), "factory": Connection}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    from . import audit, models  # noqa: F401  (the tables must be known to Alembic)

    migrate.init_app(
        app, db, directory=str(config.PROJECT_ROOT / "migrations"),
        render_as_batch=True, compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=";".join(TRANSLATION_DIRS),
    )
    limiter.init_app(app)
    unit_of_work.register(app)
    login_manager.init_app(app)
    from . import auth  # noqa: F401  (registers the user loader)

    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"

    @app.before_request
    def remember_language():
        lang = request.args.get("lang")
        if lang in languages.LANGUAGES:
            session["lang"] = lang


def register_blueprints(app: Flask) -> None:
    from .blueprints import all_blueprints

    for blueprint in all_blueprints():
        app.register_blueprint(blueprint)
    from .api import init_app as init_api  # flask-smorest registers /api's blueprints

    init_api(app)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from . import static_files
    from .templating import register

    register(app)
    static_files.register(app)  # fingerprinted static URLs, compression, page headers
