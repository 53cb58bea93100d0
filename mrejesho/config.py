"""Settings from the environment, with embedded defaults that serve a newcomer."""
import os
import secrets
from pathlib import Path

from . import languages

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
ENVIRONMENTS = ("development", "production")
# Where development keeps the secrets it made up for itself (never a value in the code).
SECRET_FILES = {"SECRET_KEY": "secret-key", "WEBHOOK_TOKEN": "webhook-token"}


class ConfigError(RuntimeError):
    """A required setting is missing or wrong; raised at start-up, not at first request."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _days_by_kind(value: str) -> dict[str, int]:
    """RETENTION_DAYS_BY_KIND: "complaint=1095,compliment=365" -> {kind: days}."""
    days = {}
    for part in filter(None, (p.strip() for p in value.split(","))):
        kind, _, number = part.partition("=")
        if not number.strip().isdigit() or int(number) < 1:
            raise ConfigError(f"RETENTION_DAYS_BY_KIND: {part!r} is not kind=days")
        days[kind.strip()] = int(number)
    return days


def generated_secret(name: str, directory: Path | None = None) -> str:
    """The development value of a secret setting: made up randomly the first time, kept
    in instance/<file> (readable by its owner only) and read back afterwards, so every
    process of `make run` shares it and sessions survive a restart. Several processes
    starting at once agree: the first file linked into place wins."""
    directory = directory or INSTANCE_DIR
    path = directory / SECRET_FILES[name]
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        draft = directory / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first; use its value
        finally:
            draft.unlink()
    value = path.read_text().strip()
    if not value:
        raise ConfigError(f"{path} is empty: delete it to make a new {name}")
    return value


def _secret(name: str, production: bool) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if production:
        raise ConfigError(f"{name} must be set when MREJESHO_ENV=production "
                          "(the same value on every host)")
    return generated_secret(name)


def load() -> dict:
    """Build the Flask config mapping from the environment."""
    env = os.environ.get("MREJESHO_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"MREJESHO_ENV={env!r} is unknown: use one of "
                          + ", ".join(ENVIRONMENTS))
    production = env == "production"
    secret = _secret("SECRET_KEY", production)
    webhook_token = _secret("WEBHOOK_TOKEN", production)
    return {
        "MREJESHO_ENV": env,
        "SECRET_KEY": secret,
        # The key of the audit log's phone hashes (mrejesho.audit.phone_hash): the same on
        # every host, kept when SECRET_KEY rotates; unset, a key derived from SECRET_KEY.
        "AUDIT_KEY": os.environ.get("AUDIT_KEY") or None,
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
        # A send that timed out may have gone out (Africa's Talking has no idempotency key):
        # it waits this long for a delivery report to settle it, then is resent once, flagged.
        "SMS_UNKNOWN_WINDOW_MINUTES": float(os.environ.get("SMS_UNKNOWN_WINDOW_MINUTES", "60")),
        # How long a worker owns the messages it claimed: if it dies, others send them after.
        "SMS_LEASE_SECONDS": int(os.environ.get("SMS_LEASE_SECONDS", "300")),
        # Email (sms/mail.py): "console" prints each message; "smtp" sends it.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "console"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),  # STARTTLS
        "MAIL_USE_SSL": _bool("MAIL_USE_SSL", False),  # TLS from the start (port 465)
        "MAIL_FROM": os.environ.get("MAIL_FROM", "e-Mrejesho <no-reply@localhost>"),
        "WEBHOOK_TOKEN": webhook_token,
        "WEBHOOK_ALLOWED_IPS": [
            ip.strip() for ip in os.environ.get("WEBHOOK_ALLOWED_IPS", "").split(",") if ip.strip()
        ],
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        # The JSON API's budget per key (per address without one), and for submissions
        # without a key per address (mrejesho/api).
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120/minute;5000/hour"),
        "API_SUBMIT_LIMIT": os.environ.get("API_SUBMIT_LIMIT", "20/hour"),
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
        # Days the personal data of finished feedback is kept (mrejesho.retention): two
        # years, per kind "complaint=1095,compliment=365", per institution on its row.
        "RETENTION_DAYS": int(os.environ.get("RETENTION_DAYS", "730")),
        "RETENTION_DAYS_BY_KIND": _days_by_kind(os.environ.get("RETENTION_DAYS_BY_KIND", "")),
        # The one-time code a citizen proves their number with (/data, mrejesho.rights).
        "DATA_CODE_MINUTES": int(os.environ.get("DATA_CODE_MINUTES", "10")),
        "DATA_CODE_TRIES": int(os.environ.get("DATA_CODE_TRIES", "5")),
        "ESCALATION_GRACE_DAYS": int(os.environ.get("ESCALATION_GRACE_DAYS", "2")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("STAFF_SESSION_SECONDS", str(8 * 3600))),
        "BABEL_DEFAULT_LOCALE": "sw",
        "LANGUAGES": languages.LANGUAGES,
        "WTF_CSRF_TIME_LIMIT": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Operations (mrejesho/ops, docs/deployment.md). A streaming replica the dashboards
        # and statistics read from; unset, they read the primary.
        "DATABASE_REPLICA_URL": os.environ.get("DATABASE_REPLICA_URL") or None,
        # Seconds /readyz waits for the database before it says "not ready".
        "READINESS_TIMEOUT": float(os.environ.get("READINESS_TIMEOUT", "2")),
        # json or text; unset: json in production, text in development.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or None,
        # Who may read /metrics: a bearer token and/or addresses and networks.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        "METRICS_ALLOWED_IPS": os.environ.get("METRICS_ALLOWED_IPS", ""),
        # The SMS worker's own metrics port (one per worker on a machine); unset: none.
        "WORKER_METRICS_PORT": int(os.environ.get("WORKER_METRICS_PORT") or 0) or None,
    }
