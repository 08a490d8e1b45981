"""Referrals: a caseworker refers a person to a partner's service for a measure of
their plan, sharing the least data needed; the partner accepts, declines with a
reason, or completes with an outcome, and the plan follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core import access, audit
from integra.core import services as core
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import Organisation, User
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.plans.services import plans as plan_services
from integra.services.models import (
    DeclineReason,
    Partnership,
    Referral,
    ReferralBasis,
    ReferralOutcome,
    ReferralStatus,
    Service,
    SharedField,
)

if TYPE_CHECKING:
    from integra.people.models import Person

# What a referral's status may become, by whom: the partner moves it on, the
# sender may withdraw it while it is open.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}

# How the measure follows the partner's outcome.
MEASURE_AFTER = {
    ReferralOutcome.ACHIEVED: "done",
    ReferralOutcome.PARTLY: "done",
    ReferralOutcome.NOT_ACHIEVED: "not_done",
}


_OPEN_ALREADY = gettext_lazy("This measure already has an open referral.")


@dataclass(frozen=True)
class ReferralData:
    measure_id: int
    service_id: int
    shared_fields: tuple[str, ...]
    message: str = ""


def audit_person(
    actor: Actor, person: Person, action: str, *, data: dict[str, object], now: datetime
) -> None:
    """Referral work is audited on the person, so their timeline shows it."""
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.public_id,
        purpose="referral",
        data=data,
        now=now,
    )


def ancestors(organisation: Organisation) -> set[int]:
    """The organisation and those above it: a unit works under its parents'
    partnerships."""
    found: set[int] = set()
    current: Organisation | None = organisation
    while current is not None and current.pk not in found:
        found.add(current.pk)
        current = current.parent
    return found


def partnership_between(
    *, sender: Organisation, receiver: Organisation, category: str, day: date
) -> Partnership | None:
    """A partnership valid on the day whose parties include the sender (or an
    organisation above it) and the receiver (likewise), covering the category."""
    candidates = (
        Partnership.objects.filter(parties__in=ancestors(sender), valid_from__lte=day)
        .filter(parties__in=ancestors(receiver))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=day))
        .distinct()
        .order_by("-valid_from", "pk")
    )
    return next((p for p in candidates if category in p.scope), None)


# Why a referral cannot move, one whole sentence per move (translators need them whole).
_CANNOT = {
    ReferralStatus.ACCEPTED: gettext_lazy("A referral that is “%(status)s” cannot be accepted."),
    ReferralStatus.DECLINED: gettext_lazy("A referral that is “%(status)s” cannot be declined."),
    ReferralStatus.COMPLETED: gettext_lazy("A referral that is “%(status)s” cannot be completed."),
    ReferralStatus.WITHDRAWN: gettext_lazy("A referral that is “%(status)s” cannot be withdrawn."),
}


def _transition(referral: Referral, to: str) -> None:
    if to not in REFERRAL_TRANSITIONS[referral.status]:
        raise Conflict(str(_CANNOT[ReferralStatus(to)]) % {"status": referral.get_status_display()})


def _receivers(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role__in=access.RECEIVING_ROLES,
            is_active=True,
        ).distinct()
    )


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update()
        .select_related("person", "service", "to_organisation", "sent_by")
        .get(pk=referral.pk)
    )


@transaction.atomic
def referral_send(
    *, actor: Actor, person: Person, data: ReferralData, now: datetime | None = None
) -> Referral:
    """Refers the person to a partner's service for a measure of their open plan.

    Allowed only under a partnership valid today between the two organisations
    that covers the service's category and lets them share the chosen data, or
    with the person's active consent to referrals to that kind of organisation.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    responsible = people.responsible_ids(person=person)
    if actor.organisation_id is None or not access.can_refer(actor, responsible=responsible):
        raise PermissionDenied(_("You may not refer this person."))
    sender = Organisation.objects.select_related("parent").get(pk=actor.organisation_id)
    errors: dict[str, list[str]] = {}
    measure = plans.open_measure(person=person, measure_id=data.measure_id)
    if measure is None:
        errors["measure"] = [_("Choose a measure of the person's open plan that is still to do.")]
    service = (
        Service.objects.select_related("organisation", "organisation__parent")
        .filter(pk=data.service_id, is_active=True, organisation__is_active=True)
        .first()
    )
    if service is None:
        errors["service"] = [_("Choose an active service from the directory.")]
    elif service.organisation_id == sender.pk:
        errors["service"] = [_("This is your own organisation's service; no referral is needed.")]
    shared = tuple(dict.fromkeys(data.shared_fields))
    if unknown := sorted(set(shared) - set(SharedField.values)):
        errors["shared_fields"] = [
            _("Unknown kinds of data: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    if not shared:
        errors["shared_fields"] = [_("Choose what the partner needs to know (at least one).")]
    if errors or measure is None or service is None:
        raise ValidationFailed(_("The referral could not be sent."), field_errors=errors)
    if Referral.objects.filter(
        measure=measure, status__in=(ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    ).exists():
        raise Conflict(_OPEN_ALREADY, field_errors={"measure": [str(_OPEN_ALREADY)]})

    partnership = partnership_between(
        sender=sender, receiver=service.organisation, category=service.category, day=today
    )
    consent = None
    if partnership is not None:
        beyond = sorted(set(shared) - set(partnership.shareable))
        if beyond:
            partnership = None
    if partnership is None:
        consent = people.referral_consent(
            person=person, recipient_kind=service.organisation.kind, day=today
        )
    if partnership is None and consent is None:
        raise ValidationFailed(
            _(
                "There is no valid partnership with %(partner)s that covers this service and "
                "this data, and the person has not consented to referrals to this kind of "
                "organisation. Record their consent, or share less."
            )
            % {"partner": service.organisation.name},
            field_errors={
                "service": [_("No partnership or consent allows this referral.")],
            },
        )

    try:
        with transaction.atomic():  # a savepoint: a concurrent send loses cleanly
            referral = Referral.objects.create(
                person=person,
                measure_id=measure.pk,
                service=service,
                from_organisation=sender,
                to_organisation=service.organisation,
                basis=ReferralBasis.PARTNERSHIP if partnership else ReferralBasis.CONSENT,
                partnership=partnership,
                consent=consent,
                shared_fields=list(shared),
                # A measure for a family member (a child's school place) shares their data.
                shared=people.referral_facts(
                    person=measure.beneficiary or person, fields=shared, day=today
                ),
                message=data.message.strip(),
                accept_by=today + timedelta(days=service.accept_within_days),
                complete_by=today + timedelta(days=service.complete_within_days),
                sent_at=now,
                sent_by=actor.user,
            )
    except IntegrityError:
        raise Conflict(_OPEN_ALREADY, field_errors={"measure": [str(_OPEN_ALREADY)]}) from None
    audit_person(
        actor,
        person,
        "referral.send",
        data={
            "referral": referral.public_id,
            "to": service.organisation.code,
            "service": service.code,
            "basis": referral.basis,
            "shared": list(shared),
        },
        now=now,
    )
    core.notify(
        users=_receivers(service.organisation_id),
        kind="referral.received",
        params={"referral": referral.public_id, "service": service.name},
        record_type="referral",
        record_id=referral.public_id,
        now=now,
    )
    return referral


def _guard_partner(actor: Actor, referral: Referral) -> None:
    if not access.can_handle_referral(actor, to_organisation=referral.to_organisation_id):
        raise PermissionDenied(_("Only the receiving organisation can answer this referral."))


def _tell_sender(referral: Referral, kind: str, now: datetime) -> None:
    core.notify(
        users=[referral.sent_by],
        kind=kind,
        params={"referral": referral.public_id, "partner": referral.to_organisation.name},
        record_type="referral",
        record_id=referral.public_id,
        now=now,
    )


@transaction.atomic
def referral_accept(*, actor: Actor, referral: Referral, now: datetime | None = None) -> Referral:
    """The partner takes the person on; the measure is in progress."""
    now = now or timezone.now()
    _guard_partner(actor, referral)
    referral = _locked(referral)
    _transition(referral, ReferralStatus.ACCEPTED)
    referral.status = ReferralStatus.ACCEPTED
    referral.accepted_at = now
    referral.handled_by = actor.user
    referral.save(update_fields=["status", "accepted_at", "handled_by"])
    plan_services.measure_follow(
        actor=actor,
        measure_id=referral.measure_id,
        status="in_progress",
        evidence="",
        source={"referral": referral.public_id},
        now=now,
    )
    audit_person(
        actor, referral.person, "referral.accept", data={"referral": referral.public_id}, now=now
    )
    _tell_sender(referral, "referral.accepted", now)
    return referral


@transaction.atomic
def referral_decline(
    *, actor: Actor, referral: Referral, reason: str, note: str = "", now: datetime | None = None
) -> Referral:
    """The partner cannot take the person on, and says why; the measure stays open
    for the caseworker to refer elsewhere."""
    now = now or timezone.now()
    _guard_partner(actor, referral)
    referral = _locked(referral)
    _transition(referral, ReferralStatus.DECLINED)
    errors: dict[str, list[str]] = {}
    if reason not in DeclineReason.values:
        errors["reason"] = [_("Say why you decline.")]
    elif reason == DeclineReason.OTHER and not note.strip():
        errors["note"] = [_("Explain the reason in a note.")]
    if errors:
        raise ValidationFailed(_("The referral could not be declined."), field_errors=errors)
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason
    referral.note = note.strip()
    referral.closed_at = now
    referral.handled_by = actor.user
    referral.save(update_fields=["status", "decline_reason", "note", "closed_at", "handled_by"])
    audit_person(
        actor,
        referral.person,
        "referral.decline",
        data={"referral": referral.public_id, "reason": reason},
        now=now,
    )
    _tell_sender(referral, "referral.declined", now)
    return referral


@transaction.atomic
def referral_complete(
    *,
    actor: Actor,
    referral: Referral,
    outcome: str,
    note: str = "",
    now: datetime | None = None,
) -> Referral:
    """The partner reports the outcome; the measure becomes done (or not done),
    with the partner's note as its evidence."""
    now = now or timezone.now()
    _guard_partner(actor, referral)
    referral = _locked(referral)
    _transition(referral, ReferralStatus.COMPLETED)
    errors: dict[str, list[str]] = {}
    if outcome not in ReferralOutcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    if not note.strip():
        errors["note"] = [_("Say what was delivered (or why not).")]
    if errors:
        raise ValidationFailed(_("The referral could not be completed."), field_errors=errors)
    referral.status = ReferralStatus.COMPLETED
    referral.outcome = outcome
    referral.note = note.strip()
    referral.closed_at = now
    referral.handled_by = actor.user
    referral.save(update_fields=["status", "outcome", "note", "closed_at", "handled_by"])
    plan_services.measure_follow(
        actor=actor,
        measure_id=referral.measure_id,
        status=MEASURE_AFTER[ReferralOutcome(outcome)],
        evidence=_("%(partner)s, referral %(referral)s: %(note)s")
        % {
            "partner": referral.to_organisation.name,
            "referral": referral.public_id,
            "note": referral.note,
        },
        source={"referral": referral.public_id},
        now=now,
    )
    audit_person(
        actor,
        referral.person,
        "referral.complete",
        data={"referral": referral.public_id, "outcome": outcome},
        now=now,
    )
    _tell_sender(referral, "referral.completed", now)
    return referral


@transaction.atomic
def referral_withdraw(
    *, actor: Actor, referral: Referral, note: str = "", now: datetime | None = None
) -> Referral:
    """The sending caseworkers take the referral back while it is open."""
    now = now or timezone.now()
    responsible = people.responsible_ids(person=referral.person)
    if not access.can_refer(actor, responsible=responsible | {referral.from_organisation_id}):
        raise PermissionDenied(_("Only the referring organisation can withdraw this referral."))
    referral = _locked(referral)
    _transition(referral, ReferralStatus.WITHDRAWN)
    referral.status = ReferralStatus.WITHDRAWN
    referral.note = note.strip()
    referral.closed_at = now
    referral.save(update_fields=["status", "note", "closed_at"])
    audit_person(
        actor, referral.person, "referral.withdraw", data={"referral": referral.public_id}, now=now
    )
    core.notify(
        users=_receivers(referral.to_organisation_id),
        kind="referral.withdrawn",
        params={"referral": referral.public_id},
        record_type="referral",
        record_id=referral.public_id,
        now=now,
    )
    return referral
