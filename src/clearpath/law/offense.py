"""Offense strings as written on records → normalised keys that tables can match.

``"HS 11359(B)"``, ``"11359(b) HS"``, ``"hs11359(b)"`` all become ``"HS 11359(b)"``. A section's letter
suffix stays part of the section (``288a``, ``653f``), subdivisions always have parentheses, and
``664/187`` or ``187-664`` marks an attempt of ``187``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODES = {
    "PC": "Penal Code",
    "HS": "Health and Safety Code",
    "VC": "Vehicle Code",
    "BP": "Business and Professions Code",
    "WI": "Welfare and Institutions Code",
    "GC": "Government Code",
    "CC": "Civil Code",
    "EC": "Education Code",
    "FG": "Fish and Game Code",
    "IC": "Insurance Code",
    "LC": "Labor Code",
    "RT": "Revenue and Taxation Code",
    "SH": "Streets and Highways Code",
    "UI": "Unemployment Insurance Code",
    "HN": "Harbors and Navigation Code",
    "PR": "Public Resources Code",
    "FA": "Food and Agricultural Code",
    "WC": "Water Code",
    "MV": "Military and Veterans Code",
}
_ALIASES = {"B&P": "BP", "BPC": "BP", "WIC": "WI", "HSC": "HS", "VEH": "VC", "PEN": "PC", "GOV": "GC"}

_SECTION = r"\d+(?:\.\d+)?[a-z]?"
_SUBS = r"(?:\([0-9a-z]+\))*"
_CODE = r"[a-z&]{2,3}"
_CODE_FIRST = re.compile(rf"^(?P<code>{_CODE})\s*(?P<sec>{_SECTION})\s*(?P<subs>{_SUBS})$")
_SECTION_FIRST = re.compile(rf"^(?P<sec>{_SECTION})\s*(?P<subs>{_SUBS})\s*(?P<code>{_CODE})$")
_ATTEMPT_PREFIX = re.compile(r"(?<![\d.])664\s*/\s*")
_ATTEMPT_SUFFIX = re.compile(r"\s*-\s*664(?![\d.])")


@dataclass(frozen=True)
class Offense:
    code: str
    section: str
    subdivisions: tuple[str, ...]
    attempt: bool = False

    @property
    def key(self) -> str:
        return f"{self.code} {self.section}" + "".join(f"({s})" for s in self.subdivisions)

    def ancestors(self) -> list[str]:
        """Every key this offense falls under, most specific first: PC 288(c)(1), PC 288(c), PC 288, PC."""
        keys = [f"{self.code} {self.section}" + "".join(f"({s})" for s in self.subdivisions[:n])
                for n in range(len(self.subdivisions), -1, -1)]
        return [*keys, self.code]


def parse_offense(text: str | None) -> Offense | None:
    """Parse an offense as written; None when it cannot be read (the caller reports it)."""
    if not text:
        return None
    s = " ".join(text.strip().lower().split())
    attempt = False
    if _ATTEMPT_PREFIX.search(s):
        s, attempt = _ATTEMPT_PREFIX.sub("", s), True
    if _ATTEMPT_SUFFIX.search(s):
        s, attempt = _ATTEMPT_SUFFIX.sub("", s), True
    s = re.sub(r"\s*\(\s*", "(", s)
    s = re.sub(r"\s*\)", ")", s)
    m = _CODE_FIRST.match(s) or _SECTION_FIRST.match(s)
    if not m:
        return None
    code = m.group("code").upper()
    code = _ALIASES.get(code, code)
    if code not in CODES:
        return None
    subs = tuple(re.findall(r"\(([0-9a-z]+)\)", m.group("subs")))
    return Offense(code=code, section=m.group("sec"), subdivisions=subs, attempt=attempt)


def normalise_key(text: str) -> str:
    """Normalise a table key; raises ValueError for a key that is not a valid offense or code."""
    t = text.strip()
    if t == "*" or t.upper() in CODES:
        return t.upper()
    off = parse_offense(t)
    if off is None or off.attempt:
        raise ValueError(f"not an offense key: {text!r}")
    return off.key
