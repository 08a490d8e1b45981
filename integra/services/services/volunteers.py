"""Volunteers (R12): organisations keep their volunteers and vet them; caseworkers
match a cleared volunteer to a measure of a person's plan; hours are logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core import services as core
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import Organisation, User
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.plans.services import plans as plan_services
from integra.services.models import (
    SKILL_FOR_KIND,
    Vetting,
    Volunteer,
    VolunteerHours,
    VolunteerMatch,
    VolunteerSkill,
)
from integra.services.services.directory import language_errors
from integra.services.services.referrals import audit_person

if TYPE_CHECKING:
    from integra.people.models import Person


@dataclass(frozen=True)
class VolunteerData:
    given_name: str
    family_name: str = ""
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    locality: str = ""
    availability: str = ""
    hours_per_month: int = 8
    max_matches: int = 2
    is_active: bool = True


def _guard_keeper(actor: Actor, organisation_id: int) -> None:
    if not access.can_manage_volunteers(actor, organisation_id=organisation_id):
        raise PermissionDenied(_("You may not manage this organisation's volunteers."))


def _audit_volunteer(actor: Actor, volunteer: Volunteer, action: str, now: datetime) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="volunteer",
        object_id=volunteer.public_id,
        purpose="volunteers",
        now=now,
    )


@transaction.atomic
def volunteer_save(
    *,
    actor: Actor,
    organisation: Organisation,
    data: VolunteerData,
    volunteer: Volunteer | None = None,
    now: datetime | None = None,
) -> Volunteer:
    """Adds a volunteer to an organisation, or changes their profile."""
    now = now or timezone.now()
    _guard_keeper(actor, organisation.pk)
    errors: dict[str, list[str]] = {}
    if not data.given_name.strip():
        errors["given_name"] = [_("Give the volunteer's name.")]
    if data.email:
        try:
            validate_email(data.email)
        except DjangoValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if problems := language_errors(data.languages):
        errors["languages"] = problems
    if not data.skills:
        errors["skills"] = [_("Say how the volunteer can help (at least one kind).")]
    elif unknown := sorted(set(data.skills) - set(VolunteerSkill.values)):
        errors["skills"] = [_("Unknown kinds of help: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if not 1 <= data.max_matches <= 20:
        errors["max_matches"] = [_("A volunteer helps between 1 and 20 people at a time.")]
    if not 1 <= data.hours_per_month <= 200:
        errors["hours_per_month"] = [_("Give between 1 and 200 hours a month.")]
    if errors:
        raise ValidationFailed(_("The volunteer could not be saved."), field_errors=errors)
    created = volunteer is None
    volunteer = volunteer or Volunteer(organisation=organisation, created_at=now)
    for name in (
        "given_name",
        "family_name",
        "email",
        "phone",
        "locality",
        "availability",
        "hours_per_month",
        "max_matches",
        "is_active",
    ):
        value = getattr(data, name)
        setattr(volunteer, name, value.strip() if isinstance(value, str) else value)
    volunteer.languages = sorted(set(data.languages))
    volunteer.skills = sorted(set(data.skills))
    volunteer.updated_at = now
    volunteer.save()
    _audit_volunteer(actor, volunteer, "volunteer.create" if created else "volunteer.update", now)
    return volunteer


@transaction.atomic
def volunteer_vet(
    *,
    actor: Actor,
    volunteer: Volunteer,
    outcome: str,
    on: date,
    expires_on: date | None = None,
    now: datetime | None = None,
) -> Volunteer:
    """Records the outcome of the background check. Only a cleared volunteer,
    within the check's validity, is matched to anyone."""
    now = now or timezone.now()
    _guard_keeper(actor, volunteer.organisation_id)
    errors: dict[str, list[str]] = {}
    if outcome not in Vetting.values:
        errors["outcome"] = [_("Choose the outcome of the check.")]
    if on > timezone.localdate(now):
        errors["on"] = [_("A check cannot be recorded for a future day.")]
    if expires_on is not None and expires_on <= on:
        errors["expires_on"] = [_("The check must stay valid after the day it was made.")]
    if errors:
        raise ValidationFailed(_("The check could not be recorded."), field_errors=errors)
    volunteer.vetting = outcome
    volunteer.vetted_on = on if outcome != Vetting.PENDING else None
    volunteer.vetting_expires_on = expires_on if outcome == Vetting.CLEARED else None
    volunteer.updated_at = now
    volunteer.save(update_fields=["vetting", "vetted_on", "vetting_expires_on", "updated_at"])
    _audit_volunteer(actor, volunteer, f"volunteer.vetting.{outcome}", now)
    return volunteer


def _keepers(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role__in=access.RECEIVING_ROLES,
            is_active=True,
        ).distinct()
    )


