"""Writes of the registry: register a person once, change their record."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import phonenumbers
import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit, backend_bulk
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import Organisation, Todo
from integra.core.roles import OrganisationKind
from integra.people import names, reference, selectors
from integra.people.models import (
    CefrLevel,
    Citizenship,
    Consent,
    ConsentPurpose,
    DatePrecision,
    Document,
    DocumentKind,
    Household,
    HouseholdMember,
    IscedLevel,
    Language,
    LegalStatus,
    NameKey,
    OtherName,
    OtherNameKind,
    Person,
    Qualification,
    Recognition,
    Relationship,
    Responsibility,
    Sex,
    StatusCategory,
    Vulnerability,
    WorkExperience,
    document_key,
)

EARLIEST_BIRTH = date(1900, 1, 1)
# Choices' .values builds a new list on every call; these checks run once per row
# of an import.
_SEXES = frozenset(Sex.values)
_ISCED = frozenset(IscedLevel.values)
_PRECISIONS = frozenset(DatePrecision.values)
_STATUSES = frozenset(StatusCategory.values)
_DOCUMENT_KINDS = frozenset(DocumentKind.values)
CEFR_LEVELS = frozenset(CefrLevel.values)


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
    education_level: int | None = None
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


def clean_person(data: PersonData, *, country: str, today: date) -> PersonData:
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
    if data.sex not in _SEXES:
        errors["sex"] = [_("Choose female, male, other or not stated.")]
    if data.education_level is not None and data.education_level not in _ISCED:
        errors["education_level"] = [_("Choose an ISCED 2011 level from 0 to 8.")]
    if data.birth_date_precision not in _PRECISIONS:
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


def write_names(person: Person) -> None:
    other = [
        value
        for pair in person.other_names.values_list("name", "name_latin")
        for value in pair
        if value
    ]
    keys = names.search_keys(
        person.given_name,
        person.family_name,
        person.given_name_latin,
        person.family_name_latin,
        *other,
    )
    order = {
        "family_name_latin": person.family_name_latin,
        "given_name_latin": person.given_name_latin,
        "public_id": person.public_id,
    }
    NameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    kept = NameKey.objects.filter(person=person)
    kept.exclude(**order).update(**order)  # a new spelling of a name keeps its key
    existing = set(kept.values_list("key", flat=True))
    NameKey.objects.bulk_create(NameKey(person=person, key=key, **order) for key in keys - existing)


def write_citizenships(person: Person, codes: tuple[str, ...]) -> None:
    Citizenship.objects.filter(person=person).exclude(country__in=codes).delete()
    existing = set(Citizenship.objects.filter(person=person).values_list("country", flat=True))
    Citizenship.objects.bulk_create(
        Citizenship(person=person, country=code) for code in codes if code not in existing
    )


SIMPLE_FIELDS = [f.name for f in fields(PersonData) if f.name not in {"citizenships", "extra"}]


def guard_change(actor: Actor, person: Person) -> None:
    """Only those working on the case change the record (core.access)."""
    responsible = set(person.responsibilities.values_list("organisation_id", flat=True))
    if not access.can_change_case(actor, responsible=responsible):
        raise PermissionDenied(_("You may not change this person's record."))


def audit_case(
    actor: Actor,
    person: Person,
    action: str,
    *,
    data: dict[str, object] | None = None,
    now: datetime | None = None,
) -> None:
    """One audit entry for a change to a person's case."""
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.public_id,
        purpose="case management",
        data=data,
        now=now,
    )


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
    clean = clean_person(data, country=organisation.country, today=now.date())
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
        **{name: getattr(clean, name) for name in SIMPLE_FIELDS}, registered_by=organisation
    )
    write_names(person)
    write_citizenships(person, clean.citizenships)
    Responsibility.objects.create(person=person, organisation=organisation, since=now)
    audit_case(actor, person, "person.register", data={"confirmed_new": confirm_new}, now=now)
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
    guard_change(actor, person)
    country = (
        Organisation.objects.filter(pk=actor.organisation_id)
        .values_list("country", flat=True)
        .first()
        if actor.organisation_id is not None
        else None
    )
    data = _resuggest_latin(person, data)
    clean = clean_person(data, country=country or "", today=now.date())
    changed = [name for name in SIMPLE_FIELDS if getattr(person, name) != getattr(clean, name)]
    old_citizenships = set(person.citizenships.values_list("country", flat=True))
    if old_citizenships != set(clean.citizenships):
        changed.append("citizenships")
    for name in SIMPLE_FIELDS:
        setattr(person, name, getattr(clean, name))
    person.save()
    write_names(person)
    write_citizenships(person, clean.citizenships)
    audit_case(
        actor,
        person,
        "person.update",
        data={"fields": changed},  # which fields, never their values
        now=now,
    )
    return person


