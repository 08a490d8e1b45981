"""Every read of the partner directory, partnerships and referrals, scoped to what
the actor may see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import Organisation
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.services import matching
from integra.services.models import (
    OPEN_REFERRAL,
    SKILL_FOR_KIND,
    DeclineReason,
    Partnership,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    Service,
    ServiceLocation,
    SharedField,
    Vetting,
    Volunteer,
    VolunteerMatch,
    VolunteerSkill,
)

if TYPE_CHECKING:
    from integra.people.models import Person


# --- The directory --------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    category: str = ""
    language: str = ""
    locality: str = ""
    organisation: str = ""  # an organisation's code
    include_inactive: bool = False


def can_search_directory(*, actor: Actor | None) -> bool:
    """The internal directory; ``False`` means the public one."""
    return actor is not None and access.can_search_directory(actor)


def directory(*, actor: Actor | None, filters: DirectoryFilters) -> QuerySet[Service]:
    """Services matching the filters. Staff who refer, receive or coordinate see the
    internal directory; everyone else (migrants, the public) only the public
    services of active organisations — the pages and the API leave out the
    internal fields for them (see ``PUBLIC_FIELDS``)."""
    internal = can_search_directory(actor=actor)
    services = Service.objects.select_related("organisation").filter(organisation__is_active=True)
    if not (internal and filters.include_inactive):
        services = services.filter(is_active=True)
    if not internal:
        services = services.filter(is_public=True)
    if filters.query.strip():
        words = filters.query.split()
        for word in words[:6]:
            services = services.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(organisation__name__icontains=word)
            )
    if filters.category:
        services = services.filter(category=filters.category)
    if filters.language:
        # JSON containment is not portable to SQLite; the language codes are
        # quoted in the stored list, so a quoted match is exact.
        services = services.filter(languages__icontains=f'"{filters.language.lower()}"')
    if filters.locality.strip():
        services = services.filter(
            pk__in=ServiceLocation.objects.filter(
                locality__icontains=filters.locality.strip()
            ).values("service_id")
        )
    if filters.organisation:
        services = services.filter(organisation__code=filters.organisation)
    return services.prefetch_related(
        Prefetch("locations", queryset=ServiceLocation.objects.order_by("locality", "pk"))
    ).order_by("name", "pk")


# What the public directory shows of a service; the rest is for staff.
PUBLIC_FIELDS = frozenset(
    {
        "code",
        "name",
        "description",
        "category",
        "languages",
        "eligibility",
        "eligible_statuses",
        "min_age",
        "max_age",
        "contact_email",
        "contact_phone",
        "website",
        "locations",
        "organisation",
    }
)


def service_get(*, actor: Actor | None, organisation: str, code: str) -> Service:
    service = (
        directory(
            actor=actor,
            filters=DirectoryFilters(organisation=organisation, include_inactive=True),
        )
        .filter(code=code)
        .first()
    )
    if service is None:
        raise NotFound(_("There is no such service."))
    return service


def service_by_id(*, actor: Actor, service_id: int) -> Service | None:
    return directory(actor=actor, filters=DirectoryFilters()).filter(pk=service_id).first()


def can_manage_services(*, actor: Actor | None, organisation: Organisation) -> bool:
    return actor is not None and access.can_manage_services(actor, organisation_id=organisation.pk)


def manageable_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """Organisations whose services the actor may describe."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name", "pk")
    if actor.is_superuser or access.can_manage_partnerships(actor):
        return organisations
    allowed = set(actor.organisations_with(*access.RECEIVING_ROLES))
    administered = access.administered_organisation_ids(actor)
    if administered:
        allowed |= administered
    return organisations.filter(pk__in=allowed)


def organisation_get(*, code: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code, is_active=True).first()
    if organisation is None:
        raise NotFound(_("There is no such organisation."))
    return organisation


def category_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in Domain]


def shared_field_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in SharedField]


# --- Partnerships ---------------------------------------------------------------------


def can_manage_partnerships(*, actor: Actor) -> bool:
    return access.can_manage_partnerships(actor)


def partnership_list(*, actor: Actor, current_on: date | None = None) -> QuerySet[Partnership]:
    """The partnerships the actor may read, newest first; only those valid on a day
    when it is given."""
    partnerships = Partnership.objects.prefetch_related("parties")
    if not access.can_manage_partnerships(actor):
        # The parties of a partnership, and the units below them, work under it
        # (access.can_see_partnership): the actor's organisations and those above.
        reach: set[int] = set()
        mine = actor.organisations_with(*access.DIRECTORY_ROLES)
        for organisation in Organisation.objects.filter(pk__in=mine).select_related("parent"):
            current: Organisation | None = organisation
            while current is not None and current.pk not in reach:
                reach.add(current.pk)
                current = current.parent
        partnerships = partnerships.filter(parties__in=reach).distinct()
    if current_on is not None:
        partnerships = partnerships.filter(
            Q(valid_from__lte=current_on),
            Q(valid_until__isnull=True) | Q(valid_until__gte=current_on),
            Q(terminated_on__isnull=True) | Q(terminated_on__gt=current_on),
        )
    return partnerships.order_by("-valid_from", "-pk")


def partnership_get(*, actor: Actor, public_id: str) -> Partnership:
    partnership = (
        Partnership.objects.prefetch_related("parties").filter(public_id=public_id).first()
    )
    if partnership is None or not access.can_see_partnership(
        actor, parties={p.pk for p in partnership.parties.all()}
    ):
        raise NotFound(_("There is no such partnership."))
    return partnership


# --- Referrals ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFilters:
    direction: str = "received"  # received | sent
    status: str = ""  # a ReferralStatus, or "open"
    overdue: bool = False


def _audit_read(actor: Actor, referral: Referral, now: datetime | None = None) -> None:
    audit.record(
        actor=actor,
        action="referral.read",
        object_type="person",
        object_id=referral.person.public_id,
        purpose="referral",
        data={"referral": referral.public_id, "fields": referral.shared_fields},
        now=now,
    )


def referral_list(
    *, actor: Actor, filters: ReferralFilters, today: date | None = None
) -> QuerySet[Referral]:
    """The referrals the actor's organisations received (the partner's inbox) or
    sent (for the caseworkers who see those cases), newest first."""
    today = today or timezone.localdate()
    referrals = Referral.objects.select_related(
        "service", "from_organisation", "to_organisation", "person"
    )
    if filters.direction == "sent":
        scope = access.case_scope(actor)
        if scope is not None:
            referrals = referrals.filter(from_organisation_id__in=scope)
    else:
        referrals = referrals.filter(
            to_organisation_id__in=actor.organisations_with(*access.RECEIVING_ROLES)
        )
    if filters.status == "open":
        referrals = referrals.filter(status__in=OPEN_REFERRAL)
    elif filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.overdue:
        referrals = referrals.filter(
            Q(status=ReferralStatus.SENT, accept_by__lt=today)
            | Q(status=ReferralStatus.ACCEPTED, complete_by__lt=today)
        )
    return referrals.order_by("-sent_at", "-pk")


def referral_get(*, actor: Actor, public_id: str, now: datetime | None = None) -> Referral:
    """One referral, for the receiving organisation (what it shares) or the
    sending side; the read is audited on the person."""
    referral = (
        Referral.objects.select_related(
            "person",
            "measure",
            "service",
            "from_organisation",
            "to_organisation",
            "partnership",
            "sent_by",
            "handled_by",
        )
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise NotFound(_("There is no such referral."))
    if not access.can_see_referral(
        actor,
        from_organisation=referral.from_organisation_id,
        to_organisation=referral.to_organisation_id,
        responsible=people.responsible_ids(person=referral.person),
    ):
        raise NotFound(_("There is no such referral."))
    _audit_read(actor, referral, now)
    return referral


def is_receiver(*, actor: Actor, referral: Referral) -> bool:
    return access.can_handle_referral(actor, to_organisation=referral.to_organisation_id)


def can_withdraw(*, actor: Actor, referral: Referral) -> bool:
    return referral.status in OPEN_REFERRAL and access.can_refer(
        actor,
        responsible=people.responsible_ids(person=referral.person)
        | {referral.from_organisation_id},
    )


def referrals_of(*, actor: Actor, person: Person) -> QuerySet[Referral]:
    """A person's referrals, for those who see the case (the caller read it)."""
    responsible = people.responsible_ids(person=person)
    scope = access.case_scope(actor)
    if not (scope is None or scope & responsible):
        raise PermissionDenied(
            _("This person's case is outside your organisation's responsibility.")
        )
    return (
        Referral.objects.filter(person=person)
        .select_related("person", "service", "from_organisation", "to_organisation", "measure")
        .order_by("-sent_at", "-pk")
    )


@dataclass(frozen=True)
class SharedItem:
    label: str
    value: str


def shared_items(*, referral: Referral) -> list[SharedItem]:
    """What the referral shares, labelled in the reader's language."""
    labels = dict(SharedField.choices)
    facts = referral.shared
    items: list[SharedItem] = []
    sex_labels = dict(people.sex_choices())
    status_labels = dict(people.status_choices())
    for field in referral.shared_fields:
        label = str(labels.get(field, field))
        if field == "name":
            value = str(facts.get("name", ""))
            if facts.get("name_latin"):
                value += f" ({facts['name_latin']})"
        elif field == "contact":
            value = " · ".join(str(facts[k]) for k in ("phone", "email") if facts.get(k))
        elif field == "sex":
            value = str(sex_labels.get(str(facts.get("sex", "")), facts.get("sex", "")))
        elif field == "legal_status":
            value = str(
                status_labels.get(str(facts.get("legal_status", "")), facts.get("legal_status"))
            )
        elif isinstance(facts.get(field), list):
            value = ", ".join(str(v) for v in facts[field])
        else:
            value = str(facts.get(field, ""))
        items.append(SharedItem(label, value or "—"))
    return items


@dataclass(frozen=True)
class Timing:
    """How long a referral took, in days, against its targets."""

    days_to_accept: int | None
    days_to_complete: int | None
    accept_late: bool
    complete_late: bool


def timing(*, referral: Referral, today: date | None = None) -> Timing:
    """Days from sending to accepting (or declining) and to completing; late when
    past the target, or still waiting past it."""
    today = today or timezone.localdate()
    sent = timezone.localdate(referral.sent_at)
    closed = timezone.localdate(referral.closed_at) if referral.closed_at else None
    answered = timezone.localdate(referral.accepted_at) if referral.accepted_at else None
    if answered is None and referral.status == ReferralStatus.DECLINED:
        answered = closed
    completed = closed if referral.status == ReferralStatus.COMPLETED else None
    waiting_answer = referral.status == ReferralStatus.SENT
    waiting_completion = referral.status == ReferralStatus.ACCEPTED
    return Timing(
        days_to_accept=(answered - sent).days if answered else None,
        days_to_complete=(completed - sent).days if completed else None,
        accept_late=(answered or today) > referral.accept_by
        if answered or waiting_answer
        else False,
        complete_late=(completed or today) > referral.complete_by
        if completed or waiting_completion
        else False,
    )


@dataclass(frozen=True)
class Performance:
    """How an organisation's received referrals went against their targets."""

    received: int
    accepted: int
    declined: int
    completed: int
    accepted_in_time: int
    completed_in_time: int
    median_days_to_accept: float | None
    median_days_to_complete: float | None


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def performance(*, actor: Actor, organisation: Organisation) -> Performance:
    """Time to accept and to complete the referrals an organisation received, for
    its own staff and coordinators."""
    if not (
        access.can_manage_partnerships(actor)
        or access.can_handle_referral(actor, to_organisation=organisation.pk)
    ):
        raise PermissionDenied(_("You may not see this organisation's referral figures."))
    rows = Referral.objects.filter(to_organisation=organisation).only(
        "status", "sent_at", "accepted_at", "closed_at", "accept_by", "complete_by"
    )
    to_accept: list[int] = []
    to_complete: list[int] = []
    counts = {"accepted": 0, "declined": 0, "completed": 0, "accept_ok": 0, "complete_ok": 0}
    received = 0
    for referral in rows.iterator():
        received += 1
        sent = timezone.localdate(referral.sent_at)
        if referral.accepted_at:
            counts["accepted"] += 1
            day = timezone.localdate(referral.accepted_at)
            to_accept.append((day - sent).days)
            counts["accept_ok"] += day <= referral.accept_by
        if referral.status == ReferralStatus.DECLINED:
            counts["declined"] += 1
        if referral.status == ReferralStatus.COMPLETED and referral.closed_at:
            counts["completed"] += 1
            day = timezone.localdate(referral.closed_at)
            to_complete.append((day - sent).days)
            counts["complete_ok"] += day <= referral.complete_by
    return Performance(
        received=received,
        accepted=counts["accepted"],
        declined=counts["declined"],
        completed=counts["completed"],
        accepted_in_time=counts["accept_ok"],
        completed_in_time=counts["complete_ok"],
        median_days_to_accept=_median(to_accept),
        median_days_to_complete=_median(to_complete),
    )


def referral_exists(public_id: str) -> bool:
    return Referral.objects.filter(public_id=public_id).exists()


def decline_reason_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in DeclineReason]


