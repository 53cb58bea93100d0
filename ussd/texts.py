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
        "confirm.send": _("Send"),
        "confirm.cancel": _("Cancel"),
        "done": _("Thank you! Your feedback was received by %(inst)s.\nReference number:\n"
                  "%(ref)s"),
        "done.sms": _("An SMS with this number will follow."),
        "track": _("Type the reference number (10 digits):"),
        "detail": _("Number %(ref)s\n%(kind)s to %(inst)s\nStatus: %(status)s\nDate: %(date)s"),
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
        "notice.cancelled": _("Feedback not sent."),
        "failure": _("Sorry, something went wrong. Please try again later."),
        "bad_request": _("Invalid request."),
    }