def status_errors(
    *, category: str, valid_from: date, valid_until: date | None, born: date | None
) -> dict[str, list[str]]:
    """What is wrong with a legal-status entry, by field (registration and import)."""
    errors: dict[str, list[str]] = {}
    if category not in _STATUSES:
        errors["category"] = [_("Choose one of the legal-status categories.")]
    if valid_from < EARLIEST_BIRTH:
        errors["valid_from"] = [_("The date cannot be before 1900.")]
    elif born and valid_from < born:
        errors["valid_from"] = [_("The status cannot start before the person was born.")]
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = [_("The end cannot come before the start.")]
    return errors


@transaction.atomic
def status_record(
    *,
    actor: Actor,
    person: Person,
    category: str,
    valid_from: date,
    valid_until: date | None = None,
    decision_reference: str = "",
    note: str = "",
    now: datetime | None = None,
) -> LegalStatus:
    """Adds an entry to the person's legal-status history (R1)."""
    now = now or timezone.now()
    responsible = set(person.responsibilities.values_list("organisation_id", flat=True))
    if not (
        access.can_see_legal_status(actor)
        and access.can_change_case(actor, responsible=responsible)
    ):
        raise PermissionDenied(_("You may not record this person's legal status."))
    errors = status_errors(
        category=category, valid_from=valid_from, valid_until=valid_until, born=person.birth_date
    )
    for name, value in (("decision_reference", decision_reference), ("note", note)):
        if "\x00" in value:
            errors[name] = [_("This contains a character that is not allowed.")]
    if errors:
        raise ValidationFailed(_("The legal status has errors."), field_errors=errors)
    assert actor.organisation_id is not None  # case workers act for an organisation
    status = LegalStatus.objects.create(
        person=person,
        category=category,
        valid_from=valid_from,
        valid_until=valid_until,
        decision_reference=decision_reference.strip(),
        note=note.strip(),
        recorded_by_id=actor.organisation_id,
        recorded_at=now,
    )
    audit_case(actor, person, "person.status.record", data={"category": category}, now=now)
    return status


def document_errors(
    *,
    kind: str,
    number: str,
    issuing_country: str,
    issued_on: date | None,
    valid_until: date | None,
    today: date,
) -> dict[str, list[str]]:
    """What is wrong with a document, by field (registration and import)."""
    errors: dict[str, list[str]] = {}
    if kind not in _DOCUMENT_KINDS:
        errors["kind"] = [_("Choose a kind of document.")]
    key = document_key(number)
    if not 3 <= len(key) <= 30 or "\x00" in number:
        errors["number"] = [_("Give the number as printed: 3 to 30 letters and digits.")]
    if pycountry.countries.get(alpha_2=issuing_country.strip().upper()) is None:
        errors["issuing_country"] = [_("Give a two-letter ISO 3166 country code, such as UA.")]
    if issued_on is not None and issued_on > today:
        errors["issued_on"] = [_("A document cannot be issued in the future.")]
    elif issued_on is not None and issued_on < EARLIEST_BIRTH:
        errors["issued_on"] = [_("The date cannot be before 1900.")]
    if valid_until is not None and issued_on is not None and valid_until < issued_on:
        errors["valid_until"] = [_("A document cannot expire before it was issued.")]
    return errors