def outcome_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in ReferralOutcome]


def status_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in ReferralStatus]


# --- Volunteers -----------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerFilters:
    query: str = ""
    skill: str = ""
    language: str = ""
    locality: str = ""
    organisation: str = ""
    cleared_only: bool = False


def can_see_volunteers(*, actor: Actor) -> bool:
    return access.can_see_volunteers(actor)


def can_manage_volunteers(*, actor: Actor, organisation_id: int) -> bool:
    return access.can_manage_volunteers(actor, organisation_id=organisation_id)


def volunteer_list(
    *, actor: Actor, filters: VolunteerFilters, today: date | None = None
) -> QuerySet[Volunteer]:
    """Active volunteers of active organisations, by name. Contact details are for
    the volunteer's own organisation: see ``sees_contact``."""
    if not access.can_see_volunteers(actor):
        raise PermissionDenied(_("Your role does not give access to volunteers."))
    today = today or timezone.localdate()
    volunteers = Volunteer.objects.select_related("organisation").filter(
        is_active=True, organisation__is_active=True
    )
    for word in filters.query.split()[:4]:
        volunteers = volunteers.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word)
        )
    if filters.skill:
        volunteers = volunteers.filter(skills__icontains=f'"{filters.skill}"')
    if filters.language:
        volunteers = volunteers.filter(languages__icontains=f'"{filters.language.lower()}"')
    if filters.locality.strip():
        volunteers = volunteers.filter(locality__icontains=filters.locality.strip())
    if filters.organisation:
        volunteers = volunteers.filter(organisation__code=filters.organisation)
    if filters.cleared_only:
        volunteers = volunteers.filter(
            Q(vetting=Vetting.CLEARED, vetted_on__lte=today),
            Q(vetting_expires_on__isnull=True) | Q(vetting_expires_on__gte=today),
        )
    return volunteers.order_by("given_name", "family_name", "pk")


def volunteer_get(*, actor: Actor, public_id: str) -> Volunteer:
    if not access.can_see_volunteers(actor):
        raise NotFound(_("There is no such volunteer."))
    volunteer = Volunteer.objects.select_related("organisation").filter(public_id=public_id).first()
    if volunteer is None:
        raise NotFound(_("There is no such volunteer."))
    return volunteer


def sees_contact(*, actor: Actor, volunteer: Volunteer) -> bool:
    return access.can_manage_volunteers(actor, organisation_id=volunteer.organisation_id)


def volunteer_matches(*, actor: Actor, volunteer: Volunteer) -> QuerySet[VolunteerMatch]:
    """A volunteer's matches with their hours, for the volunteer's organisation (the
    people helped are named only by their public id there)."""
    if not access.can_manage_volunteers(actor, organisation_id=volunteer.organisation_id):
        raise PermissionDenied(_("You may not see this volunteer's matches."))
    return (
        volunteer.matches.select_related("person")
        .annotate(total_hours=Sum("hours__hours"))
        .order_by("-started_on", "-pk")
    )


def matches_of(*, actor: Actor, person: Person) -> QuerySet[VolunteerMatch]:
    """The person's volunteer matches, for those who see the case."""
    responsible = people.responsible_ids(person=person)
    scope = access.case_scope(actor)
    if not (scope is None or scope & responsible):
        raise PermissionDenied(
            _("This person's case is outside your organisation's responsibility.")
        )
    return (
        VolunteerMatch.objects.filter(person=person)
        .select_related("person", "measure", "volunteer", "volunteer__organisation")
        .annotate(total_hours=Sum("hours__hours"))
        .order_by("-started_on", "-pk")
    )


