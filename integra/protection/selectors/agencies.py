"""Every read of the recruitment agencies' register that a page or the API needs:
the register for the licensing staff and the complaint handlers (access
decides), one agency with its licences, their history, its contracts, its
violations and the count of complaints naming it; and the public check, "is this
agency licensed?", which anyone may ask.

Statuses are read through the pure licensing rules: a licence past its last day
reads as expired, recorded or not.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import IO

import pycountry
from django.core.files.storage import default_storage
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.protection import isic, licensing
from integra.protection.licensing import Decision, LicenceFacts, Standing, Status
from integra.protection.models import (
    Agency,
    AgencyViolation,
    ComplaintStatus,
    ContractTemplate,
    Licence,
    LicenceEvent,
    LicenceStatus,
)

# The public check shows this many agencies at most: a name narrows it down.
CHECK_LIMIT = 20
CHECK_MIN_LENGTH = 2
# Database ids are 64-bit: a larger number in a URL is not found (not an overflow).
DB_ID_LIMIT = 2**63

STANDING_LABELS: dict[str, Promise] = {
    Standing.LICENSED: gettext_lazy("Licensed"),
    Standing.NOT_YET_VALID: gettext_lazy("Licence granted, not yet in force"),
    Standing.SUSPENDED: gettext_lazy("Licence suspended"),
    Standing.APPLIED: gettext_lazy("Applied for a licence: not licensed"),
    Standing.REFUSED: gettext_lazy("Licence refused"),
    Standing.REVOKED: gettext_lazy("Licence revoked"),
    Standing.EXPIRED: gettext_lazy("Licence expired"),
    Standing.NONE: gettext_lazy("No licence"),
}
# What each standing means for a worker, in plain words.
STANDING_MEANINGS: dict[str, Promise] = {
    Standing.LICENSED: gettext_lazy(
        "This agency holds a valid licence today: it may recruit workers for the countries "
        "and sectors listed. It may still never ask you for money."
    ),
    Standing.NOT_YET_VALID: gettext_lazy(
        "A licence was granted, but it is not in force yet: the agency may not recruit "
        "workers before its first day."
    ),
    Standing.SUSPENDED: gettext_lazy(
        "The licence is suspended: the agency may not recruit workers now. Do not sign "
        "anything with it and do not pay it."
    ),
    Standing.APPLIED: gettext_lazy(
        "The agency has asked for a licence and is waiting for the decision: it is not "
        "licensed and may not recruit workers yet."
    ),
    Standing.REFUSED: gettext_lazy(
        "The agency asked for a licence and was refused: it may not recruit workers."
    ),
    Standing.REVOKED: gettext_lazy(
        "The licence was taken away: the agency may not recruit workers."
    ),
    Standing.EXPIRED: gettext_lazy(
        "The licence has ended: the agency may not recruit workers until it gets a new one."
    ),
    Standing.NONE: gettext_lazy(
        "The agency is registered but has no licence: it may not recruit workers."
    ),
}


DECISION_TITLES: dict[str, Promise] = {
    Decision.GRANT: gettext_lazy("Grant the licence"),
    Decision.REFUSE: gettext_lazy("Refuse the licence"),
    Decision.SUSPEND: gettext_lazy("Suspend the licence"),
    Decision.REINSTATE: gettext_lazy("Reinstate the licence"),
    Decision.REVOKE: gettext_lazy("Revoke the licence"),
}


def standing_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in STANDING_LABELS.items()]


# --- Permissions, as the pages and the API ask them ----------------------------------------


def can_see(*, actor: Actor) -> bool:
    """The register: licensing staff and complaint handlers (and the nav link)."""
    return access.can_see_agencies(actor)


def can_license(*, actor: Actor) -> bool:
    """Registering, deciding licences, recording violations, keeping contracts."""
    return access.can_license_agencies(actor)


def _guard(actor: Actor) -> None:
    if not can_see(actor=actor):
        raise PermissionDenied(
            _("The register of recruitment agencies is kept by the licensing authority.")
        )


def guard_license(actor: Actor) -> None:
    if not can_license(actor=actor):
        raise PermissionDenied(
            _("Agencies are licensed by the labour inspectorate and the employment offices.")
        )


# --- Words for codes -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _iso3166(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str) -> str:
    """A country's name in the language of the page (ISO 3166 names, from pycountry)."""
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return _iso3166((get_language() or "en").split("-")[0]).gettext(found.name)