@transaction.atomic
def match_create(
    *,
    actor: Actor,
    person: Person,
    measure_id: int,
    volunteer_id: str,
    note: str = "",
    now: datetime | None = None,
) -> VolunteerMatch:
    """Matches a cleared volunteer, with room for one more person and the kind of
    help the measure needs, to a measure of the person's open plan; the measure is
    then in progress and the volunteer's organisation is told."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    responsible = people.responsible_ids(person=person)
    if actor.organisation_id is None or not access.can_write_plan(actor, responsible=responsible):
        raise PermissionDenied(_("You may not match a volunteer to this person."))
    errors: dict[str, list[str]] = {}
    measure = plans.open_measure(person=person, measure_id=measure_id)
    skill = SKILL_FOR_KIND.get(measure.kind) if measure else None
    if measure is None:
        errors["measure"] = [_("Choose a measure of the person's open plan that is still to do.")]
    elif skill is None:
        errors["measure"] = [_("Volunteers do not help with this kind of measure.")]
    volunteer = (
        Volunteer.objects.select_for_update()
        .filter(public_id=volunteer_id, is_active=True, organisation__is_active=True)
        .first()
    )
    if volunteer is None:
        errors["volunteer"] = [_("Choose an active volunteer.")]
    elif not volunteer.cleared_on(today):
        errors["volunteer"] = [_("This volunteer's background check is not valid today.")]
    elif skill is not None and skill not in volunteer.skills:
        errors["volunteer"] = [_("This volunteer does not give this kind of help.")]
    elif volunteer.matches.filter(ended_on__isnull=True).count() >= volunteer.max_matches:
        errors["volunteer"] = [_("This volunteer already helps as many people as they can.")]
    if errors or measure is None or volunteer is None or skill is None:
        raise ValidationFailed(_("The volunteer could not be matched."), field_errors=errors)
    if VolunteerMatch.objects.filter(
        measure_id=measure.pk, volunteer=volunteer, ended_on__isnull=True
    ).exists():
        raise Conflict(_("This volunteer already helps with this measure."))
    match = VolunteerMatch.objects.create(
        volunteer=volunteer,
        person=person,
        measure_id=measure.pk,
        skill=skill,
        started_on=today,
        note=note.strip(),
        matched_by=actor.user,
        organisation_id=actor.organisation_id,
        created_at=now,
    )
    plan_services.measure_follow(
        actor=actor,
        measure_id=measure.pk,
        status="in_progress",
        evidence="",
        source={"volunteer": volunteer.public_id},
        now=now,
    )
    audit_person(
        actor,
        person,
        "volunteer.match",
        data={"volunteer": volunteer.public_id, "match": match.pk, "skill": skill},
        now=now,
    )
    core.notify(
        users=_keepers(volunteer.organisation_id),
        kind="volunteer.matched",
        params={"volunteer": str(volunteer), "skill": str(VolunteerSkill(skill).label)},
        record_type="volunteer",
        record_id=volunteer.public_id,
        now=now,
    )
    return match


def _guard_match(actor: Actor, match: VolunteerMatch) -> None:
    """The person's caseworkers, or the volunteer's organisation."""
    responsible = people.responsible_ids(person=match.person)
    if not (
        access.can_write_plan(actor, responsible=responsible)
        or access.can_manage_volunteers(actor, organisation_id=match.volunteer.organisation_id)
    ):
        raise PermissionDenied(_("You may not change this volunteer match."))


@transaction.atomic
def match_end(
    *,
    actor: Actor,
    match: VolunteerMatch,
    on: date,
    note: str = "",
    now: datetime | None = None,
) -> VolunteerMatch:
    """Ends a match; the measure stays as it is for the caseworker to settle."""
    now = now or timezone.now()
    _guard_match(actor, match)
    match = VolunteerMatch.objects.select_for_update().select_related("person").get(pk=match.pk)
    if match.ended_on is not None:
        raise Conflict(_("This match has already ended."))
    if on < match.started_on or on > timezone.localdate(now):
        raise ValidationFailed(
            _("The match could not be ended."),
            field_errors={"on": [_("End it between the day it started and today.")]},
        )
    match.ended_on = on
    if note.strip():
        match.note = f"{match.note}\n{note.strip()}".strip()
    match.save(update_fields=["ended_on", "note"])
    audit_person(actor, match.person, "volunteer.match.end", data={"match": match.pk}, now=now)
    return match


@transaction.atomic
def hours_log(
    *,
    actor: Actor,
    match: VolunteerMatch,
    day: date,
    hours: Decimal | float | str,
    note: str = "",
    now: datetime | None = None,
) -> VolunteerHours:
    """Logs time the volunteer gave, on a day within the match."""
    now = now or timezone.now()
    _guard_match(actor, match)
    match = VolunteerMatch.objects.select_for_update().select_related("volunteer").get(pk=match.pk)
    errors: dict[str, list[str]] = {}
    try:
        amount = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation:
        amount = Decimal(0)
    if not amount.is_finite() or not Decimal(0) < amount <= Decimal(24):
        errors["hours"] = [_("Give between 0.1 and 24 hours.")]
    if day > timezone.localdate(now):
        errors["day"] = [_("Hours cannot be logged for a future day.")]
    elif day < match.started_on or (match.ended_on is not None and day > match.ended_on):
        errors["day"] = [_("The day must fall within the match.")]
    if errors:
        raise ValidationFailed(_("The hours could not be logged."), field_errors=errors)
    logged = VolunteerHours.objects.create(
        match=match,
        day=day,
        hours=amount,
        note=note.strip()[:200],
        recorded_by=actor.user,
        recorded_at=now,
    )
    audit.record(
        actor=actor,
        action="volunteer.hours",
        object_type="volunteer",
        object_id=match.volunteer.public_id,
        purpose="volunteers",
        data={"match": match.pk, "hours": str(amount)},
        now=now,
    )
    return logged
