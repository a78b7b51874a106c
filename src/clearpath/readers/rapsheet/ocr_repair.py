"""Repair common OCR confusions on a RAP sheet line, only where the line's position makes them certain.

Every repair is returned (original and replacement) so the reader can report it: a person checking the
output must be able to see what was read differently from what was printed. Repairs are made only in
recognised positions, never across free text:

- the count tag at the start of a line: ``CHT:``, ``CNT;``, ``CNT.``, ``CNI:`` → ``CNT:``; and the count
  number after it: ``O1`` → ``01``, ``0l`` → ``01``, ``0    1`` → ``01``;
- event tags at the start of a line: ``COURI:`` → ``COURT:``, ``ARR/PET/CITE`` → ``ARR/DET/CITE``;
- the disposition tag and its first word: ``D1SPO:``/``DlSPO:``/``DISP:`` → ``DISPO:``;
  ``COMVICT``/``COMVICTED``/``CONVlCTED`` → ``CONVICTED``; ``DISMISSSED`` → ``DISMISSED``;
- ``CONV STATIS:`` → ``CONV STATUS:`` and a misread level word (``TNFRACTION`` → ``INFRACTION``);
- ``SEN;`` → ``SEN:``, and inside a sentence line misread numbers and words (``O36 MONTHS``,
  ``PR0BATION``, ``JA1L``, ``RESIN`` → ``RESTN``);
- 8-digit dates at the start of a line, after ``DATE`` or ``DOB/``: ``O`` → ``0`` and ``l``/``I`` → ``1``,
  only when the result is a real calendar date;
- the code after a section on a charge line: ``487(D) CP-`` → ``487(D) PC-``, ``11357 H5-`` → ``HS``;
- letters misread as digits in the place name of an agency line (``CASC L0S ANGELES``).

Before that, :func:`normalise` upper-cases the line and turns no-break spaces, tabs, typographic quotes
and dashes into their plain forms; that is not reported (it changes no character a person would read
differently).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from clearpath.readers.rapsheet.counties import PLACE_WORDS


@dataclass(frozen=True)
class Repair:
    """One OCR repair: ``original`` was read as ``replacement``; ``what`` names the position."""

    original: str
    replacement: str
    what: str


_TO_DIGIT = str.maketrans({"O": "0", "I": "1", "L": "1", "|": "1"})
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "5": "S", "|": "I"})
_PLAIN = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00b7": ".", "\u2022": ".",
})  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise(line: str) -> str:
    """Upper case, plain spaces, quotes and dashes; tabs expanded; control characters become spaces."""
    return _CONTROL.sub(" ", line.expandtabs(8).translate(_PLAIN)).upper()


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def valid_date(token: str) -> dt.date | None:
    """The date of an 8-digit ``YYYYMMDD`` token, or None if it is not a real date."""
    if len(token) != 8 or not token.isdigit():
        return None
    try:
        d = dt.date(int(token[:4]), int(token[4:6]), int(token[6:]))
    except ValueError:
        return None
    return d if 1800 <= d.year <= 2199 else None


def _digits(token: str) -> str:
    return token.translate(_TO_DIGIT)


def fuzzy_word(word: str, targets: tuple[str, ...], *, allow_prefix: bool = False) -> str | None:
    """The target a misread ``word`` stands for (letters misread as digits, one or two letters wrong).

    One edit is allowed after digits are read as the letters they resemble. With ``allow_prefix`` a word of 7+
    letters that is one edit away from the start of a target also matches (``COMVICT`` → CONVICTED).
    Exact matches and exact abbreviations are returned unchanged by the caller (no repair).
    """
    w = word.translate(_TO_LETTER)
    for target in targets:
        if levenshtein(w, target) <= 1:
            return target
        if allow_prefix and 7 <= len(w) < len(target) and levenshtein(w, target[: len(w)]) <= 1:
            return target
    return None


# --- the rules -----------------------------------------------------------------------------------------

Rule = Callable[[str], tuple[str, list[Repair]]]

_CNT_TAG = re.compile(r"^(\s*)(C[NH][TIL1|]|CN7)(\s*[:;.,]|\s+(?=[0-9OIL|]{2}))(\s*)(?=[0-9OIL|])")
_CNT_NUM = re.compile(r"^(\s*CNT:\s*)([0-9OIL|]{2,3})(?:(\s*-\s*)([0-9OIL|]{2,3}))?(?=\s|#|\*|$)")
_CNT_SPLIT = re.compile(r"^(\s*CNT:\s*)(\d)\s+(\d)(?=\s*#|\s*$)")


def _count_tag(line: str) -> tuple[str, list[Repair]]:
    repairs: list[Repair] = []
    m = _CNT_TAG.match(line)
    if m and (m.group(2) + m.group(3)).replace(" ", "") != "CNT:":
        old = (m.group(2) + m.group(3)).strip()
        repairs.append(Repair(old, "CNT:", "count tag"))
        line = m.group(1) + "CNT:" + m.group(4) + line[m.end():]
    m2 = _CNT_SPLIT.match(line)
    if m2:
        old = line[len(m2.group(1)): m2.end()]
        repairs.append(Repair(old, m2.group(2) + m2.group(3), "count number"))
        line = m2.group(1) + m2.group(2) + m2.group(3) + line[m2.end():]
    m3 = _CNT_NUM.match(line)
    if m3:
        first, dash, last = m3.group(2), m3.group(3), m3.group(4)
        new_first = _digits(first)
        new_last = _digits(last) if last else None
        if new_first != first or (last and new_last != last):
            old = first + (dash or "") + (last or "")
            new = new_first + (dash or "") + (new_last or "")
            if any(c.isdigit() for c in old):
                repairs.append(Repair(old, new, "count number"))
                line = m3.group(1) + new + line[m3.end():]
    return line, repairs


_COURT = re.compile(r"^(\s*)(C[O0]UR[IT1L|])(\s*[:;])?(?=\s*(?:NAM|$)|\s*[:;])")
_ARREST = re.compile(r"^(\s*)([A▯]RR\s*[/|]\s*[DP]ET\s*[/|]\s*C[IL1|]TE)")


def _event_tags(line: str) -> tuple[str, list[Repair]]:
    m = _COURT.match(line)
    if m:
        old = m.group(2) + (m.group(3) or "")
        new = "COURT" + (":" if m.group(3) else "")
        if old.replace(" ", "") != new:
            return m.group(1) + new + line[m.end():], [Repair(old, new, "event tag")]
    m = _ARREST.match(line)
    if m and m.group(2) != "ARR/DET/CITE":
        return m.group(1) + "ARR/DET/CITE" + line[m.end():], [Repair(m.group(2), "ARR/DET/CITE", "event tag")]
    return line, []


_DISPO_TAG = re.compile(r"^(\s*(?:(?:DATE\s*:?\s*)?[0-9OIL|]{8}\s+)?\**\s*)(D[IL1|]SP[O0]?)(\s*[:;])")
_DISPO_WORD = re.compile(r"^(\s*(?:(?:DATE\s*:?\s*)?\d{8}\s+)?\**\s*DISPO:\s*)([A-Z0-9|]+)")
_DISPO_TARGETS = ("CONVICTED", "DISMISSED", "ACQUITTED")


def _dispo(line: str) -> tuple[str, list[Repair]]:
    repairs: list[Repair] = []
    m = _DISPO_TAG.match(line)
    if m and (m.group(2) + m.group(3)).replace(" ", "") != "DISPO:":
        old = m.group(2) + m.group(3)
        repairs.append(Repair(old.strip(), "DISPO:", "disposition tag"))
        line = m.group(1) + "DISPO:" + line[m.end():]
    m2 = _DISPO_WORD.match(line)
    if m2:
        word = m2.group(2)
        if len(word) >= 6 and word not in _DISPO_TARGETS:
            target = fuzzy_word(word, _DISPO_TARGETS, allow_prefix=True)
            if target is not None and not target.startswith(word):
                repairs.append(Repair(word, target, "disposition"))
                line = m2.group(1) + target + line[m2.end():]
    return line, repairs


_CONV_STATUS = re.compile(r"^(\s*\**\s*)(C[O0]NV\s*STAT[IU1L|]S\s*[:;.,])(\s*)([A-Z0-9|]*)")
_LEVELS = ("FELONY", "MISDEMEANOR", "INFRACTION")


def _conv_status(line: str) -> tuple[str, list[Repair]]:
    m = _CONV_STATUS.match(line)
    if not m:
        return line, []
    repairs: list[Repair] = []
    tag, word = m.group(2), m.group(4)
    new_tag = tag
    if tag != "CONV STATUS:":
        new_tag = "CONV STATUS:"
        repairs.append(Repair(tag, new_tag, "conviction status tag"))
    new_word = word
    if word and word not in _LEVELS and len(word) >= 5:
        target = fuzzy_word(word, _LEVELS)
        if target is not None:
            new_word = target
            repairs.append(Repair(word, target, "conviction level"))
    return m.group(1) + new_tag + m.group(3) + new_word + line[m.end():], repairs


_SEN_TAG = re.compile(r"^(\s*)(S[E3]N\s*[;:])")
_SEN_NUMBER = re.compile(r"\b([0-9OIL|]{1,3})(\s+)(YEARS?|YRS?|MONTHS?|MOS?|DAYS?)\b")
_SEN_WORD = re.compile(r"[A-Z0-9|]{4,}")
_SEN_WORDS = ("PROBATION", "PRISON", "MONTHS", "YEARS", "JAIL", "DAYS", "FINE", "RESTN")


def _sentence(line: str) -> tuple[str, list[Repair]]:
    m = _SEN_TAG.match(line)
    if not m:
        return line, []
    repairs: list[Repair] = []
    if m.group(2).replace(" ", "") != "SEN:":
        repairs.append(Repair(m.group(2), "SEN:", "sentence tag"))
    head = m.group(1) + "SEN:"
    body = line[m.end():]

    def number(mm: re.Match[str]) -> str:
        tok = mm.group(1)
        if tok.isdigit() or not any(c.isdigit() for c in tok):
            return mm.group(0)
        new = _digits(tok)
        repairs.append(Repair(tok, new, "sentence number"))
        return new + mm.group(2) + mm.group(3)

    def word(mm: re.Match[str]) -> str:
        tok = mm.group(0)
        if tok.isdigit() or tok in _SEN_WORDS:
            return tok
        if tok == "RESIN":
            repairs.append(Repair(tok, "RESTN", "sentence word"))
            return "RESTN"
        if any(c.isalpha() for c in tok) and any(c in "015|" for c in tok):
            new = tok.translate(_TO_LETTER)
            if new in _SEN_WORDS:
                repairs.append(Repair(tok, new, "sentence word"))
                return new
        return tok

    body = _SEN_NUMBER.sub(number, body)
    body = _SEN_WORD.sub(word, body)
    return head + body, repairs


_DATE_START = re.compile(r"^(\s*(?:DATE\s*:?\s*)?)([0-9OIL|]{8})(?=\s|$)")
_DOB = re.compile(r"(DOB\s*[/:]\s*)([0-9OIL|]{8})(?=\s|$)")


def _fix_date(token: str) -> str | None:
    if token.isdigit() or sum(c.isdigit() for c in token) < 5:
        return None
    new = _digits(token)
    return new if valid_date(new) else None


def _dates(line: str) -> tuple[str, list[Repair]]:
    repairs: list[Repair] = []
    m = _DATE_START.match(line)
    if m:
        new = _fix_date(m.group(2))
        if new:
            repairs.append(Repair(m.group(2), new, "date"))
            line = m.group(1) + new + line[m.end():]

    def dob(mm: re.Match[str]) -> str:
        new = _fix_date(mm.group(2))
        if new is None:
            return mm.group(0)
        repairs.append(Repair(mm.group(2), new, "date"))
        return mm.group(1) + new

    return _DOB.sub(dob, line), repairs


_SECTION = r"\d+(?:\.\d+)?[A-Z]?(?:\s*\([0-9A-Z]+\))*"
_CHARGE_CODE = re.compile(rf"^(\s*(?:664\s*/\s*)?{_SECTION}\s*(?:-\s*664)?\s+)(CP|H5)(\s*-)")
_CODE_FIX = {"CP": "PC", "H5": "HS"}


def _charge_code(line: str) -> tuple[str, list[Repair]]:
    m = _CHARGE_CODE.match(line)
    if not m:
        return line, []
    new = _CODE_FIX[m.group(2)]
    return m.group(1) + new + line[m.start(3):], [Repair(m.group(2), new, "offense code")]


_AGENCY_LINE = re.compile(r"^(\s*\d{8}\s+CA[A-Z]{2}\s+)(.*)$")
_PLACE_TOKEN = re.compile(r"[A-Z0-9|]+")


def _agency_place(line: str) -> tuple[str, list[Repair]]:
    m = _AGENCY_LINE.match(line)
    if not m:
        return line, []
    repairs: list[Repair] = []

    def tok(mm: re.Match[str]) -> str:
        t = mm.group(0)
        letters = sum(c.isalpha() for c in t)
        if letters >= 1 and any(c in "015|" for c in t) and not any(c in "2346789" for c in t):
            new = t.translate(_TO_LETTER)
            if new in PLACE_WORDS:
                repairs.append(Repair(t, new, "place name"))
                return new
        return t

    return m.group(1) + _PLACE_TOKEN.sub(tok, m.group(2)), repairs


RULES: tuple[Rule, ...] = (_dates, _count_tag, _event_tags, _dispo, _conv_status, _sentence, _charge_code,
                           _agency_place)


def repair_line(line: str) -> tuple[str, list[Repair]]:
    """Repair one normalised line (see :func:`normalise`); returns the line and the repairs made."""
    repairs: list[Repair] = []
    for rule in RULES:
        line, made = rule(line)
        repairs.extend(made)
    return line, repairs
