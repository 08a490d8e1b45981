"""What the labour inspection pages and API read (R19), already scoped.

Behind the firewall (ARCHITECTURE.md rule 2): workplaces, the risk list and the
inspections are read by the labour inspectorate's inspectors only
(core.access.can_inspect); no role that can see legal status ever gets them.
An inspection is read by the inspectorate (with the units below it) that runs
it. A workplace's complaints are shown by id, categories and status only, never
who lodged them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import User
from integra.protection import isic, licensing
from integra.protection.models import (
    Agency,
    Complaint,
    Inspection,
    InspectionReason,
    InspectionStatus,
    Sanction,
    SanctionKind,
    Violation,
    ViolationKind,
    Workplace,
)
from integra.protection.selectors import complaints as complaint_selectors

# --- Who may do what ----------------------------------------------------------------------


def can_inspect(*, actor: Actor) -> bool:
    return access.can_inspect(actor)


def guard(actor: Actor) -> set[int]:
    """The actor's inspectorates; refused (403) for anyone who does not inspect."""
    scope = access.inspection_scope(actor)
    if not scope:
        raise PermissionDenied(
            _("Workplaces and inspections are for the labour inspectorate's inspectors.")
        )
    return scope


# --- Labels ---------------------------------------------------------------------------------


def sector_label(letter: str) -> str:
    return complaint_selectors.sector_label(letter) if letter else ""


def sector_choices() -> list[tuple[str, str]]:
    return isic.choices()


def reason_label(value: str) -> str:
    return str(dict(InspectionReason.choices).get(value, value))


def status_label(value: str) -> str:
    return str(dict(InspectionStatus.choices).get(value, value))


def violation_label(value: str) -> str:
    return str(dict(ViolationKind.choices).get(value, value))


def sanction_label(value: str) -> str:
    return str(dict(SanctionKind.choices).get(value, value))


def is_open(violation: Violation, *, today: date) -> bool:
    """Open: not remedied and past its deadline."""
    return (
        violation.remedied_on is None
        and violation.remedy_by is not None
        and violation.remedy_by < today
    )


# --- Workplaces -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkplaceFilters:
    query: str = ""  # a part of the employer's name, its registration number or the public id
    region: str = ""
    sector: str = ""


def workplace_list(*, actor: Actor, filters: WorkplaceFilters | None = None) -> QuerySet[Workplace]:
    """The workplaces the inspectorate knows, by employer."""
    guard(actor)
    filters = filters or WorkplaceFilters()
    workplaces = Workplace.objects.all()
    query = filters.query.strip()
    if query:
        key = licensing.search_key(query)
        match = Q(public_id__iexact=query) | Q(registration_number__iexact=query)
        if key:
            match |= Q(search_name__contains=key)
        workplaces = workplaces.filter(match)
    if filters.region.strip():
        workplaces = workplaces.filter(region__iexact=filters.region.strip())
    if filters.sector:
        workplaces = workplaces.filter(sector=filters.sector)
    return workplaces.order_by("search_name", "id")


def workplace_get(*, actor: Actor, public_id: str) -> Workplace:
    guard(actor)
    workplace = Workplace.objects.filter(public_id=public_id).first()
    if workplace is None:
        raise NotFound(_("There is no such workplace."))
    return workplace


def known_regions() -> list[str]:
    regions = set(Workplace.objects.exclude(region="").values_list("region", flat=True))
    return sorted(regions | set(complaint_selectors.known_regions()))


@dataclass(frozen=True)
class ComplaintRow:
    """A complaint as a workplace's page shows it: never who lodged it."""

    public_id: str
    categories: list[str]  # in the reader's language
    codes: list[str]
    status: str
    status_label: str
    can_open: bool


@dataclass(frozen=True)
class ViolationRow:
    violation: Violation
    label: str
    open: bool
    sanctions: list[tuple[Sanction, str]]


@dataclass(frozen=True)
class WorkplaceDetail:
    workplace: Workplace
    sector: str
    agencies: list[Agency]
    complaints: list[ComplaintRow]
    inspections: list[tuple[Inspection, str, str]]  # (inspection, status, reason)
    violations: list[ViolationRow]
    open_violations: int
    supplied_by_agency: bool = field(default=False)


