"""The partner directory: organisations describe their services; coordinators
keep the memoranda of understanding (partnerships) between organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import Organisation
from integra.people import selectors as people
from integra.services.models import Partnership, Service, ServiceLocation, SharedField


@dataclass(frozen=True)
class LocationData:
    locality: str
    address: str = ""
    opening_hours: str = ""


@dataclass(frozen=True)
class ServiceData:
    code: str
    name: str
    category: str
    description: str = ""
    languages: tuple[str, ...] = ()
    eligibility: str = ""
    eligible_statuses: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    capacity_per_month: int | None = None
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    internal_notes: str = ""
    accept_within_days: int = 5
    complete_within_days: int = 60
    is_public: bool = True
    is_active: bool = True
    locations: tuple[LocationData, ...] = field(default=())


def language_errors(codes: tuple[str, ...]) -> list[str]:
    unknown = [
        code
        for code in codes
        if not (
            pycountry.languages.get(alpha_2=code)
            if len(code) == 2
            else pycountry.languages.get(alpha_3=code)
        )
    ]
    if unknown:
        return [_("Unknown language codes: %(codes)s.") % {"codes": ", ".join(unknown)}]
    return []


def _service_errors(data: ServiceData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(data.code)
    except DjangoValidationError:
        errors["code"] = [_("Use only letters, numbers, hyphens and underscores.")]
    if not data.name.strip():
        errors["name"] = [_("Give the service a name.")]
    if data.category not in Domain.values:
        errors["category"] = [_("Choose a category.")]
    if problems := language_errors(data.languages):
        errors["languages"] = problems
    statuses = {value for value, _label in people.status_choices()}
    if unknown := sorted(set(data.eligible_statuses) - statuses):
        errors["eligible_statuses"] = [
            _("Unknown legal statuses: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    if data.min_age is not None and data.max_age is not None and data.max_age < data.min_age:
        errors["max_age"] = [_("The maximum age cannot be below the minimum age.")]
    if data.contact_email:
        try:
            validate_email(data.contact_email)
        except DjangoValidationError:
            errors["contact_email"] = [_("Enter a valid e-mail address.")]
    if data.website:
        try:
            URLValidator(schemes=["http", "https"])(data.website)
        except DjangoValidationError:
            errors["website"] = [_("Enter a web address starting with https://.")]
    if data.accept_within_days < 1:
        errors["accept_within_days"] = [_("Give at least one day to accept.")]
    elif data.complete_within_days < data.accept_within_days:
        errors["complete_within_days"] = [_("Completing cannot be due before accepting is.")]
    if any(not location.locality.strip() for location in data.locations):
        errors["locations"] = [_("Each location needs its locality.")]
    return errors


@transaction.atomic
def service_save(
    *,
    actor: Actor,
    organisation: Organisation,
    data: ServiceData,
    service: Service | None = None,
    now: datetime | None = None,
) -> Service:
    """Adds a service to an organisation's entry in the directory, or changes one
    (its locations are replaced by the ones given)."""
    now = now or timezone.now()
    if not access.can_manage_services(actor, organisation_id=organisation.pk):
        raise PermissionDenied(_("You may not describe this organisation's services."))
    errors = _service_errors(data)
    taken = Service.objects.filter(organisation=organisation, code=data.code)
    if service is not None:
        taken = taken.exclude(pk=service.pk)
    if "code" not in errors and taken.exists():
        errors["code"] = [_("This organisation already has a service with this code.")]
    if errors:
        raise ValidationFailed(_("The service could not be saved."), field_errors=errors)
    created = service is None
    service = service or Service(organisation=organisation)
    for name in (
        "code",
        "name",
        "category",
        "description",
        "eligibility",
        "min_age",
        "max_age",
        "capacity_per_month",
        "contact_email",
        "contact_phone",
        "website",
        "internal_notes",
        "accept_within_days",
        "complete_within_days",
        "is_public",
        "is_active",
    ):
        value = getattr(data, name)
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    service.languages = sorted(set(data.languages))
    service.eligible_statuses = sorted(set(data.eligible_statuses))
    service.updated_at = now
    service.save()
    service.locations.all().delete()
    ServiceLocation.objects.bulk_create(
        ServiceLocation(
            service=service,
            locality=location.locality.strip(),
            address=location.address.strip(),
            opening_hours=location.opening_hours.strip(),
        )
        for location in data.locations
    )
    audit.record(
        actor=actor,
        action="service.create" if created else "service.update",
        object_type="organisation",
        object_id=organisation.code,
        purpose="partner directory",
        data={"service": service.code},
        now=now,
    )
    return service


# --- Partnerships -------------------------------------------------------------------


@dataclass(frozen=True)
class PartnershipData:
    title: str
    parties: tuple[str, ...]  # organisation codes
    scope: tuple[str, ...]  # service categories covered
    shareable: tuple[str, ...]  # SharedField values
    valid_from: date
    valid_until: date | None = None
    document_reference: str = ""


def _partnership_errors(data: PartnershipData, parties: list[Organisation]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the partnership a title.")]
    missing = sorted(set(data.parties) - {o.code for o in parties})
    if missing:
        errors["parties"] = [_("Unknown organisations: %(codes)s.") % {"codes": ", ".join(missing)}]
    elif len(parties) < 2:
        errors["parties"] = [_("A partnership has at least two parties.")]
    if not data.scope:
        errors["scope"] = [_("Say which kinds of service the partnership covers.")]
    elif unknown := sorted(set(data.scope) - set(Domain.values)):
        errors["scope"] = [_("Unknown categories: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if unknown := sorted(set(data.shareable) - set(SharedField.values)):
        errors["shareable"] = [
            _("Unknown kinds of data: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    if data.valid_until is not None and data.valid_until < data.valid_from:
        errors["valid_until"] = [_("A partnership cannot end before it starts.")]
    return errors


@transaction.atomic
def partnership_save(
    *,
    actor: Actor,
    data: PartnershipData,
    partnership: Partnership | None = None,
    now: datetime | None = None,
) -> Partnership:
    """Records a memorandum of understanding, or changes one. Referrals already
    made under it keep the data they shared."""
    now = now or timezone.now()
    if not access.can_manage_partnerships(actor):
        raise PermissionDenied(_("Partnerships are recorded by the coordinating authority."))
    if partnership is not None and partnership.terminated_on is not None:
        raise ValidationFailed(_("This partnership was terminated; record a new one."))
    parties = list(Organisation.objects.filter(code__in=set(data.parties)))
    errors = _partnership_errors(data, parties)
    if errors:
        raise ValidationFailed(_("The partnership could not be saved."), field_errors=errors)
    created = partnership is None
    partnership = partnership or Partnership(created_by=actor.user, created_at=now)
    partnership.title = data.title.strip()
    partnership.scope = sorted(set(data.scope))
    partnership.shareable = sorted(set(data.shareable))
    partnership.valid_from = data.valid_from
    partnership.valid_until = data.valid_until
    partnership.document_reference = data.document_reference.strip()
    partnership.save()
    partnership.parties.set(parties)
    audit.record(
        actor=actor,
        action="partnership.create" if created else "partnership.update",
        object_type="partnership",
        object_id=partnership.public_id,
        purpose="partner directory",
        data={"parties": sorted(data.parties), "shareable": partnership.shareable},
        now=now,
    )
    return partnership


@transaction.atomic
def partnership_terminate(
    *, actor: Actor, partnership: Partnership, on: date, now: datetime | None = None
) -> Partnership:
    """Ends a partnership from a day: no new referral rests on it from then."""
    now = now or timezone.now()
    if not access.can_manage_partnerships(actor):
        raise PermissionDenied(_("Partnerships are recorded by the coordinating authority."))
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.terminated_on is not None:
        raise ValidationFailed(_("This partnership is already terminated."))
    if on < partnership.valid_from:
        raise ValidationFailed(
            _("A partnership cannot end before it starts."),
            field_errors={"on": [_("A partnership cannot end before it starts.")]},
        )
    partnership.terminated_on = on
    partnership.save(update_fields=["terminated_on"])
    audit.record(
        actor=actor,
        action="partnership.terminate",
        object_type="partnership",
        object_id=partnership.public_id,
        purpose="partner directory",
        data={"on": on.isoformat()},
        now=now,
    )
    return partnership
