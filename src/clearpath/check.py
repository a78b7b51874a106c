"""The individual path: one person's record, on one date, through every remedy."""

from __future__ import annotations

from datetime import date

from clearpath.law.ca import california
from clearpath.law.engine import evaluate
from clearpath.law.offense import parse_offense
from clearpath.law.pack import LawPack
from clearpath.law.result import CheckResult, Issue, determinations_from_frame
from clearpath.records.frame import counts_frame
from clearpath.records.model import Disposition, Record


def record_issues(record: Record) -> list[Issue]:
    """Problems in the record that limit what can be said (never fatal: the engine asks instead)."""
    issues: list[Issue] = []
    ids: set[tuple[str, str]] = set()
    for case in record.cases:
        for cnt in case.counts:
            where = {"case_id": case.id, "count_id": cnt.id}
            if (case.id, cnt.id) in ids:
                issues.append(Issue(code="duplicate_count_id", field="id", **where,
                                    text=f"Count id {cnt.id!r} appears twice in case {case.id!r}."))
            ids.add((case.id, cnt.id))
            if cnt.offense is None:
                issues.append(Issue(code="offense_missing", field="offense", **where,
                                    text="The offense is missing; relief for this count cannot be decided."))
            elif parse_offense(cnt.offense) is None:
                issues.append(Issue(code="offense_unreadable", field="offense", **where,
                                    text=f"The offense {cnt.offense!r} is not a code section we can read "
                                         "(expected something like 'PC 459' or 'HS 11359(b)')."))
            if cnt.disposition == Disposition.unknown:
                issues.append(Issue(code="disposition_unknown", field="disposition", **where,
                                    text="The outcome of this count is unknown, so no relief is computed for it."))
            if cnt.disposition == Disposition.convicted and cnt.conviction_level is None:
                issues.append(Issue(code="conviction_level_unknown", field="conviction_level", **where,
                                    text="The conviction level (felony, misdemeanor, infraction) is missing."))
    return issues


def check(record: Record, as_of: date, pack: LawPack | None = None,
          remedies: list[str] | None = None) -> CheckResult:
    pack = pack or california()
    frame = counts_frame([record])
    determinations = evaluate(frame, as_of, pack, remedies)
    return CheckResult(
        as_of=as_of,
        law_version=pack.law_version(as_of),
        person_id=record.person.id,
        determinations=determinations_from_frame(determinations, pack),
        issues=record_issues(record),
    )
