"""Every text a citizen or officer reads (pages, SMS, USSD screens, refusals) lives in the Babel
catalogs and has a Swahili translation; no code keeps its own sw/en sentences."""
import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from mrejesho import i18n

ROOT = Path(__file__).resolve().parent.parent
CODE_FOLDERS = ("mrejesho", "sms", "ussd")
CATALOGS = sorted(ROOT.glob("mrejesho/**/translations/sw/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)s")
# Flask-Babel's lazy markers too, as babel.cfg's extraction command passes them.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def used_msgids() -> dict[tuple[str | None, str], str]:
    """(context, msgid) of every marked text in the code and templates -> where it is."""
    found = {}
    sources = [(ROOT / name, [("**.py", "python")]) for name in CODE_FOLDERS]
    sources.append((ROOT / "templates", [("**.html", "jinja2")]))
    for folder, method_map in sources:
        for filename, _line, message, _comments, context in extract_from_dir(
            str(folder), method_map=method_map, keywords=KEYWORDS,
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.setdefault((context, msgid), f"{folder.name}/{filename}")
    return found


def read_catalog(po_path: Path) -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> translation of each translated, non-fuzzy entry."""
    entries = {}
    with po_path.open("rb") as handle:
        for message in read_po(handle):
            if not (message.id and message.string and not message.fuzzy):
                continue
            # Plural entries carry (singular, plural) ids and one string per form.
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (
                message.string,)
            if all(strings):
                for msgid in ids:
                    entries[message.context, msgid] = " ".join(strings)
    return entries


def swahili_catalog() -> dict[tuple[str | None, str], str]:
    merged = {}
    for po_path in CATALOGS:
        merged.update(read_catalog(po_path))
    return merged


def test_every_text_has_a_swahili_translation():
    catalog = swahili_catalog()
    missing = {key: where for key, where in used_msgids().items() if key not in catalog}
    assert missing == {}


def test_placeholders_survive_translation():
    for (_context, msgid), translated in swahili_catalog().items():
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(translated)), msgid


def test_a_text_in_two_catalogs_is_translated_the_same_in_both():
    # The catalogs are merged into one (a later one wins), so two translations of one
    # msgid would make a page and an SMS, or two pages, disagree.
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    differing = []
    for po_path in CATALOGS:
        where = str(po_path.relative_to(ROOT))
        for key, translated in read_catalog(po_path).items():
            if key in seen and seen[key][1] != translated:
                differing.append((key, seen[key], (where, translated)))
            seen.setdefault(key, (where, translated))
    assert differing == []


@pytest.mark.parametrize("lang", ["sw", "en", "fr", None])
def test_the_catalog_of_a_language_is_loaded_without_an_app(lang):
    expected = "Track" if lang == "en" else "Fuatilia"  # unknown languages get Swahili
    assert i18n.gettext("Track", lang) == expected
    assert i18n.catalog(lang) is i18n.catalog(lang)  # loaded once, then kept


def test_a_catalog_without_its_compiled_file_is_compiled_on_the_fly(tmp_path):
    po_path = tmp_path / "messages.po"
    po_path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                       'msgid "Track"\nmsgstr "Fuatilia"\n', encoding="utf-8")
    assert i18n._compiled(po_path).gettext("Track") == "Fuatilia"


def _language_dicts(path: Path) -> list[int]:
    """Lines of dict literals (or dict() calls) keyed by both "sw" and "en"."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        keys = set()
        if isinstance(node, ast.Dict):
            keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "dict":
            keys = {keyword.arg for keyword in node.keywords}
        if {"sw", "en"} <= keys:
            lines.append(node.lineno)
    return sorted(lines)


# What citizens and officers themselves type, made up for generated demo data: sample
# words per language, not interface texts to translate.
SAMPLE_DATA = {"mrejesho/generate.py"}


def test_no_code_keeps_its_own_swahili_and_english_texts():
    found = {}
    for folder in CODE_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if str(path.relative_to(ROOT)) in SAMPLE_DATA:
                continue
            if lines := _language_dicts(path):
                found[str(path.relative_to(ROOT))] = lines
    assert found == {}, "move these texts into the Babel catalogs (mrejesho/translations)"


def test_the_check_for_language_dicts_finds_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('WORDS = {"x": {"sw": "ndiyo", "en": "yes"}}\nOK = dict(sw=1, en=2)\n')
    assert _language_dicts(sample) == [1, 2]
