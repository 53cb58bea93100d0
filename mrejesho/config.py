"""Settings from the environment, with embedded defaults that serve a newcomer."""
import os
from pathlib import Path

from . import languages

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class ConfigError(RuntimeError):
    """A required setting is missing or wrong; raised at start-up, not at first request."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def load() -> dict:
    """Build the Flask config mapping from the environment."""
    env = os.environ.get("MREJESHO_ENV", "development")
    production = env == "production"
    secret = os.environ.get("SECRET_KEY")
    if production and not secret:
        raise ConfigError("SECRET_KEY must be set when MREJESHO_ENV=production")
    webhook_token = os.environ.get("WEBHOOK_TOKEN")
    if production and not webhook_token:
        raise ConfigError("WEBHOOK_TOKEN must be set when MREJESHO_ENV=production")
    return {
        "MREJESHO_ENV": env,
        "SECRET_KEY": secret or "dev-only-not-secret",
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'mrejesho.db'}"
        ),
        "SMS_GATEWAY": os.environ.get("SMS_GATEWAY", "console"),
        "AT_USERNAME": os.environ.get("AT_USERNAME", "sandbox"),
        "AT_API_KEY": os.environ.get("AT_API_KEY", ""),
        "AT_SENDER_ID": os.environ.get("AT_SENDER_ID") or None,
        "AT_API_BASE_URL": os.environ.get("AT_API_BASE_URL") or None,
        # Seconds to wait for Africa's Talking before the worker retries the SMS later.
        "SMS_SEND_TIMEOUT": float(os.environ.get("SMS_SEND_TIMEOUT", "10")),
        # Email (sms/mail.py): "console" prints each message; "smtp" sends it.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "console"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),  # STARTTLS
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),  # TLS from the start (port 465)
        "MAIL_FROM": os.environ.get("MAIL_FROM", "e-Mrejesho <no-reply@localhost>"),
        "WEBHOOK_TOKEN": webhook_token or "dev-webhook-token",
        "WEBHOOK_ALLOWED_IPS": [
            ip.strip() for ip in os.environ.get("WEBHOOK_ALLOWED_IPS", "").split(",") if ip.strip()
        ],
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "USSD_SERVICE_CODE": os.environ.get("USSD_SERVICE_CODE", "*152*00#"),
        # The number citizens send SMS to, shown wherever SMS is mentioned.
        "SMS_SHORT_CODE": os.environ.get("SMS_SHORT_CODE", "15200"),
        # The address citizens reach the public site at: the private follow-up links in the
        # receipt SMS and emails are built on it (mrejesho/followup.py).
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # Below this confidence the router leaves a message to the central desk, with its
        # suggestions (mrejesho/router; 0.3 was chosen on the tuning corpus).
        "ROUTING_THRESHOLD": float(os.environ.get("ROUTING_THRESHOLD", "0.3")),
        # The router's learner (router/learning.py): distinct messages from distinct citizens
        # an alias needs, and how many days of the desk's transfers count.
        "ROUTING_LEARN_MIN": int(os.environ.get("ROUTING_LEARN_MIN", "3")),
        "ROUTING_LEARN_DAYS": int(os.environ.get("ROUTING_LEARN_DAYS", "365")),
        # Where a USSD session's in-between state lives: "database", or a redis:// URL
        # (shared by every app instance; see ussd/sessions.py).
        "USSD_SESSION_STORE": os.environ.get("USSD_SESSION_STORE", "database"),
        "SIMULATOR_ENABLED": _bool("SIMULATOR_ENABLED", not production),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "MAX_ATTACHMENT_BYTES": 5 * 1024 * 1024,
        "DISPUTE_DAYS": int(os.environ.get("DISPUTE_DAYS", "7")),
        "ESCALATION_GRACE_DAYS": int(os.environ.get("ESCALATION_GRACE_DAYS", "2")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("STAFF_SESSION_SECONDS", str(8 * 3600))),
        "BABEL_DEFAULT_LOCALE": "sw",
        "LANGUAGES": languages.LANGUAGES,
        "WTF_CSRF_TIME_LIMIT": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }
