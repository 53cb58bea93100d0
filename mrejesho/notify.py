"""What the citizen and officers are told at each step, in their language, queued in the
outbox: an SMS to the citizen's phone and an email to their address (both when they gave
both), and email notices to officers who want them.

Every SMS template fits one 160-character GSM-7 segment with the longest reference and
institution code (tests/test_sms_notify.py checks it, in every language of the catalogs).
Where an institution's name fits, it is used instead of its bare code, since "MOW" means
little to a citizen. An officer's own words (a reply, a resolution, a question, a reason:
OFFICER_TEXT) arrive whole in up to three concatenated segments (459 GSM-7 characters, or
201 in UCS-2 when they hold a character outside GSM-7, sent as typed); beyond that the SMS
carries their start and the citizen's private follow-up link (mrejesho.followup), where the
whole text is. Other free text (a reason the core gives) is cut at a word boundary to keep
its message in one segment. The email carries everything whole, and the link.

Placeholders: %(ref)s reference, %(inst)s institution (a name where it fits, else its code),
%(kind)s kind word, %(keyword)s the SMS keyword for the kind, %(status)s status word,
%(text)s free text (an officer's reply or reason), the part that is shortened.
"""
from __future__ import annotations

import unicodedata
from functools import cache

import sqlalchemy as sa
from flask import current_app

from . import emails, followup, i18n, reference, texts
from .extensions import db
from .gsm import BASIC, EXTENDED, count, fits, is_gsm, septets, to_gsm
from .languages import pick
from .models import Feedback, OutboundMessage, StaffUser
from .timeutil import to_local

# Events on a feedback (sent by mrejesho.feedback through citizen()).
EVENT_KEYS = ("received", "transferred", "reply", "awaiting_citizen", "resolved", "rejected",
              "duplicate", "closed", "reopened", "follow_up", "rated", "status")
# Answers to SMS commands (sent by the sms channel through tell()).
COMMAND_KEYS = ("help", "empty_message", "not_found", "not_yours", "bad_reference",
                "nothing_to_rate", "refused")
KEYS = EVENT_KEYS + COMMAND_KEYS


@cache
def templates(lang: str) -> dict[str, str]:
    """{message key: its template} in lang, read from the catalogs once per process."""
    _ = i18n.catalog(lang).gettext
    return {
        "received": _("e-Mrejesho: Your %(kind)s was received by %(inst)s. Reference number: "
                      "%(ref)s. To track it send STATUS %(ref)s"),
        "transferred": _("e-Mrejesho %(ref)s: Your feedback was transferred to %(inst)s, "
                         "which is now responsible. %(text)s"),
        "reply": _("e-Mrejesho %(ref)s (%(inst)s): %(text)s"),
        "awaiting_citizen": _("e-Mrejesho %(ref)s: %(inst)s needs more information: %(text)s "
                              "Reply: %(ref)s your message"),
        "resolved": _("e-Mrejesho %(ref)s: Resolved. %(text)s Rate 1-5 for the service "
                      "(5=best). If it is not solved reply: %(ref)s reason"),
        "rejected": _("e-Mrejesho %(ref)s: Rejected. Reason: %(text)s"),
        "duplicate": _("e-Mrejesho %(ref)s: Rejected. It duplicates feedback %(text)s."),
        "closed": _("e-Mrejesho %(ref)s: Your feedback has been closed. Thank you for using "
                    "e-Mrejesho."),
        "reopened": _("e-Mrejesho %(ref)s: Your feedback was reopened and %(inst)s will work "
                      "on it."),
        "follow_up": _("e-Mrejesho %(ref)s: We received your additional information. Thank "
                       "you."),
        "rated": _("e-Mrejesho %(ref)s: Thank you for your rating (%(text)s/5)."),
        "status": _("e-Mrejesho %(ref)s (%(inst)s): Status: %(status)s. %(text)s"),
        "help": _("e-Mrejesho: Send COMPLAINT, SUGGESTION, QUESTION or COMPLIMENT, the "
                  "institution and your message. E.g. COMPLAINT TANESCO no power in Sinza. "
                  "Track: STATUS ref"),
        "empty_message": _("e-Mrejesho: Write your message after %(keyword)s. E.g. "
                           "%(keyword)s TANESCO your message. For help send HELP"),
        "not_found": _("e-Mrejesho: We found no feedback with reference number %(ref)s. "
                       "Check it and try again."),
        "not_yours": _("e-Mrejesho: Reference number %(ref)s is not registered to your phone "
                       "number. Send from the phone you used to submit it."),
        "bad_reference": _("e-Mrejesho: %(ref)s is not a valid reference number. It has 10 "
                           "digits; check the SMS you received."),
        "nothing_to_rate": _("e-Mrejesho: You have no resolved feedback waiting for a "
                             "rating. To rate, send the reference number and a score 1-5."),
        "refused": _("e-Mrejesho %(ref)s: %(text)s"),
    }