def _violation_rows(violations: QuerySet[Violation], *, today: date) -> list[ViolationRow]:
    rows = []
    for violation in violations.prefetch_related(
        Prefetch("sanctions", queryset=Sanction.objects.order_by("imposed_on", "pk"))
    ).order_by("found_on", "pk"):
        rows.append(
            ViolationRow(
                violation=violation,
                label=violation_label(violation.kind),
                open=is_open(violation, today=today),
                sanctions=[(s, sanction_label(s.kind)) for s in violation.sanctions.all()],
            )
        )
    return rows


def complaint_rows(*, actor: Actor, complaints: QuerySet[Complaint]) -> list[ComplaintRow]:
    return [
        ComplaintRow(
            public_id=c.public_id,
            categories=[complaint_selectors.category_label(x) for x in c.categories],
            codes=list(c.categories),
            status=c.status,
            status_label=complaint_selectors.status_label(c.status),
            can_open=access.can_see_complaint(actor, routed_to=c.routed_to_id),
        )
        for c in complaints.order_by("lodged_at", "pk")
    ]


def workplace_detail(*, actor: Actor, public_id: str, today: date | None = None) -> WorkplaceDetail:
    """A workplace with its agencies, its complaints (ids, categories and status),
    the actor's inspectorate's inspections there and what they found."""
    scope = guard(actor)
    today = today or timezone.localdate()
    workplace = workplace_get(actor=actor, public_id=public_id)
    inspections = (
        workplace.inspections.filter(organisation_id__in=scope)
        .select_related("inspector")
        .order_by("-planned_for", "-pk")
    )
    violations = _violation_rows(
        Violation.objects.filter(workplace=workplace, inspection__organisation_id__in=scope),
        today=today,
    )
    agencies = list(workplace.agencies.order_by("search_name", "pk"))
    return WorkplaceDetail(
        workplace=workplace,
        sector=sector_label(workplace.sector),
        agencies=agencies,
        complaints=complaint_rows(actor=actor, complaints=workplace.complaints.all()),
        inspections=[(i, status_label(i.status), reason_label(i.reason)) for i in inspections],
        violations=violations,
        open_violations=sum(1 for row in violations if row.open),
        supplied_by_agency=bool(agencies),
    )


def agency_choices() -> list[tuple[str, str]]:
    """The register's agencies, to link a workplace to."""
    return [
        (a.public_id, f"{a.name} ({a.public_id})")
        for a in Agency.objects.order_by("search_name", "pk")
    ]


def agency_get(*, public_id: str) -> Agency | None:
    return Agency.objects.filter(public_id=public_id).first()


def linkable_complaints(*, actor: Actor, workplace: Workplace) -> list[tuple[str, str]]:
    """The complaints linked to this workplace that the actor may see: those an
    inspection can answer."""
    return [
        (row.public_id, f"{row.public_id} · {', '.join(row.categories)} · {row.status_label}")
        for row in complaint_rows(actor=actor, complaints=workplace.complaints.all())
        if row.can_open
    ]


def complaint_visible(*, actor: Actor, public_id: str) -> Complaint | None:
    complaint = Complaint.objects.filter(public_id=public_id).first()
    if complaint is None or not access.can_see_complaint(actor, routed_to=complaint.routed_to_id):
        return None
    return complaint


def workplace_by_id(*, public_id: str) -> Workplace | None:
    return Workplace.objects.filter(public_id=public_id).first()


# --- Inspections ----------------------------------------------------------------------------


def inspectors(*, actor: Actor) -> QuerySet[User]:
    """The inspectors of the actor's inspectorates (who may be sent on a visit)."""
    return complaint_selectors.inspectors_of(
        organisation_ids=access.inspection_scope(actor)
    ).order_by("username", "pk")


def inspector_choices(*, actor: Actor) -> list[tuple[str, str]]:
    return [(u.username, u.get_full_name() or u.username) for u in inspectors(actor=actor)]


