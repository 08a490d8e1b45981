"""The statistics pages, under /statistics/ (R24): the indicators, each one's
disaggregated table with disclosure control, its export, its target, and the
refresh of the summary tables.

Aggregates only: every number comes from `selectors.tables.indicator_table`,
which suppresses small cells before anything reaches a page or a file. Thin,
like the API: parse, call one selector or service, render. A breakdown, period
or filter that cannot be shown comes back as a message beside its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from integra.core import spreadsheets
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, ValidationFailed
from integra.core.views.base import actor_required, current_actor
from integra.monitoring import catalogue, selectors, tasks
from integra.monitoring.forms import (
    PublicationForm,
    TableForm,
    TargetForm,
    add_validation_errors,
)
from integra.monitoring.selectors import tables
from integra.monitoring.services import indicators as indicator_services
from integra.monitoring.services import refresh as refresh_services
from integra.people import selectors as people

if TYPE_CHECKING:
    from integra.monitoring.models import Indicator

EXPORT_TYPES = ("csv", "xlsx")

# Dimensions filtered with a free text: too many values for a list.
_TYPED = (catalogue.CITIZENSHIP, catalogue.REGION)

SHOWN = "shown"
SUPPRESSED = "suppressed"
NOTHING = "nothing"  # published, but nothing to divide by (no people in the group)


def _freshness() -> dict[str, object]:
    return {
        "last_refresh": selectors.last_refresh(),
        "running_refresh": selectors.refresh_running(),
        "failed_refresh": selectors.last_failed_refresh(),
    }


# --- The indicators --------------------------------------------------------------------------


@actor_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    found = list(selectors.indicators(actor=actor))
    return render(
        request,
        "monitoring/index.html",
        {
            "indicators": found,
            "can_refresh": selectors.can_refresh(actor=actor),
            "can_manage_surveys": selectors.can_manage_surveys(actor=actor),
            **_freshness(),
        },
    )


@actor_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    try:
        record = refresh_services.refresh_request(actor=actor)
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        tasks.refresh_statistics.enqueue(refresh_id=record.pk)
        messages.success(
            request,
            _("The tables are being refreshed in the background; this page shows when it is done."),
        )
    return redirect("statistics:index")


# --- One indicator's table -------------------------------------------------------------------


def _age_bands() -> list[tuple[str, str]]:
    bands = [f"{low}+" if high >= 200 else f"{low}-{high}" for low, high in catalogue.AGE_BANDS]
    return [(band, band) for band in bands]


def _table_form(request: HttpRequest, indicator: Indicator) -> TableForm:
    allowed = tables.dimensions(indicator)
    labels = people.statistics_labels()
    filters: list[tuple[str, str, list[tuple[str, str]] | None]] = []
    for name in allowed:
        if name not in catalogue.PERSON_DIMENSIONS:
            continue
        choices: list[tuple[str, str]] | None
        if name in _TYPED:
            choices = None
        elif name == catalogue.AGE_BAND:
            choices = _age_bands()
        else:
            choices = sorted(labels.get(name, {}).items(), key=lambda item: item[1])
        filters.append((name, tables.dimension_label(name, indicator), choices))
    data = request.GET.copy()
    if not data.get("rows"):
        data["rows"] = catalogue.PERIOD if catalogue.PERIOD in allowed else allowed[0]
    return TableForm(
        data,
        dimensions=[(name, tables.dimension_label(name, indicator)) for name in allowed],
        filters=filters,
    )


@dataclass(frozen=True)
class Shown:
    """A cell as the page and the export show it; a suppressed one carries no number."""

    state: str
    value: float | None
    numerator: int | None
    denominator: int | None


def _shown(indicator: Indicator, cell: tables.Cell) -> Shown:
    if cell.value is not None:
        state = SHOWN
    elif tables.is_suppressed(indicator, cell):
        state = SUPPRESSED
    else:
        state = NOTHING
    if state == SUPPRESSED:
        return Shown(state, None, None, None)
    return Shown(state, cell.value, cell.numerator, cell.denominator)


def _grid(table: tables.Table) -> list[tuple[str, bool, list[Shown]]]:
    """(row label, is the total, cells) in reading order."""
    return [
        (
            label,
            key == tables.TOTAL,
            [_shown(table.indicator, cell) for cell in table.cells[r]],
        )
        for r, (key, label) in enumerate(zip(table.row_keys, table.row_labels, strict=True))
    ]


def _table(actor: Actor, indicator: Indicator, form: TableForm) -> tables.Table | None:
    """The table the form asks for, or None with the reasons on the form."""
    if not form.is_valid():
        return None
    try:
        return tables.indicator_table(
            actor=actor, indicator=indicator, query=form.query(), today=timezone.localdate()
        )
    except (ValidationFailed, ValidationError) as error:
        add_validation_errors(form, error)
        return None


def _filters_shown(form: TableForm, table: tables.Table) -> list[tuple[str, str]]:
    return [
        (
            str(form.fields[name].label),
            tables.value_label(name, value, table.indicator.numerator),
        )
        for name, value in table.filters.items()
        if name in form.fields
    ]


def _indicator_page(
    request: HttpRequest,
    actor: Actor,
    indicator: Indicator,
    *,
    target_form: TargetForm | None = None,
) -> HttpResponse:
    form = _table_form(request, indicator)
    table = _table(actor, indicator, form)
    can_manage = selectors.can_manage(actor=actor)
    if can_manage and target_form is None:
        target_form = TargetForm(
            initial={"target": "" if indicator.target is None else indicator.target}
        )
    context: dict[str, object] = {
        "indicator": indicator,
        "form": form,
        "table": table,
        "threshold": tables.threshold(),
        "can_manage": can_manage,
        "target_form": target_form,
        "query": request.GET.urlencode(),
        **_freshness(),
    }
    if table is not None:
        context.update(
            grid=_grid(table),
            two_way=bool(table.columns),
            rows_label=tables.dimension_label(table.rows, indicator),
            columns_label=tables.dimension_label(table.columns, indicator) if table.columns else "",
            filters_shown=_filters_shown(form, table),
        )
    return render(request, "monitoring/indicator.html", context)


@actor_required
@require_GET
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.indicator(actor=actor, code=code)
    return _indicator_page(request, actor, found)


@actor_required
@require_POST
def target(request: HttpRequest, code: str) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.indicator(actor=actor, code=code)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            indicator_services.indicator_target_set(
                actor=actor, code=found.code, target=form.cleaned_data["target"]
            )
        except (ValidationFailed, ValidationError) as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The target is saved."))
            return redirect("statistics:indicator", code=found.code)
    return _indicator_page(request, actor, found, target_form=form)


# --- Export ----------------------------------------------------------------------------------


@actor_required
@require_GET
def export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.indicator(actor=actor, code=code)
    if fmt not in EXPORT_TYPES:
        raise NotFound(_("Tables are downloaded as CSV or XLSX."))
    form = _table_form(request, found)
    table = _table(actor, found, form)
    if table is None:
        problems = [str(error) for error in form.non_field_errors()] + [
            f"{field.label}: {error}" for field in form for error in field.errors
        ]
        return render(
            request,
            "monitoring/export_error.html",
            {
                "indicator": found,
                "problems": problems,
                "back": f"{reverse('statistics:indicator', args=[found.code])}?"
                f"{request.GET.urlencode()}",
            },
            status=400,
        )
    header, rows = tables.export(table)
    body = (
        spreadsheets.to_csv(header, rows)
        if fmt == "csv"
        else spreadsheets.to_xlsx(header, rows, title=found.code)
    )
    response = HttpResponse(body, content_type=spreadsheets.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{found.code}.{fmt}"'
    return response


@actor_required
@require_GET
def publication(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Every table of every indicator over the period, as one CSV file, streamed."""
    actor = current_actor(request)
    selectors.indicators(actor=actor)  # refuses those who may not see statistics
    form = PublicationForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "monitoring/export_error.html",
            {
                "indicator": None,
                "problems": [f"{field.label}: {error}" for field in form for error in field.errors],
                "back": reverse("statistics:index"),
            },
            status=400,
        )
    rows = tables.publication(
        actor=actor,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        today=timezone.localdate(),
    )
    response = StreamingHttpResponse(
        spreadsheets.stream_csv(tables.PUBLICATION_HEADER, rows),
        content_type=spreadsheets.CONTENT_TYPES["csv"],
    )
    response["Content-Disposition"] = 'attachment; filename="integra-statistics.csv"'
    return response
