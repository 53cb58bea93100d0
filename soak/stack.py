"""What the soak runs: a private PostgreSQL cluster, two gunicorn instances of the real app,
two SMS workers sending through the real africastalking SDK to a fake Africa's Talking,
all on 127.0.0.1; and the faults done to them (kill -9, restart)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from mrejesho.testing.cluster import Cluster, free_port
from tests.fake_at import API_KEY, USERNAME

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "soak-token"
SEND_TIMEOUT = 2.0  # seconds the SDK waits for Africa's Talking; the fault holds answers 4 s
LEASE_SECONDS = 20  # a killed worker's claimed rows are sent again after this


class Stack:
    """Start with start(), end with stop(); processes are ours, each ended by its id."""

    def __init__(self, at_url: str, unknown_window_minutes: float):
        self.cluster = Cluster()
        self.folder = Path(tempfile.mkdtemp(prefix="mrejesho-soak-"))
        self.at_url = at_url
        self.window = unknown_window_minutes
        self.apps: list[tuple[int, subprocess.Popen]] = []  # (port, gunicorn master)
        self.workers: list[subprocess.Popen] = []
        self.database_url = ""

    def env(self) -> dict:
        return {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": self.database_url,
                "MREJESHO_ENV": "development", "SECRET_KEY": "soak-secret-key-" + "x" * 32,
                "WEBHOOK_TOKEN": TOKEN, "RATELIMIT_ENABLED": "false",
                "SMS_GATEWAY": "africastalking", "AT_API_BASE_URL": self.at_url,
                "AT_USERNAME": USERNAME, "AT_API_KEY": API_KEY,
                "SMS_SEND_TIMEOUT": str(SEND_TIMEOUT), "SMS_LEASE_SECONDS": str(LEASE_SECONDS),
                "SMS_UNKNOWN_WINDOW_MINUTES": str(self.window), "SMS_REPLIES_PER_HOUR": "1000"}

    def start(self) -> None:
        self.cluster.__enter__()
        self.database_url = self.cluster.create_database("mrejesho_soak")
        for args in (["db", "upgrade"], ["seed", "--no-demo"]):
            self.flask(*args)
        for _ in range(2):
            self.apps.append(self._gunicorn(free_port()))
        for port, process in self.apps:
            _wait_answering(f"http://127.0.0.1:{port}/", process)
        for _ in range(2):
            self.start_worker()

    def flask(self, *args: str) -> str:
        """`flask --app wsgi ARGS` on the soak's database; its output."""
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                              env=self.env(), check=True, capture_output=True, text=True).stdout

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port, _ in self.apps]

    def _gunicorn(self, port: int) -> tuple[int, subprocess.Popen]:
        log = open(self.folder / f"gunicorn-{port}.log", "ab")
        command = [sys.executable, "-m", "gunicorn", "wsgi:app", "--bind", f"127.0.0.1:{port}",
                   "--workers", "2", "--worker-class", "gthread", "--threads", "4",
                   "--keep-alive", "75", "--graceful-timeout", "5"]
        return port, subprocess.Popen(command, cwd=ROOT, env=self.env(),
                                      stdout=subprocess.DEVNULL, stderr=log)

    def start_worker(self) -> subprocess.Popen:
        """One more `flask sms-worker`."""
        log = open(self.folder / f"sms-worker-{len(self.workers)}.log", "ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "sms-worker", "--poll", "0.5"],
            cwd=ROOT, env=self.env(), stdout=log, stderr=log)
        self.workers.append(process)
        return process

    def kill_app_worker(self) -> int:
        """kill -9 one gunicorn worker of the first instance (its master starts another)."""
        master = self.apps[0][1].pid
        children = sorted(_children(master))
        os.kill(children[0], signal.SIGKILL)
        return children[0]

    def kill_sms_worker(self) -> int:
        """kill -9 the oldest running SMS worker and start a new one."""
        victim = next(w for w in self.workers if w.poll() is None)
        victim.kill()
        victim.wait()
        self.start_worker()
        return victim.pid

    def restart_database(self) -> None:
        """A crash and restart: immediate stop (no checkpoint, recovery on start)."""
        self.cluster.restart("immediate")

    def stop_workers(self) -> list[int]:
        """SIGTERM every SMS worker (they hand back what they claimed); their exit codes."""
        running = [w for w in self.workers if w.poll() is None]
        for worker in running:
            worker.terminate()
        return [worker.wait(timeout=60) for worker in running]

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        for _, process in self.apps:
            process.terminate()
        for _, process in self.apps:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.cluster.destroy()

    def logs_with_tracebacks(self) -> list[Path]:
        return [p for p in sorted(self.folder.glob("*.log")) if "Traceback" in p.read_text(
            errors="replace")]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def _wait_answering(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)  # polling for start-up
    raise RuntimeError(f"{url} did not answer within {timeout} s")
