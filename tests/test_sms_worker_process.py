"""`flask sms-worker` as a real process: the console gateway shows the reply, SIGTERM ends
it cleanly (as honcho does on Ctrl-C)."""
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

from mrejesho.models import OutboundSms
from tests.fake_at import CITIZEN, post_inbound

ROOT = Path(__file__).resolve().parent.parent
WAIT = 60  # seconds: an upper bound for a slow machine, not a timing assumption


def start_worker(url: str) -> tuple[subprocess.Popen, queue.Queue]:
    env = {**os.environ, "DATABASE_URL": url, "SMS_GATEWAY": "console",
           "PYTHONUNBUFFERED": "1", "MREJESHO_ENV": "development"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "sms-worker", "--poll", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return process, lines


def read_until(lines: queue.Queue, needle: str) -> str:
    seen = []
    while True:
        line = lines.get(timeout=WAIT)
        assert line is not None, "worker ended early:\n" + "".join(seen)
        seen.append(line)
        if needle in line:
            return "".join(seen)


def test_sms_to_the_webhook_becomes_feedback_and_the_console_worker_shows_the_reply(
        backend, client, db):
    _name, url, _settings = backend
    post_inbound(client, "LALAMIKO TANESCO umeme umekatika tangu jana Sinza")
    row = db.session.scalars(db.select(OutboundSms)).one()
    reference = row.feedback.reference
    process, lines = start_worker(url)
    try:
        output = read_until(lines, f"HALI {reference}")
        assert f"SMS to {CITIZEN} (1 segment" in output
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=WAIT) == 0
        output = read_until(lines, "sms-worker stopped")
        assert "sent=1" in output
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    db.session.expire_all()
    row = db.session.get(OutboundSms, row.id)
    assert (row.status, row.provider_id) == ("sent", "console-1")
