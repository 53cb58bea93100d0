"""Where outgoing email goes: an SMTP server (smtplib) or the console.

The outbox worker (worker.py) sends each email row through the mailer MAIL_BACKEND
names: console (the default: prints the message, as `make run` wants) or smtp (MAIL_SERVER,
MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS for STARTTLS, MAIL_USE_SSL, MAIL_FROM).
Like an SMS gateway it answers with a SendResult: "sent", "retry" (the server or the
network failed for now, or our own settings are wrong: keep the message) or "failed" (the
server refused this address for good: a 5xx about the recipient or the message).
"""
from __future__ import annotations

import itertools
import smtplib
import socket
import sys
import threading
from email.message import EmailMessage
from email.utils import formatdate

from flask import Flask, current_app

from .gateways import SendResult

DEFAULT_TIMEOUT = 20.0  # seconds for each SMTP exchange


def message_id(outbox_id: int, sender: str) -> str:
    """The Message-ID of an outbox row: the same on every try, so a resend after a lost
    lease is recognisably the same message."""
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<outbox-{outbox_id}@{domain}>"


def build(sender: str, to: str, subject: str, text: str, outbox_id: int) -> EmailMessage:
    """A plain-text UTF-8 email."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = message_id(outbox_id, sender)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    message.set_content(text)
    return message


class ConsoleMailer:
    """Development: print each email instead of sending it."""

    networked = False

    def __init__(self, sender: str, stream=None):
        self.sender = sender
        self._stream = stream
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)

    def send(self, outbox_id: int, to: str, subject: str, text: str) -> SendResult:
        """Print the message; always succeeds."""
        message = build(self.sender, to, subject, text, outbox_id)
        with self._lock:
            stream = self._stream or sys.stdout
            stream.write(f"\n----- Email to {to} -----\nSubject: {subject}\n\n{text}\n"
                         f"{'-' * 48}\n")
            stream.flush()
        return SendResult("sent", message["Message-ID"])


class SmtpMailer:
    """Production: one SMTP session per message (the worker runs several at once)."""

    networked = True

    def __init__(self, sender: str, host: str, port: int, *, username: str | None = None,
                 password: str | None = None, starttls: bool = False, ssl: bool = False,
                 timeout: float = DEFAULT_TIMEOUT):
        self.sender = sender
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.starttls, self.ssl, self.timeout = starttls, ssl, timeout

    def send(self, outbox_id: int, to: str, subject: str, text: str) -> SendResult:
        """Hand the message to the SMTP server; say what it answered."""
        message = build(self.sender, to, subject, text, outbox_id)
        try:
            with self._connect() as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, answer = next(iter(exc.recipients.values()))
            return _answer(code, answer)
        except smtplib.SMTPAuthenticationError as exc:  # ours to fix: keep the message
            return SendResult("retry", error=_error(exc.smtp_code, exc.smtp_error))
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused...
            return _answer(exc.smtp_code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:  # refused, dropped, timed out
            return SendResult("retry", error=f"{type(exc).__name__}: {exc}"[:255])
        return SendResult("sent", message["Message-ID"])

    def _connect(self) -> smtplib.SMTP:
        kind = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        return kind(self.host, self.port, local_hostname=_hostname(), timeout=self.timeout)


def _hostname() -> str:
    return socket.getfqdn() or "localhost"


def _answer(code: int, answer) -> SendResult:
    """A 5xx answer is final for this message; anything else may pass later."""
    outcome = "failed" if 500 <= code < 600 else "retry"
    return SendResult(outcome, error=_error(code, answer))


def _error(code: int, answer) -> str:
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return f"SMTP {code} {answer}"[:255]


def current_mailer(app: Flask | None = None):
    """The mailer MAIL_BACKEND names, made once per app and settings."""
    app = app or current_app._get_current_object()
    cfg = app.config
    name = cfg.get("MAIL_BACKEND", "console")
    key = (name, cfg.get("MAIL_SERVER"), cfg.get("MAIL_PORT"), cfg.get("MAIL_USERNAME"),
           cfg.get("MAIL_PASSWORD"), cfg.get("MAIL_USE_TLS"), cfg.get("MAIL_USE_SSL"),
           cfg.get("MAIL_FROM"))
    cache = app.extensions.setdefault("mailers", {})
    if key not in cache:
        cache[key] = _make(name, cfg)
    return cache[key]


def _make(name: str, cfg):
    sender = cfg.get("MAIL_FROM") or "e-Mrejesho <no-reply@localhost>"
    if name == "console":
        return ConsoleMailer(sender)
    if name == "smtp":
        return SmtpMailer(
            sender, cfg.get("MAIL_SERVER") or "localhost", int(cfg.get("MAIL_PORT") or 25),
            username=cfg.get("MAIL_USERNAME") or None, password=cfg.get("MAIL_PASSWORD"),
            starttls=bool(cfg.get("MAIL_USE_TLS")), ssl=bool(cfg.get("MAIL_USE_SSL")),
            timeout=float(cfg.get("MAIL_TIMEOUT") or DEFAULT_TIMEOUT))
    raise ValueError(f"Unknown MAIL_BACKEND {name!r}: use console or smtp")
