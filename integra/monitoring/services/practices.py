"""Writing the good practices library (R28): drafting and changing a practice,
publishing it and withdrawing it.

Coordinators, caseworkers, analysts and administrators draft practices for
their organisation; the coordinating authority publishes them and withdraws
them (with a reason, kept in the audit log). Every write is checked against
integra.core.access, atomic and audited; bad input is refused with a message
beside each field, and plain text only is kept (markup is refused, not stored to
be escaped later).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.plaintext import Errors
from integra.core.plaintext import checked_text as _text
from integra.monitoring.models import Practice, PracticeStatus
from integra.monitoring.selectors import practices as selectors

PURPOSE = "good practices"
TITLE_MAX = 200
SUMMARY_MAX = 500
DESCRIPTION_MAX = 20_000
EVIDENCE_MAX = 10_000
NAME_MAX = 200
EMAIL_MAX = 254
REASON_MAX = 2000
# Something that reads as markup: a tag or its start (<b, </p, <!--, <?), an entity.


@dataclass(frozen=True)
class PracticeData:
    title: str
    country: str  # ISO 3166-1 alpha-2
    area: str  # core.domains.Domain
    summary: str
    description: str
    evidence: str = ""
    contact_name: str = ""
    contact_email: str = ""


def practice_data(practice: Practice) -> PracticeData:
    """A practice as the services take it: the base of a partial change."""
    return PracticeData(
        title=practice.title,
        country=practice.country,
        area=practice.area,
        summary=practice.summary,
        description=practice.description,
        evidence=practice.evidence,
        contact_name=practice.contact_name,
        contact_email=practice.contact_email,
    )


# --- Checking what was typed -----------------------------------------------------------------


def _clean(data: PracticeData) -> PracticeData:
    errors: Errors = {}
    title = _text(
        errors, "title", data.title, max_length=TITLE_MAX, required=_("Give the practice a title.")
    )
    country = data.country.strip().upper()
    if not country:
        errors["country"] = [_("Choose the country where the practice is used.")]
    elif len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
        errors["country"] = [_("Choose a country from the list (an ISO 3166 two-letter code).")]
    area = data.area.strip().lower()
    if not area:
        errors["area"] = [_("Choose the area of integration the practice serves.")]
    elif area not in Domain.values:
        errors["area"] = [_("Choose an area from the list.")]
    summary = _text(
        errors,
        "summary",
        data.summary,
        max_length=SUMMARY_MAX,
        required=_("Sum the practice up in a few sentences."),
        multiline=True,
    )
    description = _text(
        errors,
        "description",
        data.description,
        max_length=DESCRIPTION_MAX,
        required=_("Describe how the practice works."),
        multiline=True,
    )
    evidence = _text(errors, "evidence", data.evidence, max_length=EVIDENCE_MAX, multiline=True)
    contact_name = _text(errors, "contact_name", data.contact_name, max_length=NAME_MAX)
    contact_email = data.contact_email.strip()
    if contact_email:
        try:
            if len(contact_email) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = [_("Enter a valid e-mail address, e.g. name@example.org.")]
    if errors:
        raise ValidationFailed(_("Check the practice's details."), field_errors=errors)
    return PracticeData(
        title=title,
        country=country,
        area=area,
        summary=summary,
        description=description,
        evidence=evidence,
        contact_name=contact_name,
        contact_email=contact_email,
    )


def _search_text(data: PracticeData) -> str:
    return selectors.search_key(f"{data.title} {data.summary} {data.description}")


def _acting_organisation(actor: Actor) -> int:
    """The organisation a new practice belongs to: the one the actor acts for
    when it may write there, else the first where it may."""
    writing = [s for s in actor.seats if s.role in access.PRACTICE_WRITERS]
    acting = next((s for s in writing if s.organisation_id == actor.organisation_id), None)
    if acting is not None:
        return acting.organisation_id
    if writing:
        return writing[0].organisation_id
    raise PermissionDenied(_("Act for an organisation to write a practice for it."))


def _audit(actor: Actor, action: str, practice: Practice, *, now: datetime, **data: object) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="practice",
        object_id=practice.public_id,
        purpose=PURPOSE,
        data=data,
        now=now,
    )


# --- Writing ---------------------------------------------------------------------------------


def practice_create(*, actor: Actor, data: PracticeData, now: datetime | None = None) -> Practice:
    """A new draft of the actor's organisation."""
    selectors.require_writer(actor)
    organisation_id = _acting_organisation(actor)
    clean = _clean(data)
    now = now or timezone.now()
    with transaction.atomic():
        practice = Practice.objects.create(
            **asdict(clean),
            organisation_id=organisation_id,
            status=PracticeStatus.DRAFT,
            search_text=_search_text(clean),
            created_by=actor.user,
            created_at=now,
            updated_at=now,
        )
        _audit(
            actor,
            "practice.create",
            practice,
            now=now,
            title=clean.title,
            country=clean.country,
            area=clean.area,
        )
    return practice


def practice_update(
    *, actor: Actor, practice: Practice, data: PracticeData, now: datetime | None = None
) -> Practice:
    """Changes a draft or a published practice (a withdrawn one stays as it was)."""
    selectors.require_keeper(actor, practice)
    clean = _clean(data)
    now = now or timezone.now()
    with transaction.atomic():
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        if current.status == PracticeStatus.WITHDRAWN:
            raise Conflict(_("A withdrawn practice is kept as it was withdrawn."))
        before = practice_data(current)
        changed = sorted(k for k, v in asdict(clean).items() if getattr(before, k) != v)
        for name, value in asdict(clean).items():
            setattr(current, name, value)
        current.search_text = _search_text(clean)
        current.updated_at = now
        current.save()
        _audit(actor, "practice.update", current, now=now, fields=changed)
    return current


def practice_publish(*, actor: Actor, practice: Practice, now: datetime | None = None) -> Practice:
    """Puts a draft (or a withdrawn practice, put right) in the library."""
    selectors.require_curator(actor)
    now = now or timezone.now()
    with transaction.atomic():
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        if current.status == PracticeStatus.PUBLISHED:
            raise Conflict(_("The practice is published already."))
        previous = current.status
        current.status = PracticeStatus.PUBLISHED
        current.published_at = now
        current.updated_at = now
        current.save(update_fields=["status", "published_at", "updated_at"])
        _audit(actor, "practice.publish", current, now=now, previous=previous)
    return current


def practice_withdraw(
    *, actor: Actor, practice: Practice, reason: str, now: datetime | None = None
) -> Practice:
    """Takes a published practice out of the library, saying why (kept in the audit)."""
    selectors.require_curator(actor)
    errors: Errors = {}
    reason = _text(
        errors,
        "reason",
        reason,
        max_length=REASON_MAX,
        required=_("Say why the practice is withdrawn."),
        multiline=True,
    )
    if errors:
        raise ValidationFailed(_("Say why the practice is withdrawn."), field_errors=errors)
    now = now or timezone.now()
    with transaction.atomic():
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        if current.status != PracticeStatus.PUBLISHED:
            raise Conflict(_("Only a published practice can be withdrawn."))
        current.status = PracticeStatus.WITHDRAWN
        current.updated_at = now
        current.save(update_fields=["status", "updated_at"])
        _audit(actor, "practice.withdraw", current, now=now, reason=reason)
    return current
