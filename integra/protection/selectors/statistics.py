"""Statistics sources for monitoring's summary tables (R24).

Only what a complaint or a visit is about, where and when, leaves this module:
never who lodged a complaint, and never a person (the firewall, ARCHITECTURE.md
rule 2). The monitoring app forms the aggregates and controls disclosure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from integra.protection.models import (
    Complaint,
    ComplaintCategory,
    Inspection,
    InspectionStatus,
    Violation,
    ViolationKind,
)


def statistics_complaints(
    *, chunk: int = 5000
) -> Iterable[tuple[date, str, list[str], date | None]]:
    """(day lodged, region, categories, day closed) of every complaint."""
    rows = (
        Complaint.objects.order_by("pk")
        .values_list("lodged_at", "region", "categories", "closed_at")
        .iterator(chunk_size=chunk)
    )
    for lodged, region, categories, closed in rows:
        yield (
            timezone.localdate(lodged),
            region,
            list(categories or []),
            timezone.localdate(closed) if closed else None,
        )


def statistics_visits(*, chunk: int = 5000) -> Iterable[tuple[date, str]]:
    """(day visited, region of the workplace) of every inspection carried out."""
    rows = (
        Inspection.objects.filter(status=InspectionStatus.DONE, visited_on__isnull=False)
        .order_by("pk")
        .values_list("visited_on", "workplace__region")
        .iterator(chunk_size=chunk)
    )
    for visited, region in rows:
        if visited is not None:
            yield visited, region


def statistics_violations(*, chunk: int = 5000) -> Iterable[tuple[date, str, str]]:
    """(day found, region of the workplace, kind) of every violation recorded."""
    return (
        Violation.objects.order_by("pk")
        .values_list("found_on", "workplace__region", "kind")
        .iterator(chunk_size=chunk)
    )


def category_labels() -> dict[str, dict[str, str]]:
    """The names of complaint categories and violation kinds, by measure."""
    complaints = {str(k): str(v) for k, v in ComplaintCategory.choices}
    return {
        "complaints": complaints,
        "complaints_closed": complaints,
        "violations": {str(k): str(v) for k, v in ViolationKind.choices},
    }
