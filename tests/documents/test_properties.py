"""Any name, any number of offenses: every paper renders and the facts come back out of the PDF."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.documents.conftest import pages_text

from clearpath.documents.choose import ROWS_ON_FORM, Paper, choose
from clearpath.documents.details import CaseFields, CountRow, PacketFields, Petitioner, Request
from clearpath.documents.layout import plain
from clearpath.documents.render import render_paper

LATIN = st.characters(min_codepoint=32, max_codepoint=0x17F, blacklist_categories=("Cc", "Cs"))
NAME = st.text(LATIN, min_size=1, max_size=60).map(lambda s: " ".join(s.split())).filter(lambda s: len(s) > 1)


def _fields(name: str, n: int, statute: str) -> PacketFields:
    counts = [CountRow(count_id=str(i), offense=f"PC {400 + i}", code="PC", section=str(400 + i),
                       level="misdemeanor", conviction_date=dt.date(2015, 1, 1) + dt.timedelta(days=i))
              for i in range(1, n + 1)]
    case = CaseFields(case_id="c1", court_case_number="15M0001", county="Fresno", counts=counts,
                      requests=[Request(remedy=statute, relief="dismissal", count_ids=[c.count_id for c in counts],
                                        ground="interests_of_justice", discretionary=True)])
    return PacketFields(as_of=dt.date(2026, 11, 22), person_id="p", petitioner=Petitioner(name=name), cases=[case])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAME, n=st.integers(1, 14), statute=st.sampled_from(["PC 1203.4", "PC 1203.4a", "PC 1203.41"]),
       lang=st.sampled_from(["en", "es"]))
def test_every_paper_renders_with_its_facts(name: str, n: int, statute: str, lang: str) -> None:
    fields = _fields(name, n, statute)
    fields.language = lang  # type: ignore[assignment]
    shown = " ".join(plain(name.upper()).split())
    for paper in choose(fields):
        text = " ".join(pages_text(render_paper(fields, paper)))
        assert text, paper
        if paper.kind == "dismissal_petition":
            assert shown[:20] in text and "Case No. 15M0001" in text
            assert text.count("misdemeanor January") == min(n, ROWS_ON_FORM)
        if paper.kind == "attachment":
            assert text.count("misdemeanor January") == n - ROWS_ON_FORM
    assert ("attachment" in [p.kind for p in choose(fields)]) == (n > ROWS_ON_FORM)
    assert Paper("declaration", "c1") in choose(fields)


def test_letters_outside_latin1_keep_their_base_letter() -> None:
    assert plain("Nguyễn Thị Minh Khai — “ok”") == 'Nguyen Thi Minh Khai - "ok"'
    assert plain("José Peña") == "José Peña"
    assert plain("王") == "?"
