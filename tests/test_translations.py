"""Every text a citizen or officer sees on a page has a Swahili translation."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def used_msgids() -> dict[str, str]:
    found = {}
    for folder, pattern in ((ROOT / "mrejesho", "python"), (ROOT / "templates", "jinja2")):
        method_map = [("**.py", "python")] if pattern == "python" else [("**.html", "jinja2")]
        for filename, _line, message, _comments, _ctx in extract_from_dir(
            str(folder), method_map=method_map,
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.setdefault(msgid, f"{folder.name}/{filename}")
    return found


def swahili_catalog() -> dict[str, str]:
    merged = {}
    for po_path in ROOT.glob("mrejesho/**/translations/sw/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    # Plural entries carry (singular, plural) ids and one string per form.
                    ids = message.id if isinstance(message.id, tuple) else (message.id,)
                    strings = message.string if isinstance(message.string, tuple) else (
                        message.string,)
                    if all(strings):
                        for msgid in ids:
                            merged[msgid] = " ".join(strings)
    return merged


def test_every_page_text_has_a_swahili_translation():
    catalog = swahili_catalog()
    missing = {msgid: where for msgid, where in used_msgids().items() if msgid not in catalog}
    assert missing == {}


def test_placeholders_survive_translation():
    import re

    catalog = swahili_catalog()
    for msgid, translated in catalog.items():
        names = re.compile(r"%\(\w+\)s")
        assert set(names.findall(msgid)) == set(names.findall(translated)), msgid
