"""Background jobs of the registry (thin wrappers around services)."""

from __future__ import annotations

from django_tasks import task

from integra.people import services


@task()
def document_expiry_todos() -> int:
    """Daily: a to-do for each responsible organisation before a document expires."""
    return services.document_expiry_todos_create()
