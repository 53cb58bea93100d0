"""Open311 answers in both formats the specification names: JSON (a list or an object) and
XML (UTF-8, with the declaration), and its errors: [{code, description}] or
<errors><error><code/><description/></error></errors>, whatever went wrong."""
from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from flask import Response

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


class Open311Error(Exception):
    """A refusal answered in the specification's error format (400, 403, 404, 429...)."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def answer(fmt: str, root: str, item: str, data, status: int = 200) -> Response:
    """data (a list of dicts, or one dict) as JSON, or as XML under <root> with one <item>
    per dict of the list."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return Response(body, status=status, mimetype=None, content_type=FORMATS["json"])
    top = ET.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        _fill(ET.SubElement(top, item) if isinstance(data, list) else top, entry)
    body = ET.tostring(top, encoding="unicode", xml_declaration=False)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    return Response(xml.encode("utf-8"), status=status, content_type=FORMATS["xml"])


# In XML a list is an element of repeated children: <keywords> is a comma-separated string
# (the specification's own choice), <formats><format/>, <values><value/>, <attributes>...
_CHILD = {"formats": "format", "endpoints": "endpoint", "attributes": "attribute",
          "values": "value"}


def _fill(element: ET.Element, entry: dict) -> None:
    for key, value in entry.items():
        child = ET.SubElement(element, key)
        if isinstance(value, list):
            for part in value:
                grandchild = ET.SubElement(child, _CHILD.get(key, "item"))
                if isinstance(part, dict):
                    _fill(grandchild, part)
                else:
                    grandchild.text = _text(part)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _xml_safe(str(value))


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters (a citizen's SMS may hold them)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ch >= " " and ch not in "\ufffe\uffff"
                   and not 0xD800 <= ord(ch) <= 0xDFFF)


def error(fmt: str, status: int, description: str) -> Response:
    """The specification's error answer, in the requested format (XML when unknown)."""
    fmt = fmt if fmt in FORMATS else "xml"
    return answer(fmt, "errors", "error", [{"code": status, "description": description}],
                  status=status)