@cache
def keywords(lang: str) -> dict[str, str]:
    """{kind: the command word a citizen types for it} in lang, as the help texts show it.
    Each must be a word the SMS parser knows (sms/vocabulary.py; a test checks)."""
    pgettext = i18n.catalog(lang).pgettext
    return {
        "complaint": pgettext("SMS command word", "COMPLAINT"),
        "suggestion": pgettext("SMS command word", "SUGGESTION"),
        "enquiry": pgettext("SMS command word", "QUESTION"),
        "compliment": pgettext("SMS command word", "COMPLIMENT"),
    }


SEGMENT = 160
MAX_SEGMENTS = 3  # an officer's words: up to three concatenated segments
# Messages that carry an officer's own words, sent whole in up to MAX_SEGMENTS.
OFFICER_TEXT = {"reply", "awaiting_citizen", "resolved", "rejected", "status"}
NAMED = {"received", "transferred", "reopened"}  # say who is responsible by name if it fits
# Messages that end with the private follow-up link when the whole still fits one segment.
LINKED = {"received"}


def render(key: str, lang: str, *, ref: str = "", inst: str = "", kind: str = "",
           status: str = "", text: str = "", names: tuple[str, ...] = (),
           link: str = "") -> str:
    """Fill an SMS template. An officer's text (OFFICER_TEXT) fits MAX_SEGMENTS, or its
    start is followed by link (the private follow-up page); other free text is shortened so
    the whole fits one segment.

    names are longer ways to say inst ("Wizara ya Maji (MOW)"), tried first, in order: one
    is used when it costs no extra segment. A LINKED message (the receipt) ends with link on
    its own line when the whole still fits one segment (with a name, else the code); else
    it has none.
    """
    lang = pick(lang)
    template = templates(lang)[key]
    words = keywords(lang)
    typed = " ".join((text or "").split())
    values = {
        "ref": ref, "kind": texts.kind_label(kind, lang),
        "status": texts.status_label(status, lang),
        "keyword": words.get(kind, words["complaint"]),
        "text": _officer_text(typed) if key in OFFICER_TEXT else plain(typed),
    }
    limit = MAX_SEGMENTS if key in OFFICER_TEXT else 1
    if key in LINKED and link:
        for name in (*names, inst):
            message = f"{(template % {**values, 'inst': plain(name)}).strip()}\n{link}"
            if fits(message, 1):
                return message
    by_code = (template % {**values, "inst": plain(inst)}).strip()
    budget = min(count(by_code).segments, limit)
    for name in names:
        message = (template % {**values, "inst": plain(name)}).strip()
        if fits(message, budget):
            return message
    values["inst"] = plain(inst)
    if fits(by_code, limit):
        return by_code
    if key in OFFICER_TEXT:
        return _with_link(template, values, link) if link else _cut(template, values)
    room = SEGMENT - septets((template % {**values, "text": ""}).strip()) - 4
    return (template % {**values, "text": _shorten(values["text"], max(room, 0))}).strip()


def _officer_text(text: str) -> str:
    """An officer's words as sent: typographic marks made plain, so that a text GSM-7 can
    carry stays GSM-7; one that needs another character is sent as typed (UCS-2)."""
    gsm = to_gsm(text)
    return gsm if is_gsm(gsm) else text


def _with_link(template: str, values: dict, link: str) -> str:
    """The message with as much of the officer's text as fits MAX_SEGMENTS before
    "... <link>"; the link is plain ASCII, so it never changes the encoding."""
    return _fit_start(template, values, f"... {link}")


def _cut(template: str, values: dict) -> str:
    """Without a link to point to (an answer to a command): the start that fits."""
    return _fit_start(template, values, "...")


def _fit_start(template: str, values: dict, tail: str) -> str:
    """The message with the longest start of the text, then tail, that fits MAX_SEGMENTS
    (a binary search on the start's length: fewer characters never need more segments)."""
    text = values["text"]

    def message(length: int) -> str:
        return (template % {**values, "text": _start(text, length) + tail}).strip()

    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(message(middle), MAX_SEGMENTS):
            low = middle
        else:
            high = middle - 1
    return message(low)


def _start(text: str, length: int) -> str:
    """The first length characters of text, ended at a word boundary when there is one."""
    cut = text[:length]
    if length < len(text) and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" .,;:")


def sms_preview(key: str, feedback: Feedback, text: str = ""):
    """The count (mrejesho.gsm.Count) of the SMS the citizen would get for an officer's
    text, and the rendered template around it, split at the text: (count, before, after).
    The officer's box shows the count (templates/staff/_actions.html, static/js/segments.js)."""
    marker = "\x00"
    institution = _institution_of(feedback)
    lang = pick(feedback.language)
    values = {"ref": feedback.reference, "inst": plain(institution.code),
              "kind": texts.kind_label(feedback.kind, lang),
              "status": texts.status_label(feedback.status, lang),
              "keyword": keywords(lang)["complaint"], "text": marker}
    before, _, after = (templates(lang)[key] % values).strip().partition(marker)
    whole = before + _officer_text(" ".join((text or "").split())) + after
    return count(whole), before, after


