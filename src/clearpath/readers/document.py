"""Getting text out of what people hold: a text file, a PDF (with a text layer or scanned), a phone photo.

A PDF's text layer is read with pypdf. A PDF without one (a scan) is rendered page by page with poppler's
``pdftoppm`` and read with Tesseract OCR; so is a photo. Both programs are Debian packages that
``scripts/setup.sh`` installs; when one is missing the error says so instead of failing obscurely.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from clearpath.readers.issues import ParseIssue

TEXT_SUFFIXES = {".txt", ".text", ".rap"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
MIN_CHARS_PER_PAGE = 40  # fewer non-blank characters than this on average: a scan, not a text layer
OCR_DPI = 300
OCR_TIMEOUT_S = 120

Method = Literal["text", "pdf_text_layer", "pdf_ocr", "image_ocr"]


class DocumentError(Exception):
    """A document that cannot be read at all; the message says why and what to do."""


@dataclass(frozen=True)
class DocumentText:
    text: str
    method: Method
    pages: int = 1
    issues: list[ParseIssue] = field(default_factory=list)


def is_document(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES


def read_document(path: Path) -> DocumentText:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DocumentError(f"{path}: no such file")
    if suffix in TEXT_SUFFIXES:
        return _read_text(path)
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path)
    if suffix in IMAGE_SUFFIXES:
        return DocumentText(ocr_image(path), "image_ocr")
    raise DocumentError(
        f"{path}: unsupported file type {suffix or '(none)'}; use a record JSON, a text RAP sheet (.txt), "
        "a PDF or a photo (.png, .jpg, .tif)"
    )


def _read_text(path: Path) -> DocumentText:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    issues = []
    if "\ufffd" in text:
        issues.append(ParseIssue(line=0, text="", code="not_utf8", severity="info",
                                 message="Some characters were not valid UTF-8 and were replaced."))
    return DocumentText(text.replace("\r\n", "\n").replace("\r", "\n"), "text", issues=issues)


def _read_pdf(path: Path) -> DocumentText:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PyPdfError, ValueError, OSError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({exc})") from None
    meaningful = sum(len("".join(p.split())) for p in pages)
    if pages and meaningful >= MIN_CHARS_PER_PAGE * len(pages):
        return DocumentText("\n".join(_strip_layout(p) for p in pages), "pdf_text_layer", pages=len(pages))
    return DocumentText(ocr_pdf(path), "pdf_ocr", pages=max(len(pages), 1))


def _strip_layout(page: str) -> str:
    # Layout mode pads lines with spaces to keep columns; trailing padding carries nothing.
    return "\n".join(line.rstrip() for line in page.splitlines())


def _require(program: str, package: str) -> str:
    found = shutil.which(program)
    if not found:
        raise DocumentError(
            f"reading scanned documents needs `{program}`, which is not installed. Install the Debian package "
            f"{package} (bash scripts/setup.sh does this), or give a text RAP sheet or a PDF with a text layer."
        )
    return found


def ocr_image(path: Path) -> str:
    tesseract = _require("tesseract", "tesseract-ocr")
    try:
        # psm 6: one uniform block of text, which is what a RAP sheet page is.
        out = subprocess.run([tesseract, str(path), "stdout", "--psm", "6", "-l", "eng"],
                             capture_output=True, text=True, timeout=OCR_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise DocumentError(f"{path}: OCR took longer than {OCR_TIMEOUT_S} s") from None
    if out.returncode != 0:
        raise DocumentError(f"{path}: OCR failed: {out.stderr.strip().splitlines()[-1:] or ['unknown error']}")
    return out.stdout


def ocr_pdf(path: Path) -> str:
    pdftoppm = _require("pdftoppm", "poppler-utils")
    _require("tesseract", "tesseract-ocr")
    with tempfile.TemporaryDirectory(prefix="clearpath-ocr-") as tmp:
        prefix = Path(tmp) / "page"
        done = subprocess.run([pdftoppm, "-r", str(OCR_DPI), "-gray", "-png", str(path), str(prefix)],
                              capture_output=True, text=True, timeout=OCR_TIMEOUT_S, check=False)
        if done.returncode != 0:
            raise DocumentError(f"{path}: could not render the PDF for OCR: {done.stderr.strip()[:200]}")
        images = sorted(Path(tmp).glob("page*.png"))
        if not images:
            raise DocumentError(f"{path}: the PDF has no pages")
        return "\n".join(ocr_image(img) for img in images)
