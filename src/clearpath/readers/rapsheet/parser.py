"""Read a California RAP sheet (text, PDF text layer, or OCR) into record format v1.

The format is described in ``record-formats.md`` §1. What this reader does with it:

Structure
    Everything before the first cycle separator (a line of 3-4 asterisks, ``* * * *``) is the header:
    transmission lines, notices and the personal information (``CII/``, ``DOB/``, ``SEX/``, ``RAC/``,
    ``NAM/01`` and alias lines ``02 ...``). Cycles hold events separated by ``- - - -``; an event starts
    with its kind (``ARR/DET/CITE``, ``SUPPLEMENTAL ARR``, ``COURT``, ``CUSTODY``, ``PROBATION``,
    ``PAROLE``, ``REGISTRATION``, ``DECEASED``, ``APPLICANT``, ``MENTAL HLTH``, ``INTERST COMP``), then an
    8-digit date and the agency or courthouse. An event after ``- - - -`` that starts directly with a date
    is another event of the same kind. ``END OF MESSAGE`` ends the sheet. Banners (``** POTENTIAL FELONY
    STRIKE ENTRY **``, rows of asterisks), page lines (``PAGE 2 OF 3``) and repeated page headers are
    skipped wherever they fall, so a page break inside a count does not end the count.

Cases
    Each court case becomes a Case: the COURT events of a cycle are grouped by case number (``#...`` on
    a count line; later counts of the event keep the last number given). The case gets the courthouse as
    written (``court``), its county (``counties.county_for_agency``; an unknown courthouse is reported and
    the county stays null), and ``arrest_date`` from the cycle's ARR/DET/CITE event (else its
    SUPPLEMENTAL ARR). The arrest's own counts are the charges at arrest, not separate cases. A cycle with
    an arrest and no court event becomes one case of the arrest counts, with the arrest agency's county,
    no court and no court case number (an arrest number is not a court case number); their disposition is
    ``unknown`` unless a DISPO says otherwise (``PROS REJ`` → ``prosecution_declined``). Custody,
    probation, parole, applicant, mental-health and interstate events add nothing to the record (their
    lines are consumed); a CUSTODY event in a cycle with no court event is reported, because it shows a
    sentence the sheet has no court entry for. Case ids are ``cycleNN-caseK``; count ids ``1``, ``2`` ...
    in order within the case. ``CNT:01-03`` becomes three counts with the same charge and outcome.
    ``charges_filed`` is true for a court case, false for an arrest whose every count was rejected by the
    prosecutor (``PROS REJ``), and null otherwise (a missing court event is not proof nothing was filed).

Counts
    ``SECTION CODE-DESCRIPTION`` gives the offense (normalised with ``law.offense.parse_offense``:
    ``11357 HS`` → ``HS 11357``) and the description. ``664/`` before or ``-664`` after the section marks
    an attempt (``attempt`` true; the offense is the completed crime's section). ``SEE COMMENT FOR
    CHARGE`` (or a charge line with no section) takes the charge from the following ``COM:`` line when
    it names one (``COM: CHRG-11357(B) HS``); otherwise the offense stays null and this is reported.
    ``TOC:F|M|I`` gives the charged level.

Dispositions
    ``CONVICTED`` → convicted; ``DISMISSED`` (any reason) → dismissed; ``PROS REJ`` → prosecution_declined;
    ``ACQUITTED``/``NOT GUILTY`` → acquitted; ``DIVERSION COMPLETED`` → diversion_completed;
    ``DIVERSION TERMINATED/FAILED`` → diversion_failed. Anything else is reported and leaves the
    disposition as it was (``unknown`` if nothing else was said). Procedural notes (``DEFENDANT WAIVED
    COUNSEL``, ``CONVICTION CERT BY CLERK OF THE COURT``, ...) are consumed. The disposition date of a
    count decided in the body of a COURT event is the event date; one decided in an update block gets the
    update's date; a ``PROS REJ`` under an arrest count with no date keeps a null date.
    ``CONV STATUS:FELONY|MISDEMEANOR|INFRACTION`` → ``conviction_level`` (a count convicted with no
    CONV STATUS keeps a null level, reported).

Sentences
    ``SEN:`` parts, comma-separated, possibly continued on the next indented line: ``3 YEARS PROBATION``
    or ``036 MONTHS PROBATION`` → ``probation_granted`` true and ``probation_months`` 36;
    ``probation_end_date`` is the *scheduled* end: the judgment date (the COURT event date, or the date of
    the update block that gave the first sentence) plus the months, on the same day of the month
    (``dates.add_months``; a day the month lacks rolls to the 1st of the next month). It is not the day
    probation actually ended: the sheet does not say that. ``30 DAYS JAIL`` → ``jail_days`` 30 (several
    jail parts add up; a jail term in months or years is reported and not converted); ``PRISON`` with or
    without a term → ``prison`` true (``PRISON SS``, a suspended term, is reported and left unknown);
    ``FINE``, ``RESTN`` are recognised and not stored. Only what a sentence line says is set: a sentence
    with no probation does not make ``probation_granted`` false. A sentence applies to the count it is
    written under; when other convicted counts of the case have none, that is reported (the sheet may mean
    the whole case) and their sentence stays unknown.

Update blocks
    A dated line (``20100101``, ``DATE 20100101``, or a date followed by ``DISPO:``) after a count starts an
    update of that count, or of the counts named by a ``CNT:`` line inside the block. ``CONV SET ASIDE &
    DISM PER 1203.4 PC`` → ``relief_granted`` ``PC 1203.4`` with the update date (likewise 1203.4a,
    1203.41, 1203.42, 1203.425, 1203.43, 1203.49); a 17(b) reduction (``REDUCED TO MISDEMEANOR PER 17(B)
    PC``) → ``PC 17(b)``, and likewise 17(d)(2), 1170.18, HS 11361.8, PC 236.14, sealing under 851.87,
    851.90, 851.91, 851.93, 1203.45 and WIC 781, 786 (the statute named in the DISPO text decides; a text
    that says DENIED records nothing); the conviction level stays as convicted (the engine reads
    ``relief_granted``). ``PROBATION REVOKED`` → ``probation_violation`` and ``probation_revoked`` true.
    ``SENTENCE MODIFIED`` with a ``SEN:`` line replaces the sentence parts it gives. A relief line in a
    count's body (no update date) is recorded with a null date.

Person
    ``person.id`` is the CII if present, else ``rapsheet``. A REGISTRATION event with a ``290`` PC charge
    sets ``registration_290_required`` true (otherwise it stays null); a DECEASED event sets ``deceased``
    true. A header flag such as ``**DECEASED HOMICIDE`` is reported, not used. A consolidated CII and
    further dates of birth are reported, not stored.

OCR
    ``ocr_repair`` fixes common confusions in recognised positions first; each repair is an info-level
    issue naming the original text.

Accounting
    Every non-blank line is consumed (understood, or skipped as a known kind of line: banners, page lines,
    header notices, the lines of ignored events) or named in an issue; ``RapSheetResult.unconsumed_lines()``
    lists the exceptions and is empty by construction. ``parse_rap_sheet`` never raises: an internal error
    is itself reported (code ``internal_error``) and the lines not read are listed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from clearpath.law.offense import parse_offense
from clearpath.readers.issues import ParseIssue, Severity
from clearpath.readers.rapsheet.counties import county_for_agency
from clearpath.readers.rapsheet.dates import add_months
from clearpath.readers.rapsheet.ocr_repair import normalise, repair_line, valid_date
from clearpath.records.model import (
    MAX_JAIL_DAYS,
    MAX_PROBATION_MONTHS,
    Case,
    Count,
    Disposition,
    Level,
    Person,
    Record,
    ReliefGranted,
    Sentence,
)

__all__ = ["RapSheetResult", "parse_rap_sheet"]


@dataclass(frozen=True)
class RapSheetResult:
    """The record read from a sheet, what could not be read, and the line accounting."""

    record: Record
    issues: list[ParseIssue]
    line_count: int
    consumed: frozenset[int] = frozenset()
    nonblank: frozenset[int] = frozenset()
    source: str = "<rap sheet>"

    def unconsumed_lines(self) -> list[int]:
        """Non-blank lines neither consumed nor named in an issue (empty by construction)."""
        reported = {i.line for i in self.issues}
        return sorted(self.nonblank - self.consumed - reported)


# --- line patterns (on normalised, repaired, upper-case text) -------------------------------------------

_CYCLE_SEP = re.compile(r"^\*(?:[\s.,]+\*){2,3}$")
_EVENT_SEP = re.compile(r"^-(?:\s+-){2,}$")
_STARS_ONLY = re.compile(r"^[\s*]+$")
_BOX_LINE = re.compile(r"^\*\*.*\*\*$")
_PAGE = re.compile(r"^(?:PAGE\s+\d+(?:\s*(?:OF|/)\s*\d+)?|-\s*\d+\s*-|\(?CONTINUED(?: ON NEXT PAGE)?\)?|\f)$")
_PAGE_HEADER = re.compile(r"^(?:TO:\s*\S+\s+FROM:|RE:\s+\S|ATTN:|RESTRICTED-DO NOT USE|CII/[A-Z]?\d+\s*(?:PAGE|$))")
_END = re.compile(r"END\s+OF\s+MESSAGE")

_EVENT = re.compile(
    r"^(?P<kind>ARR/DET/CITE|SUPPLEMENTAL\s+ARR|COURT|CUSTODY|PROBATION|PAROLE|REGISTRATION|DECEASED|"
    r"APPLICANT|MENTAL\s+HLTH|INTERST(?:ATE)?\s+COMP)\b(?P<rest>.*)$"
)
_NAM_REF = re.compile(r"\bNAME?\s*[:;]\s*\d")
_DATE_LINE = re.compile(r"^(?:DATE\s*:?\s*)?(?P<date>\d{8})(?:\s+(?P<rest>.*))?$")
_CNT = re.compile(r"^CNT:\s*(?P<first>\d{1,3})(?:\s*-\s*(?P<last>\d{1,3}))?(?P<rest>.*)$")
_CNT_ANY = re.compile(r"^CNT\s*:(?P<rest>.*)$")
_SECTION = r"\d+(?:\.\d+)?[A-Z]?(?:\s*\([0-9A-Z]+\))*"
_CHARGE = re.compile(
    rf"^(?P<att1>664\s*/\s*)?(?P<sec>{_SECTION})\s*(?P<att2>-\s*664)?\s+(?P<code>[A-Z&]{{2,3}})\s*-\s*(?P<desc>.*)$"
)
_COM_CHARGE = re.compile(
    rf"(?:^|\bCHRG\b|\bCHARGE\b)\s*[-:]?\s*(?P<att1>664\s*/\s*)?(?P<sec>{_SECTION})\s*(?P<att2>-\s*664)?\s+"
    r"(?P<code>[A-Z&]{2,3})\b(?:\s*-\s*(?P<desc>.*))?"
)
_SEE_COMMENT = re.compile(r"^SEE\W*COMMENT\W*FOR\W*CHARGE\b")
_DISPO = re.compile(r"^\**\s*DISPO\s*:\s*(?P<text>.*)$")
_CONV_STATUS = re.compile(r"^\**\s*CONV\s+STATUS\s*:\s*(?P<text>.*)$")
_SEN = re.compile(r"^SEN\s*:\s*(?P<text>.*)$")
_COM = re.compile(r"^COM\s*:\s*(?P<text>.*)$")
_TOC = re.compile(r"^TOC\s*:\s*(?P<level>[FMIN])\b\s*$")
_TOC_TAIL = re.compile(r"\s+TOC\s*:\s*(?P<level>[FMIN])\s*$")
_FLAG = re.compile(r"^-\s*[A-Z]")
_KNOWN_TAGS = re.compile(
    r"^(?:ARR BY\s*[:;]|CITE\b|CRT\s*#|SEN FROM\s*:|RECVD BY\s*:|ADR\s*:|CONV OF\s*:|PAROLED FROM\s*:|"
    r"STATE INN#|WARRANT\b|DCN\s*[-:]|SCN\s*[-:]|ATI\s*[-:]|EXP\s*[:;]|DOB\s*:|NAM\s*:)"
)
_HEADER_KEY = re.compile(r"(?P<key>[A-Z]{3})/(?P<value>.*?)(?=\s+[A-Z]{3}/|$)")
_ALIAS = re.compile(r"^\s+(?P<n>\d{2,3})\s+(?P<name>\S.*)$")
_LEVELS = {"FELONY": Level.felony, "MISDEMEANOR": Level.misdemeanor, "INFRACTION": Level.infraction}
_TOC_LEVELS = {"F": Level.felony, "M": Level.misdemeanor, "I": Level.infraction}

ARREST, SUPP, COURT, CUSTODY, REGISTRATION, DECEASED = "ARREST", "SUPP", "COURT", "CUSTODY", "REGISTRATION", "DECEASED"
_KIND_NAMES = {
    "ARR/DET/CITE": ARREST, "SUPPLEMENTALARR": SUPP, "COURT": COURT, "CUSTODY": CUSTODY,
    "REGISTRATION": REGISTRATION, "DECEASED": DECEASED, "PROBATION": "PROBATION", "PAROLE": "PAROLE",
    "APPLICANT": "APPLICANT", "MENTALHLTH": "MENTAL HLTH", "INTERSTCOMP": "INTERSTATE",
    "INTERSTATECOMP": "INTERSTATE",
}  # fmt: skip
_DETAILED = {ARREST, SUPP, COURT}
_COMMON_WORD_KINDS = {COURT, CUSTODY, "PROBATION", "PAROLE", REGISTRATION, DECEASED, "APPLICANT"}

# Relief already granted, as DISPO text shows it. Order matters: 1203.41/.42/.4a before 1203.4.
_RELIEF: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"1203\.425\b"), "PC 1203.425"),
    (re.compile(r"1203\.43\b"), "PC 1203.43"),
    (re.compile(r"1203\.45\b"), "PC 1203.45"),
    (re.compile(r"1203\.49\b"), "PC 1203.49"),
    (re.compile(r"1203\.41\b"), "PC 1203.41"),
    (re.compile(r"1203\.42\b"), "PC 1203.42"),
    (re.compile(r"1203\.4\s*\(?A\)?(?![A-Z])"), "PC 1203.4a"),
    (re.compile(r"1203\.4(?![0-9A-Z])"), "PC 1203.4"),
    (re.compile(r"\b17\s*\(\s*D\s*\)\s*\(\s*2\s*\)"), "PC 17(d)(2)"),
    (re.compile(r"\b17\s*\(\s*B\s*\)|\b17B\b"), "PC 17(b)"),
    (re.compile(r"1170\.18\b"), "PC 1170.18"),
    (re.compile(r"11361\.8\b"), "HS 11361.8"),
    (re.compile(r"\b236\.14\b"), "PC 236.14"),
    (re.compile(r"\b851\.87\b"), "PC 851.87"),
    (re.compile(r"\b851\.90\b"), "PC 851.90"),
    (re.compile(r"\b851\.91\b"), "PC 851.91"),
    (re.compile(r"\b851\.93\b"), "PC 851.93"),
    (re.compile(r"\b781\s*(?:WI|WIC|W&I)\b"), "WIC 781"),
    (re.compile(r"\b786\s*(?:WI|WIC|W&I)\b"), "WIC 786"),
)
_PROCEDURAL = (
    "CHRGS&DIRECT CONSEQUENCES", "CHRGS & DIRECT CONSEQUENCES", "DEFENDANT WAIVED", "DEFENDANT REPRESENTED",
    "RIGHT TO TRIAL BY JURY", "RIGHT TO CONFRONT", "RIGHT AGAINST SELF", "DEF COUNSEL CONCURRED",
    "CRT FIND PLEA", "CONVICTION CERT", "DEFENDANT ADVISED", "WAIVED TIME",
)
_NOT_STORED = (
    "PAROLED", "DISCHARGED", "RELEASED", "DETENTION ONLY", "NO LONGER INTERESTED", "849(B)",
    "PROBATION TERMINATED", "PROBATION REINSTATED", "PROBATION MODIFIED", "PROBATION EXTENDED",
    "BENCH WARRANT", "WARRANT", "TRANSFERRED", "REMANDED",
)
_SEN_PROBATION = re.compile(
    r"^(?:(?P<n>\d{1,3})\s*(?P<unit>YEARS?|YRS?|MONTHS?|MOS?|DAYS?|DS)\s+)?"
    r"(?:SUMMARY\s+|FORMAL\s+|INFORMAL\s+|COURT\s+|CONDITIONAL\s+)?(?:PROBATION|PROB)$"
)
_SEN_JAIL = re.compile(
    r"^(?P<n>\d{1,4})\s*(?P<unit>YEARS?|YRS?|MONTHS?|MOS?|DAYS?|DS)\s+(?:COUNTY\s+)?(?:JAIL|JL)(?P<ss>\s+SS)?$"
)
_SEN_PRISON = re.compile(
    r"^(?:(?P<n>\d{1,3})\s*(?P<unit>YEARS?|YRS?|MONTHS?|MOS?|DAYS?)\s+)?(?:STATE\s+)?PRISON(?P<ss>\s+SS)?$"
)
_SEN_NOTED = re.compile(r"^(?:FINE|RESTN|RESTITUTION|FINE SS|PENALTY ASSESSMENT|FEE)S?\b")


# --- intermediate structures ----------------------------------------------------------------------------


@dataclass
class _Count:
    line: int
    raw: str
    numbers: tuple[int, int] | None
    case_number: str | None
    offense: str | None = None
    description: str | None = None
    attempt: bool = False
    charged_level: Level | None = None
    charge_line: int | None = None
    charge_raw: str | None = None
    charge_seen: bool = False
    needs_comment_charge: bool = False
    see_comment: bool = False
    disposition: Disposition = Disposition.unknown
    disposition_date: dt.date | None = None
    body_dispo: bool = False
    dispo_seen: bool = False
    conviction_level: Level | None = None
    probation_granted: bool | None = None
    probation_months: int | None = None
    jail_days: int | None = None
    prison: bool | None = None
    probation_violation: bool | None = None
    probation_revoked: bool | None = None
    judgment_date: dt.date | None = None
    has_sentence: bool = False
    relief: list[tuple[str, dt.date | None]] = field(default_factory=list)


@dataclass
class _Event:
    kind: str
    line: int
    raw: str
    date: dt.date | None = None
    agency: str | None = None
    agency_line: int | None = None
    agency_raw: str | None = None
    expect_date: bool = True
    expect_charge: bool = False
    counts: list[_Count] = field(default_factory=list)
    charges: list[str] = field(default_factory=list)


@dataclass
class _Update:
    date: dt.date | None
    targets: list[_Count]
    has_conviction: bool = False
    has_relief: bool = False


@dataclass
class _Continuation:
    kind: str  # "SEN" or "COM"
    indent: int
    open_comma: bool


@dataclass
class _PendingSentence:
    line: int
    raw: str
    text: str
    targets: list[_Count]
    date: dt.date | None
    in_update: bool


@dataclass
class _Cycle:
    index: int
    events: list[_Event] = field(default_factory=list)


@dataclass
class _Line:
    no: int
    raw: str
    text: str  # normalised and repaired, full line
    s: str  # stripped
    indent: int


# --- the parser -----------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if raw_lines and raw_lines[-1] == "":
            raw_lines.pop()
        self.lines: list[_Line] = []
        self.issues: list[ParseIssue] = []
        self.consumed: set[int] = set()
        for no, raw in enumerate(raw_lines, 1):
            norm = normalise(raw)
            fixed, repairs = repair_line(norm) if norm.strip() else (norm, [])
            for r in repairs:
                self.issue(no, raw, f"OCR repair ({r.what}): read {r.original!r} as {r.replacement!r}",
                           "ocr_repair", "info")
            stripped = fixed.strip()
            self.lines.append(_Line(no, raw, fixed, stripped, len(fixed) - len(fixed.lstrip())))
        self.nonblank = frozenset(ln.no for ln in self.lines if ln.raw.strip())
        # person
        self.name: str | None = None
        self.aliases: list[str] = []
        self.dob: dt.date | None = None
        self.sex: str | None = None
        self.race: str | None = None
        self.cii: str | None = None
        self.deceased: bool | None = None
        self.reg290: bool | None = None
        # structure
        self.mode = "header"
        self.in_aliases = False
        self.in_consolidation = False
        self.cycles: list[_Cycle] = []
        self.cycle: _Cycle | None = None
        self.event: _Event | None = None
        self.last_kind: str | None = None
        self.at_event_start = False
        self.count: _Count | None = None
        self.update: _Update | None = None
        self.cont: _Continuation | None = None
        self.pending_sen: _PendingSentence | None = None
        self.pos = 0

    # -- bookkeeping --

    def issue(self, line: int, raw: str, message: str, code: str, severity: Severity = "warning",
              fld: str | None = None) -> None:
        self.issues.append(ParseIssue(line=line, text=raw, message=message, code=code, severity=severity,
                                      field=fld))

    def take(self, ln: _Line) -> None:
        self.consumed.add(ln.no)

    def warn_line(self, ln: _Line, message: str, code: str = "unrecognised_line",
                  severity: Severity = "warning", fld: str | None = None) -> None:
        self.issue(ln.no, ln.raw, message, code, severity, fld)

    # -- main loop --

    def run(self) -> None:
        while self.pos < len(self.lines):
            ln = self.lines[self.pos]
            self.pos += 1
            if not ln.s:
                if ln.no in self.nonblank:
                    self.take(ln)  # nothing but control characters: nothing to read
                continue
            self.line(ln)
        self.end_cycle()

    def line(self, ln: _Line) -> None:
        s = ln.s
        if self.mode == "end":
            self.warn_line(ln, "text after END OF MESSAGE; not read", "after_end", "info")
            return
        if _END.search(s):
            self.take(ln)
            self.end_cycle()
            self.mode = "end"
            return
        if _PAGE.match(s):
            self.take(ln)
            return
        if self.mode == "header":
            self.header_line(ln)
            return
        self.body_line(ln)

    # -- header --

    def header_line(self, ln: _Line) -> None:
        s = ln.s
        if _CYCLE_SEP.match(s):
            self.take(ln)
            self.mode = "body"
            self.start_cycle()
            return
        m = _EVENT.match(s)
        if m and (_NAM_REF.search(m.group("rest")) or m.group("kind") == "ARR/DET/CITE"):
            self.warn_line(ln, "an event starts before any cycle separator (* * * *); read as the first cycle",
                           "no_cycle_separator", "info")
            self.mode = "body"
            self.start_cycle()
            self.body_line(ln)
            return
        self.take(ln)
        if _STARS_ONLY.match(s):
            self.in_consolidation = False
            self.in_aliases = False
            return
        if "CONSOLIDATED" in s:
            self.in_consolidation = True
        if self.in_aliases:
            am = _ALIAS.match(ln.text)
            if am:
                self.aliases.append(_clean(am.group("name")))
                return
            self.in_aliases = False
        if s.startswith("**") and "DECEASED" in s:
            self.warn_line(ln, "header flag mentions DECEASED; person.deceased is set only from a DECEASED "
                               "event, so it is left unknown", "header_flag", "warning", "person.deceased")
            return
        if not re.match(r"^[A-Z]{3}/", s):
            return  # header notices and transmission lines: nothing the record holds
        for km in _HEADER_KEY.finditer(s):
            self.header_key(ln, km.group("key"), km.group("value").strip())

    def header_key(self, ln: _Line, key: str, value: str) -> None:
        if key == "CII":
            if self.in_consolidation or ln.indent > 8:
                self.warn_line(ln, f"CII {value} is consolidated into this record; not used as the person's CII",
                               "consolidated_cii", "info", "person.cii")
            elif self.cii is None and value:
                self.cii = value
            elif value and value != self.cii:
                self.warn_line(ln, f"second CII {value}; the first ({self.cii}) is used", "second_cii", "info",
                               "person.cii")
        elif key == "DOB":
            tokens = value.split()
            dates = [valid_date(t) for t in tokens]
            if self.dob is None and tokens:
                if dates[0] is None:
                    self.warn_line(ln, f"date of birth {tokens[0]!r} is not a date; dob left unknown",
                                   "bad_date", "warning", "person.dob")
                else:
                    self.dob = dates[0]
                rest = tokens[1:]
            else:
                rest = tokens
            if rest:
                self.warn_line(ln, f"other dates of birth on the sheet ({' '.join(rest)}) are not stored",
                               "other_dob", "info", "person.dob")
        elif key == "SEX":
            self.sex = self.sex or (value or None)
        elif key == "RAC":
            self.race = self.race or (_clean(value) or None)
        elif key == "NAM":
            nm = re.match(r"^(?P<n>\d{1,2})?\s*(?P<name>.*)$", value)
            name = _clean(nm.group("name")) if nm else ""
            if self.name is None and not self.aliases:
                self.name = name or None
            elif name:
                self.aliases.append(name)
            self.in_aliases = True

    # -- body --

    def start_cycle(self) -> None:
        self.cycle = _Cycle(index=len(self.cycles) + 1)
        self.cycles.append(self.cycle)
        self.last_kind = None
        self.at_event_start = True

    def body_line(self, ln: _Line) -> None:
        s = ln.s
        if _CYCLE_SEP.match(s):
            self.take(ln)
            self.end_cycle()
            self.start_cycle()
            return
        if _EVENT_SEP.match(s):
            self.take(ln)
            self.end_event()
            self.at_event_start = True
            return
        if _STARS_ONLY.match(s) or _BOX_LINE.match(s):
            self.take(ln)
            return
        if _PAGE_HEADER.match(s):
            self.take(ln)
            return
        kind = self.event_kind(ln)
        if kind is not None:
            self.end_event()
            self.start_event(ln, kind)
            return
        if self.event is None:
            if self.at_event_start and self.last_kind is not None and _DATE_LINE.match(s):
                # "- - - -" then a date: another event of the same kind
                self.start_event(ln, self.last_kind)
                self.event_line(ln)
                return
            if self.at_event_start and _NAM_REF.search(s):
                self.warn_line(ln, "event of a kind this reader does not know; its lines are skipped",
                               "unknown_event")
                self.start_event(ln, "UNKNOWN")
                return
            self.warn_line(ln, "text outside any event; not used", "outside_event", "info")
            return
        self.event_line(ln)

    def event_kind(self, ln: _Line) -> str | None:
        m = _EVENT.match(ln.s)
        if not m:
            return None
        kind = _KIND_NAMES.get(m.group("kind").replace(" ", ""))
        if kind is None:
            return None
        rest = m.group("rest")
        if kind in _COMMON_WORD_KINDS and not (rest.strip() == "" or rest.lstrip().startswith((":", ";"))
                                               or _NAM_REF.search(rest)):
            return None
        return kind

    def start_event(self, ln: _Line, kind: str) -> None:
        self.take(ln)
        if self.cycle is None:
            self.start_cycle()
        assert self.cycle is not None
        self.event = _Event(kind=kind, line=ln.no, raw=ln.raw)
        self.cycle.events.append(self.event)
        self.last_kind = kind
        self.at_event_start = False
        if kind == DECEASED:
            self.deceased = True

    def end_event(self) -> None:
        self.flush_sentence()
        ev = self.event
        if ev is None:
            return
        for c in ev.counts:
            self.finish_count(c)
            if ev.kind == COURT and c.body_dispo and c.disposition_date is None:
                c.disposition_date = ev.date
            if ev.kind == COURT and c.disposition == Disposition.unknown and not c.dispo_seen:
                self.issue(c.line, c.raw, "court count with no disposition on the sheet; disposition unknown",
                           "no_disposition", "info", "disposition")
        self.event = None
        self.count = None
        self.update = None
        self.cont = None

    def end_cycle(self) -> None:
        self.end_event()

    # -- event content --

    def event_line(self, ln: _Line) -> None:
        ev = self.event
        assert ev is not None
        s = ln.s
        if ev.expect_date:
            ev.expect_date = False
            dm = _DATE_LINE.match(s)
            if dm:
                self.take(ln)
                d = valid_date(dm.group("date"))
                if d is None:
                    self.warn_line(ln, f"{dm.group('date')!r} is not a date; the event date is unknown", "bad_date")
                ev.date = d
                agency = _clean(dm.group("rest") or "")
                if agency:
                    ev.agency, ev.agency_line, ev.agency_raw = agency, ln.no, ln.raw
                return
            if ev.kind in _DETAILED:
                self.issue(ev.line, ev.raw, "event has no date line; its date is unknown", "no_event_date",
                           fld="disposition_date" if ev.kind == COURT else "arrest_date")
                if not self.is_known_line(s):
                    self.take(ln)
                    ev.agency, ev.agency_line, ev.agency_raw = _clean(s), ln.no, ln.raw
                    return
        if ev.kind not in _DETAILED:
            self.ignored_event_line(ev, ln)
            return
        self.detailed_line(ev, ln)

    def is_known_line(self, s: str) -> bool:
        return bool(_CNT_ANY.match(s) or _DISPO.match(s) or _CONV_STATUS.match(s) or _SEN.match(s)
                    or _COM.match(s) or _TOC.match(s) or _KNOWN_TAGS.match(s) or _DATE_LINE.match(s)
                    or _FLAG.match(s) or _SEE_COMMENT.match(s))

    def ignored_event_line(self, ev: _Event, ln: _Line) -> None:
        self.take(ln)
        s = ln.s
        if _CNT_ANY.match(s):
            ev.expect_charge = True
            return
        cm = _CHARGE.match(s)
        if cm and ev.kind == REGISTRATION:
            off = parse_offense(f"{re.sub(r'[ ]+', '', cm.group('sec'))} {cm.group('code')}")
            if off is not None and off.code == "PC" and off.section == "290":
                self.reg290 = True
        if ev.kind == CUSTODY and (s.startswith("SEN FROM") or (ev.expect_charge and not _FLAG.match(s))):
            ev.charges.append(s)
        if not _FLAG.match(s):
            ev.expect_charge = False

    def detailed_line(self, ev: _Event, ln: _Line) -> None:
        s = ln.s
        # a continuation of the previous SEN: or COM: line
        if self.cont is not None and not self.is_known_line(s) and not _CHARGE.match(s) and (
                ln.indent > self.cont.indent or self.cont.open_comma):
            self.take(ln)
            if self.cont.kind == "SEN" and self.pending_sen is not None:
                self.pending_sen.text += " " + s
            elif self.cont.kind == "COM" and self.count is not None and self.count.needs_comment_charge:
                self.comment_charge(self.count, s, ln)
            self.cont.open_comma = s.endswith(",")
            return
        self.flush_sentence()
        self.cont = None
        tm = _TOC.match(s)
        if tm:
            self.take(ln)
            level = _TOC_LEVELS.get(tm.group("level"))
            if self.count is not None and level is not None:
                self.count.charged_level = level
            return
        if _CNT_ANY.match(s):
            self.count_line(ev, ln)
            return
        c = self.count
        if c is None:
            if _COM.match(s) or _KNOWN_TAGS.match(s) or _FLAG.match(s):
                self.take(ln)
                return
            self.warn_line(ln, "line before any count of the event; not used")
            return
        if not c.charge_seen:
            if _FLAG.match(s):
                self.take(ln)  # -WARRANT and similar count flags
                return
            if _SEE_COMMENT.match(s) or not self.is_known_line(s):
                self.charge_line(c, ln)
                return
        dm = _DATE_LINE.match(s)
        if dm and (not dm.group("rest") or _DISPO.match(dm.group("rest") or "")):
            self.take(ln)
            d = valid_date(dm.group("date"))
            if d is None:
                self.warn_line(ln, f"{dm.group('date')!r} is not a date; the update's date is unknown", "bad_date")
            self.update = _Update(date=d, targets=[c])
            rest = dm.group("rest")
            if rest:
                dispo = _DISPO.match(rest)
                assert dispo is not None
                self.disposition(ln, dispo.group("text"))
            return
        dispo = _DISPO.match(s)
        if dispo:
            self.take(ln)
            self.disposition(ln, dispo.group("text"))
            return
        cs = _CONV_STATUS.match(s)
        if cs:
            self.take(ln)
            self.conv_status(ln, cs.group("text"))
            return
        sm = _SEN.match(s)
        if sm:
            self.take(ln)
            targets = self.update.targets if self.update else [c]
            upd = self.update
            self.pending_sen = _PendingSentence(ln.no, ln.raw, sm.group("text"), list(targets),
                                                upd.date if upd else None, upd is not None)
            self.cont = _Continuation("SEN", ln.indent, sm.group("text").rstrip().endswith(","))
            return
        com = _COM.match(s)
        if com:
            self.take(ln)
            if c.needs_comment_charge:
                self.comment_charge(c, com.group("text"), ln)
            self.cont = _Continuation("COM", ln.indent, False)
            return
        if _KNOWN_TAGS.match(s) or _FLAG.match(s):
            self.take(ln)
            return
        if _SEE_COMMENT.match(s) or _CHARGE.match(s):
            self.warn_line(ln, "a second charge line for one count; not used", "second_charge")
            return
        self.warn_line(ln, "line not understood; nothing was read from it")

    # -- counts --

    def count_line(self, ev: _Event, ln: _Line) -> None:
        s = ln.s
        m = _CNT.match(s)
        numbers: tuple[int, int] | None = None
        rest = ""
        if m:
            first = int(m.group("first"))
            last = int(m.group("last")) if m.group("last") else first
            rest = m.group("rest")
            if last < first or last - first > 98:
                self.warn_line(ln, f"count range {first}-{last} is not readable; read as one count",
                               "count_number", fld="counts")
                last = first
            numbers = (first, last)
        else:
            am = _CNT_ANY.match(s)
            rest = am.group("rest") if am else ""
            self.warn_line(ln, "count number not readable; the count is read in sheet order", "count_number",
                           "info")
        # a CNT line inside an update block that names counts already read is a reference, not a new count
        if self.update is not None and numbers is not None and "#" not in rest:
            refs = [c for c in ev.counts if c.numbers and _overlap(c.numbers, numbers)]
            nxt = self.peek_content()
            if refs and (nxt is None or self.is_known_line(nxt.s)):
                self.take(ln)
                self.update.targets = refs
                return
        self.take(ln)
        self.update = None
        case_number: str | None
        hm = re.search(r"#\s*(?P<num>.*)$", rest)
        if hm:
            case_number = _clean(hm.group("num")) or None
        elif ev.counts:
            case_number = ev.counts[-1].case_number
        else:
            case_number = None
        c = _Count(line=ln.no, raw=ln.raw, numbers=numbers, case_number=case_number)
        ev.counts.append(c)
        self.count = c

    def peek_content(self) -> _Line | None:
        for ln in self.lines[self.pos:]:
            if ln.s and not _PAGE.match(ln.s):
                return ln
        return None

    def charge_line(self, c: _Count, ln: _Line) -> None:
        self.take(ln)
        c.charge_seen = True
        c.charge_line, c.charge_raw = ln.no, ln.raw
        s = ln.s
        tail = _TOC_TAIL.search(s)
        if tail:
            c.charged_level = _TOC_LEVELS.get(tail.group("level"))
            s = s[: tail.start()]
        if _SEE_COMMENT.match(s):
            c.see_comment = True
            c.needs_comment_charge = True
            return
        m = _CHARGE.match(s)
        if m is None:
            c.description = _clean(s) or None
            c.needs_comment_charge = True
            return
        c.description = _clean(m.group("desc")) or None
        self.set_offense(c, m, ln)

    def set_offense(self, c: _Count, m: re.Match[str], ln: _Line, quiet: bool = False) -> bool:
        sec = re.sub(r"\s+", "", m.group("sec"))
        attempt = bool(m.group("att1") or m.group("att2"))
        off = parse_offense(f"{sec} {m.group('code')}")
        if off is None:
            if quiet:
                return False
            self.warn_line(ln, f"offense {sec} {m.group('code')} is not a California code section this reader "
                               "knows; offense left unknown", "unknown_offense", fld="offense")
            return False
        c.offense = off.key
        c.attempt = attempt or off.attempt
        return True

    def comment_charge(self, c: _Count, text: str, ln: _Line) -> None:
        m = _COM_CHARGE.search(text.strip())
        if m is None:
            return
        if self.set_offense(c, m, ln, quiet=True):
            c.needs_comment_charge = False
            if m.group("desc") and c.description is None:
                c.description = _clean(m.group("desc")) or None
            self.warn_line(ln, f"charge {c.offense} taken from the comment line", "charge_from_comment", "info",
                           "offense")

    def finish_count(self, c: _Count) -> None:
        if not c.charge_seen:
            self.issue(c.line, c.raw, "count has no charge line; offense unknown", "no_charge", fld="offense")
        elif c.needs_comment_charge:
            assert c.charge_line is not None and c.charge_raw is not None
            if c.see_comment:
                self.issue(c.charge_line, c.charge_raw, "SEE COMMENT FOR CHARGE, and no COM: line names the "
                           "charge; offense left unknown", "see_comment_unresolved", fld="offense")
            else:
                self.issue(c.charge_line, c.charge_raw, "charge has no code section; offense left unknown",
                           "no_section", fld="offense")

    # -- dispositions, levels, sentences --

    def targets(self) -> list[_Count]:
        if self.update is not None:
            return self.update.targets
        return [self.count] if self.count is not None else []

    def disposition(self, ln: _Line, text: str) -> None:
        t = " ".join(text.split())
        upd = self.update
        targets = self.targets()
        for c in targets:
            c.dispo_seen = True
        for pattern, remedy in _RELIEF:
            if pattern.search(t):
                if "DENIED" in t:
                    self.warn_line(ln, f"relief under {remedy} denied; nothing recorded", "relief_denied", "info")
                    return
                for c in targets:
                    c.relief.append((remedy, upd.date if upd else None))
                if upd is not None:
                    upd.has_relief = True
                    if len(targets) == 1 and self.event is not None and len(self.event.counts) > 1:
                        self.warn_line(ln, f"{remedy} relief applied to the count this update follows only; check "
                                       "whether it covers other counts of the case", "update_single_count", "info",
                                       "relief_granted")
                else:
                    self.warn_line(ln, f"{remedy} relief with no date; recorded with a null date",
                                   "relief_no_date", "info", "relief_granted")
                return
        if re.search(r"\bPROB(?:ATION)?\s+REVOKED\b", t):
            for c in targets:
                c.probation_violation = True
                c.probation_revoked = True
            return
        if re.search(r"\bSEN(?:TENCE)?\s+MODIFIED\b", t):
            return  # the SEN: line that follows carries the new sentence
        final = _final_disposition(t)
        if final is not None:
            for c in targets:
                if upd is not None:
                    c.disposition, c.disposition_date, c.body_dispo = final, upd.date, False
                else:
                    if c.body_dispo and c.disposition != final:
                        self.warn_line(ln, f"second disposition for the count ({c.disposition.value} then "
                                           f"{final.value}); the later one is used", "second_disposition", "info")
                    c.disposition, c.body_dispo = final, True
            if upd is not None and final == Disposition.convicted:
                upd.has_conviction = True
            return
        if any(t.startswith(p) for p in _PROCEDURAL):
            return
        if any(p in t for p in _NOT_STORED):
            self.warn_line(ln, f"disposition {t!r} noted; the record format has no place for it",
                           "noted_not_stored", "info", "disposition")
            return
        self.warn_line(ln, f"disposition {t!r} not understood; the count's disposition is left as it was",
                       "unknown_disposition", fld="disposition")

    def conv_status(self, ln: _Line, text: str) -> None:
        word = text.strip().split(" ")[0].rstrip(".,") if text.strip() else ""
        level = _LEVELS.get(word)
        if level is None:
            self.warn_line(ln, f"conviction status {text.strip()!r} not understood; level left unknown",
                           "unknown_level", fld="conviction_level")
            return
        upd = self.update
        if upd is not None and not upd.has_conviction:
            why = ("the reduction is recorded in relief_granted" if upd.has_relief
                   else "a later status change is not applied to the level at conviction")
            self.warn_line(ln, f"later conviction status {word}; conviction_level kept as at conviction ({why})",
                           "level_not_applied", "info", "conviction_level")
            return
        for c in self.targets():
            c.conviction_level = level

    def flush_sentence(self) -> None:
        p = self.pending_sen
        if p is None:
            return
        self.pending_sen = None
        ev = self.event
        for part in re.split(r"[,;]", p.text):
            self.sentence_part(p, part.strip(), ev)

    def sentence_part(self, p: _PendingSentence, part: str, ev: _Event | None) -> None:
        if not part:
            return
        part = " ".join(part.split())

        def note(msg: str, code: str = "sentence_part", sev: Severity = "info") -> None:
            self.issue(p.line, p.raw, msg, code, sev, "sentence")

        m = _SEN_PROBATION.match(part)
        if m:
            months: int | None = None
            if m.group("n"):
                n, unit = int(m.group("n")), m.group("unit")
                if unit.startswith("Y"):
                    months = n * 12
                elif unit.startswith("M"):
                    months = n
                else:
                    note(f"probation term {part!r} is in days; probation_months left unknown")
                if months is not None and months > MAX_PROBATION_MONTHS:
                    note(f"probation term {part!r} is longer than any real term; probation_months left unknown",
                         sev="warning")
                    months = None
            for c in p.targets:
                c.has_sentence = True
                c.probation_granted = True
                if months is not None:
                    c.probation_months = months
                    if c.judgment_date is None:
                        c.judgment_date = p.date if p.in_update else (ev.date if ev and ev.kind == COURT else None)
            return
        m = _SEN_JAIL.match(part)
        if m:
            n, unit = int(m.group("n")), m.group("unit")
            if m.group("ss"):
                note(f"suspended jail term {part!r} not stored")
            elif unit.startswith("D"):
                for c in p.targets:
                    c.has_sentence = True
                    days = (c.jail_days or 0) + n if not p.in_update else n
                    if days > MAX_JAIL_DAYS:
                        note(f"jail term {part!r} is longer than any real term; jail_days left unknown", sev="warning")
                    c.jail_days = days if days <= MAX_JAIL_DAYS else None
            else:
                for c in p.targets:
                    c.has_sentence = True
                note(f"jail term {part!r} is not in days; jail_days left unknown")
            return
        m = _SEN_PRISON.match(part)
        if m:
            if m.group("ss"):
                note(f"suspended prison term {part!r}: prison left unknown", sev="warning")
                return
            for c in p.targets:
                c.has_sentence = True
                c.prison = True
            return
        if _SEN_NOTED.match(part):
            for c in p.targets:
                c.has_sentence = True
            return
        if any(w in part for w in ("PROB", "JAIL", "PRISON")):
            note(f"sentence part {part!r} not understood", sev="warning")
            return
        note(f"sentence part {part!r} not stored")

    # -- building the record --

    def build(self) -> Record:
        cases: list[Case] = []
        for cyc in self.cycles:
            cases.extend(self.cycle_cases(cyc))
        person = Person(
            id=self.cii or "rapsheet", name=self.name, aliases=self.aliases, cii=self.cii, sex=self.sex,
            race=self.race, dob=self.dob, deceased=self.deceased, registration_290_required=self.reg290,
        )
        return Record(person=person, cases=cases)

    def cycle_cases(self, cyc: _Cycle) -> list[Case]:
        courts = [e for e in cyc.events if e.kind == COURT]
        arrests = [e for e in cyc.events if e.kind == ARREST] or [e for e in cyc.events if e.kind == SUPP]
        arrest_date = next((e.date for e in arrests if e.date is not None), None)
        if not courts:
            for e in cyc.events:
                if e.kind == CUSTODY and e.charges:
                    self.issue(e.line, e.raw, "custody entry for " + "; ".join(e.charges) + " with no court event "
                               "in this cycle; no case was made from it — check the sheet for the conviction",
                               "custody_without_court", "warning")
        cases: list[Case] = []
        if courts:
            groups: dict[str | None, list[tuple[_Event, _Count]]] = {}
            empty: list[_Event] = []
            for e in courts:
                if not e.counts:
                    empty.append(e)
                for c in e.counts:
                    groups.setdefault(c.case_number, []).append((e, c))
            reported: set[int] = set()
            for members in groups.values():
                ev0 = members[0][0]
                counts = [c for _, c in members]
                cases.append(self.make_case(cyc, len(cases) + 1, ev0, counts, arrest_date, True, reported))
            for e in empty:
                self.issue(e.line, e.raw, "court event with no counts", "no_counts", "info")
                cases.append(self.make_case(cyc, len(cases) + 1, e, [], arrest_date, True, reported))
        elif arrests:
            every = [e for e in cyc.events if e.kind in (ARREST, SUPP)]
            counts = [c for e in every for c in e.counts]
            cases.append(self.make_case(cyc, 1, arrests[0], counts, arrest_date, False, set()))
        return cases

    def make_case(self, cyc: _Cycle, k: int, ev: _Event, blocks: list[_Count], arrest_date: dt.date | None,
                  court: bool, reported: set[int]) -> Case:
        county = county_for_agency(ev.agency)
        if county is None and ev.line not in reported:
            reported.add(ev.line)
            line, raw = (ev.agency_line, ev.agency_raw) if ev.agency_line and ev.agency_raw else (ev.line, ev.raw)
            what = "courthouse" if court else "arrest agency"
            if ev.agency:
                self.issue(line, raw, f"{what} {ev.agency!r} is not a California county or listed place; county "
                           "left unknown", "unknown_courthouse" if court else "unknown_agency",
                           "warning" if court else "info", "county")
            else:
                self.issue(line, raw, f"no {what} given; county left unknown", "unknown_courthouse" if court
                           else "unknown_agency", "warning" if court else "info", "county")
        counts: list[Count] = []
        for b in blocks:
            n = 1 if b.numbers is None else b.numbers[1] - b.numbers[0] + 1
            for _ in range(n):
                counts.append(self.make_count(str(len(counts) + 1), b))
        self.check_sentences(blocks)
        case_number = blocks[0].case_number if (blocks and court) else None
        # A court event means an accusatory pleading was filed; an arrest whose every count the prosecutor
        # rejected was never filed. An arrest with no court event otherwise says nothing either way.
        filed: bool | None = True if court else None
        if not court and blocks and all(b.disposition == Disposition.prosecution_declined for b in blocks):
            filed = False
        return Case(
            id=f"cycle{cyc.index:02d}-case{k}", county=county, court=ev.agency if court else None,
            court_case_number=case_number, arrest_date=arrest_date, charges_filed=filed, counts=counts,
        )

    def check_sentences(self, blocks: list[_Count]) -> None:
        convicted = [b for b in blocks if b.disposition == Disposition.convicted]
        with_sen = [b for b in convicted if b.has_sentence]
        without = [b for b in convicted if not b.has_sentence]
        for b in convicted:
            if b.conviction_level is None:
                self.issue(b.line, b.raw, "count convicted with no CONV STATUS; conviction_level unknown",
                           "no_conviction_level", "info", "conviction_level")
        if with_sen and without:
            self.issue(without[0].line, without[0].raw,
                       f"{len(without)} convicted count(s) of this case have no SEN: line while another count has "
                       "one; their sentence is left unknown (the sheet may mean one sentence for the case)",
                       "sentence_on_one_count", "info", "sentence")

    def make_count(self, cid: str, b: _Count) -> Count:
        end: dt.date | None = None
        if b.probation_months is not None and b.judgment_date is not None:
            end = add_months(b.judgment_date, b.probation_months)
        sentence = Sentence(
            probation_granted=b.probation_granted, probation_months=b.probation_months, probation_end_date=end,
            probation_violation=b.probation_violation, probation_revoked=b.probation_revoked,
            jail_days=b.jail_days, prison=b.prison,
        )
        return Count(
            id=cid, offense=b.offense, description=b.description, attempt=b.attempt, charged_level=b.charged_level,
            disposition=b.disposition, disposition_date=b.disposition_date, conviction_level=b.conviction_level,
            sentence=sentence, relief_granted=[ReliefGranted(remedy=r, date=d) for r, d in b.relief],
        )


def _final_disposition(t: str) -> Disposition | None:
    if re.search(r"\bDIV(?:ERSION|ERTED)?\b.*\b(?:COMPLETED|SUCCESSFUL)", t):
        return Disposition.diversion_completed
    if re.search(r"\bDIV(?:ERSION)?\b.*\b(?:TERMINATED|FAILED|REVOKED)", t):
        return Disposition.diversion_failed
    if t.startswith("CONVICTED"):
        return Disposition.convicted
    if re.match(r"^(?:PROS(?:ECUTION|ECUTOR)?\s+REJ|DA\s+REJ|COMPLAINT\s+REJ)", t):
        return Disposition.prosecution_declined
    if re.search(r"\bACQUITTED\b|\bNOT\s+GUILTY\b", t):
        return Disposition.acquitted
    if re.search(r"\bDISMISSED\b", t):
        return Disposition.dismissed
    return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _clean(s: str) -> str:
    return " ".join(s.split())


def parse_rap_sheet(text: str, source: str = "<rap sheet>") -> RapSheetResult:
    """Read a RAP sheet's text into record format v1; never raises (see the module docstring)."""
    try:
        parser = _Parser(text if isinstance(text, str) else str(text))
    except Exception as exc:
        lines = str(text).split("\n")
        issues = [ParseIssue(line=i, text=raw, message=f"internal error before reading ({exc!r}); not read",
                             code="internal_error", severity="error") for i, raw in enumerate(lines, 1) if raw.strip()]
        return RapSheetResult(Record(person=Person(id="rapsheet")), issues, len(lines), source=source)
    try:
        parser.run()
        record = parser.build()
    except Exception as exc:
        done = parser.pos
        parser.issues.append(ParseIssue(
            line=parser.lines[done - 1].no if done else 1, text=parser.lines[done - 1].raw if done else "",
            message=f"internal error while reading ({exc!r}); the rest of the sheet was not read",
            code="internal_error", severity="error"))
        for ln in parser.lines[done:]:
            if ln.s:
                parser.issue(ln.no, ln.raw, "not read because of an internal error", "internal_error", "error")
        try:
            record = parser.build()
        except Exception:
            record = Record(person=Person(id="rapsheet"))
    issues = sorted(parser.issues, key=lambda i: i.line)
    return RapSheetResult(record=record, issues=issues, line_count=len(parser.lines),
                          consumed=frozenset(parser.consumed), nonblank=parser.nonblank, source=source)
