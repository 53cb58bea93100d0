"""The soak's checker (soak/checks.py, soak/report.py) on plain data: it must call a loss a
loss and a duplicate a duplicate, or `make soak` proves nothing. The soak itself is not in
the suite (make soak)."""
from collections import Counter
from datetime import datetime, timedelta

from soak import checks, report
from soak.load import Line

NOW = datetime(2026, 11, 25, 12, 0)


def row(id_, status, to="+255710000001", text="Tumepokea 123", flagged=False, lease=None):
    return {"id": id_, "to": to, "text": text, "status": status,
            "next_attempt_at": lease or NOW + timedelta(minutes=1),
            "resent_after_unknown": flagged}


def outbox(rows, accepted):
    verdict = checks.Verdict()
    checks.outbox(verdict, rows, Counter(accepted), NOW)
    return verdict


KEY = ("+255710000001", "Tumepokea 123")


def test_a_message_sent_once_and_accepted_once_passes():
    assert outbox([row(1, "delivered")], {KEY: 1}).ok


def test_a_message_marked_sent_that_never_arrived_is_lost():
    verdict = outbox([row(1, "sent")], {})
    assert len(verdict.lost) == 1 and not verdict.duplicated


def test_a_message_accepted_twice_for_one_row_is_a_duplicate():
    verdict = outbox([row(1, "delivered")], {KEY: 2})
    assert len(verdict.duplicated) == 1 and not verdict.lost


def test_a_flagged_resend_after_an_unknown_outcome_is_counted_apart_not_failed():
    verdict = outbox([row(1, "delivered", flagged=True)], {KEY: 2})
    assert verdict.ok and verdict.sms["sent twice, flagged"] == 1


def test_still_queued_or_unknown_is_neither_lost_nor_duplicated():
    assert outbox([row(1, "queued"), row(2, "unknown", text="B")], {("+255710000001", "B"): 1}).ok


def test_a_row_sending_past_its_lease_is_stuck():
    verdict = outbox([row(1, "sending", lease=NOW - timedelta(seconds=1))], {})
    assert verdict.stuck and not verdict.ok
    assert outbox([row(1, "sending")], {}).ok  # within its lease: a worker has it


def test_submissions_lost_duplicated_or_under_another_reference():
    feedback = {"111": "Umeme soak1-1-1", "222": "Umeme soak1-1-2", "333": "Maji soak1-1-2",
                "444": "Umeme soak1-1-4"}
    tokens = checks.marks(list(feedback.values()))
    verdict = checks.Verdict()
    acks = [("web", "soak1-1-1", "111"), ("ussd", "soak1-1-3", "999"), ("sms", "soak1-1-9", None),
            ("web", "soak1-1-4", "111")]
    checks.submissions(verdict, acks, feedback, tokens)
    assert verdict.acknowledged == {"web": 2, "ussd": 1, "sms": 1}
    assert sorted(verdict.lost) == ["sms soak1-1-9", "ussd soak1-1-3 999",
                                    "web soak1-1-4: reference 111 is another's"]
    assert verdict.duplicated == ["feedback x2 for soak1-1-2"]  # even unacknowledged


def test_tokens_are_whole_words_not_prefixes():
    assert checks.marks(["a soak-1-1-1 b", "soak-1-1-10"]) == {"soak-1-1-1": 1, "soak-1-1-10": 1}


def line(at, ms=10.0, status=200, kind="ok"):
    return Line(at, ms, status, kind, "ussd", ())


def test_windows_count_errors_and_the_99th_percentile():
    errors = [line(t, status=0, kind="resent") for t in (41.5, 44.5, 48.5, 60.5)]
    lines = [line(t, ms=t) for t in range(1, 101)] + errors
    w = report.window(lines, 0, 200)
    assert (w.requests, w.errors, w.p99) == (104, 4, 99)
    # Errors 1.5, 4.5 and 8.5 s after the fault, then 12 quiet seconds: back after 8.5 s;
    # the stray error at 60.5 is not the fault's.
    assert report.recovery(lines, report.Fault("kill", start=40, end=41), until=70) == 8.5
    assert report.recovery(lines, report.Fault("x", start=61, end=62), until=90) == 0


def test_a_confirmed_staff_reply_is_one_sms_exactly():
    verdict = checks.Verdict()
    tokens = checks.marks(["Jibu soak7-1-1", "Jibu soak7-1-2", "Jibu soak7-1-2"])
    checks.replies(verdict, ["soak7-1-1", "soak7-1-2", "soak7-1-3"], tokens)
    assert verdict.acknowledged["staff reply"] == 3
    assert verdict.lost == ["staff reply soak7-1-3: no SMS"]
    assert verdict.duplicated == ["staff reply soak7-1-2: 2 SMS"]


def test_an_acknowledged_submission_with_a_phone_needs_its_acknowledgement_sms():
    verdict = checks.Verdict()
    phones = {"111": "+255710000001", "222": None, "333": "+255710000003"}
    checks.acknowledgements(verdict, ["111", "222", "333"], phones, with_sms={"111"})
    assert verdict.lost == ["no acknowledgement SMS for 333"]  # 222 gave no number
