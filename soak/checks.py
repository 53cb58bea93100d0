"""What the soak proves afterwards, from what the load was told (acknowledgements in the
wrk logs), what the database holds and what the fake Africa's Talking accepted: every
acknowledged submission stored exactly once, every acknowledgement SMS sent exactly once (or
still queued, or unknown and flagged), no USSD session with two feedbacks, nothing stuck in
`sending`. The functions on plain data are tested in tests/test_soak_checks.py."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

MARK = re.compile(r"soak[\w-]*")  # each submission's own token, inside its text
SENT = ("sent", "delivered")


@dataclass
class Verdict:
    """Counts by kind; lost, duplicated and stuck must be zero."""

    acknowledged: Counter = field(default_factory=Counter)  # by channel
    lost: list = field(default_factory=list)
    duplicated: list = field(default_factory=list)
    stuck: list = field(default_factory=list)
    sms: Counter = field(default_factory=Counter)  # acknowledgement SMS by outcome

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.stuck)


def marks(bodies: list[str]) -> Counter:
    """How many feedback rows carry each submission's token."""
    return Counter(token for body in bodies for token in set(MARK.findall(body or "")))


def submissions(verdict: Verdict, acks: list[tuple[str, str, str | None]],
                feedback: dict[str, str], tokens: Counter) -> None:
    """acks: (channel, token, reference or None); feedback: reference -> body; tokens: the
    feedback rows per token. An acknowledged one must be there once (with its reference);
    any token on two rows is a duplicate, acknowledged or not."""
    for channel, token, reference in acks:
        verdict.acknowledged[channel] += 1
        if tokens[token] == 0 or (reference and reference not in feedback):
            verdict.lost.append(f"{channel} {token} {reference or ''}".strip())
        elif reference and token not in MARK.findall(feedback[reference]):
            verdict.lost.append(f"{channel} {token}: reference {reference} is another's")
    verdict.duplicated += [f"feedback x{n} for {token}" for token, n in tokens.items() if n > 1]


def acknowledgements(verdict: Verdict, references: list[str], phones: dict[str, str | None],
                     with_sms: set[str]) -> None:
    """Each acknowledged submission that gave a phone number has its acknowledgement SMS
    in the outbox (sent, queued or unknown: outbox() checks what became of it)."""
    for reference in references:
        if phones.get(reference) and reference not in with_sms:
            verdict.lost.append(f"no acknowledgement SMS for {reference}")


def replies(verdict: Verdict, acks: list[str], tokens: Counter) -> None:
    """An officer's reply the app confirmed (302) is one SMS in the outbox, exactly."""
    for token in acks:
        verdict.acknowledged["staff reply"] += 1
        if tokens[token] == 0:
            verdict.lost.append(f"staff reply {token}: no SMS")
        elif tokens[token] > 1:
            verdict.duplicated.append(f"staff reply {token}: {tokens[token]} SMS")


def outbox(verdict: Verdict, rows: list[dict], accepted: Counter, now: datetime) -> None:
    """rows: the SMS outbox (to, text, status, next_attempt_at, resent_after_unknown);
    accepted: what the fake Africa's Talking took, per (number, text). Per (number, text):
    fewer accepted than rows marked sent is a loss; more accepted than the rows that may
    have gone out (sent, unknown, one more for each flagged resend) is a duplicate."""
    by_key: dict[tuple, list[dict]] = {}
    for row in rows:
        by_key.setdefault((row["to"], row["text"]), []).append(row)
        verdict.sms[row["status"]] += 1
        if row["resent_after_unknown"]:
            verdict.sms["resent after unknown (flagged)"] += 1
        if row["status"] == "sending" and row["next_attempt_at"] < now:
            verdict.stuck.append(f"outbox #{row['id']} sending past its lease")
    for key in set(by_key) | set(accepted):
        group = by_key.get(key, [])
        sent = sum(row["status"] in SENT for row in group)
        may = sum(row["status"] in (*SENT, "unknown") for row in group)
        flagged = sum(bool(row["resent_after_unknown"]) for row in group)
        got = accepted.get(key, 0)
        if got < sent:
            verdict.lost.append(f"SMS to {key[0]} marked sent {sent}x, accepted {got}x")
        elif got > may + flagged:
            verdict.duplicated.append(f"SMS to {key[0]} accepted {got}x for {len(group)} rows")
        elif got > may:
            verdict.sms["sent twice, flagged"] += got - may
