"""Golden images: page 1 of every paper, rendered at 40 dpi in grey, against tests/golden/documents/*.png.

The tolerance absorbs font-rasterising noise but not a moved block, a lost column or a new line. To accept
an intended layout change: ``CLEARPATH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/documents`` and look
at the new images before committing them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from tests.documents.conftest import arrest_record, example, fields_for, many_counts_record

from clearpath.documents.choose import Paper
from clearpath.documents.details import Address, PacketFields
from clearpath.documents.motions import OfficeDetails, _Line, render_motion
from clearpath.documents.render import render_paper

GOLDEN = Path(__file__).parents[1] / "golden" / "documents"
UPDATE = os.environ.get("CLEARPATH_UPDATE_GOLDEN") == "1"
DPI = 40
MAX_CHANGED = 0.01  # share of pixels whose grey level may differ by more than a quarter of the range


def _filled(fields: PacketFields) -> PacketFields:
    fields.petitioner.address = Address(street="12 Elm Street", city="Sacramento", zip="95814")
    return fields


def _paper(kind: str, case_id: str | None, make: Callable[[], PacketFields]) -> Callable[[], bytes]:
    return lambda: render_paper(_filled(make()), Paper(kind, case_id))  # type: ignore[arg-type]


def _example() -> PacketFields:
    return fields_for(example())


def _spanish() -> PacketFields:
    f = _example()
    f.language = "es"
    return f


def _motion(people: int) -> bytes:
    lines = [_Line(f"P{i}", f"Person {i} Example", dt.date(1980, 1, 1 + i % 28), f"10F{i:06d}", "1", "HS 11359",
                   "felony", dt.date(2010, 5, 1), "reduction_to_misdemeanor") for i in range(people)]
    return render_motion("Sacramento", lines, dt.date(2026, 11, 22),
                         OfficeDetails(district_attorney="Pat Prosecutor", deputy="Dee Deputy", bar_number="123456"))


CASES: dict[str, Callable[[], bytes]] = {
    "dismissal_petition": _paper("dismissal_petition", "2012-theft", _example),
    "dismissal_order": _paper("dismissal_order", "2012-theft", _example),
    "prop64_petition": _paper("prop64_petition", "2010-cannabis", _example),
    "prop64_order": _paper("prop64_order", "2010-cannabis", _example),
    "prop47_petition": _paper("prop47_petition", "2012-theft", _example),
    "prop47_order": _paper("prop47_order", "2012-theft", _example),
    "declaration": _paper("declaration", "2012-theft", _example),
    "proof_of_service": _paper("proof_of_service", "2012-theft", _example),
    "attachment": _paper("attachment", "2018-theft", lambda: fields_for(many_counts_record(8))),
    "arrest_sealing_petition": _paper("arrest_sealing_petition", "2022-arrest", lambda: fields_for(arrest_record())),
    "arrest_sealing_order": _paper("arrest_sealing_order", "2022-arrest", lambda: fields_for(arrest_record())),
    "fee_waiver_note": _paper("fee_waiver_note", None, _example),
    "letter_en": _paper("letter", None, _example),
    "letter_es": _paper("letter", None, _spanish),
    "motion_person": lambda: _motion(1),
    "motion_court": lambda: _motion(30),
}


def _page_one(pdf: bytes, tmp: Path) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    src = tmp / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", str(src),
                    str(tmp / "page")], check=True)
    return Image.open(tmp / "page.png").convert("L")


def changed_share(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
    return sum(diff.histogram()[255:]) / (a.size[0] * a.size[1])


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_one_matches_golden(name: str, tmp_path: Path) -> None:
    image = _page_one(CASES[name](), tmp_path)
    golden = GOLDEN / f"{name}.png"
    if UPDATE or not golden.exists():
        if not UPDATE:
            pytest.fail(f"no golden image {golden}; run with CLEARPATH_UPDATE_GOLDEN=1 to create it")
        GOLDEN.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        golden.write_bytes(buf.getvalue())
        return
    share = changed_share(image, Image.open(golden).convert("L"))
    assert share <= MAX_CHANGED, f"{name}: {share:.1%} of page 1 changed; a layout break? (see module doc)"


def test_the_comparison_catches_a_layout_change(tmp_path: Path) -> None:
    petition = _page_one(CASES["dismissal_petition"](), tmp_path)
    (tmp_path / "page.png").unlink()
    order = _page_one(CASES["dismissal_order"](), tmp_path)
    assert changed_share(petition, order) > MAX_CHANGED
    shifted = Image.new("L", petition.size, 255)
    shifted.paste(petition, (0, 6))  # everything 6 px (about 11 pt) lower
    assert changed_share(petition, shifted) > MAX_CHANGED