def countries(codes: list[str]) -> list[tuple[str, str]]:
    return [(code, country_name(code)) for code in codes]


def sectors(codes: list[str]) -> list[tuple[str, str]]:
    return [(code, isic.section_label(code)) for code in codes]


def status_label(status: str) -> str:
    return str(LicenceStatus(status).label) if status in LicenceStatus.values else status


# --- The register --------------------------------------------------------------------------


def with_standing(agencies: QuerySet[Agency], *, today: date) -> QuerySet[Agency]:
    """The agencies, each annotated with ``standing``: licensing.standing computed
    by the database (the same order of checks, the newest licence last)."""
    licences = Licence.objects.filter(agency=OuterRef("pk"))
    newest = licences.order_by("-applied_on", "-pk").values("status")[:1]
    return agencies.annotate(
        newest_status=Subquery(newest),
        standing=Case(
            When(
                Exists(
                    licences.filter(
                        status=Status.ACTIVE, valid_from__lte=today, valid_until__gte=today
                    )
                ),
                then=Value(Standing.LICENSED.value),
            ),
            When(
                Exists(licences.filter(status=Status.SUSPENDED, valid_until__gte=today)),
                then=Value(Standing.SUSPENDED.value),
            ),
            When(
                Exists(licences.filter(status=Status.ACTIVE, valid_from__gt=today)),
                then=Value(Standing.NOT_YET_VALID.value),
            ),
            When(
                Exists(licences.filter(status=Status.APPLIED)),
                then=Value(Standing.APPLIED.value),
            ),
            When(newest_status__isnull=True, then=Value(Standing.NONE.value)),
            When(newest_status=Status.REFUSED, then=Value(Standing.REFUSED.value)),
            When(newest_status=Status.REVOKED, then=Value(Standing.REVOKED.value)),
            # What is left is expired: recorded, or active or suspended past its end.
            default=Value(Standing.EXPIRED.value),
            output_field=CharField(),
        ),
    )


@dataclass(frozen=True)
class Filters:
    query: str = ""  # a word of the name, the registration number, or the public id
    standing: str = ""  # a licensing.Standing, or "" for any


def _matching(query: str) -> Q:
    key = licensing.search_key(query)
    return (
        Q(search_name__contains=key)
        | Q(registration_number=licensing.registration_key(query))
        | Q(public_id=query.strip().upper())
    )


def agency_list(
    *, actor: Actor, filters: Filters | None = None, today: date | None = None
) -> QuerySet[Agency]:
    """The register, by name, each agency with its standing today."""
    _guard(actor)
    filters = filters or Filters()
    today = today or timezone.localdate()
    found = with_standing(Agency.objects.all(), today=today)
    if filters.query.strip():
        found = found.filter(_matching(filters.query))
    if filters.standing:
        found = found.filter(Q(standing=filters.standing))  # annotated by with_standing
    return found.order_by("search_name", "pk")


def standing_label(agency: Agency) -> str:
    """The label of an agency's standing, as annotated by ``with_standing``."""
    value = getattr(agency, "standing", Standing.NONE)  # annotated by with_standing
    return str(STANDING_LABELS.get(value, value))


def agency_get(*, actor: Actor, public_id: str, today: date | None = None) -> Agency:
    _guard(actor)
    today = today or timezone.localdate()
    found = with_standing(Agency.objects.filter(public_id=public_id), today=today).first()
    if found is None:
        raise NotFound(_("There is no such agency in the register."))
    return found


def licence_get(*, actor: Actor, agency: Agency, licence_id: int) -> Licence:
    """One of the agency's licences; another agency's is not found."""
    _guard(actor)
    if not 0 < licence_id < DB_ID_LIMIT:
        raise NotFound(_("This agency has no such licence."))
    found = Licence.objects.filter(agency=agency, pk=licence_id).select_related("agency").first()
    if found is None:
        raise NotFound(_("This agency has no such licence."))
    return found


def licence_list(*, actor: Actor, agency: Agency) -> QuerySet[Licence]:
    """The agency's licences, newest application first, with their history."""
    _guard(actor)
    return (
        Licence.objects.filter(agency=agency)
        .select_related("issued_by")
        .prefetch_related(
            Prefetch("events", queryset=LicenceEvent.objects.select_related("decided_by"))
        )
        .order_by("-applied_on", "-pk")
    )


