"""Every interface string has a Spanish translation: the simple `{% translate "..." %}` and `_("...")` strings
in templates and code are all in the catalogue, none empty, none left fuzzy (msgfmt skips fuzzy ones)."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src/clearpath/web"
PO = WEB / "locale/es/LC_MESSAGES/django.po"


def _catalogue() -> dict[str, str]:
    text = PO.read_text(encoding="utf-8")
    out = {}
    for entry in text.split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', entry, re.M)
        if m:
            def join(block: str) -> str:
                return "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')

            out[join(m.group(1))] = join(m.group(2))
    return out


def test_no_fuzzy_or_empty_translation() -> None:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]  # the header may carry it; entries may not
    empty = [k for k, v in _catalogue().items() if k and not v]
    assert empty == []


def test_every_simple_interface_string_is_in_the_catalogue() -> None:
    found: set[str] = set()
    for tpl in (WEB / "core/templates").rglob("*.html"):
        found |= set(re.findall(r'\{% translate "([^"]+)"', tpl.read_text(encoding="utf-8")))
    for py in (WEB / "core").glob("*.py"):
        found |= set(re.findall(r'\b_\("([^"]+)"\)', py.read_text(encoding="utf-8")))
    catalogue = _catalogue()
    missing = sorted(s for s in found if s not in catalogue)
    assert found and missing == []
