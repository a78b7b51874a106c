"""California DOJ bulk "research file" reader: streaming, line-accounted, vectorised.

Public API
----------
``COLUMNS``
    The 95 column names, in file order (``docs``: reference/record-formats.md §2).
``COUNT_COLUMNS`` / ``RECORD_COLUMNS`` / ``STATS_COLUMNS``
    The columns ``to_counts_frame``, ``iter_records`` and ``people_frame`` read. Pass one as ``columns=`` to
    ``read_batches``: Polars then materialises only those, which reads about three times faster.
``read_batches(path, batch_rows=500_000, columns=None, prefetch=True) -> Iterator[DojBatch]``
    Streams the file in newline-bounded blocks of about ``batch_rows`` lines (memory is bounded by the batch,
    not the file; with ``prefetch`` a background thread parses the next block while the caller works).
    ``DojBatch.rows``: the valid rows, one String column per selected source column (values as written, an
    empty field is ``""``) plus ``line``, the 1-based source line. ``DojBatch.rejects``:
    ``Reject(line, reason, text)`` for every source line that is not a row. ``DojBatch.issues``: row-level
    ``ParseIssue``s from reading (``bad_encoding``, ``subject_reappears``, ``subject_split``).
    Over a file, ``sum(rows.height) + sum(len(rejects))`` equals the number of source lines after the header.
    A subject's rows are kept in one batch (a batch ends at a subject boundary) unless one subject alone has
    more than ``batch_rows`` rows (``subject_split``).
``to_counts_frame(batch, level_from_toc=False) -> (pl.DataFrame, list[ParseIssue])``
    The counts frame (exactly ``records.frame.COUNTS_SCHEMA``, one row per count, what
    ``law.engine.evaluate`` reads) and every issue for the batch: rejected lines (code ``rejected_row``),
    reading issues, then field issues, by line. ``counts_with_issue_frame`` returns the issues as a Polars
    frame (``ISSUE_SCHEMA``) instead, for bulk runs with many issues.
``people_frame(batch) -> pl.DataFrame``
    One row per subject for bulk statistics (``PEOPLE_SCHEMA``: CII, name, sex, race code and description,
    DOB, age at the latest cycle, deceased, PC 290). Kept apart so the counts frame stays the law's shape.
``iter_records(path, batch_rows=100_000, level_from_toc=False) -> Iterator[(Record, list[ParseIssue])]``
    One record v1 document per subject, in file order, with the issues about its lines.
``DojFormatError``
    Raised only for a ``RECORD_ID`` header that is not the 95 columns in order (fields are positional, so any
    other layout would be misread), and by ``iter_records`` for a non-empty file without one readable row.

What rejects a row, and what only nulls a field
-----------------------------------------------
A line is *rejected* (reported with its line number and raw text; no value on it is used; the rows around it
are unaffected) when it is blank (``blank line``), does not have exactly 95 fields counted quote-aware
(``"SKYWALKER,LUKE S"`` is one field), has a quoted field that is not closed on the line (``unbalanced
quote``; a quoted newline is not supported: each physical line is one row), or has a blank ``SUBJECT_ID``
(it cannot be given to a person). Lines end at ``\\n``; a ``\\r`` before it is dropped (CRLF files); a
missing final newline is fine; a UTF-8 byte-order mark at the start is dropped. Bytes that are not UTF-8
are replaced by U+FFFD and reported (``bad_encoding``); the row is still read.

Everything else is a *field* problem: the row is kept, the value becomes unknown (null), and a ParseIssue
names the line and the field:
``bad_date`` (PRI_DOB, STP_EVENT_DATE, DISP_DATE, CYC_DATE not a real ``YYYYMMDD`` date),
``unknown_code`` (OFFENSE_TOC / DISP_OFFENSE_TOC / CONV_OFFENSE_TOC not F/M/I, SENT_TIME_CODE not D/M/Y,
CONV_STAT_DESCR not FELONY/MISDEMEANOR/INFRACTION; info for a SENT_LOC_DESCR that is not probation, jail,
prison or fine), ``bad_number`` (SENT_LENGTH), ``sentence_unit_missing``, ``offense_unreadable``,
``offense_from_comment`` (info), ``conviction_level_unknown`` / ``conviction_level_from_toc`` (info),
``conflicting_disposition``, ``disposition_unknown`` (info), ``conflicting_dob``, ``case_conflict`` (info:
one case's rows name different counties or case numbers), ``update_unmatched`` (info). Field values are
stripped; ``""`` and ``NULL`` are blank. A field issue's ``text`` is the field's value (batches keep no raw
line text, to bound memory); a rejected line's is the line itself. Count-level issues carry the line of the
count's first row.

How rows become counts
----------------------
* ``person_id`` = SUBJECT_ID. ``case_id`` = ``SUBJECT_ID:`` + the first 6 digits of CNT_ORDER (cycle and
  step). ``count_id`` = the 12-digit CNT_ORDER. A count row whose CNT_ORDER is not exactly 12 digits is a case
  and count of its own, ``L<line>``.
* Rows sharing a CNT_ORDER are one count. What describes the count itself (charge texts and their type of
  charge, CONV_STAT_DESCR, county, court, comment) is read from the count's first row; what may differ
  between its rows (disposition, sentence parts) is combined over all of them.
* Counts are the rows of ``COURT ...`` steps, and the rows of arrest steps (``ARREST/DETAINED/CITED``,
  ``SUPPLEMENTAL ARR``) in cycles that have no court step (arrests that never reached court). In a cycle
  with a court step, the arrest step gives only ``arrest_date`` (its earliest STP_EVENT_DATE); the court
  step's counts are the charges as filed. Other steps (``REGISTRATION``, ``DECEASED``, custody, probation)
  are not counts.
* ``offense`` is the normalised key (``HS 11357(c)``): for a conviction, CONV_OFFENSE_DESCR, else
  DISP_OFFENSE_DESCR, else OFFENSE_DESCR; when OFFENSE_DESCR is blank or ``SEE COMMENT FOR CHARGE`` the first
  code section in COMMENT_TEXT. ``664/`` or ``-664`` (or 664/ATTEMPT in OFFENSE_QUAL_LST) sets ``attempt``.
* ``disposition`` from DISP_DESCR: ``CONVICTED...`` → convicted; ``ACQUITTED``/``NOT GUILTY`` → acquitted;
  ``DISM...`` → dismissed; ``PROS REJ`` → prosecution_declined; anything else → unknown (reported). Several
  rows: convicted > acquitted > dismissed > prosecution_declined, and a disagreement is reported.
  ``disposition_date`` = DISP_DATE, else the step's STP_EVENT_DATE, of the deciding row.
* Relief already granted (``CONV SET ASIDE & DISM PER 1203.4 PC``, 1203.4a, 1203.41, 1203.42, 17(b),
  11361.8, 1170.18) goes to ``relief_granted``; ``PROBATION REVOKED`` sets ``probation_violation``. Such an
  update on a later court step is folded into the convicted count with the same cycle and count number in
  the latest earlier step (otherwise it stays a count of its own, convicted, and ``update_unmatched``).
* ``conviction_level`` (convictions only) from CONV_STAT_DESCR. Blank stays unknown and is reported
  (``conviction_level_unknown``), because the type of charge is not the level of conviction (a felony charge
  can end in a misdemeanor). ``level_from_toc=True`` reproduces what prior tools did — read a blank as the
  type of charge (CONV/DISP/OFFENSE TOC, so TOC=F → felony) — and reports each such count
  (``conviction_level_from_toc``, info). ``charged_level`` from OFFENSE_TOC.
* Sentence (convictions only), combined over the count's rows: any PROBATION row or ``CONVICTED-PROBATION``
  → ``probation_granted``; ``probation_months`` = the longest probation term (days → months rounded up,
  30 days a month); ``probation_end_date`` = disposition date + that term, the *scheduled* end (calendar
  months/years; a day the target month lacks moves to the 1st of the next month; null after a revocation);
  ``jail_days`` = the longest jail term (a month as 30 days, a year as 365); ``prison`` = any PRISON row or
  ``CONVICTED-PRISON``. A recorded sentence is read as complete: with one and no prison part (and no
  revocation) ``prison`` is false, likewise ``probation_granted``; ``county_jail_1170h`` is false for a
  misdemeanor or when probation was granted and not revoked. Nothing recorded → unknown.
* ``county`` = the case's STP_ORI_CNTY_NAME in title case (``Los Angeles``); ``court_case_number`` =
  FE_NUM_CRT_CASE, else OFN; ``juvenile`` true when the court names a juvenile court, else unknown.
* ``person_dob`` = the subject's first readable PRI_DOB (differing values: ``conflicting_dob``);
  ``person_deceased`` true with a DECEASED step; ``person_registration_290_required``
  true with a REGISTRATION step whose offense starts with ``290``. Absent, both stay unknown (null), as do
  pending case, serving sentence, offense date, value, enhancements (empty) and circumstances.

Speed: rows are classified once per distinct combination of the classifying columns (grouped by a hash,
checked value by value); a count's rows are contiguous, so counts aggregate over sorted run ids, and a count
of one row is read off the row; every step is a Polars expression (no Python loop over rows).
``benchmarks/doj_read.py`` measures it.

Known gaps: arrest-step dispositions (e.g. ``PROS REJ``) of charges in a cycle that also has a court step are
not kept; custody and probation steps are not read (no supervision or release dates, so sentence completion
stays unknown); a quoted field cannot hold a newline; SSN, CDL and FBI numbers are never read.
"""