def plain(text: str) -> str:
    """Text in the GSM 7-bit alphabet: typographic marks made plain, accents dropped where
    GSM lacks the letter, anything else (emoji, other scripts) left out."""
    text = to_gsm(text)
    if all(ch in BASIC or ch in EXTENDED for ch in text):
        return text
    out = []
    for ch in text:
        if ch in BASIC or ch in EXTENDED:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if c in BASIC or c in EXTENDED))
    return "".join(out)


def _shorten(text: str, room: int) -> str:
    if septets(text) <= room:
        return text
    cut = text[:room].rsplit(" ", 1)[0] if " " in text[:room] else text[:room]
    return cut.rstrip(" .,;:") + "..."


def queue_sms(to: str, text: str, feedback: Feedback | None = None) -> OutboundMessage:
    """Put one SMS in the outbox, inside the caller's transaction."""
    row = OutboundMessage(channel="sms", to=to, text=text, feedback=feedback)
    db.session.add(row)
    return row


def queue_email(to: str, subject: str, text: str,
                feedback: Feedback | None = None) -> OutboundMessage:
    """Put one email in the outbox, inside the caller's transaction."""
    row = OutboundMessage(channel="email", to=to, subject=subject[:200], text=text,
                          feedback=feedback)
    db.session.add(row)
    return row


def citizen(feedback: Feedback, key: str, text: str = "") -> OutboundMessage | None:
    """Queue the citizen's messages for an event on their feedback: an SMS if they gave a
    phone number, an email if they gave an address. Returns the SMS (else the email)."""
    if not feedback.citizen_phone and not feedback.citizen_email:
        return None
    institution = _institution_of(feedback)
    name = institution.name(feedback.language)
    link = followup.link(feedback.reference)
    sms = email = None
    if feedback.citizen_phone:
        names = (f"{name} ({institution.code})", name) if key in NAMED else ()
        message = render(
            key, feedback.language, ref=feedback.reference, inst=institution.code,
            kind=feedback.kind, status=feedback.status, text=text, names=names, link=link,
        )
        sms = queue_sms(feedback.citizen_phone, message, feedback)
    if feedback.citizen_email:
        subject, body = emails.citizen(key, feedback, f"{name} ({institution.code})", text,
                                     link)
        email = queue_email(feedback.citizen_email, subject, body, feedback)
    return sms or email


def officer(user: StaffUser | None, key: str, feedback: Feedback, **values) -> None:
    """Queue an email notice to an officer (emails.OFFICER_KEYS), if they have not turned
    that kind off; it names the case and links to it, nothing of the citizen."""
    if user is None or not user.active or not user.email or not emails.wanted(user, key):
        return
    subject, body = emails.officer(
        key, user.language, feedback, staff_link("staff.feedback", feedback_id=feedback.id),
        staff_link("staff.password"), **values)
    queue_email(user.email, subject, body)


def escalated(feedback: Feedback) -> None:
    """Tell the managers of the institution a feedback was escalated to."""
    parent = feedback.institution.parent
    managers = db.session.scalars(sa.select(StaffUser).where(
        StaffUser.institution_id == parent.id, StaffUser.role == "manager",
        StaffUser.active.is_(True)).order_by(StaffUser.id))
    for manager in managers:
        officer(manager, "escalated", feedback, inst=parent.name(manager.language),
                **{"from": feedback.institution.name(manager.language)})


def urgent(feedback: Feedback) -> None:
    """Tell the managers of the feedback's institution at once that an urgent item arrived
    (the workspace's banner shows it too: mrejesho.staff.queue.alerts)."""
    managers = db.session.scalars(sa.select(StaffUser).where(
        StaffUser.institution_id == feedback.institution_id, StaffUser.role == "manager",
        StaffUser.active.is_(True)).order_by(StaffUser.id))
    for manager in managers:
        officer(manager, "urgent", feedback, reason=feedback.priority_reason or "-",
                due=to_local(feedback.due_at).strftime("%Y-%m-%d %H:%M EAT"))


def staff_link(endpoint: str, **values) -> str:
    """The absolute address of a staff page, outside any request too (the worker's
    escalation job)."""
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    return base.rstrip("/") + current_app.url_map.bind("localhost").build(endpoint, values)


def _institution_of(feedback: Feedback):
    """The feedback's institution: the loaded object, or else the reference data's copy (a
    new feedback carries only the id, and reading the row back would cost a query)."""
    if "institution" in sa.inspect(feedback).dict or feedback.institution_id is None:
        return feedback.institution
    return reference.current().by_id.get(feedback.institution_id) or feedback.institution


def tell(phone: str, key: str, lang: str, *, feedback: Feedback | None = None,
         **values) -> OutboundMessage:
    """Queue an answer to whoever sent a channel command (help, status, a wrong reference),
    inside the caller's transaction; feedback links it to the case when it is theirs."""
    return queue_sms(phone, render(key, lang, **values), feedback)