@transaction.atomic
def document_record(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    number: str,
    issuing_country: str,
    issued_on: date | None = None,
    valid_until: date | None = None,
    now: datetime | None = None,
) -> Document:
    """Adds an identity document or permit to a person's record."""
    now = now or timezone.now()
    guard_change(actor, person)
    errors = document_errors(
        kind=kind,
        number=number,
        issuing_country=issuing_country,
        issued_on=issued_on,
        valid_until=valid_until,
        today=now.date(),
    )
    key = document_key(number)
    country = issuing_country.strip().upper()
    if errors:
        raise ValidationFailed(_("The document has errors."), field_errors=errors)
    holder = (
        Document.objects.filter(kind=kind, issuing_country=country, number_key=key)
        .values_list("person_id", flat=True)
        .first()
    )
    if holder is not None:
        message = (
            _("This document is already on this person's record.")
            if holder == person.pk
            else _("This document is recorded for another person: check for a duplicate record.")
        )
        raise Conflict(message, field_errors={"number": [message]})
    assert actor.organisation_id is not None  # changing a case needs an acting organisation
    document = Document.objects.create(
        person=person,
        kind=kind,
        number=" ".join(number.split()).upper(),
        number_key=key,
        issuing_country=country,
        issued_on=issued_on,
        valid_until=valid_until,
        recorded_by_id=actor.organisation_id,
        recorded_at=now,
    )
    audit_case(
        actor,
        person,
        "person.document.record",
        data={"kind": kind, "issuing_country": country},  # never the number
        now=now,
    )
    return document


@transaction.atomic
def other_name_add(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    name: str,
    name_latin: str = "",
    until: date | None = None,
    now: datetime | None = None,
) -> OtherName:
    """Adds an alias, a previous name or another spelling; search finds the person
    by it from then on."""
    now = now or timezone.now()
    guard_change(actor, person)
    name = " ".join(name.split())
    latin = " ".join(name_latin.split()) or names.suggest_latin(name)
    errors: dict[str, list[str]] = {}
    if kind not in OtherNameKind.values:
        errors["kind"] = [_("Choose alias, previous name or other spelling.")]
    if not name or "\x00" in name:
        errors["name"] = [_("Give the name.")]
    if latin and not names.is_latin(latin):
        errors["name_latin"] = [_("Write this in Latin letters.")]
    if until is not None and until > now.date():
        errors["until"] = [_("This date cannot be in the future.")]
    if errors:
        raise ValidationFailed(_("The name has errors."), field_errors=errors)
    if OtherName.objects.filter(person=person, kind=kind, name=name).exists():
        message = _("This name is already on the record.")
        raise Conflict(message, field_errors={"name": [message]})
    other = OtherName.objects.create(
        person=person, kind=kind, name=name, name_latin=latin, until=until, recorded_at=now
    )
    write_names(person)
    audit_case(actor, person, "person.other_name.add", data={"kind": kind}, now=now)
    return other


def language_code(code: str) -> str | None:
    code = code.strip().lower()
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    found = found or (pycountry.languages.get(alpha_3=code) if len(code) == 3 else None)
    return code if found else None


@transaction.atomic
def language_set(
    *, actor: Actor, person: Person, code: str, declared_level: str, now: datetime | None = None
) -> Language:
    """Records a language the person speaks, or changes its declared level."""
    guard_change(actor, person)
    errors: dict[str, list[str]] = {}
    language = language_code(code)
    if language is None:
        errors["code"] = [_("Give an ISO 639 language code, such as uk, ar or tg.")]
    if declared_level not in CefrLevel.values:
        errors["declared_level"] = [_("Choose a CEFR level from A1 to C2, or first language.")]
    if errors:
        raise ValidationFailed(_("The language has errors."), field_errors=errors)
    assert language is not None
    record, _created = Language.objects.update_or_create(
        person=person, code=language, defaults={"declared_level": declared_level}
    )
    audit_case(actor, person, "person.language.set", data={"language": language}, now=now)
    return record


@transaction.atomic
def language_assess(
    *,
    actor: Actor,
    person: Person,
    code: str,
    level: str,
    source: dict[str, str],
    now: datetime | None = None,
) -> Language:
    """Records the level an objective test assessed (a course's test, the
    integration exam). The calling service has checked that the actor may record
    the result; ``source`` names it in the audit entry. A lower result never lowers
    a level assessed before; a language the person had not declared is added."""
    if level not in CefrLevel.values or level == CefrLevel.NATIVE:
        raise ValidationFailed(_("Choose a CEFR level from A1 to C2."))
    order = [value for value in CefrLevel.values if value != CefrLevel.NATIVE]
    record, created = Language.objects.select_for_update().get_or_create(
        person=person, code=code, defaults={"declared_level": level, "assessed_level": level}
    )
    before = record.assessed_level
    if not created:
        if before in order and order.index(before) >= order.index(level):
            return record
        record.assessed_level = level
        record.save(update_fields=["assessed_level"])
    audit_case(
        actor,
        person,
        "person.language.assess",
        data={"language": code, "from": before if not created else "", "to": level, **source},
        now=now,
    )
    return record


