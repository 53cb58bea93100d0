"""/api/v1: one flask-smorest blueprint; its routes live in the v1_* modules."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..extensions import limiter
from . import errors
from .auth import rate_key, rate_limit

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1",
               description="Feedback, its status, the institutions and places; an "
                           "institution's queue with its key.")
errors.register(bp)
# Every route's budget, per key (or per address without one): API_RATE_LIMIT.
limiter.limit(rate_limit, key_func=rate_key)(bp)

SECURED = [{"apiKey": []}]


def blueprints() -> list[Blueprint]:
    """The API's blueprints, with every route module imported."""
    from . import v1_actions, v1_public, v1_queue  # noqa: F401  (they add routes to bp)

    return [bp]
