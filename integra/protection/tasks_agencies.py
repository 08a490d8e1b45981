"""Background work of the agencies' licensing: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

from integra.protection.services import agencies


@task()
def licences_expire() -> int:
    """The daily run: records as expired the licences past their last day."""
    return agencies.licences_expire()
