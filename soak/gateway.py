"""The fake Africa's Talking of the soak (tests/fake_at.py's server) with a switch to fail,
a record of every message it accepted, and the delivery reports it sends back as Africa's
Talking does (retried until our webhook answers 200)."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.fake_at import FakeAfricasTalking

HOLD_SECONDS = 4.0  # longer than the soak's SMS_SEND_TIMEOUT: the SDK times out reading


class SoakAT(FakeAfricasTalking):
    """mode: "accept", "timeout" (hold each answer, then accept it: the sender gave up but
    the message went out) or "error" (HTTP 500, nothing accepted)."""

    def __init__(self):
        super().__init__()
        self.mode = "accept"
        self.accepted: list[tuple[str, str, str]] = []  # (number, text, message id)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.delay = HOLD_SECONDS if mode == "timeout" else 0.0

    def answer(self, form: dict):
        if self.mode == "error":
            return 500, "Internal Server Error"
        status, body = super().answer(form)
        with self._lock:
            for entry in body["SMSMessageData"]["Recipients"]:
                if entry["statusCode"] in (100, 101, 102):
                    self.accepted.append((entry["number"], form["message"], entry["messageId"]))
        return status, body


class Reporter(threading.Thread):
    """Posts a delivery report ("Success") for each accepted message to our webhook, a
    moment after it was accepted, several at once (Africa's Talking does not wait for one
    report before the next); a report not answered 200 is posted again later."""

    def __init__(self, fake: SoakAT, urls: list[str], token: str, lag: float = 1.0,
                 senders: int = 4):
        super().__init__(daemon=True)
        self.fake, self.urls, self.token, self.lag = fake, urls, token, lag
        self.posted = 0
        self.failed_posts = 0
        self._next = 0  # index in fake.accepted of the first report not yet tried
        self._again: list[tuple[str, str, str]] = []
        self._halt = threading.Event()
        self._pool = ThreadPoolExecutor(senders, thread_name_prefix="soak-report")
        self._local = threading.local()

    def run(self) -> None:
        while not self._halt.wait(self.lag):
            self.flush()

    def flush(self) -> int:
        """Post every report due; returns how many are to be posted again."""
        with self.fake._lock:
            due = self._again + self.fake.accepted[self._next:]
            self._next = len(self.fake.accepted)
        outcomes = list(self._pool.map(self._post, due, range(len(due))))
        self._again = [report for report, ok in zip(due, outcomes, strict=True) if not ok]
        self.posted += outcomes.count(True)
        self.failed_posts += outcomes.count(False)
        return len(self._again)

    def _post(self, report: tuple[str, str, str], index: int) -> bool:
        number, _text, message_id = report
        http = getattr(self._local, "http", None) or requests.Session()
        self._local.http = http
        url = self.urls[index % len(self.urls)]
        try:
            answer = http.post(f"{url}/sms/delivery?token={self.token}", timeout=10,
                               data={"id": message_id, "status": "Success",
                                     "phoneNumber": number, "networkCode": "64002",
                                     "retryCount": "0"})
            return answer.status_code == 200
        except requests.RequestException:
            return False

    def stop(self, settle_seconds: float = 60) -> int:
        """Stop the thread, then post what is left; returns how many could not be posted."""
        self._halt.set()
        self.join()
        deadline = time.monotonic() + settle_seconds
        left = self.flush()
        while left and time.monotonic() < deadline:
            time.sleep(1)  # the app may be restarting: retry as the gateway does
            left = self.flush()
        self._pool.shutdown()
        return left
