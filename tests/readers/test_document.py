"""Text, PDF (text layer and scanned) and photo input, end to end through the RAP sheet reader.

The documents are made here from our own synthetic sheet (tests/fixtures/rapsheet_synthetic.txt):
a PDF with a real text layer written by hand, and images rendered with Pillow in a monospace font.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clearpath.cli import main
from clearpath.readers import document
from clearpath.readers.document import DocumentError, read_document
from clearpath.readers.load import InputError, load_input
from clearpath.readers.rapsheet import parse_rap_sheet
from conftest import ROOT

SHEET = ROOT / "tests" / "fixtures" / "rapsheet_synthetic.txt"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
needs_ocr = pytest.mark.skipif(not (shutil.which("tesseract") and shutil.which("pdftoppm") and FONT.exists()),
                               reason="Tesseract, poppler or the DejaVu font is not installed")


def convictions(text: str) -> list[tuple[str | None, str | None, str | None]]:
    record = parse_rap_sheet(text).record
    return sorted(
        (n.offense, n.disposition_date.isoformat() if n.disposition_date else None,
         n.conviction_level.value if n.conviction_level else None)
        for c in record.cases for n in c.counts if n.disposition.value == "convicted"
    )


def text_pdf(lines: list[str], path: Path) -> Path:
    """A one-page PDF whose text layer holds ``lines`` in Courier (written by hand: no PDF library)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 7 Tf", "9 TL", "30 770 Td"] + [f"({esc(line)}) Tj T*" for line in lines] + ["ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def rendered_image(text: str):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 28)
    lines = text.splitlines()
    img = Image.new("L", (1900, 40 * len(lines) + 80), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((40, 40 + 40 * i), line, font=font, fill=0)
    return img


def test_text_file() -> None:
    doc = read_document(SHEET)
    assert doc.method == "text"
    assert "CII/A00000001" in doc.text


def test_pdf_text_layer(tmp_path: Path) -> None:
    text = SHEET.read_text()
    pdf = text_pdf(text.splitlines(), tmp_path / "sheet.pdf")
    doc = read_document(pdf)
    assert doc.method == "pdf_text_layer"
    assert convictions(doc.text) == convictions(text)
    assert len(convictions(text)) == 3


@needs_ocr
def test_photo_gives_the_same_convictions(tmp_path: Path) -> None:
    text = SHEET.read_text()
    img = tmp_path / "photo.png"
    rendered_image(text).save(img)
    doc = read_document(img)
    assert doc.method == "image_ocr"
    assert convictions(doc.text) == convictions(text)


@needs_ocr
def test_scanned_pdf_gives_the_same_convictions(tmp_path: Path) -> None:
    text = SHEET.read_text()
    pdf = tmp_path / "scan.pdf"
    rendered_image(text).save(pdf, "PDF", resolution=200.0)
    doc = read_document(pdf)
    assert doc.method == "pdf_ocr"
    assert convictions(doc.text) == convictions(text)


def test_missing_tesseract_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    img = tmp_path / "photo.png"
    img.write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(document.shutil, "which", lambda _: None)
    with pytest.raises(DocumentError, match="tesseract-ocr"):
        read_document(img)
    result = CliRunner().invoke(main, ["check", str(img)])
    assert result.exit_code == 2
    assert "tesseract-ocr" in result.stderr
    assert "Traceback" not in result.output


def test_unsupported_and_broken_inputs(tmp_path: Path) -> None:
    odd = tmp_path / "record.docx"
    odd.write_text("x")
    with pytest.raises(InputError, match="unsupported"):
        load_input(odd)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(InputError):
        load_input(broken)


def test_check_and_convert_accept_a_rap_sheet(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(SHEET), "--as-of", "2026-03-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {d["remedy"] for d in doc["determinations"]} >= {"HS 11361.8", "PC 1203.4"}
    out = tmp_path / "record.json"
    result = runner.invoke(main, ["convert", str(SHEET), "--to", "record-json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    converted = json.loads(out.read_text())
    assert converted["format"] == "clearpath-record/1"
    assert converted["person"]["dob"] == "1980-02-14"
    assert not (tmp_path / "record.json.partial").exists()
    # The converted record checks the same as the sheet it came from.
    again = runner.invoke(main, ["check", str(out), "--as-of", "2026-03-01", "--format", "json"])
    assert [d["status"] for d in json.loads(again.stdout)["determinations"]] == \
        [d["status"] for d in doc["determinations"]]
