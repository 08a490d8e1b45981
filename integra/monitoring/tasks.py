"""Background jobs of monitoring (thin wrappers around services)."""

from __future__ import annotations

from django_tasks import task

from integra.monitoring.services import funding, refresh, reports


@task()
def refresh_statistics(refresh_id: int | None = None) -> str:
    """Rebuilds the summary tables: daily, and when an analyst asks."""
    return refresh.refresh_run(refresh_id=refresh_id).state


@task()
def funding_alerts() -> int:
    """Daily: a to-do for the coordinating authority for each core (mandatory)
    measure with no funding for the next year."""
    return funding.funding_gap_todos()


@task()
def write_report(public_id: str) -> str:
    """Writes a requested implementation report (HTML and PDF) and archives it."""
    return reports.report_write(public_id=public_id)
