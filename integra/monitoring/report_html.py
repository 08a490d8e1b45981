"""The implementation report as one standalone HTML file: its own CSS in a
<style>, its charts as inline SVG drawn here on the server (a suppressed bar is
not drawn: its place says "x"), a table beside every chart. Made from the same
`report_pdf.Document` as the PDF."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from integra.monitoring.report_pdf import Chart, Document

_WIDTH = 640
_LABEL_W = 190
_TEXT_W = 90
_LINE = 26
_TOP = 8


def chart_svg(chart: Chart, *, number: int) -> SafeString:
    """A horizontal bar chart; its numbers are the table's beside it."""
    bar_w = _WIDTH - _LABEL_W - _TEXT_W
    height = _TOP * 2 + _LINE * len(chart.bars)
    title_id = f"chart-{number}-title"
    pieces: list[SafeString] = []
    for index, bar in enumerate(chart.bars):
        y = _TOP + index * _LINE
        width = 0.0
        if bar.value is not None and chart.maximum > 0:
            width = round(max(0.0, min(1.0, bar.value / chart.maximum)) * bar_w, 1)
        label = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        pieces.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>',
                _LABEL_W - 8,
                y + _LINE / 2 + 4,
                label,
            )
        )
        if width > 0:
            pieces.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="bar"></rect>',
                    _LABEL_W,
                    y + 4,
                    width,
                    _LINE - 8,
                )
            )
        pieces.append(
            format_html(
                '<text x="{}" y="{}" class="{}">{}</text>',
                _LABEL_W + width + 6,
                y + _LINE / 2 + 4,
                "value missing" if bar.value is None else "value",
                bar.text,
            )
        )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>',
        _LABEL_W,
        _TOP,
        _LABEL_W,
        height - _TOP,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-labelledby="{}"><title id="{}">{}</title>{}{}</svg>',
        _WIDTH,
        height,
        _WIDTH,
        height,
        title_id,
        title_id,
        chart.title,
        axis,
        mark_safe("".join(pieces)),  # noqa: S308  # every piece built by format_html
    )


def render(document: Document, *, notice: str = "") -> str:
    """The whole report; ``notice`` is said under the title (e.g. that the PDF is
    in another language)."""
    charts: dict[str, SafeString] = {}
    number = 0
    for part in document.parts:
        for section in part.sections:
            if section.chart is not None and not section.empty:
                number += 1
                charts[section.anchor] = chart_svg(section.chart, number=number)
    parts = [
        (part, [(section, charts.get(section.anchor)) for section in part.sections])
        for part in document.parts
    ]
    return render_to_string(
        "monitoring/reports/report.html",
        {
            "document": document,
            "parts": parts,
            "notice": notice,
            "direction": "rtl" if document.rtl else "ltr",
            "contents": format_html_join(
                "",
                '<li><a href="#{}">{}</a></li>',
                ((part.anchor, part.title) for part in document.parts),
            ),
        },
    )
