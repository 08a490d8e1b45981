"""Background jobs of courses (thin wrappers around services)."""

from __future__ import annotations

from django_tasks import task

from integra.courses.services import imports


@task()
def import_results(public_id: str) -> str:
    """Runs an uploaded file of results; progress is saved on the import."""
    return imports.import_run(public_id=public_id).state