def _due(today: date) -> Q:
    """An inspection with a violation past its deadline, not remedied, and no
    follow-up planned for it."""
    overdue = Violation.objects.filter(
        inspection=OuterRef("pk"), remedied_on__isnull=True, remedy_by__lt=today
    )
    planned = Inspection.objects.filter(
        follow_up_of=OuterRef("pk"), status=InspectionStatus.PLANNED
    )
    return Q(Exists(overdue)) & ~Q(Exists(planned))


@dataclass(frozen=True)
class InspectionFilters:
    status: str = ""
    planned_from: date | None = None
    planned_to: date | None = None
    due_follow_ups: bool = False


def inspection_list(
    *, actor: Actor, filters: InspectionFilters | None = None, today: date | None = None
) -> QuerySet[Inspection]:
    """The inspections of the actor's inspectorates, the next planned first."""
    scope = guard(actor)
    filters = filters or InspectionFilters()
    today = today or timezone.localdate()
    inspections = Inspection.objects.filter(organisation_id__in=scope).select_related(
        "workplace", "inspector", "organisation"
    )
    if filters.status:
        inspections = inspections.filter(status=filters.status)
    if filters.planned_from:
        inspections = inspections.filter(planned_for__gte=filters.planned_from)
    if filters.planned_to:
        inspections = inspections.filter(planned_for__lte=filters.planned_to)
    if filters.due_follow_ups:
        inspections = inspections.filter(_due(today))
    return inspections.order_by("-planned_for", "-id")


def inspection_get(*, actor: Actor, public_id: str) -> Inspection:
    """One inspection, for its inspectorate; anyone else learns nothing (404)."""
    scope = access.inspection_scope(actor)
    inspection = (
        Inspection.objects.select_related("workplace", "inspector", "organisation", "follow_up_of")
        .filter(public_id=public_id)
        .first()
    )
    if inspection is None or inspection.organisation_id not in scope:
        raise NotFound(_("There is no such inspection."))
    return inspection


def violation_get(*, inspection: Inspection, violation_id: int) -> Violation:
    """A violation found in this inspection (or, for a follow-up, in the one it follows)."""
    found = Violation.objects.filter(
        Q(inspection=inspection) | Q(inspection_id=inspection.follow_up_of_id), pk=violation_id
    ).first()
    if found is None:
        raise NotFound(_("There is no such violation."))
    return found


def sanction_get(*, inspection: Inspection, sanction_id: int) -> Sanction:
    found = Sanction.objects.filter(violation__inspection=inspection, pk=sanction_id).first()
    if found is None:
        raise NotFound(_("There is no such sanction."))
    return found


def has_unremedied(inspection: Inspection) -> bool:
    return inspection.violations.filter(remedied_on__isnull=True).exists()


@dataclass(frozen=True)
class InspectionDetail:
    inspection: Inspection
    status: str
    reason: str
    sector: str
    complaints: list[ComplaintRow]
    violations: list[ViolationRow]
    # At a follow-up: the violations of the inspection it follows.
    followed: list[ViolationRow]
    follow_ups: list[Inspection]
    can_follow_up: bool
    agencies: list[Agency]  # who supplies the workplace: a recruitment fee is theirs too


def inspection_detail(
    *, actor: Actor, public_id: str, today: date | None = None
) -> InspectionDetail:
    today = today or timezone.localdate()
    inspection = inspection_get(actor=actor, public_id=public_id)
    violations = _violation_rows(inspection.violations.all(), today=today)
    followed = (
        _violation_rows(inspection.follow_up_of.violations.all(), today=today)
        if inspection.follow_up_of is not None
        else []
    )
    return InspectionDetail(
        inspection=inspection,
        status=status_label(inspection.status),
        reason=reason_label(inspection.reason),
        sector=sector_label(inspection.workplace.sector),
        complaints=complaint_rows(actor=actor, complaints=inspection.complaints.all()),
        violations=violations,
        followed=followed,
        follow_ups=list(inspection.follow_ups.order_by("planned_for", "pk")),
        can_follow_up=inspection.status == InspectionStatus.DONE
        and any(row.violation.remedied_on is None for row in violations),
        agencies=list(inspection.workplace.agencies.order_by("search_name", "pk")),
    )
