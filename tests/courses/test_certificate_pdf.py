"""Certificates as PDF: the pure renderer, read back without a PDF library.

fpdf2 writes text as glyph ids of the embedded font subset; with compression off,
``_page_text`` maps them back to characters through each font's ToUnicode table,
so the tests can check what a reader of the certificate would see.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from integra.courses.certificate_pdf import LABEL_KEYS, CertificateFacts, render

LABELS = {
    "heading": "Certificat de competență lingvistică",
    "holder": "Titular",
    "birth_date": "Data nașterii",
    "test": "Examen",
    "level": "Nivel atins",
    "provider": "Emitent",
    "issued_on": "Data eliberării",
    "code": "Cod de verificare",
    "verify": "Verificați certificatul la adresa:",
}
CODE = "ABCD-EFGH-JKMN-PQRS-TVWX"
FACTS = CertificateFacts(
    holder="Ștefania Ăncuța Brâncoveanu-Țîrlea",
    birth_date=date(1991, 2, 28),
    title="Romanian language test B1",
    level="B1",
    provider="Școala de Limbi Străine „Mihai Eminescu”",
    issued_on=date(2025, 6, 30),
    code=CODE,
    verify_url=f"https://integra.example.org/certificates/{CODE}/",
)


@pytest.fixture
def font() -> Path:
    return Path(settings.CERTIFICATE_FONT)


def _render(font: Path, facts: CertificateFacts = FACTS, **kwargs) -> bytes:
    return render(facts, font_path=font, labels=LABELS, **kwargs)


def _objects(pdf: bytes) -> dict[bytes, bytes]:
    return dict(re.findall(rb"\n(\d+) 0 obj\n(.*?)\nendobj", pdf, re.DOTALL))


def _stream(body: bytes) -> bytes:
    return body.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]


def _page_text(pdf: bytes) -> str:
    """The text shown on the page, one string per line drawn, joined by newlines."""
    objects = _objects(pdf)
    resources = next(body for body in objects.values() if b"/Font <<" in body)
    to_unicode: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
        cmap = _stream(objects[re.search(rb"/ToUnicode (\d+) 0 R", objects[number])[1]])
        to_unicode[name] = {
            int(code, 16): chr(int(char, 16))
            for code, char in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
        }
    content = _stream(next(b for b in objects.values() if b" Tf" in b and b"stream\n" in b))
    lines, font = [], b""
    for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.DOTALL):
        if match[1]:
            font = match[1]
            continue
        raw = re.sub(rb"\\(.)", lambda m: b"\r" if m[1] == b"r" else m[1], match[2], flags=re.S)
        codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
        lines.append("".join(to_unicode[font][c] for c in codes))
    return "\n".join(lines)


def _squashed(text: str) -> str:
    """Text without its line breaks and spaces: a long line may be wrapped anywhere."""
    return re.sub(r"\s+", "", text)


def test_the_configured_font_and_its_bold_face_are_installed(font):
    assert font.is_file()
    assert (font.parent / "DejaVuSans-Bold.ttf").is_file()


def test_it_renders_a_pdf(font):
    pdf = _render(font)

    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page\n") == 1


def test_the_same_facts_give_the_same_bytes(font):
    assert _render(font) == _render(font)


def test_other_facts_give_another_file_id(font):
    ids = {
        re.search(rb"/ID \[(<[0-9A-F]+>)", _render(font, facts))[1]
        for facts in (FACTS, dataclasses.replace(FACTS, code="ZZZZ-EFGH-JKMN-PQRS-TVWX"))
    }

    assert len(ids) == 2


def test_it_shows_every_fact_with_its_caption_diacritics_included(font):
    text = _squashed(_page_text(_render(font, compress=False)))

    for expected in [
        "Certificat de competență lingvistică",
        "Ștefania Ăncuța Brâncoveanu-Țîrlea",
        "Data nașterii",
        "1991-02-28",
        "Romanian language test B1",
        "Nivel atins",
        "Școala de Limbi Străine „Mihai Eminescu”",
        "Data eliberării",
        "2025-06-30",
        CODE,
        "Verificați certificatul la adresa:",
        FACTS.verify_url,
    ]:
        assert _squashed(expected) in text


def test_it_leaves_out_an_unknown_birth_date_and_an_unstated_level(font):
    facts = dataclasses.replace(FACTS, birth_date=None, level="")

    text = _page_text(_render(font, facts, compress=False))

    assert "Data nașterii" not in text
    assert "Nivel atins" not in text
    assert "Romanian language test B1" in text


def test_a_long_name_and_title_are_still_shown_whole(font):
    facts = dataclasses.replace(
        FACTS,
        holder="Maria-Magdalena Alexandrescu-Constantinescu-Dumitrescu Ionescu-Popovici",
        title="Examen de integrare civică și limba română pentru cetățenie, nivel intermediar",
    )

    text = _page_text(_render(font, facts, compress=False))

    assert "Alexandrescu-Constantinescu-Dumitrescu" in text
    assert "Popovici" in text
    assert "cetățenie," in text


def test_it_embeds_dejavu_regular_and_bold(font):
    pdf = _render(font, compress=False)

    assert b"/BaseFont /MPDFAA+DejaVuSansBook" in pdf
    assert b"/BaseFont /MPDFAA+DejaVuSansBold" in pdf
    assert b"/FontFile2 " in pdf  # the font program itself, not a reference to one


def test_it_falls_back_to_the_regular_face_without_a_bold_one(font, tmp_path):
    alone = tmp_path / "DejaVuSans.ttf"
    alone.write_bytes(font.read_bytes())

    pdf = _render(alone, compress=False)

    assert b"DejaVuSansBold" not in pdf
    assert "Ștefania Ăncuța Brâncoveanu-Țîrlea" in _page_text(pdf)


def test_it_sets_the_metadata_with_the_day_of_issue(font):
    pdf = _render(font, compress=False)

    assert b"/Title (Certificat de competen" not in pdf  # not Latin-1: written as UTF-16
    title = "Certificat de competență lingvistică: Romanian language test B1"
    assert b"/Title <feff" + title.encode("utf-16-be").hex().encode() + b">" in pdf
    assert b"/CreationDate (D:20250630000000Z)" in pdf
    assert b"/Creator (Integra)" in pdf


def test_the_qr_code_and_the_address_link_to_the_verification_page(font):
    pdf = _render(font, compress=False)

    # The image, and each line the address is wrapped over.
    assert pdf.count(b"/URI (" + FACTS.verify_url.encode() + b")") >= 2
    assert b"/Subtype /Image" in pdf


def test_it_refuses_captions_that_are_missing(font):
    labels = {key: key for key in LABEL_KEYS if key != "verify"}

    with pytest.raises(KeyError, match="verify"):
        render(FACTS, font_path=font, labels=labels)
