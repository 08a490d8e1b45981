"""Writes of the registry: register a person once, change their record."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import Organisation
from integra.people import names, selectors
from integra.people.models import (
    Citizenship,
    DatePrecision,
    NameKey,
    Person,
    Responsibility,
    Sex,
)

EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class PersonData:
    """What a caseworker enters about a person (the identity step)."""

    given_name: str
    family_name: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    sex: str = Sex.NOT_STATED
    birth_date: date | None = None
    birth_date_precision: str = DatePrecision.EXACT
    birth_place: str = ""
    citizenships: tuple[str, ...] = ()
    stateless: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""
    locality: str = ""


class PossibleDuplicate(Conflict):
    """Likely existing records were found; the caller shows them and may confirm."""

    slug = "possible-duplicate"

    def __init__(self, candidates: list[selectors.Candidate]) -> None:
        super().__init__(
            _(
                "This person may already be registered. Check the matches, or confirm that "
                "this is a new person."
            )
        )
        self.candidates = candidates
        self.extensions["candidates"] = [
            {
                "public_id": c.person.public_id if c.visible else None,
                "name": c.person.name_latin if c.visible else None,
                "birth_date": c.person.birth_date.isoformat()
                if c.visible and c.person.birth_date
                else None,
                "score": c.score,
            }
            for c in candidates
        ]


def _clean(data: PersonData, *, country: str, today: date) -> PersonData:
    errors: dict[str, list[str]] = {}
    given = " ".join(data.given_name.split())
    family = " ".join(data.family_name.split())
    if not given:
        errors["given_name"] = [_("Give at least a given name.")]
    given_latin = " ".join(data.given_name_latin.split()) or names.suggest_latin(given)
    family_latin = " ".join(data.family_name_latin.split()) or names.suggest_latin(family)
    for name, value in (("given_name_latin", given_latin), ("family_name_latin", family_latin)):
        if value and not names.is_latin(value):
            errors[name] = [_("Write this in Latin letters.")]
    if data.sex not in Sex.values:
        errors["sex"] = [_("Choose female, male, other or not stated.")]
    if data.birth_date_precision not in DatePrecision.values:
        errors["birth_date_precision"] = [_("Choose how precise the date of birth is.")]
    if data.birth_date is not None:
        if data.birth_date > today:
            errors["birth_date"] = [_("The date of birth cannot be in the future.")]
        elif data.birth_date < EARLIEST_BIRTH:
            errors["birth_date"] = [_("The date of birth cannot be before 1900.")]
    citizenships = tuple(
        dict.fromkeys(code.strip().upper() for code in data.citizenships if code.strip())
    )
    unknown = [code for code in citizenships if pycountry.countries.get(alpha_2=code) is None]
    if unknown:
        errors["citizenships"] = [
            _("Unknown country code: %(codes)s. Use ISO 3166 codes such as UA or SY.")
            % {"codes": ", ".join(unknown)}
        ]
    if data.stateless and citizenships:
        errors["stateless"] = [_("A stateless person has no citizenship; remove one or the other.")]
    phone = data.phone.strip()
    if phone:
        try:
            parsed = phonenumbers.parse(phone, country or None)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            errors["phone"] = [
                _("This is not a valid phone number. Include the country code, e.g. +373.")
            ]
        else:
            phone = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    email = data.email.strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = [_("Give a valid e-mail address.")]
    for name in ("given_name", "family_name", "birth_place", "address", "locality"):
        if "\x00" in getattr(data, name):
            errors[name] = [_("This contains a character that is not allowed.")]
    if errors:
        raise ValidationFailed(_("The person's details have errors."), field_errors=errors)
    return replace(
        data,
        given_name=given,
        family_name=family,
        given_name_latin=given_latin,
        family_name_latin=family_latin,
        citizenships=citizenships,
        phone=phone,
        email=email,
        birth_place=data.birth_place.strip(),
        address=data.address.strip(),
        locality=data.locality.strip(),
    )


def _write_names(person: Person) -> None:
    keys = names.search_keys(
        person.given_name, person.family_name, person.given_name_latin, person.family_name_latin
    )
    NameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    existing = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    NameKey.objects.bulk_create(NameKey(person=person, key=key) for key in keys - existing)


def _write_citizenships(person: Person, codes: tuple[str, ...]) -> None:
    Citizenship.objects.filter(person=person).exclude(country__in=codes).delete()
    existing = set(Citizenship.objects.filter(person=person).values_list("country", flat=True))
    Citizenship.objects.bulk_create(
        Citizenship(person=person, country=code) for code in codes if code not in existing
    )


_SIMPLE_FIELDS = [f.name for f in fields(PersonData) if f.name not in {"citizenships", "extra"}]


@transaction.atomic
def person_register(
    *, actor: Actor, data: PersonData, confirm_new: bool = False, now: datetime | None = None
) -> Person:
    """Registers a person once. Likely existing records stop the registration
    (PossibleDuplicate) unless the caseworker confirms that this is someone new."""
    now = now or timezone.now()
    if not access.can_register_person(actor):
        raise PermissionDenied(_("Only caseworkers register people, for their own organisation."))
    assert actor.organisation_id is not None  # can_register_person checked the seat
    organisation = Organisation.objects.get(pk=actor.organisation_id)
    clean = _clean(data, country=organisation.country, today=now.date())
    if not confirm_new:
        candidates = selectors.duplicate_candidates(
            actor=actor,
            given_name=clean.given_name,
            family_name=clean.family_name,
            given_name_latin=clean.given_name_latin,
            family_name_latin=clean.family_name_latin,
            birth_date=clean.birth_date,
            citizenships=list(clean.citizenships),
        )
        if candidates:
            raise PossibleDuplicate(candidates)
    person = Person.objects.create(
        **{name: getattr(clean, name) for name in _SIMPLE_FIELDS}, registered_by=organisation
    )
    _write_names(person)
    _write_citizenships(person, clean.citizenships)
    Responsibility.objects.create(person=person, organisation=organisation, since=now)
    audit.record(
        actor=actor,
        action="person.register",
        object_type="person",
        object_id=person.public_id,
        purpose="case management",
        data={"confirmed_new": confirm_new},
        now=now,
    )
    return person


def _resuggest_latin(person: Person, data: PersonData) -> PersonData:
    """When a name changes but its Latin form is still the one Integra suggested,
    suggest it again; a Latin form a caseworker typed is kept."""

    def stale(old: str, new: str, stored: str, sent: str) -> bool:
        return new != old and sent == stored and stored == names.suggest_latin(old)

    if stale(person.given_name, data.given_name, person.given_name_latin, data.given_name_latin):
        data = replace(data, given_name_latin="")
    if stale(
        person.family_name, data.family_name, person.family_name_latin, data.family_name_latin
    ):
        data = replace(data, family_name_latin="")
    return data


@transaction.atomic
def person_update(
    *, actor: Actor, person: Person, data: PersonData, now: datetime | None = None
) -> Person:
    now = now or timezone.now()
    responsible = set(person.responsibilities.values_list("organisation_id", flat=True))
    if not access.can_change_case(actor, responsible=responsible):
        raise PermissionDenied(_("You may not change this person's record."))
    country = (
        Organisation.objects.filter(pk=actor.organisation_id)
        .values_list("country", flat=True)
        .first()
        if actor.organisation_id is not None
        else None
    )
    data = _resuggest_latin(person, data)
    clean = _clean(data, country=country or "", today=now.date())
    changed = [name for name in _SIMPLE_FIELDS if getattr(person, name) != getattr(clean, name)]
    old_citizenships = set(person.citizenships.values_list("country", flat=True))
    if old_citizenships != set(clean.citizenships):
        changed.append("citizenships")
    for name in _SIMPLE_FIELDS:
        setattr(person, name, getattr(clean, name))
    person.save()
    _write_names(person)
    _write_citizenships(person, clean.citizenships)
    audit.record(
        actor=actor,
        action="person.update",
        object_type="person",
        object_id=person.public_id,
        purpose="case management",
        data={"fields": changed},  # which fields, never their values
        now=now,
    )
    return person