def languages_assess_many(
    *,
    actor: Actor,
    levels: dict[int, tuple[str, str]],
    source: dict[str, str],
    now: datetime | None = None,
) -> int:
    """``language_assess`` for many people at once (a file of exam results):
    ``levels`` maps each person's id to (language, level). How many changed."""
    now = now or timezone.now()
    order = [value for value in CefrLevel.values if value != CefrLevel.NATIVE]
    person_ids = list(levels)
    changed: list[Language] = []
    created: list[Language] = []
    events: list[audit.Event] = []
    public_ids: dict[int, str] = {}
    for start in range(0, len(person_ids), 2000):
        public_ids.update(
            Person.objects.filter(pk__in=person_ids[start : start + 2000]).values_list(
                "pk", "public_id"
            )
        )
    for start in range(0, len(person_ids), 2000):
        chunk = person_ids[start : start + 2000]
        existing = {
            (row.person_id, row.code): row for row in Language.objects.filter(person_id__in=chunk)
        }
        for person_id in chunk:
            code, level = levels[person_id]
            if level not in order:
                continue
            row = existing.get((person_id, code))
            if row is None:
                created.append(
                    Language(
                        person_id=person_id, code=code, declared_level=level, assessed_level=level
                    )
                )
                before = ""
            elif row.assessed_level in order and order.index(row.assessed_level) >= order.index(
                level
            ):
                continue
            else:
                before = row.assessed_level
                row.assessed_level = level
                changed.append(row)
            events.append(
                audit.Event(
                    action="person.language.assess",
                    object_type="person",
                    object_id=public_ids[person_id],
                    data={"language": code, "from": before, "to": level, **source},
                )
            )
    Language.objects.bulk_create(created, batch_size=2000)
    backend_bulk.update(Language, ["assessed_level"], ((r.pk, r.assessed_level) for r in changed))
    audit.record_many(actor=actor, events=events, purpose="case management", now=now)
    return len(events)


@transaction.atomic
def qualification_add(
    *,
    actor: Actor,
    person: Person,
    title: str,
    country: str,
    isced_level: int,
    occupation: str = "",
    recognition: str = Recognition.NOT_REQUESTED,
    now: datetime | None = None,
) -> Qualification:
    """A diploma or certificate, with the state of its recognition here (R9)."""
    guard_change(actor, person)
    errors: dict[str, list[str]] = {}
    title = " ".join(title.split())
    if not title or "\x00" in title:
        errors["title"] = [_("Give the title of the qualification.")]
    if pycountry.countries.get(alpha_2=country.strip().upper()) is None:
        errors["country"] = [_("Give a two-letter ISO 3166 country code, such as UA.")]
    if isced_level not in IscedLevel.values:
        errors["isced_level"] = [_("Choose an ISCED 2011 level from 0 to 8.")]
    if occupation and not reference.isco_valid(occupation):
        errors["occupation"] = [_("Give an ISCO-08 code of 1 to 4 digits, such as 2221.")]
    if recognition not in Recognition.values:
        errors["recognition"] = [_("Choose the state of recognition.")]
    if errors:
        raise ValidationFailed(_("The qualification has errors."), field_errors=errors)
    qualification = Qualification.objects.create(
        person=person,
        title=title,
        country=country.strip().upper(),
        isced_level=isced_level,
        occupation=occupation,
        recognition=recognition,
    )
    audit_case(actor, person, "person.qualification.add", now=now)
    return qualification


@transaction.atomic
def experience_add(
    *,
    actor: Actor,
    person: Person,
    occupation: str,
    years: Decimal,
    country: str = "",
    now: datetime | None = None,
) -> WorkExperience:
    guard_change(actor, person)
    errors: dict[str, list[str]] = {}
    if not reference.isco_valid(occupation):
        errors["occupation"] = [_("Give an ISCO-08 code of 1 to 4 digits, such as 7112.")]
    if not Decimal(0) <= years <= Decimal(70):
        errors["years"] = [_("Give the years of experience, from 0 to 70.")]
    if country and pycountry.countries.get(alpha_2=country.strip().upper()) is None:
        errors["country"] = [_("Give a two-letter ISO 3166 country code, such as UA.")]
    if errors:
        raise ValidationFailed(_("The work experience has errors."), field_errors=errors)
    experience = WorkExperience.objects.create(
        person=person, occupation=occupation, years=years, country=country.strip().upper()
    )
    audit_case(actor, person, "person.experience.add", now=now)
    return experience


