"""Translations for a given language rather than the request's: SMS, USSD screens and the
core's refusals are said in the citizen's language, wherever they are rendered (a page in
another language, the SMS worker, the CLI, a test without an app).

The same catalogs as Flask-Babel's pages, merged the same way (a later directory wins), are
loaded once per process and kept per language, so a lookup is a dict lookup. Msgids are
English, so English needs no catalog.
"""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .languages import pick

PACKAGE = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "en"


@cache
def catalog(lang: str) -> NullTranslations:
    """The merged translations of every catalog directory for lang (Swahili if unknown)."""
    lang = pick(lang)
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    from . import TRANSLATION_DIRS  # read late: the package sets it after importing us

    merged = Translations()
    for directory in TRANSLATION_DIRS:
        po_path = PACKAGE / directory / lang / "LC_MESSAGES" / "messages.po"
        if po_path.exists():
            merged.merge(_compiled(po_path))
    return merged


def _compiled(po_path: Path) -> Translations:
    """The catalog compiled from po_path: its .mo when up to date, else compiled here, so a
    checkout without `make translations` still texts citizens in Swahili, not English."""
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as handle:
            return Translations(handle)
    with po_path.open("rb") as handle:
        messages = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, messages, use_fuzzy=True)
    buffer.seek(0)
    return Translations(buffer)


def gettext(msgid: str, lang: str, **params) -> str:
    """msgid in lang, with its %(name)s placeholders filled from params."""
    text = catalog(lang).gettext(msgid)
    return text % params if params else text
