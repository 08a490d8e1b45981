"""The implementation report as plain data, and that data as an A4 PDF.

Pure: no Django. The services build a `Document` (every caption already
translated, every number already disclosure-controlled and formatted), and
`render` typesets it with fpdf2: headings, paragraphs, bar charts drawn as
rectangles (a suppressed bar is not drawn: its place says "x") and tables. The
HTML version (`report_html`) is made from the same `Document`, so the two
always say the same thing.

The font is DejaVu Sans (Latin, Cyrillic, Greek). Arabic needs text shaping
that fpdf2 only does with uharfbuzz, which Integra does not ship: the services
write an Arabic report's PDF in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

FAMILY = "DejaVu"
BOLD_FILE = "DejaVuSans-Bold.ttf"

_PAGE_W = 210.0
_MARGIN = 16.0
_TEXT_W = _PAGE_W - 2 * _MARGIN
_INK = (20, 20, 20)
_MUTED = (95, 95, 95)
_ACCENT = (30, 64, 120)
_BAR = (52, 101, 164)
_RULE = (200, 200, 200)
_HEAD_FILL = (230, 236, 245)
_TOTAL_FILL = (242, 242, 242)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no bar (suppressed, or nothing to show)
    text: str  # what is written beside it: the number, "x" or "—"


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    maximum: float  # the value a full-width bar stands for


@dataclass(frozen=True)
class TableBlock:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[bool, ...] = ()  # per row: whether it is a total
    numeric: bool = True  # figures (right-aligned) rather than text after the first column

    def is_total(self, index: int) -> bool:
        return index < len(self.totals) and self.totals[index]

    @property
    def lines(self) -> list[tuple[tuple[str, ...], bool]]:
        """(values, is a total) of every row."""
        return [(values, self.is_total(i)) for i, values in enumerate(self.rows)]


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    chart: Chart | None = None
    tables: tuple[TableBlock, ...] = ()
    empty: str = ""  # the message shown instead of chart and tables when there is no data


@dataclass(frozen=True)
class Part:
    title: str
    anchor: str
    intro: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    language: str
    created: datetime
    intro: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    summary: TableBlock | None = None
    parts: tuple[Part, ...] = ()
    footer: str = ""
    rtl: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # contents, page


def render(document: Document, *, font_path: Path, compress: bool = True) -> bytes:
    """The report as PDF bytes."""
    pdf = _Pdf(document.footer, document.labels.get("page", "{page}"))
    pdf.set_compression(compress)
    pdf.set_title(document.title)
    pdf.set_subject(document.subtitle)
    pdf.set_creator("Integra")
    pdf.set_lang(document.language)
    pdf.set_creation_date(document.created)
    pdf.add_font(FAMILY, "", str(font_path))
    bold = font_path.with_name(BOLD_FILE)
    pdf.add_font(FAMILY, "B", str(bold if bold.is_file() else font_path))
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    _cover(pdf, document)
    for part in document.parts:
        pdf.add_page()
        pdf.start_section(part.title, level=0)
        _heading(pdf, part.title, size=17)
        for text in part.intro:
            _paragraph(pdf, text)
        for section in part.sections:
            _section(pdf, section)
    return bytes(pdf.output())


class _Pdf(FPDF):
    def __init__(self, footer: str, page_label: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer
        self._page_label = page_label

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*_MUTED)
        self.cell(_TEXT_W * 0.8, 5, self._footer_text)
        self.cell(
            _TEXT_W * 0.2, 5, self._page_label.replace("{page}", str(self.page_no())), align="R"
        )


def _heading(pdf: FPDF, text: str, *, size: float) -> None:
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(_TEXT_W, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _paragraph(pdf: FPDF, text: str, *, size: float = 10, muted: bool = False) -> None:
    pdf.set_font(FAMILY, "", size)
    pdf.set_text_color(*(_MUTED if muted else _INK))
    pdf.multi_cell(_TEXT_W, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _cover(pdf: FPDF, document: Document) -> None:
    pdf.set_y(40)
    pdf.set_font(FAMILY, "B", 24)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(_TEXT_W, 11, document.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 13)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(_TEXT_W, 7, document.subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_draw_color(*_ACCENT)
    pdf.line(_MARGIN, pdf.get_y(), _MARGIN + 60, pdf.get_y())
    pdf.ln(6)
    for text in document.intro:
        _paragraph(pdf, text)
    for text in document.notes:
        _paragraph(pdf, text, size=9, muted=True)
    if document.summary is not None:
        pdf.ln(3)
        _table(pdf, document.summary)


def _section(pdf: FPDF, section: Section) -> None:
    if pdf.get_y() > 230:
        pdf.add_page()
    pdf.ln(3)
    pdf.start_section(section.title, level=1)
    _heading(pdf, section.title, size=13)
    for text in section.paragraphs:
        _paragraph(pdf, text)
    for label, value in section.facts:
        pdf.set_font(FAMILY, "B", 9)
        pdf.set_text_color(*_MUTED)
        pdf.cell(45, 5, label)
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(*_INK)
        pdf.multi_cell(_TEXT_W - 45, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    if section.empty:
        _paragraph(pdf, section.empty, muted=True)
        return
    if section.chart is not None:
        _chart(pdf, section.chart)
    for block in section.tables:
        _table(pdf, block)


def _chart(pdf: FPDF, chart: Chart) -> None:
    """Horizontal bars, one a line: the label, the bar, the number (or x)."""
    line = 6.0
    label_w = 48.0
    text_w = 26.0
    bar_w = _TEXT_W - label_w - text_w - 2
    needed = 8 + line * len(chart.bars)
    if pdf.get_y() + needed > pdf.h - 20:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 9)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(_TEXT_W, 5, chart.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    top = pdf.get_y()
    pdf.set_draw_color(*_RULE)
    pdf.line(_MARGIN + label_w, top, _MARGIN + label_w, top + line * len(chart.bars))
    pdf.set_fill_color(*_BAR)
    for index, bar in enumerate(chart.bars):
        y = top + index * line
        pdf.set_xy(_MARGIN, y)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*_INK)
        pdf.cell(label_w - 2, line, _fit(pdf, bar.label, label_w - 3), align="R")
        width = 0.0
        if bar.value is not None and chart.maximum > 0:
            width = max(0.0, min(1.0, bar.value / chart.maximum)) * bar_w
            if width > 0:
                pdf.rect(_MARGIN + label_w, y + 1, width, line - 2, style="F")
        pdf.set_xy(_MARGIN + label_w + width + 1.5, y)
        pdf.set_font(FAMILY, "B" if bar.value is None else "", 8)
        pdf.cell(text_w, line, bar.text)
    pdf.set_xy(_MARGIN, top + line * len(chart.bars) + 3)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _table(pdf: FPDF, block: TableBlock) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 9)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(_TEXT_W, 5, block.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    columns = len(block.header)
    first = min(0.5, 0.28 + 0.06 * max(0, 5 - columns))
    if not block.numeric:
        first = 0.45 if columns > 2 else 0.8
    widths = (first, *((1 - first) / (columns - 1) for _ in range(columns - 1)))
    pdf.set_font(FAMILY, "", 8)
    pdf.set_draw_color(*_RULE)
    with pdf.table(
        col_widths=widths,
        width=_TEXT_W,
        line_height=4.6,
        text_align=("LEFT", *(("RIGHT" if block.numeric else "LEFT") for _ in range(columns - 1))),
        headings_style=FontFace(emphasis="BOLD", fill_color=_HEAD_FILL),
        borders_layout="HORIZONTAL_LINES",
        first_row_as_headings=True,
    ) as table:
        table.row(block.header)
        for index, values in enumerate(block.rows):
            style = (
                FontFace(emphasis="BOLD", fill_color=_TOTAL_FILL) if block.is_total(index) else None
            )
            row = table.row(style=style)
            for value in values:
                row.cell(value)
    pdf.ln(4)
