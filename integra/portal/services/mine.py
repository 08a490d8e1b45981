"""What a migrant does in the portal, and what caseworkers do for them there:
messages, consents, appointments, the account's settings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core import services as core_services
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import Membership, User
from integra.core.roles import Role
from integra.people import selectors as people_selectors
from integra.people import services as people_services
from integra.plans import selectors as plans_selectors
from integra.portal.models import Account, Appointment, Message
from integra.portal.selectors.mine import own_account

if TYPE_CHECKING:
    from integra.people.models import Consent, Person

MESSAGE_MAX = 4000
# What a migrant may consent to themselves, and to whom (case management is the
# legal basis of the case, not a consent the person gives in the portal).
OWN_PURPOSES = ("referral", "contact", "surveys")


def _audit(
    actor: Actor, person: Person, action: str, data: dict[str, object], now: datetime
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.public_id,
        purpose="portal",
        data=data,
        now=now,
    )


def _clean_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationFailed(
            _("The message has errors."), field_errors={"body": [_("Write a message.")]}
        )
    if len(text) > MESSAGE_MAX:
        raise ValidationFailed(
            _("The message has errors."),
            field_errors={
                "body": [
                    _("A message has at most %(max)d characters; this one has %(count)d.")
                    % {"max": MESSAGE_MAX, "count": len(text)}
                ]
            },
        )
    return text


def _agreed_plans(person: Person) -> list[Any]:
    return [plan for plan in plans_selectors.own_plans(person=person) if plan.status == "agreed"]


def _case_organisation(person: Person, agreed: list[Any]) -> int:
    """The organisation that answers the person: their current plan's, else the
    first that holds their case."""
    if agreed:
        return int(agreed[0].organisation_id)
    responsible = sorted(people_selectors.responsible_ids(person=person))
    if not responsible:
        raise Conflict(_("No organisation holds your case now, so there is no one to write to."))
    return responsible[0]


def _caseworkers(agreed: list[Any], organisation_id: int) -> list[User]:
    named = [plan.caseworker for plan in agreed if plan.caseworker is not None]
    if named:
        return named
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(
            organisation_id=organisation_id, role=Role.CASEWORKER
        )
    ]


@transaction.atomic
def message_from_person(*, actor: Actor, body: str, now: datetime | None = None) -> Message:
    """The migrant writes to their caseworker; the caseworkers are notified (the
    notification names no one: it links to the conversation)."""
    now = now or timezone.now()
    account = own_account(actor=actor)
    text = _clean_body(body)
    agreed = _agreed_plans(account.person)
    organisation_id = _case_organisation(account.person, agreed)
    message = Message.objects.create(
        person=account.person,
        organisation_id=organisation_id,
        from_person=True,
        author=actor.user,
        body=text,
        sent_at=now,
    )
    core_services.notify(
        users=_caseworkers(agreed, organisation_id),
        kind="portal.message",
        params={},
        record_type="conversation",
        record_id=account.person.public_id,
        now=now,
    )
    _audit(actor, account.person, "portal.message.send", {"message": message.pk}, now)
    return message


@transaction.atomic
def messages_read_by_person(*, actor: Actor, now: datetime | None = None) -> int:
    now = now or timezone.now()
    account = own_account(actor=actor)
    return Message.objects.filter(
        person=account.person, from_person=False, read_at__isnull=True
    ).update(read_at=now)


@transaction.atomic
def message_to_person(
    *, actor: Actor, person: Person, body: str, now: datetime | None = None
) -> Message:
    """A caseworker answers; the person reads it in the portal, where the unread
    count shows on every page."""
    now = now or timezone.now()
    responsible = people_selectors.responsible_ids(person=person)
    if not access.can_message(actor, responsible=responsible) or actor.organisation_id is None:
        raise PermissionDenied(_("Only the caseworkers responsible for the case write here."))
    text = _clean_body(body)
    message = Message.objects.create(
        person=person,
        organisation_id=actor.organisation_id,
        from_person=False,
        author=actor.user,
        body=text,
        sent_at=now,
    )
    Message.objects.filter(person=person, from_person=True, read_at__isnull=True).update(
        read_at=now
    )
    _audit(actor, person, "portal.message.send", {"message": message.pk}, now)
    return message


@transaction.atomic
def consent_give(
    *, actor: Actor, purpose: str, recipients: list[str], now: datetime | None = None
) -> Consent:
    now = now or timezone.now()
    account = own_account(actor=actor)
    if purpose not in OWN_PURPOSES:
        raise ValidationFailed(
            _("The consent has errors."),
            field_errors={"purpose": [_("Choose the purpose of the consent.")]},
        )
    return people_services.own_consent_give(
        actor=actor,
        person=account.person,
        purpose=purpose,
        recipients=recipients,
        recorded_by_id=_case_organisation(account.person, _agreed_plans(account.person)),
        now=now,
    )


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent_id: int, now: datetime | None = None) -> Consent:
    account = own_account(actor=actor)
    return people_services.own_consent_withdraw(
        actor=actor, person=account.person, consent_id=consent_id, now=now
    )


@transaction.atomic
def settings_save(
    *,
    actor: Actor,
    share_with_household: bool,
    language: str,
    now: datetime | None = None,
) -> Account:
    now = now or timezone.now()
    account = own_account(actor=actor)
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed(
            _("The settings have errors."), field_errors={"language": [_("Choose a language.")]}
        )
    account.share_with_household = share_with_household
    account.save(update_fields=["share_with_household"])
    account.user.preferred_language = language
    account.user.save(update_fields=["preferred_language"])
    _audit(
        actor,
        account.person,
        "portal.settings",
        {"share_with_household": share_with_household, "language": language},
        now,
    )
    return account


@transaction.atomic
def password_set(
    *, actor: Actor, password: str, again: str, now: datetime | None = None
) -> Account:
    """A password for signing in without a code (optional: codes always work)."""
    now = now or timezone.now()
    account = own_account(actor=actor)
    errors: dict[str, list[str]] = {}
    if password != again:
        errors["again"] = [_("The two passwords are not the same.")]
    else:
        try:
            validate_password(password, user=account.user)
        except DjangoValidationError as error:
            errors["password"] = [str(message) for message in error.messages]
    if errors:
        raise ValidationFailed(_("The password has errors."), field_errors=errors)
    account.user.set_password(password)
    account.user.save(update_fields=["password"])
    _audit(actor, account.person, "portal.password", {}, now)
    return account


# --- Appointments -------------------------------------------------------------------------


@transaction.atomic
def appointment_add(
    *,
    actor: Actor,
    person: Person,
    starts_at: datetime,
    minutes: int,
    place: str,
    purpose: str,
    language: str,
    interpreter: bool,
    now: datetime | None = None,
) -> Appointment:
    now = now or timezone.now()
    responsible = people_selectors.responsible_ids(person=person)
    if not access.can_set_appointments(actor, responsible=responsible) or (
        actor.organisation_id is None
    ):
        raise PermissionDenied(_("Only the caseworkers responsible for the case set appointments."))
    errors: dict[str, list[str]] = {}
    if starts_at <= now:
        errors["starts_at"] = [_("An appointment is set for a time still to come.")]
    if not 5 <= minutes <= 480:
        errors["minutes"] = [_("An appointment lasts from 5 minutes to 8 hours.")]
    if not place.strip():
        errors["place"] = [_("Say where the person should come.")]
    if not purpose.strip():
        errors["purpose"] = [_("Say what the appointment is for.")]
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Choose a language.")]
    if errors:
        raise ValidationFailed(_("The appointment has errors."), field_errors=errors)
    appointment = Appointment.objects.create(
        person=person,
        organisation_id=actor.organisation_id,
        starts_at=starts_at,
        minutes=minutes,
        place=place.strip()[:200],
        purpose=purpose.strip()[:200],
        language=language,
        interpreter=interpreter,
        created_by=actor.user,
        created_at=now,
    )
    _audit(actor, person, "portal.appointment.add", {"appointment": appointment.public_id}, now)
    return appointment


@transaction.atomic
def appointment_cancel(
    *, actor: Actor, appointment: Appointment, now: datetime | None = None
) -> Appointment:
    now = now or timezone.now()
    responsible = people_selectors.responsible_ids(person=appointment.person)
    if not access.can_set_appointments(actor, responsible=responsible):
        raise NotFound(_("There is no such appointment."))
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.cancelled_at is not None:
        raise Conflict(_("This appointment is already cancelled."))
    locked.cancelled_at = now
    locked.save(update_fields=["cancelled_at"])
    _audit(
        actor,
        appointment.person,
        "portal.appointment.cancel",
        {"appointment": appointment.public_id},
        now,
    )
    return locked
