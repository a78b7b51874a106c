"""A small, fast page writer on fpdf2: wrapped paragraphs, tables, caption boxes, signature lines.

Text is placed with ``FPDF.text`` and wrapped here (fpdf2's own ``multi_cell`` is about 30 times slower,
which matters for a county's motion batch of 100,000 documents). The PDF core fonts (Helvetica) need no
font files and cover Latin-1, which holds every Spanish letter; the few typographic characters outside it
are replaced by their plain equivalents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

from fpdf import FPDF
from fpdf.fonts import CoreFont

PAGE_W, PAGE_H = 612.0, 792.0  # US letter, points
LEFT, RIGHT, TOP, BOTTOM = 72.0, 54.0, 54.0, 60.0
WIDTH = PAGE_W - LEFT - RIGHT

_PLAIN = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                        "\u201d": '"', "\u2026": "...", "\u2022": "-", "\u00a0": " ", "\u2011": "-"})


def plain(text: str) -> str:
    """The text in Latin-1, which the core fonts can draw: typographic marks become plain ones, and a letter
    outside Latin-1 loses only its accent ('Nguyễn' -> 'Nguyen'); what has no Latin base becomes '?'."""
    text = text.translate(_PLAIN)
    try:
        return text.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        out = []
        for ch in text:
            if ord(ch) < 256:
                out.append(ch)
                continue
            base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                           if ord(c) < 256 and not unicodedata.combining(c))
            out.append(base or "?")
        return "".join(out)


_WRAPPED: dict[tuple[str, float, float, bool], list[str]] = {}  # the same paragraphs recur in every motion


class Doc:
    """One document: a cursor that moves down the page and starts a new page when it runs out."""

    def __init__(self, footer: str, title: str = "") -> None:
        pdf = FPDF(format="letter", unit="pt")
        pdf.set_auto_page_break(False)
        pdf.set_compression(True)
        pdf.set_creator("clearpath")
        pdf.set_title(plain(title or footer))
        self.footer = plain(footer)
        self.pdf = pdf
        self.size = 11.0
        self.bold = False
        self.y = TOP
        self.new_page()

    # -- primitives -------------------------------------------------------------------------------------
    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = TOP
        self.font(self.size, self.bold)

    def font(self, size: float = 11.0, bold: bool = False) -> None:
        self.size, self.bold = size, bold
        self.pdf.set_font("Helvetica", style="B" if bold else "", size=size)
        font = self.pdf.current_font
        assert isinstance(font, CoreFont)
        self._cw: dict[str, int] = font.cw

    def _w(self, text: str) -> float:
        """Width in points of Latin-1 text in the current core font (fpdf2's get_string_width is slow)."""
        cw = self._cw
        return sum(cw.get(ch, 500) for ch in text) * self.size / 1000.0

    def room(self, height: float) -> None:
        if self.y + height > PAGE_H - BOTTOM:
            size, bold = self.size, self.bold
            self.new_page()
            self.font(size, bold)

    def wrap(self, text: str, width: float) -> list[str]:
        key = (text, width, self.size, self.bold)
        hit = _WRAPPED.get(key)
        if hit is None:
            if len(_WRAPPED) > 20_000:
                _WRAPPED.clear()
            hit = _WRAPPED[key] = self._wrap(text, width)
        return hit

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        space = self._w(" ")
        for raw in plain(text).split("\n"):
            line: list[str] = []
            used = 0.0
            words: list[str] = []
            for word in raw.split(" "):
                if words and words[-1] in ("§", "§§"):  # never break a section sign from its number
                    words[-1] += " " + word
                else:
                    words.append(word)
            for word in words:
                w = self._w(word)
                if line and used + space + w > width:
                    lines.append(" ".join(line))
                    line, used = [word], w
                else:
                    used += (space if line else 0.0) + w
                    line.append(word)
            lines.append(" ".join(line))
        return lines

    def at(self, x: float, y: float, text: str) -> None:
        self.pdf.text(x, y, plain(text))

    def width_of(self, text: str) -> float:
        return self._w(plain(text))

    # -- flowing text -----------------------------------------------------------------------------------
    def para(self, text: str, *, indent: float = 0.0, hang: str = "", size: float = 11.0, bold: bool = False,
             align: Literal["left", "center"] = "left", gap: float = 5.0, width: float | None = None) -> None:
        """A wrapped paragraph; ``hang`` is a label (e.g. '2.') set in the indent before the first line."""
        self.font(size, bold)
        lead = size * 1.3
        width = (width or WIDTH) - indent
        for i, line in enumerate(self.wrap(text, width)):
            self.room(lead)
            self.y += lead
            if i == 0 and hang:  # before the line, so text read back keeps the label in front of it
                self.at(LEFT + indent - 20, self.y - size * 0.3, hang)
            if align == "center":
                self.at(LEFT + (WIDTH - self.width_of(line)) / 2, self.y - size * 0.3, line)
            else:
                self.at(LEFT + indent, self.y - size * 0.3, line)
        self.y += gap

    def space(self, height: float) -> None:
        self.y += height

    def rule(self) -> None:
        self.pdf.line(LEFT, self.y, LEFT + WIDTH, self.y)

    def table(self, columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[str]], size: float = 9.0) -> None:
        """A ruled table; widths are fractions of the text width; long cells wrap within their column."""
        widths = [w * WIDTH for _, w in columns]
        lead = size * 1.25

        header = [c for c, _ in columns]

        def draw(cells: Sequence[str], bold: bool) -> None:
            self.font(size, bold)
            wrapped = [self.wrap(c, w - 6) for c, w in zip(cells, widths, strict=True)]
            height = max(len(w) for w in wrapped) * lead + 4
            if self.y + height > PAGE_H - BOTTOM:
                self.new_page()
                if not bold:
                    draw(header, True)  # the header again at the top of each continued page
                self.font(size, bold)
            x = LEFT
            for lines, w in zip(wrapped, widths, strict=True):
                self.pdf.rect(x, self.y, w, height)
                for j, line in enumerate(lines):
                    self.at(x + 3, self.y + 2 + (j + 1) * lead - size * 0.3, line)
                x += w
            self.y += height

        draw(header, True)
        for row in rows:
            draw(row, False)
        self.y += 6
        self.font(11)

    def signature(self, label: str, date_label: str = "Date:", name: str = "") -> None:
        self.room(48)
        self.y += 30
        self.font(10)
        self.at(LEFT, self.y, date_label)
        self.pdf.line(LEFT + 30, self.y + 2, LEFT + 180, self.y + 2)
        self.pdf.line(LEFT + 250, self.y + 2, LEFT + WIDTH, self.y + 2)
        if name:
            self.at(LEFT + 250, self.y - 2, name)
        self.font(8)
        self.at(LEFT + 250, self.y + 12, label)
        self.y += 22
        self.font(11)

    def output(self) -> bytes:
        pdf = self.pdf
        total = pdf.page
        pdf.set_font("Helvetica", size=8)
        for n in range(1, total + 1):
            pdf.page = n
            pdf.text(LEFT, PAGE_H - 30, self.footer)
            label = f"Page {n} of {total}"
            pdf.text(PAGE_W - RIGHT - pdf.get_string_width(label), PAGE_H - 30, label)
        pdf.page = total
        return bytes(pdf.output())
