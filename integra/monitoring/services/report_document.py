"""The implementation report as a document (R27): for every indicator in use, a
chart and the tables beside it, read through `selectors.tables.indicator_table`
as the user who asked (every number has passed the same disclosure control as
the pages: a suppressed cell is an "x"), then the policy section. Plain data for
`report_html` and `report_pdf` to draw; `services.reports` stores the files."""

from __future__ import annotations

from datetime import date

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from integra.core.access import Actor
from integra.monitoring import catalogue, mipex, report_pdf, selectors
from integra.monitoring.models import Indicator, Report
from integra.monitoring.selectors import reports as report_selectors
from integra.monitoring.selectors import tables


def _bidi(language: str) -> bool:
    try:
        return bool(translation.get_language_info(language)["bidi"])
    except KeyError:
        return False


# --- The document ---------------------------------------------------------------------------


def _month(day: date) -> str:
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def _number(value: float) -> str:
    return formats.number_format(value, decimal_pos=1)


def _columns(indicator: Indicator, first: str) -> tuple[str, ...]:
    if indicator.calculation == catalogue.RATE:
        return (first, _("Rate (%)"), _("Counted"), _("Out of"))
    if indicator.calculation == catalogue.MEAN:
        return (first, _("Mean (%(unit)s)") % {"unit": _(indicator.unit)}, _("Number"))
    return (first, _("Number"))


def _cell(indicator: Indicator, cell: tables.Cell) -> tuple[str, ...]:
    """A cell as the report writes it: x when suppressed (no number at all), a
    dash when there is nothing to show."""
    width = {catalogue.RATE: 3, catalogue.MEAN: 2}.get(indicator.calculation, 1)
    if tables.is_suppressed(indicator, cell):
        return ("x",) * width
    if indicator.calculation == catalogue.COUNT:
        return (str(cell.numerator if cell.numerator is not None else "—"),)
    shown = "—" if cell.value is None else _number(cell.value)
    count = "—" if cell.numerator is None else str(cell.numerator)
    if indicator.calculation == catalogue.MEAN:
        return (shown, count)
    over = "—" if cell.denominator is None else str(cell.denominator)
    return (shown, count, over)


def _bar_value(indicator: Indicator, cell: tables.Cell) -> float | None:
    if tables.is_suppressed(indicator, cell):
        return None
    if indicator.calculation == catalogue.COUNT:
        return float(cell.numerator) if cell.numerator is not None else None
    return cell.value


def _table_block(indicator: Indicator, table: tables.Table, caption: str) -> report_pdf.TableBlock:
    first = tables.dimension_label(table.rows, indicator)
    rows = tuple(
        (label, *_cell(indicator, table.cells[r][0])) for r, label in enumerate(table.row_labels)
    )
    totals = tuple(key == tables.TOTAL for key in table.row_keys)
    return report_pdf.TableBlock(
        caption=caption, header=_columns(indicator, first), rows=rows, totals=totals
    )


def _chart(indicator: Indicator, table: tables.Table, title: str) -> report_pdf.Chart:
    bars = []
    for r, key in enumerate(table.row_keys):
        if key == tables.TOTAL:
            continue
        cell = table.cells[r][0]
        value = _bar_value(indicator, cell)
        text = _cell(indicator, cell)[0]
        if indicator.calculation == catalogue.RATE and value is not None:
            text = f"{text} %"
        bars.append(report_pdf.Bar(label=table.row_labels[r], value=value, text=text))
    top = max((b.value for b in bars if b.value is not None), default=0.0)
    maximum = 100.0 if indicator.calculation == catalogue.RATE else (top or 1.0)
    return report_pdf.Chart(title=title, bars=tuple(bars), maximum=maximum)


def _chart_dimension(indicator: Indicator) -> str:
    allowed = tables.dimensions(indicator)
    for dimension in (catalogue.SEX, catalogue.PERIOD, catalogue.REGION, catalogue.CATEGORY):
        if dimension in allowed:
            return dimension
    return allowed[0] if allowed else catalogue.PERIOD


