"""Operations: health and readiness probes, Prometheus metrics, structured logs with a
request id and masked phone numbers, and the read replica for figures."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire the operational parts into the app. Called first in create_app, so that its
    after_request hook runs last (Flask runs them in reverse) and times the whole request,
    the unit of work's commit included."""
    from . import commands, health, logs, metrics, replica

    logs.init_app(app)
    metrics.init_app(app)
    replica.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    commands.register(app)
