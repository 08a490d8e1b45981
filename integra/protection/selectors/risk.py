"""The inspectors' risk list: every workplace in the register, ranked by the
score of ``protection.risk`` (R19).

The facts are gathered set-wise, whatever the number of workplaces: one query for
the workplaces, and one grouped query each for their complaints, violations,
last visits and links to agencies of concern; then the scores are computed and
sorted in Python, and only the page shown is read in full. (The naive way, a few
queries per workplace, is the baseline of bench/protection.py.)

Only counts leave this module: which complaints lie behind a count is read on the
workplace's page, by those who may see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import PermissionDenied
from integra.protection import isic, risk
from integra.protection.models import (
    Agency,
    AgencyViolation,
    Complaint,
    Inspection,
    InspectionStatus,
    Licence,
    LicenceStatus,
    Violation,
    Workplace,
)


@dataclass(frozen=True)
class Ranked:
    public_id: str
    employer: str
    name: str
    region: str
    sector: str
    score: float
    complaints: int
    violations: int
    open_violations: int
    flagged_agencies: int
    migrant_sector: bool
    last_visit: date | None
    reasons: list[str]


@dataclass(frozen=True)
class RiskPage:
    rows: list[Ranked]
    total: int


def _guard(actor: Actor) -> None:
    if not access.can_inspect(actor):
        raise PermissionDenied(_("The risk list is for the labour inspectorate's inspectors."))


def agencies_of_concern(*, today: date) -> QuerySet[Agency]:
    """Agencies with a violation in the last three years, or without a licence in
    force today."""
    since = today - timedelta(days=risk.VIOLATION_WINDOW_DAYS)
    in_force = Licence.objects.filter(agency=OuterRef("pk"), status=LicenceStatus.ACTIVE).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    recent = AgencyViolation.objects.filter(agency=OuterRef("pk"), found_on__gte=since)
    return Agency.objects.filter(Exists(recent) | ~Exists(in_force))


def facts(
    *, workplaces: QuerySet[Workplace], today: date, filtered: bool = True
) -> dict[int, risk.Facts]:
    """Every workplace's facts, by primary key, in five queries. ``filtered``:
    whether ``workplaces`` is a subset (its query then bounds the others)."""

    def within(field: str) -> Q:
        return Q(**{f"{field}__in": workplaces.values("pk")}) if filtered else Q()

    year_ago = timezone.now() - timedelta(days=risk.COMPLAINT_WINDOW_DAYS)
    complaints = {
        pk: (n, urgent)
        for pk, n, urgent in Complaint.objects.filter(
            within("workplace_record"), workplace_record__isnull=False, lodged_at__gte=year_ago
        )
        .values("workplace_record")
        .annotate(n=Count("pk"), urgent=Count("pk", filter=Q(urgent=True)))
        .values_list("workplace_record", "n", "urgent")
        .order_by()
    }
    since = today - timedelta(days=risk.VIOLATION_WINDOW_DAYS)
    open_ = Q(remedied_on__isnull=True, remedy_by__lt=today)
    violations = {
        pk: (n, open_n)
        for pk, n, open_n in Violation.objects.filter(
            within("workplace"), Q(found_on__gte=since) | open_
        )
        .values("workplace")
        .annotate(n=Count("pk", filter=Q(found_on__gte=since)), open_n=Count("pk", filter=open_))
        .values_list("workplace", "n", "open_n")
        .order_by()
    }
    visits = dict(
        Inspection.objects.filter(within("workplace"), status=InspectionStatus.DONE)
        .values("workplace")
        .annotate(last=Max("visited_on"))
        .values_list("workplace", "last")
        .order_by()
    )
    links = Workplace.agencies.through.objects.filter(
        within("workplace"), agency__in=agencies_of_concern(today=today).values("pk")
    )
    flagged = {
        row["workplace"]: row["n"]
        for row in links.values("workplace").annotate(n=Count("agency")).order_by()
    }
    found: dict[int, risk.Facts] = {}
    for pk, sector, workers in workplaces.values_list("pk", "sector", "workers").order_by():
        n_complaints, n_urgent = complaints.get(pk, (0, 0))
        n_violations, n_open = violations.get(pk, (0, 0))
        found[pk] = risk.Facts(
            sector=sector,
            workers=workers,
            complaints=n_complaints,
            urgent_complaints=n_urgent,
            violations=n_violations,
            open_violations=n_open,
            flagged_agencies=flagged.get(pk, 0),
            last_visit=visits.get(pk),
        )
    return found


def reason_text(reason: risk.Reason, facts: risk.Facts) -> str:
    n = reason.count
    match reason.code:
        case "complaints":
            return ngettext(
                "%(n)d complaint in the last year", "%(n)d complaints in the last year", n
            ) % {"n": n}
        case "urgent":
            return ngettext("%(n)d of them urgent", "%(n)d of them urgent", n) % {"n": n}
        case "open_violations":
            return ngettext(
                "%(n)d violation past its deadline", "%(n)d violations past their deadline", n
            ) % {"n": n}
        case "violations":
            return ngettext(
                "%(n)d violation in the last three years",
                "%(n)d violations in the last three years",
                n,
            ) % {"n": n}
        case "flagged_agencies":
            return ngettext(
                "Workers from %(n)d agency with violations or without a licence",
                "Workers from %(n)d agencies with violations or without a licence",
                n,
            ) % {"n": n}
        case "migrant_sector":
            return _("A sector where migrants work: %(sector)s") % {
                "sector": isic.section_label(facts.sector)
            }
        case "large":
            return _("About %(n)d workers") % {"n": n}
        case "never_visited":
            return _("Never inspected")
        case "recent_visit":
            return _("Inspected %(days)d days ago, nothing open") % {"days": n}
    return reason.code


def rank_workplaces(
    *,
    actor: Actor,
    region: str = "",
    sector: str = "",
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
) -> RiskPage:
    """The workplaces, highest score first (ties: the longest since a visit, then
    the oldest registered), ``limit`` of them from ``offset``."""
    _guard(actor)
    today = today or timezone.localdate()
    workplaces = Workplace.objects.all()
    if region:
        workplaces = workplaces.filter(region=region)
    if sector:
        workplaces = workplaces.filter(sector=sector)
    known = facts(workplaces=workplaces, today=today, filtered=bool(region or sector))
    # Only the score is kept for every workplace; the reasons, for the page shown.
    scores = {pk: risk.score(f, today=today).score for pk, f in known.items()}
    order = sorted(scores, key=lambda pk: (-scores[pk], known[pk].last_visit or date.min, pk))
    page = order[offset : offset + limit]
    shown = Workplace.objects.in_bulk(page)
    rows = []
    for pk in page:
        place, f = shown[pk], known[pk]
        s = risk.score(f, today=today)
        rows.append(
            Ranked(
                public_id=place.public_id,
                employer=place.employer,
                name=place.name,
                region=place.region,
                sector=place.sector,
                score=s.score,
                complaints=f.complaints,
                violations=f.violations,
                open_violations=f.open_violations,
                flagged_agencies=f.flagged_agencies,
                migrant_sector=f.sector in risk.MIGRANT_SECTORS,
                last_visit=f.last_visit,
                reasons=[reason_text(reason, f) for reason in s.reasons],
            )
        )
    return RiskPage(rows=rows, total=len(order))