def licence_status(licence: Licence, *, today: date | None = None) -> Status:
    """The licence's status today (past its last day: expired, recorded or not)."""
    return licensing.effective_status(
        licence.status, valid_until=licence.valid_until, today=today or timezone.localdate()
    )


def licence_events(licence: Licence) -> list[LicenceEvent]:
    """Its history, oldest first."""
    return sorted(licence.events.all(), key=lambda e: (e.on, e.recorded_at, e.pk))


def violation_list(*, actor: Actor, agency: Agency) -> QuerySet[AgencyViolation]:
    _guard(actor)
    return (
        AgencyViolation.objects.filter(agency=agency)
        .select_related("organisation", "recorded_by")
        .order_by("-found_on", "-pk")
    )


def contract_list(*, actor: Actor, agency: Agency) -> QuerySet[ContractTemplate]:
    _guard(actor)
    return ContractTemplate.objects.filter(agency=agency).order_by("-uploaded_at", "-pk")


def contract_get(*, actor: Actor, agency: Agency, contract_id: int) -> ContractTemplate:
    _guard(actor)
    if not 0 < contract_id < DB_ID_LIMIT:
        raise NotFound(_("This agency has no such contract template."))
    found = ContractTemplate.objects.filter(agency=agency, pk=contract_id).first()
    if found is None:
        raise NotFound(_("This agency has no such contract template."))
    return found


def contract_open(*, actor: Actor, contract: ContractTemplate) -> IO[bytes]:
    """The template's file, to download."""
    _guard(actor)
    if not contract.file_path or not default_storage.exists(contract.file_path):
        raise NotFound(_("This file is not available (any more)."))
    return default_storage.open(contract.file_path, "rb")


def complaint_counts(*, actor: Actor, agency: Agency) -> list[tuple[str, str, int]] | None:
    """How many complaints name the agency, per status: (status, label, count), for
    the licensing staff; never a complaint itself (they are behind the firewall).
    None for those who may not see them (access.can_see_agency_complaint_counts)."""
    if not access.can_see_agency_complaint_counts(actor):
        return None
    counts = dict(
        agency.complaints.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        (status, str(label), int(counts.get(status, 0)))
        for status, label in ComplaintStatus.choices
    ]


@dataclass(frozen=True)
class LicenceRow:
    licence: Licence
    status: Status  # today
    status_label: str
    valid_today: bool
    decisions: list[str]  # those the actor may take now
    events: list[LicenceEvent]  # oldest first
    destinations: list[tuple[str, str]]
    sectors: list[tuple[str, str]]

    @property
    def actions(self) -> list[tuple[str, str]]:
        """The decisions open, with their titles."""
        return [(decision, str(DECISION_TITLES[decision])) for decision in self.decisions]


def licence_row(licence: Licence, *, actor: Actor, today: date | None = None) -> LicenceRow:
    today = today or timezone.localdate()
    status = licence_status(licence, today=today)
    return LicenceRow(
        licence=licence,
        status=status,
        status_label=status_label(status),
        valid_today=licensing.is_valid_on(
            licence.status,
            valid_from=licence.valid_from,
            valid_until=licence.valid_until,
            day=today,
        ),
        decisions=[str(d) for d in licensing.decisions_open(status)]
        if can_license(actor=actor)
        else [],
        events=licence_events(licence),
        destinations=countries(list(licence.destinations)),
        sectors=sectors(list(licence.sectors)),
    )


@dataclass(frozen=True)
class AgencyDetail:
    agency: Agency
    standing: Standing
    standing_label: str
    meaning: str
    licences: list[LicenceRow]
    contracts: list[ContractTemplate]
    violations: list[AgencyViolation]
    fees_charged: int  # of the violations, fees charged to workers
    complaints: list[tuple[str, str, int]] | None  # per status; None: not for this actor
    can_license: bool


def agency_detail(*, actor: Actor, public_id: str, today: date | None = None) -> AgencyDetail:
    """One agency as its page shows it."""
    today = today or timezone.localdate()
    agency = agency_get(actor=actor, public_id=public_id, today=today)
    licences = list(licence_list(actor=actor, agency=agency))
    found, _index = licensing.standing([_facts(lic) for lic in licences], today=today)
    violations = list(violation_list(actor=actor, agency=agency))
    return AgencyDetail(
        agency=agency,
        standing=found,
        standing_label=str(STANDING_LABELS[found]),
        meaning=str(STANDING_MEANINGS[found]),
        licences=[licence_row(lic, actor=actor, today=today) for lic in licences],
        contracts=list(contract_list(actor=actor, agency=agency)),
        violations=violations,
        fees_charged=sum(1 for v in violations if v.kind == "fee_charged"),
        complaints=complaint_counts(actor=actor, agency=agency),
        can_license=can_license(actor=actor),
    )