def _indicator_section(
    *, actor: Actor, indicator: Indicator, report: Report, today: date, number: int
) -> tuple[report_pdf.Section, tuple[str, ...]]:
    """The indicator's section, and its line in the summary table."""
    name = indicator.label
    period = {"start": _month(report.start), "end": _month(report.end)}
    dimension = _chart_dimension(indicator)
    main = tables.indicator_table(
        actor=actor,
        indicator=indicator,
        query=tables.TableQuery(rows=dimension, start=report.start, end=report.end),
        today=today,
    )
    by = tables.dimension_label(dimension, indicator)
    facts = [
        (_("Source"), indicator.source_label),
        (_("Unit"), _(indicator.unit)),
        (_("Calculation"), indicator.get_calculation_display()),
        (_("Which way is better"), indicator.get_direction_display()),
        (
            _("Target"),
            _("none set") if indicator.target is None else _number(float(indicator.target)),
        ),
    ]
    anchor = f"indicator-{number}"
    description = (indicator.description_label,) if indicator.description else ()
    total = _cell(indicator, main.cells[-1][0])
    target = "—" if indicator.target is None else _number(float(indicator.target))
    summary = (name, _(indicator.unit), total[0], target)
    if main.empty:
        return report_pdf.Section(
            title=name,
            anchor=anchor,
            paragraphs=description,
            facts=tuple(facts),
            empty=_("No data for this period."),
        ), summary
    blocks = [
        _table_block(
            indicator,
            main,
            _("%(name)s by %(by)s, %(start)s to %(end)s") % {"name": name, "by": by, **period},
        )
    ]
    if dimension != catalogue.PERIOD and catalogue.PERIOD in indicator.disaggregations:
        over_time = tables.indicator_table(
            actor=actor,
            indicator=indicator,
            query=tables.TableQuery(rows=catalogue.PERIOD, start=report.start, end=report.end),
            today=today,
        )
        blocks.append(
            _table_block(
                indicator,
                over_time,
                _("%(name)s by %(by)s, %(start)s to %(end)s")
                % {
                    "name": name,
                    "by": tables.dimension_label(catalogue.PERIOD, indicator),
                    **period,
                },
            )
        )
    chart = _chart(indicator, main, _("%(name)s by %(by)s") % {"name": name, "by": by})
    return report_pdf.Section(
        title=name,
        anchor=anchor,
        paragraphs=description,
        facts=tuple(facts),
        chart=chart,
        tables=tuple(blocks),
    ), summary


def _policy_part(*, actor: Actor, report: Report) -> report_pdf.Part:
    rows = []
    for ratification in report_selectors.ratifications(actor=actor):
        rows.append(
            (
                report_selectors.instrument_label(ratification.instrument),
                ratification.get_status_display(),
                formats.date_format(ratification.on, "DATE_FORMAT") if ratification.on else "—",
                ratification.note or "—",
            )
        )
    ratifications = report_pdf.Section(
        title=_("Ratification of the international instruments"),
        anchor="policy-ratifications",
        paragraphs=(
            _(
                "Where the country stands on the ILO conventions on migrant workers and "
                "private employment agencies and on the 1990 UN Convention, as the "
                "coordinating authority records it."
            ),
        ),
        tables=(
            report_pdf.TableBlock(
                caption=_("Ratification status"),
                header=(_("Instrument"), _("Status"), _("Date"), _("Note")),
                rows=tuple(rows),
                numeric=False,
            ),
        ),
    )
    year = report.end.year
    assessment = report_selectors.self_assessment_for(actor=actor, year=year)
    title = _("Policy self-assessment (MIPEX areas)")
    if assessment is None:
        self_assessment = report_pdf.Section(
            title=title,
            anchor="policy-self-assessment",
            empty=_("No self-assessment has been recorded for %(year)s or before.")
            % {"year": year},
        )
        return report_pdf.Part(
            title=_("Policy"), anchor="policy", sections=(ratifications, self_assessment)
        )
    answers = report_selectors.answers_of(assessment)
    scores = mipex.score(answers)
    paragraphs = [
        _(
            "The coordinating authority's self-assessment of %(year)s: every question "
            "is answered 0, 50 or 100 (the best practice); an area scores the mean of "
            "its answers, and the country the mean of the areas."
        )
        % {"year": assessment.year}
    ]
    if scores.incomplete:
        paragraphs.append(
            _(
                "Incomplete: some areas have no answer; the overall score is the mean of "
                "the areas that have."
            )
        )
    area_rows = []
    bars = []
    for area in mipex.AREAS:
        value = scores.areas[area.code]
        given = sum(1 for q in area.questions if q.code in answers)
        text = "—" if value is None else _number(value)
        area_rows.append((str(area.name), text, f"{given} / {len(area.questions)}"))
        bars.append(report_pdf.Bar(label=str(area.name), value=value, text=text))
    overall = "—" if scores.overall is None else _number(scores.overall)
    area_rows.append((_("Overall"), overall, f"{scores.answered} / {scores.questions}"))
    answer_rows = []
    for area in mipex.AREAS:
        for question in area.questions:
            given_answer = answers.get(question.code)
            answer_rows.append(
                (
                    f"{area.name}: {question.text}",
                    _("not answered") if given_answer is None else str(given_answer),
                )
            )
    self_assessment = report_pdf.Section(
        title=title,
        anchor="policy-self-assessment",
        paragraphs=tuple(paragraphs),
        chart=report_pdf.Chart(
            title=_("Score per area, %(year)s (0 to 100)") % {"year": assessment.year},
            bars=tuple(bars),
            maximum=100.0,
        ),
        tables=(
            report_pdf.TableBlock(
                caption=_("Scores per area, %(year)s") % {"year": assessment.year},
                header=(_("Area"), _("Score"), _("Questions answered")),
                rows=tuple(area_rows),
                totals=(*([False] * len(mipex.AREAS)), True),
            ),
            report_pdf.TableBlock(
                caption=_("Answers, %(year)s") % {"year": assessment.year},
                header=(_("Question"), _("Answer")),
                rows=tuple(answer_rows),
                numeric=False,
            ),
        ),
    )
    return report_pdf.Part(
        title=_("Policy"), anchor="policy", sections=(ratifications, self_assessment)
    )


