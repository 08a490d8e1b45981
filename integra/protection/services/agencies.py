"""Licensing private recruitment agencies (R20, ILO Convention 181): the register,
applications and the decisions on them (grant, refuse, suspend, reinstate,
revoke), the daily recording of expiries, the contract templates on file and the
violations found.

Every write is checked against integra.core.access, atomic and audited; the
licence rules themselves are in the pure integra.protection.licensing. Bad input
is refused with a message beside each field, and nothing is kept: text that
holds markup (``<script>``…) is refused, never stored to be escaped later.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import IO

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.plaintext import CONTROL as _CONTROL
from integra.core.plaintext import MARKUP as _MARKUP
from integra.core.plaintext import Errors
from integra.core.plaintext import checked_text as _text
from integra.protection import isic, licensing, uploads
from integra.protection.licensing import Decision, RuleBroken, Status
from integra.protection.models import (
    Agency,
    AgencyViolation,
    AgencyViolationKind,
    ContractTemplate,
    Licence,
    LicenceEvent,
    LicenceStatus,
)
from integra.protection.selectors import agencies as selectors
from integra.protection.services import files

PURPOSE = "licensing"
CONTRACTS_FOLDER = "agencies/contracts"
# A contract template is a document of a few pages: PDF, DOCX or ODT, 10 MB at most.
CONTRACT_KINDS = uploads.DOCUMENTS
CONTRACT_MAX_BYTES = 10 * 1024 * 1024
REASON_MAX = 2000
DESCRIPTION_MAX = 5000
MAX_DESTINATIONS = 60
# The largest amount the column holds (12 digits, 2 of them decimals).
MAX_AMOUNT = Decimal("9999999999.99")
# Days before this are typing errors.
EARLIEST = date(1990, 1, 1)
_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 ./-]{0,63}$")
_REGISTRATION = re.compile(r"^[A-Z0-9][A-Z0-9./-]{1,63}$")
# Moldova's state identification number of a company (IDNO): 13 digits.
_IDNO = re.compile(r"^\d{13}$")


def _day(errors: Errors, field: str, value: date, *, today: date) -> None:
    if value > today:
        errors.setdefault(field, []).append(_("This day is still to come: give today or earlier."))
    elif value < EARLIEST:
        errors.setdefault(field, []).append(_("Check the year: this day is too long ago."))


def _country(code: str) -> str | None:
    code = code.strip().upper()
    return code if len(code) == 2 and pycountry.countries.get(alpha_2=code) else None


def _language(code: str) -> str | None:
    code = code.strip().lower()
    if len(code) == 2:
        return code if pycountry.languages.get(alpha_2=code) else None
    if len(code) == 3:
        return code if pycountry.languages.get(alpha_3=code) else None
    return None


def _acting_organisation(actor: Actor) -> int:
    """The licensing organisation the actor acts for: the one chosen when it
    licenses, else the first that does, else (a coordinator) the one chosen."""
    licensing_seats = [s for s in actor.seats if s.organisation_kind in access.LICENSING_KINDS]
    acting = next((s for s in actor.seats if s.organisation_id == actor.organisation_id), None)
    if acting is not None and (acting in licensing_seats or not licensing_seats):
        return acting.organisation_id
    if licensing_seats:
        return licensing_seats[0].organisation_id
    raise PermissionDenied(_("Act for the organisation that licenses recruitment agencies."))


def _guard(actor: Actor) -> None:
    selectors.guard_license(actor)


def _audit(
    actor: Actor | None, action: str, agency: Agency, *, now: datetime, **data: object
) -> None:
    audit.record(
        actor=actor,
        actor_label="" if actor else "integra scheduler",
        action=action,
        object_type="agency",
        object_id=agency.public_id,
        purpose=PURPOSE,
        data=data,
        now=now,
    )


# --- The register ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyData:
    name: str
    registration_number: str
    country: str = "MD"  # ISO 3166-1 alpha-2: where it is registered
    address: str = ""
    region: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


def agency_data(agency: Agency) -> AgencyData:
    """An agency as the services take it: the base of a partial change."""
    return AgencyData(
        name=agency.name,
        registration_number=agency.registration_number,
        country=agency.country,
        address=agency.address,
        region=agency.region,
        email=agency.email,
        phone=agency.phone,
        website=agency.website,
    )


def _registration(errors: Errors, value: str, country: str | None) -> str:
    number = licensing.registration_key(value)
    if _CONTROL.search(number) or _MARKUP.search(number):
        errors["registration_number"] = [
            _("Give the number as registered: letters, digits, dots, dashes or slashes.")
        ]
    elif not number:
        errors["registration_number"] = [_("Give the company registration number.")]
    elif country == "MD" and not _IDNO.match(number):
        errors["registration_number"] = [
            _("A Moldovan company's state identification number (IDNO) has 13 digits.")
        ]
    elif not _REGISTRATION.match(number):
        errors["registration_number"] = [
            _("Give the number as registered: letters, digits, dots, dashes or slashes.")
        ]
    return number


def _contacts(errors: Errors, data: AgencyData, country: str | None) -> dict[str, str]:
    email = _text(errors, "email", data.email, max_length=254).lower()
    if email and "email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Give an e-mail address such as office@agency.md.")]
    phone = _text(errors, "phone", data.phone, max_length=32)
    if phone and "phone" not in errors:
        try:
            parsed = phonenumbers.parse(phone, country or "MD")
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            errors["phone"] = [_("Give a phone number such as +373 22 123 456.")]
        else:
            phone = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    website = _text(errors, "website", data.website, max_length=200)
    if website and "website" not in errors:
        if "://" not in website:
            website = f"https://{website}"
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = [_("Give the web address, such as https://agency.md.")]
    return {"email": email, "phone": phone, "website": website}


def _clean_agency(data: AgencyData, *, before: Agency | None) -> dict[str, str]:
    errors: Errors = {}
    name = _text(errors, "name", data.name, max_length=200, required=_("Give the agency's name."))
    country = _country(data.country)
    if country is None:
        errors["country"] = [_("Give the country as its ISO code, such as MD.")]
    number = _registration(errors, data.registration_number, country)
    address = _text(errors, "address", data.address, max_length=250)
    region = _text(errors, "region", data.region, max_length=100)
    contacts = _contacts(errors, data, country)
    if "registration_number" not in errors and country:
        twin = Agency.objects.filter(country=country, registration_number=number)
        if before is not None:
            twin = twin.exclude(pk=before.pk)
        found = twin.values_list("public_id", flat=True).first()
        if found:
            errors["registration_number"] = [
                _("An agency with this registration number is in the register already: %(id)s.")
                % {"id": found}
            ]
    if errors:
        raise ValidationFailed(_("The agency has errors."), field_errors=errors)
    return {
        "name": name,
        "search_name": licensing.search_key(name)[:200],
        "registration_number": number,
        "country": country or "",
        "address": address,
        "region": region,
        **contacts,
    }


def _duplicate() -> ValidationFailed:
    return ValidationFailed(
        _("The agency has errors."),
        field_errors={
            "registration_number": [
                _("An agency with this registration number is in the register already.")
            ]
        },
    )


@transaction.atomic
def agency_register(*, actor: Actor, data: AgencyData, now: datetime | None = None) -> Agency:
    """Adds an agency to the register (not licensed: it applies for a licence)."""
    now = now or timezone.now()
    _guard(actor)
    values = _clean_agency(data, before=None)
    try:
        with transaction.atomic():
            agency = Agency.objects.create(created_by=actor.user, created_at=now, **values)
    except IntegrityError:
        raise _duplicate() from None
    _audit(
        actor,
        "agency.register",
        agency,
        now=now,
        registration_number=agency.registration_number,
        country=agency.country,
    )
    return agency


@transaction.atomic
def agency_update(
    *, actor: Actor, agency: Agency, data: AgencyData, now: datetime | None = None
) -> Agency:
    """Changes an agency's details (its licences change only by decisions)."""
    now = now or timezone.now()
    _guard(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    values = _clean_agency(data, before=agency)
    changed = sorted(name for name, value in values.items() if getattr(agency, name) != value)
    for name, value in values.items():
        setattr(agency, name, value)
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError:
        raise _duplicate() from None
    _audit(
        actor, "agency.update", agency, now=now, changed=[c for c in changed if c != "search_name"]
    )
    return agency


# --- Licences ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationData:
    destinations: tuple[str, ...]  # ISO 3166-1 alpha-2 codes of the countries it places in
    sectors: tuple[str, ...]  # ISIC Rev. 4 sections (A … U)
    applied_on: date | None = None  # today when not given


def _clean_application(data: ApplicationData, *, today: date) -> dict[str, object]:
    errors: Errors = {}
    applied_on = data.applied_on or today
    _day(errors, "applied_on", applied_on, today=today)
    destinations: list[str] = []
    for code in data.destinations:
        country = _country(code)
        if country is None:
            errors.setdefault("destinations", []).append(
                _("“%(code)s” is not a country code: give ISO codes such as DE or IL.")
                % {"code": code.strip()[:10]}
            )
        elif country not in destinations:
            destinations.append(country)
    if not destinations and "destinations" not in errors:
        errors["destinations"] = [_("Name at least one country the agency places workers in.")]
    elif len(destinations) > MAX_DESTINATIONS:
        errors["destinations"] = [_("Name at most %(max)s countries.") % {"max": MAX_DESTINATIONS}]
    sectors: list[str] = []
    for code in data.sectors:
        section = code.strip().upper()
        if section not in isic.SECTIONS:
            errors.setdefault("sectors", []).append(
                _("“%(code)s” is not an ISIC section: give letters A to U.")
                % {"code": code.strip()[:10]}
            )
        elif section not in sectors:
            sectors.append(section)
    if not sectors and "sectors" not in errors:
        errors["sectors"] = [_("Name at least one sector the agency recruits for.")]
    if errors:
        raise ValidationFailed(_("The application has errors."), field_errors=errors)
    return {"applied_on": applied_on, "destinations": destinations, "sectors": sorted(sectors)}


def _event(
    licence: Licence, *, before: str, after: str, on: date, reason: str, actor: Actor | None,
    now: datetime,
) -> LicenceEvent:  # fmt: skip
    return LicenceEvent.objects.create(
        licence=licence,
        from_status=before,
        to_status=after,
        on=on,
        reason=reason,
        decided_by=actor.user if actor else None,
        recorded_at=now,
    )


@transaction.atomic
def licence_apply(
    *, actor: Actor, agency: Agency, data: ApplicationData, now: datetime | None = None
) -> Licence:
    """Records an agency's application for a licence (one waits at a time)."""
    now = now or timezone.now()
    _guard(actor)
    organisation = _acting_organisation(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    values = _clean_application(data, today=timezone.localdate(now))
    if agency.licences.filter(status=LicenceStatus.APPLIED).exists():
        raise Conflict(
            _("An application of this agency is waiting for a decision already: decide it first.")
        )
    licence = Licence.objects.create(
        agency=agency,
        status=LicenceStatus.APPLIED,
        issued_by_id=organisation,
        created_at=now,
        **values,
    )
    _event(
        licence, before="", after=Status.APPLIED, on=licence.applied_on, reason="", actor=actor,
        now=now,
    )  # fmt: skip
    _audit(
        actor,
        "licence.apply",
        agency,
        now=now,
        licence=licence.pk,
        destinations=licence.destinations,
        sectors=licence.sectors,
    )
    return licence


@dataclass(frozen=True)
class DecisionData:
    decision: str  # a licensing.Decision: grant, refuse, suspend, reinstate, revoke
    reason: str = ""  # required to refuse, suspend or revoke
    # Granting only:
    number: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


def _rule_broken(error: RuleBroken, licence: Licence, current: Status) -> Exception:
    if error.code == "reason_required":
        return ValidationFailed(
            _("Say why."), field_errors={"reason": [_("Give the reason for this decision.")]}
        )
    if error.code == "unknown":
        return ValidationFailed(
            _("There is no such decision."),
            field_errors={"decision": [_("Choose grant, refuse, suspend, reinstate or revoke.")]},
        )
    if current == Status.EXPIRED and licence.status != Status.EXPIRED and licence.valid_until:
        return Conflict(
            _("The licence expired after %(day)s: a new application is a new licence.")
            % {"day": licence.valid_until.isoformat()}
        )
    if error.code == "final":
        return Conflict(
            _(
                "Nothing more can be decided on this licence (status: %(status)s). "
                "A new application is a new licence."
            )
            % {"status": LicenceStatus(current).label}
        )
    return Conflict(
        _("This decision cannot be taken on this licence (status: %(status)s).")
        % {"status": LicenceStatus(current).label}
    )


def _clean_grant(
    data: DecisionData, licence: Licence, errors: Errors, *, today: date
) -> dict[str, object]:
    number = " ".join(data.number.split()).upper()
    if not number:
        errors["number"] = [_("Give the licence's number.")]
    elif not _NUMBER.match(number):
        errors["number"] = [_("Give the number in letters, digits, dots, dashes or slashes.")]
    elif Licence.objects.filter(number=number).exclude(pk=licence.pk).exists():
        errors["number"] = [_("Another licence has this number.")]
    if data.valid_from is None:
        errors["valid_from"] = [_("Give the licence's first day.")]
    if data.valid_until is None:
        errors["valid_until"] = [_("Give the licence's last day.")]
    if data.valid_from is None or data.valid_until is None:
        return {}
    if data.valid_from < licence.applied_on:
        errors["valid_from"] = [_("A licence cannot start before it was applied for.")]
    messages = {
        "before_start": _("The last day comes after the first."),
        "past": _("This last day has passed: a licence is granted for days to come."),
        "too_long": _("A licence is granted for %(years)s years at most.")
        % {"years": licensing.MAX_YEARS},
    }
    for field, code in licensing.grant_errors(
        valid_from=data.valid_from, valid_until=data.valid_until, today=today
    ).items():
        errors.setdefault(field, []).append(messages[code])
    return {"number": number, "valid_from": data.valid_from, "valid_until": data.valid_until}


@transaction.atomic
def licence_decide(
    *, actor: Actor, licence: Licence, data: DecisionData, now: datetime | None = None
) -> Licence:
    """Grants, refuses, suspends, reinstates or revokes a licence, as the rules
    allow from its status today (licensing.decide); kept in its history."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    _guard(actor)
    licence = Licence.objects.select_for_update().select_related("agency").get(pk=licence.pk)
    current = licensing.effective_status(
        licence.status, valid_until=licence.valid_until, today=today
    )
    errors: Errors = {}
    reason = _text(errors, "reason", data.reason, max_length=REASON_MAX, multiline=True)
    if errors:
        raise ValidationFailed(_("The decision has errors."), field_errors=errors)
    try:
        target = licensing.decide(current, data.decision, reason=reason)
    except RuleBroken as error:
        raise _rule_broken(error, licence, current) from None
    granted: dict[str, object] = {}
    if data.decision == Decision.GRANT:
        granted = _clean_grant(data, licence, errors, today=today)
    if errors:
        raise ValidationFailed(_("The decision has errors."), field_errors=errors)
    before = licence.status
    for name, value in granted.items():
        setattr(licence, name, value)
    licence.status = target
    try:
        with transaction.atomic():
            licence.save()
    except IntegrityError:
        raise ValidationFailed(
            _("The decision has errors."),
            field_errors={"number": [_("Another licence has this number.")]},
        ) from None
    _event(licence, before=before, after=target, on=today, reason=reason, actor=actor, now=now)
    _audit(
        actor,
        f"licence.{data.decision}",
        licence.agency,
        now=now,
        licence=licence.pk,
        number=licence.number,
        status=target,
    )
    return licence


def licences_expire(*, today: date | None = None, now: datetime | None = None) -> int:
    """Records as expired every active or suspended licence past its last day
    (they read as expired already: licensing.effective_status); the event is dated
    the day after the last. Returns how many. The daily task runs it."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    expired = 0
    with transaction.atomic():
        due = (
            Licence.objects.select_for_update()
            .select_related("agency")
            .filter(status__in=[Status.ACTIVE, Status.SUSPENDED], valid_until__lt=today)
            .order_by("valid_until", "pk")
        )
        for licence in due:
            assert licence.valid_until is not None  # the filter
            before = licence.status
            licence.status = Status.EXPIRED
            licence.save(update_fields=["status"])
            _event(
                licence, before=before, after=Status.EXPIRED,
                on=licence.valid_until + timedelta(days=1), reason="", actor=None, now=now,
            )  # fmt: skip
            _audit(
                None, "licence.expire", licence.agency, now=now, licence=licence.pk,
                number=licence.number,
            )  # fmt: skip
            expired += 1
    return expired


# --- Violations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViolationData:
    kind: str  # an AgencyViolationKind
    found_on: date
    description: str
    amount: Decimal | None = None  # what the worker was charged (a fee), or lost
    currency: str = ""  # ISO 4217, with an amount
    source: str = ""  # where it was found: an inspection, a complaint, the licensing file


def _clean_violation(data: ViolationData, *, today: date) -> dict[str, object]:
    errors: Errors = {}
    if data.kind not in AgencyViolationKind.values:
        errors["kind"] = [_("Choose what the agency did.")]
    _day(errors, "found_on", data.found_on, today=today)
    description = _text(
        errors,
        "description",
        data.description,
        max_length=DESCRIPTION_MAX,
        required=_("Say what happened."),
        multiline=True,
    )
    source = _text(errors, "source", data.source, max_length=64)
    amount, currency = data.amount, data.currency.strip().upper()
    if amount is not None:
        if not amount.is_finite() or amount < 0:
            errors["amount"] = [_("Give an amount of zero or more.")]
        elif amount > MAX_AMOUNT:
            errors["amount"] = [_("This amount is too large.")]
        elif amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = [_("Give the amount with at most two decimals.")]
        if pycountry.currencies.get(alpha_3=currency) is None:
            errors["currency"] = [_("Give the currency as its ISO 4217 code, such as MDL or EUR.")]
    elif currency:
        errors["amount"] = [_("Give the amount in this currency, or leave the currency empty.")]
    if errors:
        raise ValidationFailed(_("The violation has errors."), field_errors=errors)
    return {
        "kind": data.kind,
        "found_on": data.found_on,
        "description": description,
        "source": source,
        "amount": amount,
        "currency": currency if amount is not None else "",
    }


@transaction.atomic
def violation_record(
    *, actor: Actor, agency: Agency, data: ViolationData, now: datetime | None = None
) -> AgencyViolation:
    """Records a violation found against an agency (any fee charged to a worker is
    one: ILO C181 art. 7). Deciding on its licence is a separate decision."""
    now = now or timezone.now()
    _guard(actor)
    organisation = _acting_organisation(actor)
    values = _clean_violation(data, today=timezone.localdate(now))
    violation = AgencyViolation.objects.create(
        agency=agency,
        recorded_by=actor.user,
        organisation_id=organisation,
        recorded_at=now,
        **values,
    )
    _audit(
        actor,
        "agency.violation",
        agency,
        now=now,
        violation=violation.pk,
        kind=violation.kind,
        found_on=violation.found_on.isoformat(),
    )
    return violation


# --- Contract templates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractData:
    title: str
    language: str  # ISO 639 code of the contract's language
    file_name: str
    size: int
    content_type: str = ""  # as the client declared it; the content decides


def contract_upload(
    *,
    actor: Actor,
    agency: Agency,
    data: ContractData,
    file: IO[bytes],
    now: datetime | None = None,
) -> ContractTemplate:
    """Keeps a contract template the agency uses with workers: a PDF, DOCX or ODT
    file, whose content (not its name) says it is one, 10 MB at most, and (DOCX,
    ODT) unpacking within bounds. Refused, nothing is kept."""
    now = now or timezone.now()
    _guard(actor)
    errors: Errors = {}
    title = _text(
        errors, "title", data.title, max_length=200, required=_("Give the contract a title.")
    )
    language = _language(data.language)
    if language is None:
        errors["language"] = [_("Give the contract's language as an ISO 639 code, such as ro.")]
    try:
        content = files.read_upload(file, size=data.size, max_bytes=CONTRACT_MAX_BYTES)
        kind = files.check(
            content,
            file_name=data.file_name,
            declared_type=data.content_type,
            allowed=CONTRACT_KINDS,
            max_bytes=CONTRACT_MAX_BYTES,
        )
    except ValidationFailed as refused:
        errors.update(refused.field_errors)
    if errors:
        raise ValidationFailed(_("The contract template was not kept."), field_errors=errors)
    path = files.store(content, folder=CONTRACTS_FOLDER, kind=kind)
    try:
        with transaction.atomic():
            contract = ContractTemplate.objects.create(
                agency=agency,
                title=title,
                language=language or "",
                file_path=path,
                file_name=files.safe_name(data.file_name, kind=kind),
                content_type=kind.content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=actor.user,
                uploaded_at=now,
            )
            _audit(
                actor,
                "agency.contract.upload",
                agency,
                now=now,
                contract=contract.pk,
                sha256=contract.sha256,
                size=contract.size,
            )
    except BaseException:
        files.delete(path)  # nothing is kept of a write that did not happen
        raise
    return contract