def match_get(*, actor: Actor, match_id: int) -> VolunteerMatch:
    """A match, for the person's caseworkers or the volunteer's organisation."""
    match = VolunteerMatch.objects.select_related("volunteer", "person").filter(pk=match_id).first()
    if match is None:
        raise NotFound(_("There is no such match."))
    scope = access.case_scope(actor)
    responsible = people.responsible_ids(person=match.person)
    if not (
        scope is None
        or scope & responsible
        or access.can_manage_volunteers(actor, organisation_id=match.volunteer.organisation_id)
    ):
        raise NotFound(_("There is no such match."))
    return match


# Which language a tutor must speak to teach it, by country (the language of
# integration in each demo country; others: no requirement).
TEACHES = {"MD": "ro", "RO": "ro", "CZ": "cs", "NO": "nb", "AT": "de", "PL": "pl", "FI": "fi"}


@dataclass(frozen=True)
class Suggestion:
    volunteer: Volunteer
    score: float
    shared_languages: tuple[str, ...]
    same_locality: bool


def match_suggestions(
    *, actor: Actor, person: Person, measure_id: int, today: date | None = None, limit: int = 10
) -> list[Suggestion]:
    """Cleared volunteers who could help with the measure (and do not already),
    best first (see integra.services.matching)."""
    today = today or timezone.localdate()
    measure = plans.open_measure(person=person, measure_id=measure_id)
    skill = SKILL_FOR_KIND.get(measure.kind) if measure else None
    if measure is None or skill is None:
        return []
    helping = VolunteerMatch.objects.filter(measure_id=measure.pk, ended_on__isnull=True)
    candidates = {
        v.public_id: v
        for v in volunteer_list(
            actor=actor, filters=VolunteerFilters(skill=skill, cleared_only=True), today=today
        )
        .exclude(pk__in=helping.values("volunteer_id"))
        .annotate(taken=Count("matches", filter=Q(matches__ended_on__isnull=True)))
    }
    country = person.registered_by.country if person.registered_by else ""
    need = matching.Need(
        skill=skill,
        languages=frozenset(people.language_codes(person=person)),
        locality=person.locality,
        must_speak=TEACHES.get(country, "") if skill == "language_tutoring" else "",
    )
    offers = [
        matching.Offer(
            key=v.public_id,
            skills=frozenset(v.skills),
            languages=frozenset(v.languages),
            locality=v.locality,
            taken=v.taken,
            capacity=v.max_matches,
        )
        for v in candidates.values()
    ]
    return [
        Suggestion(candidates[m.key], m.score, m.shared_languages, m.same_locality)
        for m in matching.rank(need, offers)[:limit]
    ]


def skill_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in VolunteerSkill]


def vetting_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in Vetting]


def volunteer_kinds() -> frozenset[str]:
    """The kinds of plan measure that volunteers help with."""
    return frozenset(SKILL_FOR_KIND)


def volunteer_exists(public_id: str) -> bool:
    return Volunteer.objects.filter(public_id=public_id).exists()


# --- The person's own view (integra.portal decided the access) ----------------------------------


def own_referrals(*, person: Person) -> QuerySet[Referral]:
    """The person's referrals: to whom, for what, where they stand."""
    return (
        Referral.objects.filter(person=person)
        .select_related("service", "to_organisation", "measure")
        .order_by("-sent_at", "-pk")
    )


# --- Statistics sources (monitoring's summary tables; aggregates are formed there) ----


def statistics_acceptances(*, chunk: int = 5000) -> Iterator[tuple[int, date, float]]:
    """(person, day accepted, days from sending to acceptance) of every referral a
    partner accepted."""
    rows = (
        Referral.objects.filter(accepted_at__isnull=False)
        .order_by("pk")
        .values_list("person_id", "sent_at", "accepted_at")
        .iterator(chunk_size=chunk)
    )
    for person_id, sent, accepted in rows:
        if accepted is None:
            continue
        yield (
            person_id,
            timezone.localdate(accepted),
            max(0.0, (accepted - sent).total_seconds() / 86400),
        )
