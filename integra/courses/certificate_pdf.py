"""A language or integration-exam certificate as a one-page A4 PDF.

Pure: no Django. The caller passes the facts, the font and the captions already
translated, so this module holds no UI text of its own. The same facts give the
same bytes (creation date = day of issue, file ID derived from the content), so a
certificate printed again is the very same file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from io import BytesIO
from pathlib import Path

import qrcode
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from qrcode.image.pil import PilImage

FAMILY = "DejaVu"
BOLD_FILE = "DejaVuSans-Bold.ttf"

# The captions render() needs from the caller.
LABEL_KEYS: tuple[str, ...] = (
    "heading",
    "holder",
    "birth_date",
    "test",
    "level",
    "provider",
    "issued_on",
    "code",
    "verify",
)

# A4 portrait, in millimetres.
_PAGE_W = 210.0
_MARGIN = 22.0
_TEXT_W = _PAGE_W - 2 * _MARGIN
_LABEL_W = 52.0
_QR_SIZE = 38.0
_INK = (20, 20, 20)
_MUTED = (100, 100, 100)
_ACCENT = (30, 64, 120)


@dataclass(frozen=True)
class CertificateFacts:
    holder: str  # the person's name in Latin script, diacritics included
    birth_date: date | None
    title: str  # the test's title
    level: str  # CEFR level reached; "" when none is stated
    provider: str  # the issuing organisation
    issued_on: date
    code: str  # verification code, XXXX-XXXX-XXXX-XXXX-XXXX
    verify_url: str  # absolute URL of the public verification page for this code


def render(
    facts: CertificateFacts,
    *,
    font_path: Path,
    labels: Mapping[str, str],
    compress: bool = True,
) -> bytes:
    """The certificate as PDF bytes. ``font_path`` is a regular TrueType font; a
    ``DejaVuSans-Bold.ttf`` beside it is used for emphasis when there is one.
    ``labels`` holds a caption for every key in ``LABEL_KEYS``."""
    if missing := [key for key in LABEL_KEYS if key not in labels]:
        raise KeyError(f"Captions missing for: {', '.join(missing)}")
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_compression(compress)
    _metadata(pdf, facts, labels)
    _fonts(pdf, font_path)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.add_page()
    _frame(pdf)
    _heading(pdf, facts, labels)
    _details(pdf, facts, labels)
    _verification(pdf, facts, labels)
    return bytes(pdf.output())


def _metadata(pdf: FPDF, facts: CertificateFacts, labels: Mapping[str, str]) -> None:
    pdf.set_title(f"{labels['heading']}: {facts.title}")
    pdf.set_subject(facts.holder)
    pdf.set_author(facts.provider)
    pdf.set_creator("Integra")
    # The day of issue, not the moment of printing: the file's ID is derived from
    # its content and this date, so printing again gives the same bytes.
    pdf.set_creation_date(datetime.combine(facts.issued_on, time(), tzinfo=UTC))


def _fonts(pdf: FPDF, font_path: Path) -> None:
    pdf.add_font(FAMILY, "", str(font_path))
    bold = font_path.with_name(BOLD_FILE)
    pdf.add_font(FAMILY, "B", str(bold if bold.is_file() else font_path))


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*_ACCENT)
    pdf.set_line_width(0.8)
    pdf.rect(10, 10, _PAGE_W - 20, 297 - 20)
    pdf.set_line_width(0.25)
    pdf.rect(13, 13, _PAGE_W - 26, 297 - 26)


def _heading(pdf: FPDF, facts: CertificateFacts, labels: Mapping[str, str]) -> None:
    # Every multi_cell returns to the left margin (fpdf2 leaves x at its right edge).
    pdf.set_xy(_MARGIN, 38)
    pdf.set_text_color(*_ACCENT)
    pdf.set_font(FAMILY, "B", 26)
    pdf.multi_cell(_TEXT_W, 12, labels["heading"], align=Align.C, new_x=XPos.LMARGIN)

    y = pdf.get_y() + 6
    pdf.set_draw_color(*_ACCENT)
    pdf.line(_PAGE_W / 2 - 30, y, _PAGE_W / 2 + 30, y)

    pdf.set_xy(_MARGIN, y + 10)
    pdf.set_text_color(*_MUTED)
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(_TEXT_W, 6, labels["holder"], align=Align.C, new_x=XPos.LMARGIN)
    pdf.set_text_color(*_INK)
    size = 24.0
    pdf.set_font(FAMILY, "B", size)
    # A long name is set smaller rather than broken over two lines, down to a point.
    while size > 14 and pdf.get_string_width(facts.holder) > _TEXT_W - 4:
        size -= 1
        pdf.set_font_size(size)
    pdf.multi_cell(_TEXT_W, size * 0.5, facts.holder, align=Align.C, new_x=XPos.LMARGIN)


def _details(pdf: FPDF, facts: CertificateFacts, labels: Mapping[str, str]) -> None:
    rows: list[tuple[str, str, bool]] = []  # caption, value, set in bold
    if facts.birth_date is not None:
        # ISO 8601: the same reading in every language the certificate is shown in.
        rows.append((labels["birth_date"], facts.birth_date.isoformat(), False))
    rows.append((labels["test"], facts.title, False))
    if facts.level:
        rows.append((labels["level"], facts.level, True))
    rows.append((labels["provider"], facts.provider, False))
    rows.append((labels["issued_on"], facts.issued_on.isoformat(), False))
    rows.append((labels["code"], facts.code, False))

    y = max(pdf.get_y() + 16, 130.0)
    for label, value, bold in rows:
        pdf.set_xy(_MARGIN, y)
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(*_MUTED)
        pdf.multi_cell(_LABEL_W, 7, label, align=Align.L)
        label_bottom = pdf.get_y()
        pdf.set_xy(_MARGIN + _LABEL_W, y)
        pdf.set_font(FAMILY, "B" if bold else "", 12)
        pdf.set_text_color(*_INK)
        pdf.multi_cell(_TEXT_W - _LABEL_W, 7, value, align=Align.L)
        y = max(label_bottom, pdf.get_y()) + 3


def _verification(pdf: FPDF, facts: CertificateFacts, labels: Mapping[str, str]) -> None:
    top = 297 - 22 - _QR_SIZE
    pdf.image(
        _qr_png(facts.verify_url),
        x=_PAGE_W - _MARGIN - _QR_SIZE,
        y=top,
        w=_QR_SIZE,
        h=_QR_SIZE,
        link=facts.verify_url,
        alt_text=facts.verify_url,
    )
    text_w = _TEXT_W - _QR_SIZE - 8
    pdf.set_xy(_MARGIN, top + 4)
    pdf.set_font(FAMILY, "", 10)
    pdf.set_text_color(*_MUTED)
    pdf.multi_cell(text_w, 5.5, labels["verify"], align=Align.L, new_x=XPos.LMARGIN)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(
        text_w, 5.5, facts.verify_url, align=Align.L, link=facts.verify_url, new_x=XPos.LMARGIN
    )
    pdf.set_font(FAMILY, "B", 14)
    pdf.set_text_color(*_INK)
    pdf.cell(text_w, 10, facts.code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _qr_png(data: str) -> BytesIO:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(data)
    qr.make(fit=True)
    buffer = BytesIO()
    qr.make_image(image_factory=PilImage).save(buffer)
    buffer.seek(0)
    return buffer
