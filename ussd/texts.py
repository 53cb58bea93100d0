"""Every word a USSD caller reads, from the Babel catalogs; plain GSM characters only.

Screens are laid out by screens.py; these are the pieces. Keep them short: a whole screen,
prefix included, must fit in 160 characters with the longest institution name
(tests/test_ussd_menu.py walks every screen in every language).
"""
from __future__ import annotations

from functools import cache

from mrejesho import i18n, texts
from mrejesho.languages import pick

# Each language is offered in its own name, whatever language the menu is in.
LANGUAGE_NAMES = (("sw", "Kiswahili"), ("en", "English"))


def say(key: str, lang: str, **params) -> str:
    """The text for key in lang (Swahili when lang is unknown), with params filled in."""
    text = pieces(pick(lang))[key]
    return text % params if params else text


def refusal(code: str, lang: str) -> str:
    """Why an act on an item was refused: a USSD piece ("error.*") or a core refusal code."""
    if code in pieces(pick(lang)):
        return say(code, lang)
    return texts.error(code, lang)


def kind_name(kind: str, lang: str) -> str:
    """The menu name of a feedback kind."""
    return _kind_names(pick(lang)).get(kind, kind)


def status_name(status: str, lang: str) -> str:
    """The citizen's word for a status, as the SMS texts use it."""
    return texts.status_label(status, lang)


@cache
def _kind_names(lang: str) -> dict[str, str]:
    _ = i18n.catalog(lang).gettext
    return {"complaint": _("Complaint"), "suggestion": _("Suggestion"),
            "enquiry": _("Enquiry"), "compliment": _("Compliment")}


@cache
def pieces(lang: str) -> dict[str, str]:
    """{key: text} of every piece in lang, placeholders unfilled."""
    _ = i18n.catalog(lang).gettext
    return {
        "home": _("Welcome to e-Mrejesho"),
        "home.give": _("Give feedback"),
        "home.track": _("Track"),
        "home.recent": _("My feedback"),
        "home.language": _("Lugha/Language"),
        "home.help": _("Help"),
        "help": _("Send an SMS to %(number)s:\nCOMPLAINT TANESCO your message\n"
                  "STATUS reference number\nHELP for more"),
        "help.privacy": _("Privacy"),
        "privacy": _("We keep your number and message to answer you, until %(years)s years "
                     "after closing. To see or erase, SMS MYDATA to %(number)s."),
        "kind": _("Choose the kind:"),
        "sector": _("Sector (or type a code):"),
        "sector.councils": _("Councils (by region)"),
        "sector.unsure": _("Not sure which"),
        "institution": _("%(sector)s:"),
        "region": _("Choose a region:"),
        "region.skip": _("Skip this question"),
        "district": _("Choose a district:"),
        "institution.by_area": _("By region and district"),
        "council": _("Choose a council:"),
        "message": _("Type your message to %(inst)s:"),
        "confirm": _('Send %(kind)s to %(inst)s?\n"%(preview)s"'),
        "anonymous": _("Hide your number from the institution?\nOur SMS still reach you."),
        "yes": _("Yes"),
        "yes.usual": _("Yes (your usual choice)"),
        "no": _("No"),
        "confirm.send": _("Send"),
        "confirm.cancel": _("Cancel"),
        "done": _("Thank you! Your feedback was received by %(inst)s.\nReference number:\n"
                  "%(ref)s"),
        "done.sms": _("An SMS with this number will follow."),
        "track": _("Type the reference number (10 digits):"),
        "detail": _("Number %(ref)s\n%(kind)s to %(inst)s\nStatus: %(status)s\nDate: %(date)s"),
        "act.answer": _("Answer the question"),
        "act.add": _("Add information"),
        "act.dispute": _("Dispute the resolution"),
        "act.rate": _("Rate it (1-5)"),
        "act.question": _('The officer asks: "%(text)s"'),
        "act.answer.prompt": _("Type your answer:"),
        "act.add.prompt": _("Type the information to add to %(ref)s:"),
        "act.dispute.prompt": _("Say why the resolution of %(ref)s does not solve it:"),
        "act.rate.prompt": _("Rate how %(ref)s was handled, from 1 (poor) to 5 (very good):"),
        "act.answer.confirm": _("Send this answer for %(ref)s?"),
        "act.add.confirm": _("Add this to %(ref)s?"),
        "act.dispute.confirm": _("Dispute the resolution of %(ref)s?"),
        "act.rate.confirm": _("Give %(ref)s %(score)s of 5?"),
        "act.answer.done": _("Thank you! Your answer on %(ref)s was sent to the officer, and "
                             "work on it goes on."),
        "act.add.done": _("Thank you! Your information was added to %(ref)s."),
        "act.dispute.done": _("Your dispute was received: %(ref)s is open again. An SMS will "
                              "follow."),
        "act.rate.done": _("Thank you for rating how %(ref)s was handled."),
        "recent": _("Your recent feedback:"),
        "recent.none": _("No feedback from this number yet."),
        "language": _("Choose language / Chagua lugha:"),
        "nav.back": _("0. Back"),
        "nav.home": _("00. Home"),
        "nav.more": _("98. More"),
        "error.choice": _("Invalid choice."),
        "error.code": _("Unknown institution code."),
        "error.reference": _("Not a valid number; check the digits."),
        "error.not_found": _("No feedback has that number."),
        "error.score": _("Type a number from 1 to 5."),
        "error.dispute_window": _("The time to dispute this resolution has passed."),
        "notice.cancelled": _("Feedback not sent."),
        "notice.nothing_sent": _("Nothing was sent."),
        "failure": _("Sorry, something went wrong. Please try again later."),
        "bad_request": _("Invalid request."),
    }
