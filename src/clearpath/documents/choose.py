"""Which papers a packet holds, from the reviewed fields (which come from the determinations and the plan)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from clearpath.documents.details import DISMISSAL, REDUCTION, CaseFields, PacketFields

Kind = Literal[
    "dismissal_petition", "dismissal_order", "prop64_petition", "prop64_order", "prop47_petition",
    "prop47_order", "arrest_sealing_petition", "arrest_sealing_order", "declaration", "attachment",
    "proof_of_service", "fee_waiver_note", "letter",
]

ROWS_ON_FORM = 5  # offenses a petition lists itself (as CR-180 does); the rest go to the attachment

TITLES: dict[str, str] = {
    "dismissal_petition": "Petition for dismissal",
    "dismissal_order": "Proposed order for dismissal",
    "prop64_petition": "Proposition 64 petition/application",
    "prop64_order": "Proposed order (Proposition 64)",
    "prop47_petition": "Proposition 47 application/petition",
    "prop47_order": "Proposed order (Proposition 47)",
    "arrest_sealing_petition": "Petition to seal arrest",
    "arrest_sealing_order": "Proposed order to seal arrest",
    "declaration": "Declaration in support",
    "attachment": "Attachment: offenses continued",
    "proof_of_service": "Proof of service",
    "fee_waiver_note": "Court fees and the fee waiver",
    "letter": "Letter",
}


@dataclass(frozen=True)
class Paper:
    kind: Kind
    case_id: str | None = None

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    def filename(self, n: int) -> str:
        case = f"-{_safe(self.case_id)}" if self.case_id else ""
        return f"{n:02d}-{self.kind.replace('_', '-')}{case}.pdf"


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)


def petitions(case: CaseFields) -> list[Kind]:
    remedies = {r.remedy for r in case.requests}
    out: list[Kind] = []
    if "HS 11361.8" in remedies:
        out += ["prop64_petition", "prop64_order"]
    if "PC 1170.18" in remedies:
        out += ["prop47_petition", "prop47_order"]
    if remedies & {*DISMISSAL, *REDUCTION}:
        out += ["dismissal_petition", "dismissal_order"]
    if "PC 851.91" in remedies:
        out += ["arrest_sealing_petition", "arrest_sealing_order"]
    return out


def overflow(case: CaseFields) -> bool:
    """The dismissal petition lists five offenses (as CR-180 does); the others go on the attachment."""
    return len(case.counts) > ROWS_ON_FORM and "dismissal_petition" in petitions(case)


def needs_declaration(case: CaseFields) -> bool:
    return any(r.discretionary or r.ground == "interests_of_justice" for r in case.requests)


def choose(fields: PacketFields) -> list[Paper]:
    """The packet, in filing order: per case its petitions and orders, attachment, declaration, proof of
    service; then the fee-waiver note and the letter to the person."""
    papers: list[Paper] = []
    for case in fields.cases:
        kinds = petitions(case)
        if not kinds:
            continue
        papers += [Paper(k, case.case_id) for k in kinds]
        if overflow(case):
            papers.append(Paper("attachment", case.case_id))
        if needs_declaration(case):
            papers.append(Paper("declaration", case.case_id))
        papers.append(Paper("proof_of_service", case.case_id))
    if fields.fee_waiver and papers:
        papers.append(Paper("fee_waiver_note"))
    papers.append(Paper("letter"))
    return papers
