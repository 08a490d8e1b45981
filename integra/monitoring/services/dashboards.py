"""Dashboards: the built-in ones kept in step with the code (after every migration)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import override

from integra.monitoring import catalogue
from integra.monitoring.models import Chart, Dashboard, Indicator


def builtin_dashboards_sync() -> int:
    """Writes the built-in dashboards and their charts as the code defines them."""
    with override("en"), transaction.atomic():
        codes = {i.code: i for i in Indicator.objects.filter(built_in=True)}
        for position, spec in enumerate(catalogue.BUILT_IN_DASHBOARDS):
            dashboard, _ = Dashboard.objects.update_or_create(
                code=spec.code,
                defaults={
                    "title": str(spec.title),
                    "description": str(spec.description),
                    "roles": list(spec.roles),
                    "position": position,
                    "built_in": True,
                },
            )
            dashboard.charts.all().delete()
            Chart.objects.bulk_create(
                Chart(
                    dashboard=dashboard,
                    indicator=codes[code],
                    kind=kind,
                    rows=rows,
                    columns=columns,
                    position=number,
                )
                for number, (code, kind, rows, columns) in enumerate(spec.charts)
            )
    return len(catalogue.BUILT_IN_DASHBOARDS)
