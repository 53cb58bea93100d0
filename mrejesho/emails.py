"""The emails' words: to a citizen who gave an address (the same events as their SMS, the
officer's text whole, and the private follow-up link) and to officers (notices they can turn
off on their account page). Plain text, from the catalogs, in the reader's language; an
officer's notice names the case and links to it, never the citizen.

mrejesho.notify queues them; sms/mail.py sends them.
"""
from __future__ import annotations

from functools import cache

from . import i18n, notify, texts
from .languages import pick
from .models import Feedback, StaffUser

# Notices an officer may get, and the StaffUser switch of each.
OFFICER_KEYS = {
    "assigned": "email_on_assignment",
    "citizen_answer": "email_on_citizen_answer",
    "escalated": "email_on_escalation",
    "urgent": "email_on_urgent",
}
# Events whose SMS words tell the citizen to send an SMS: their email says it another way.
OWN_WORDS = ("received", "awaiting_citizen", "resolved")


@cache
def _words(lang: str) -> dict[str, str]:
    _ = i18n.catalog(lang).gettext
    return {
        "subject": _("e-Mrejesho %(ref)s: news about your feedback"),
        "subject_received": _("e-Mrejesho %(ref)s: your feedback was received"),
        "received": _("Your %(kind)s was received by %(inst)s. Its reference number is "
                      "%(ref)s."),
        "awaiting_citizen": _("%(inst)s needs more information about your feedback %(ref)s:"
                              "\n\n%(text)s\n\nAnswer on your feedback's page (the link "
                              "below)."),
        "resolved": _("Your feedback %(ref)s has been resolved by %(inst)s:\n\n%(text)s\n\n"
                      "Please rate the service on your feedback's page (the link below). If "
                      "the problem is not solved, you can say so there."),
        "link": _("Your feedback's page, where you can follow it, add information, answer "
                  "and rate (keep this link private: it is yours alone):"),
        "footer": _("This message was sent by e-Mrejesho. Please do not reply to it."),
        "assigned_subject": _("e-Mrejesho %(ref)s: assigned to you"),
        "assigned": _("Feedback %(ref)s (%(kind)s, %(inst)s) has been assigned to you. It is "
                      "due on %(due)s."),
        "citizen_answer_subject": _("e-Mrejesho %(ref)s: the citizen answered"),
        "citizen_answer": _("The citizen added information to feedback %(ref)s, which is "
                            "assigned to you."),
        "escalated_subject": _("e-Mrejesho %(ref)s: escalated to %(inst)s"),
        "escalated": _("Feedback %(ref)s of %(from)s is overdue and has been escalated to "
                       "%(inst)s."),
        "urgent_subject": _("e-Mrejesho %(ref)s: URGENT feedback for %(inst)s"),
        "urgent": _("Feedback %(ref)s (%(kind)s) for %(inst)s is urgent (%(reason)s). It is due "
                    "by %(due)s."),
        "open": _("Open it:"),
        "settings": _("You can turn these emails off on your account page:"),
    }


def citizen(key: str, feedback: Feedback, inst: str, text: str, link: str) -> tuple[str, str]:
    """(subject, body) of the citizen's email for an event on their feedback."""
    lang = pick(feedback.language)
    words = _words(lang)
    values = {"ref": feedback.reference, "inst": inst, "text": (text or "").strip(),
              "kind": texts.kind_label(feedback.kind, lang)}
    if key in OWN_WORDS:
        said = words[key] % values
    else:
        said = notify.templates(lang)[key] % {
            **values, "status": texts.status_label(feedback.status, lang),
            "keyword": notify.keywords(lang)["complaint"]}
    subject = words["subject_received" if key == "received" else "subject"] % values
    body = f"{said.strip()}\n\n{words['link']}\n{link}\n\n-- \n{words['footer']}\n"
    return subject, body


def officer(key: str, lang: str, feedback: Feedback, url: str, account: str,
            **values) -> tuple[str, str]:
    """(subject, body) of an officer's notice."""
    lang = pick(lang)
    words = _words(lang)
    values = {"ref": feedback.reference, "inst": feedback.institution.name(lang),
              "kind": texts.kind_label(feedback.kind, lang),
              "due": feedback.due_at.strftime("%Y-%m-%d") if feedback.due_at else "",
              **values}
    subject = words[f"{key}_subject"] % values
    body = (f"{words[key] % values}\n\n{words['open']}\n{url}\n\n-- \n"
            f"{words['settings']}\n{account}\n")
    return subject, body


def wanted(user: StaffUser, key: str) -> bool:
    """True when the officer has this kind of notice on."""
    return bool(getattr(user, OFFICER_KEYS[key]))