@transaction.atomic
def vulnerability_set(
    *, actor: Actor, person: Person, flags: dict[str, bool], now: datetime | None = None
) -> Vulnerability:
    """Sets vulnerability flags. The sensitive ones (trafficking, serious medical
    condition) only by those allowed to see them; the others leave them as they are."""
    now = now or timezone.now()
    guard_change(actor, person)
    unknown = set(flags) - set(Vulnerability.PLAIN) - set(Vulnerability.SENSITIVE)
    if unknown:
        raise ValidationFailed(
            _("Unknown vulnerability flag."),
            field_errors={name: [_("Unknown flag.")] for name in unknown},
        )
    if set(flags) & set(Vulnerability.SENSITIVE) and not access.can_see_sensitive_flags(actor):
        raise PermissionDenied(_("Your role may not record health or trafficking indicators."))
    record, _created = Vulnerability.objects.get_or_create(
        person=person, defaults={"updated_at": now}
    )
    for name, value in flags.items():
        setattr(record, name, bool(value))
    record.updated_at = now
    record.save()
    audit_case(actor, person, "person.vulnerability.set", data={"fields": sorted(flags)}, now=now)
    return record


@transaction.atomic
def consent_give(
    *,
    actor: Actor,
    person: Person,
    purpose: str,
    recipients: list[str],
    given_on: date,
    expires_on: date | None = None,
    now: datetime | None = None,
) -> Consent:
    """Records a consent the person gave (purpose, recipient categories, dates)."""
    now = now or timezone.now()
    guard_change(actor, person)
    assert actor.organisation_id is not None  # changing a case needs an acting organisation
    return _consent_create(
        actor,
        person,
        purpose=purpose,
        recipients=recipients,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by_id=actor.organisation_id,
        now=now,
    )


def _consent_create(
    actor: Actor,
    person: Person,
    *,
    purpose: str,
    recipients: list[str],
    given_on: date,
    expires_on: date | None,
    recorded_by_id: int,
    now: datetime,
) -> Consent:
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Choose the purpose of the consent.")]
    wrong = [kind for kind in recipients if kind not in OrganisationKind.values]
    if not recipients or wrong:
        errors["recipients"] = [_("Choose at least one kind of recipient.")]
    if given_on > timezone.localdate(now):
        errors["given_on"] = [_("A consent cannot be given in the future.")]
    if expires_on is not None and expires_on <= given_on:
        errors["expires_on"] = [_("A consent must expire after it was given.")]
    if errors:
        raise ValidationFailed(_("The consent has errors."), field_errors=errors)
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        recipients=sorted(set(recipients)),
        given_on=given_on,
        expires_on=expires_on,
        recorded_by_id=recorded_by_id,
        recorded_at=now,
    )
    audit_case(
        actor,
        person,
        "person.consent.give",
        data={"consent": consent.pk, "purpose": purpose},
        now=now,
    )
    return consent


def _consent_end(actor: Actor, person: Person, consent_id: int, now: datetime) -> Consent:
    consent = Consent.objects.select_for_update().filter(pk=consent_id, person=person).first()
    if consent is None:
        raise NotFound(_("There is no such consent."))
    if consent.withdrawn_on is not None:
        raise Conflict(_("This consent has already been withdrawn."))
    consent.withdrawn_on = max(timezone.localdate(now), consent.given_on)
    consent.save(update_fields=["withdrawn_on"])
    audit_case(actor, person, "person.consent.withdraw", data={"consent": consent.pk}, now=now)
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: Actor, person: Person, consent_id: int, now: datetime | None = None
) -> Consent:
    """The person withdraws a consent from today; the record is kept."""
    now = now or timezone.now()
    guard_change(actor, person)
    return _consent_end(actor, person, consent_id, now)