def report_document(*, actor: Actor, report: Report, today: date) -> report_pdf.Document:
    """The report as plain data, in the active language."""
    report_selectors.require_reader(actor)
    sections = []
    summary_rows = []
    for number, indicator in enumerate(selectors.indicators(actor=actor), 1):
        section, line = _indicator_section(
            actor=actor, indicator=indicator, report=report, today=today, number=number
        )
        sections.append(section)
        summary_rows.append(line)
    period = {"start": _month(report.start), "end": _month(report.end)}
    refreshed = selectors.last_refresh()
    intro = [
        _(
            "This report covers %(start)s to %(end)s. Its figures come from the summary "
            "tables of the statistics, disaggregated by sex where the source allows."
        )
        % period,
    ]
    if refreshed is not None and refreshed.finished_at is not None:
        intro.append(
            _("The summary tables were last refreshed on %(when)s.")
            % {
                "when": formats.date_format(
                    timezone.localtime(refreshed.finished_at), "DATETIME_FORMAT"
                )
            }
        )
    threshold = tables.threshold()
    notes = (
        _(
            "x: suppressed so that no person can be singled out; groups of fewer than "
            "%(t)s are never shown, nor the figures that would let them be worked back "
            "from the totals."
        )
        % {"t": threshold},
        _("—: nothing to show: no people in the group, or fewer than %(t)s to average over.")
        % {"t": threshold},
        _(
            "“Not stated” counts the records that do not say, so that the parts add up "
            "to the total."
        ),
    )
    language = translation.get_language() or report.language
    return report_pdf.Document(
        title=report.title,
        subtitle=_("%(start)s to %(end)s") % period,
        language=language,
        created=report.requested_at,
        intro=tuple(intro),
        notes=notes,
        summary=report_pdf.TableBlock(
            caption=_("Summary: each indicator over the whole period"),
            header=(_("Indicator"), _("Unit"), _("Value"), _("Target")),
            rows=tuple(summary_rows),
        ),
        parts=(
            report_pdf.Part(
                title=_("Indicators"),
                anchor="indicators",
                intro=(
                    _(
                        "Each indicator with a chart and the tables beside it; rates are "
                        "per cent of the people counted."
                    ),
                ),
                sections=tuple(sections),
            ),
            _policy_part(actor=actor, report=report),
        ),
        footer=_("%(title)s · %(id)s · written by Integra on %(date)s")
        % {
            "title": report.title,
            "id": report.public_id,
            "date": formats.date_format(today, "DATE_FORMAT"),
        },
        rtl=_bidi(language),
        labels={"contents": _("Contents"), "page": _("Page %(n)s") % {"n": "{page}"}},
    )
