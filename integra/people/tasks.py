"""Background jobs of the registry (thin wrappers around services)."""

from __future__ import annotations

from django_tasks import task

from integra.people import services
from integra.people.services import imports


@task()
def document_expiry_todos() -> int:
    """Daily: a to-do for each responsible organisation before a document expires."""
    return services.document_expiry_todos_create()


@task()
def import_persons(public_id: str) -> str:
    """Runs an uploaded import of people; progress is saved on the import."""
    return imports.import_run(public_id=public_id).state


@task()
def imports_forget() -> int:
    """Daily: deletes old import reports and rejected rows (personal data)."""
    return imports.imports_forget()