from __future__ import annotations

import polars as pl

from clearpath.readers.doj_counts import (
    ISSUE_SCHEMA,
    build,
    charge_in_comment,
    counts_frame_from,
    issue_list,
    parse_charge,
)
from clearpath.readers.doj_read import (
    COLUMNS,
    COUNT_COLUMNS,
    RECORD_COLUMNS,
    STATS_COLUMNS,
    DojBatch,
    DojFormatError,
    Reject,
    read_batches,
)
from clearpath.readers.doj_records import PEOPLE_SCHEMA, batch_frames, iter_records, people_frame, with_read_issues
from clearpath.readers.issues import ParseIssue

__all__ = [
    "COLUMNS",
    "COUNT_COLUMNS",
    "ISSUE_SCHEMA",
    "PEOPLE_SCHEMA",
    "RECORD_COLUMNS",
    "STATS_COLUMNS",
    "DojBatch",
    "DojFormatError",
    "Reject",
    "batch_frames",
    "charge_in_comment",
    "counts_with_issue_frame",
    "iter_records",
    "parse_charge",
    "people_frame",
    "read_batches",
    "to_counts_frame",
]


def counts_with_issue_frame(batch: DojBatch, level_from_toc: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The counts frame and every issue of the batch as a frame (``ISSUE_SCHEMA``), rejected lines included."""
    counts, _, issues = build(batch, level_from_toc)
    return counts_frame_from(counts), with_read_issues(batch, issues)


def to_counts_frame(batch: DojBatch, level_from_toc: bool = False) -> tuple[pl.DataFrame, list[ParseIssue]]:
    """The counts frame (``COUNTS_SCHEMA``) of a batch and every issue for it, by line (see module doc)."""
    frame, issues = counts_with_issue_frame(batch, level_from_toc)
    return frame, issue_list(issues)
