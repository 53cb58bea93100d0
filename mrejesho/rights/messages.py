"""The SMS of citizen data rights, in the citizen's language and the GSM-7 alphabet: the
one-time code, and the answer to TAARIFA / MYDATA (a count and the /data link)."""
from __future__ import annotations

from flask import current_app

from .. import i18n
from ..languages import pick
from ..notify import plain


def code(value: str, minutes: int, lang: str) -> str:
    """The SMS carrying a one-time code."""
    _ = i18n.catalog(pick(lang)).gettext
    return plain(_("e-Mrejesho: your code to see the data kept about your number is "
                   "%(code)s. It works for %(minutes)s minutes. Never give it to anyone.")
                 % {"code": value, "minutes": minutes})


def data_link() -> str:
    """Where a citizen sees their data: /data on PUBLIC_BASE_URL."""
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000"
    return base.rstrip("/") + "/data"


def held(count: int, lang: str) -> str:
    """The answer to TAARIFA / MYDATA: how many feedback items name this number, and the
    link where the citizen sees, downloads or erases them."""
    _ = i18n.catalog(pick(lang)).gettext
    if count == 0:
        text = _("e-Mrejesho: we keep no feedback from this number. What else we keep and "
                 "for how long: %(link)s")
    else:
        text = _("e-Mrejesho: we keep %(count)s feedback item(s) from this number. To see, "
                 "download or erase them: %(link)s")
    return plain(text % {"count": count, "link": data_link()})