@transaction.atomic
def own_consent_give(
    *,
    actor: Actor,
    person: Person,
    purpose: str,
    recipients: list[str],
    recorded_by_id: int,
    now: datetime | None = None,
) -> Consent:
    """The person gives a consent themselves, in the portal, from today; it is
    recorded for the organisation that holds their case. The portal has checked
    that the actor is the person (integra.core.access.can_see_own)."""
    now = now or timezone.now()
    return _consent_create(
        actor,
        person,
        purpose=purpose,
        recipients=recipients,
        given_on=timezone.localdate(now),
        expires_on=None,
        recorded_by_id=recorded_by_id,
        now=now,
    )


@transaction.atomic
def own_consent_withdraw(
    *, actor: Actor, person: Person, consent_id: int, now: datetime | None = None
) -> Consent:
    """The person withdraws their consent in the portal (checked there as above)."""
    return _consent_end(actor, person, consent_id, now or timezone.now())


@transaction.atomic
def document_expiry_todos_create(
    *, today: date | None = None, days: int | None = None, now: datetime | None = None
) -> int:
    """Creates, once per document and expiry date, a to-do for every organisation
    responsible for the holder's case, ``days`` before the document expires.
    Run daily by the worker; running it again creates nothing new."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    days = days if days is not None else settings.INTEGRA_DOCUMENT_EXPIRY_DAYS
    expiring = Document.objects.filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(days=days)
    ).select_related("person")
    todos = [
        Todo(
            organisation_id=responsibility.organisation_id,
            kind="document_expiry",
            params={
                "kind": document.kind,
                "valid_until": document.valid_until.isoformat(),
                "person": document.person.name_latin,
            },
            record_type="person",
            record_id=document.person.public_id,
            due_on=document.valid_until,
            dedupe_key=(
                f"document_expiry:{document.pk}:{document.valid_until}:"
                f"{responsibility.organisation_id}"
            ),
            created_at=now,
        )
        for document in expiring
        if document.valid_until is not None
        for responsibility in document.person.responsibilities.all()
    ]
    existing = set(
        Todo.objects.filter(dedupe_key__in=[t.dedupe_key for t in todos]).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [todo for todo in todos if todo.dedupe_key not in existing]
    Todo.objects.bulk_create(new)
    if new:
        audit.record(
            actor=None,
            actor_label="daily job",
            action="todo.document_expiry",
            purpose="case management",
            data={"created": len(new)},
            now=now,
        )
    return len(new)


@transaction.atomic
def household_join(
    *,
    actor: Actor,
    person: Person,
    household: Household | None,
    relationship: str,
    today: date | None = None,
) -> HouseholdMember:
    """Puts a person in a household (a new one when ``household`` is None, with
    them as its head). A person already in another household moves: that
    membership ends today and stays in the history. Splitting a household is
    moving some of its members to a new one; merging is moving them all."""
    today = today or timezone.localdate()
    guard_change(actor, person)
    if relationship not in Relationship.values:
        raise ValidationFailed(
            _("Choose the relationship to the head of the household."),
            field_errors={"relationship": [_("Choose a relationship.")]},
        )
    if household is not None and not selectors.household_in_scope(actor=actor, household=household):
        raise PermissionDenied(_("No one in this household is in your organisation's care."))
    current = (
        HouseholdMember.objects.select_for_update()
        .filter(person=person, left_on__isnull=True)
        .first()
    )
    if household is not None and current is not None and current.household_id == household.pk:
        message = _("This person is already a member of this household.")
        raise Conflict(message, field_errors={"household": [message]})
    if household is None:
        household = Household.objects.create(created_at=timezone.now())
        relationship = Relationship.HEAD
    if current is not None:
        current.left_on = today
        current.save(update_fields=["left_on"])
    member = HouseholdMember.objects.create(
        household=household, person=person, relationship=relationship, joined_on=today
    )
    audit_case(
        actor,
        person,
        "household.join",
        data={
            "household": household.public_id,
            "left": current.household.public_id if current else None,
        },
    )
    return member


@transaction.atomic
def household_leave(*, actor: Actor, person: Person, today: date | None = None) -> HouseholdMember:
    today = today or timezone.localdate()
    guard_change(actor, person)
    current = (
        HouseholdMember.objects.select_for_update()
        .filter(person=person, left_on__isnull=True)
        .first()
    )
    if current is None:
        raise Conflict(_("This person is not in a household."))
    current.left_on = today
    current.save(update_fields=["left_on"])
    audit_case(actor, person, "household.leave", data={"household": current.household.public_id})
    return current