def _facts(licence: Licence) -> LicenceFacts:
    return LicenceFacts(
        status=licence.status, valid_from=licence.valid_from, valid_until=licence.valid_until
    )


# --- Public: is this agency licensed? ------------------------------------------------------


@dataclass(frozen=True)
class PublicLicence:
    number: str
    status: str  # today
    status_label: str
    valid_from: date | None
    valid_until: date | None
    destinations: list[tuple[str, str]]
    sectors: list[tuple[str, str]]


@dataclass(frozen=True)
class PublicEvent:
    on: date
    licence: str  # its number, or "" for an application not granted
    status: str  # what it became
    status_label: str


@dataclass(frozen=True)
class PublicAgency:
    """What anyone may know of a registered agency: never the reasons of the
    decisions, the violations or the complaints."""

    public_id: str
    name: str
    registration_number: str
    country: str
    standing: str
    standing_label: str
    meaning: str
    may_recruit: bool
    licence: PublicLicence | None  # the licence its standing rests on
    history: list[PublicEvent]  # newest first


@dataclass(frozen=True)
class CheckResult:
    agencies: list[PublicAgency]
    more: bool  # more agencies match than are shown: the query should be narrower


def _public(agency: Agency, licences: list[Licence], *, today: date) -> PublicAgency:
    found, index = licensing.standing([_facts(lic) for lic in licences], today=today)
    resting = licences[index] if index is not None else None
    licence = None
    if resting is not None:
        status = licence_status(resting, today=today)
        licence = PublicLicence(
            number=resting.number,
            status=status,
            status_label=status_label(status),
            valid_from=resting.valid_from,
            valid_until=resting.valid_until,
            destinations=countries(list(resting.destinations)),
            sectors=sectors(list(resting.sectors)),
        )
    # (day, order within the day, event): decisions of one day in the order taken.
    dated: list[tuple[date, int, PublicEvent]] = []
    for lic in licences:
        for event in lic.events.all():
            shown = PublicEvent(
                on=event.on,
                licence=lic.number,
                status=event.to_status,
                status_label=status_label(event.to_status),
            )
            dated.append((event.on, event.pk, shown))
        expired = licence_status(lic, today=today) == Status.EXPIRED
        if expired and lic.status != Status.EXPIRED and lic.valid_until:
            # Expired, not yet recorded by the daily run: shown as it is.
            on = lic.valid_until + timedelta(days=1)
            shown = PublicEvent(
                on=on,
                licence=lic.number,
                status=Status.EXPIRED,
                status_label=status_label(Status.EXPIRED),
            )
            dated.append((on, DB_ID_LIMIT, shown))
    history = [event for _on, _order, event in sorted(dated, key=lambda d: d[:2], reverse=True)]
    return PublicAgency(
        public_id=agency.public_id,
        name=agency.name,
        registration_number=agency.registration_number,
        country=agency.country,
        standing=found,
        standing_label=str(STANDING_LABELS[found]),
        meaning=str(STANDING_MEANINGS[found]),
        may_recruit=found.may_recruit,
        licence=licence,
        history=history,
    )


def public_check(*, query: str, today: date | None = None, limit: int = CHECK_LIMIT) -> CheckResult:
    """The registered agencies whose name holds ``query`` (case and diacritics
    aside) or whose registration number is ``query``, by name, at most ``limit``."""
    today = today or timezone.localdate()
    if len(licensing.search_key(query)) < CHECK_MIN_LENGTH:
        return CheckResult(agencies=[], more=False)
    found = list(
        Agency.objects.filter(_matching(query))
        .prefetch_related("licences__events")
        .order_by("search_name", "pk")[: limit + 1]
    )
    agencies = []
    for agency in found[:limit]:
        licences = sorted(
            agency.licences.all(), key=lambda lic: (lic.applied_on, lic.pk), reverse=True
        )
        agencies.append(_public(agency, licences, today=today))
    return CheckResult(agencies=agencies, more=len(found) > limit)
