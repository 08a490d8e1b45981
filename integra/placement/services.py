"""Posting, changing and closing vacancies (R17): employers and employment offices
keep their own, the coordinating authority any. Every write is checked, atomic and
audited; bad input is refused with a message beside each field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import Organisation
from integra.core.roles import OrganisationKind
from integra.people import reference
from integra.placement import selectors
from integra.placement.models import (
    ContractKind,
    LanguageLevel,
    Vacancy,
    VacancyStatus,
    WagePeriod,
)

MAX_SKILLS = 30
MAX_SKILL_LENGTH = 60
MAX_LANGUAGES = 10
MAX_POSITIONS = 1000
MAX_HOURS = 60
# A vacancy stays published a year at most: an old offer misleads those who read it.
MAX_OPEN_DAYS = 365
# The largest wage the column holds (10 digits, 2 of them decimals).
MAX_WAGE = Decimal("99999999.99")
CLOSED = (VacancyStatus.FILLED, VacancyStatus.WITHDRAWN)


@dataclass(frozen=True)
class LanguageNeed:
    language: str  # ISO 639 code
    level: str  # CEFR level, A1 … C2


@dataclass(frozen=True)
class VacancyData:
    title: str
    occupation: str  # ISCO-08 code, 1 to 4 digits
    region: str
    positions: int
    wage_min: Decimal
    wage_max: Decimal
    hours_per_week: int
    contract_kind: str
    closes_on: date
    description: str = ""
    employer_name: str = ""
    skills: tuple[str, ...] = ()
    languages: tuple[LanguageNeed, ...] = ()
    locality: str = ""
    currency: str = "MDL"
    wage_period: str = WagePeriod.MONTH
    open_to_foreign_workers: bool = True
    opens_on: date | None = None  # today when not given
    # The posting organisation's code (creation only): one of those the actor posts
    # for; empty means the only one, or the one the actor acts for.
    organisation: str = ""


def vacancy_data(vacancy: Vacancy) -> VacancyData:
    """A vacancy as the services take it: the base of a partial change."""
    return VacancyData(
        title=vacancy.title,
        occupation=vacancy.occupation,
        region=vacancy.region,
        positions=vacancy.positions,
        wage_min=vacancy.wage_min,
        wage_max=vacancy.wage_max,
        hours_per_week=vacancy.hours_per_week,
        contract_kind=vacancy.contract_kind,
        closes_on=vacancy.closes_on,
        description=vacancy.description,
        employer_name=vacancy.employer_name,
        skills=tuple(vacancy.skills),
        languages=tuple(LanguageNeed(n["language"], n["level"]) for n in vacancy.languages),
        locality=vacancy.locality,
        currency=vacancy.currency,
        wage_period=vacancy.wage_period,
        open_to_foreign_workers=vacancy.open_to_foreign_workers,
        opens_on=vacancy.opens_on,
        organisation=vacancy.organisation.code,
    )


def _text(value: str) -> str:
    """Trimmed, inner runs of white space made one space."""
    return re.sub(r"\s+", " ", value).strip()


def _clean_skills(skills: tuple[str, ...], errors: dict[str, list[str]]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for skill in skills:
        text = _text(skill)
        if not text:
            errors.setdefault("skills", []).append(_("A skill cannot be empty."))
        elif len(text) > MAX_SKILL_LENGTH:
            errors.setdefault("skills", []).append(
                _("“%(skill)s…” is too long: say each skill in at most %(max)s characters.")
                % {"skill": text[:20], "max": MAX_SKILL_LENGTH}
            )
        elif text.casefold() not in seen:
            seen.add(text.casefold())
            cleaned.append(text)
    if len(cleaned) > MAX_SKILLS:
        errors.setdefault("skills", []).append(
            _("List at most %(max)s skills; this vacancy has %(count)s.")
            % {"max": MAX_SKILLS, "count": len(cleaned)}
        )
    return cleaned


def language_code(code: str) -> str | None:
    """An ISO 639-1 or -3 code, lower case, or None when there is no such language."""
    code = code.strip().lower()
    if len(code) == 2:
        found = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.languages.get(alpha_3=code)
    else:
        found = None
    return code if found else None


def _clean_languages(
    needs: tuple[LanguageNeed, ...], errors: dict[str, list[str]]
) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    for need in needs:
        code = language_code(need.language)
        if code is None:
            errors.setdefault("languages", []).append(
                _("“%(code)s” is not a language code: give ISO 639 codes, such as ro or ru.")
                % {"code": need.language[:10]}
            )
        elif need.level not in LanguageLevel.values:
            errors.setdefault("languages", []).append(
                _("Give the level needed in %(code)s as a CEFR level, A1 to C2.") % {"code": code}
            )
        elif any(c["language"] == code for c in cleaned):
            errors.setdefault("languages", []).append(
                _("%(code)s is listed twice.") % {"code": code}
            )
        else:
            cleaned.append({"language": code, "level": need.level})
    if len(needs) > MAX_LANGUAGES:
        errors.setdefault("languages", []).append(
            _("List at most %(max)s languages.") % {"max": MAX_LANGUAGES}
        )
    return cleaned


def _check_wages(data: VacancyData, errors: dict[str, list[str]]) -> None:
    for name, value in (("wage_min", data.wage_min), ("wage_max", data.wage_max)):
        if not value.is_finite() or value < 0:
            errors[name] = [_("Give a wage of zero or more.")]
        elif value > MAX_WAGE:
            errors[name] = [_("This wage is too large.")]
        elif value != value.quantize(Decimal("0.01")):
            errors[name] = [_("Give the wage with at most two decimals.")]
    if not errors.keys() & {"wage_min", "wage_max"} and data.wage_min > data.wage_max:
        errors["wage_max"] = [_("The highest wage cannot be less than the lowest.")]
    if pycountry.currencies.get(alpha_3=data.currency.upper()) is None:
        errors["currency"] = [_("Give the currency as its ISO 4217 code, such as MDL or EUR.")]
    if data.wage_period not in WagePeriod.values:
        errors["wage_period"] = [_("Say whether the wage is per hour, day or month.")]


def _check_dates(
    data: VacancyData, errors: dict[str, list[str]], *, today: date, before: Vacancy | None
) -> date:
    opens_on = data.opens_on or (before.opens_on if before else today)
    moved = before is None or data.closes_on != before.closes_on
    if opens_on > today + timedelta(days=MAX_OPEN_DAYS):
        errors["opens_on"] = [_("Publish the vacancy within a year from today.")]
    if moved and data.closes_on < today:
        errors["closes_on"] = [_("The closing date has passed: give today or a later day.")]
    elif data.closes_on < opens_on:
        errors["closes_on"] = [_("Applications cannot close before the vacancy is published.")]
    elif data.closes_on > opens_on + timedelta(days=MAX_OPEN_DAYS):
        errors["closes_on"] = [
            _("A vacancy stays open a year at most; post it again when it ends.")
        ]
    return opens_on


def _clean(
    data: VacancyData, *, organisation: Organisation, today: date, before: Vacancy | None
) -> dict[str, object]:
    """The vacancy's fields as stored, or ValidationFailed naming each bad field."""
    errors: dict[str, list[str]] = {}
    title = _text(data.title)
    if not title:
        errors["title"] = [_("Give the job a title.")]
    elif len(title) > 200:
        errors["title"] = [_("Say the title in at most 200 characters.")]
    description = data.description.strip()
    if len(description) > 5000:
        errors["description"] = [_("Say it in at most 5000 characters.")]
    employer_name = _text(data.employer_name)
    if organisation.kind == OrganisationKind.EMPLOYMENT_OFFICE and not employer_name:
        errors["employer_name"] = [_("Name the employer the office posts this vacancy for.")]
    elif organisation.kind == OrganisationKind.EMPLOYER and employer_name:
        errors["employer_name"] = [
            _("An employer posts its own vacancies: leave the employer's name empty.")
        ]
    elif len(employer_name) > 200:
        errors["employer_name"] = [_("Say the name in at most 200 characters.")]
    occupation = data.occupation.strip()
    if not reference.isco_valid(occupation):
        errors["occupation"] = [_("Give an ISCO-08 code of 1 to 4 digits, such as 7112.")]
    skills = _clean_skills(data.skills, errors)
    languages = _clean_languages(data.languages, errors)
    region, locality = _text(data.region), _text(data.locality)
    if not region:
        errors["region"] = [_("Give the region where the work is.")]
    elif len(region) > 100:
        errors["region"] = [_("Say the region in at most 100 characters.")]
    if len(locality) > 100:
        errors["locality"] = [_("Say the locality in at most 100 characters.")]
    if not 1 <= data.positions <= MAX_POSITIONS:
        errors["positions"] = [
            _("Give the number of positions, 1 to %(max)s.") % {"max": MAX_POSITIONS}
        ]
    _check_wages(data, errors)
    if not 1 <= data.hours_per_week <= MAX_HOURS:
        errors["hours_per_week"] = [
            _("Give the hours of work a week, 1 to %(max)s.") % {"max": MAX_HOURS}
        ]
    if data.contract_kind not in ContractKind.values:
        errors["contract_kind"] = [_("Choose permanent, fixed-term or seasonal.")]
    opens_on = _check_dates(data, errors, today=today, before=before)
    if errors:
        raise ValidationFailed(_("The vacancy has errors."), field_errors=errors)
    codes = [need["language"] for need in languages]
    return {
        "title": title,
        "description": description,
        "employer_name": employer_name,
        "occupation": occupation,
        "skills": skills,
        "languages": languages,
        "region": region,
        "locality": locality,
        "positions": data.positions,
        "wage_min": data.wage_min,
        "wage_max": data.wage_max,
        "currency": data.currency.upper(),
        "wage_period": data.wage_period,
        "hours_per_week": data.hours_per_week,
        "contract_kind": data.contract_kind,
        "open_to_foreign_workers": data.open_to_foreign_workers,
        "opens_on": opens_on,
        "closes_on": data.closes_on,
        "search_text": " ".join([title, employer_name or organisation.name, *skills]).casefold(),
        "language_codes": f"|{'|'.join(codes)}|" if codes else "",
    }


def _audit(actor: Actor, action: str, vacancy: Vacancy, *, data: dict[str, object]) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="vacancy",
        object_id=vacancy.public_id,
        purpose="vacancies",
        data=data,
        now=vacancy.updated_at,
    )


def _poster(actor: Actor, code: str) -> Organisation:
    """The organisation a new vacancy is posted for."""
    choices = selectors.posting_organisations(actor=actor)
    if not choices:
        raise PermissionDenied(
            _("Vacancies are posted by employers, employment offices and the coordinators.")
        )
    if code:
        found = next((o for o in choices if o.code == code), None)
    elif len(choices) == 1:
        found = choices[0]
    else:
        found = next((o for o in choices if o.pk == actor.organisation_id), None)
    if found is None:
        raise ValidationFailed(
            _("The vacancy has errors."),
            field_errors={
                "organisation": [_("Choose the employer or employment office that posts it.")]
            },
        )
    return found


@transaction.atomic
def vacancy_create(*, actor: Actor, data: VacancyData, now: datetime | None = None) -> Vacancy:
    """Posts a vacancy for an employer or employment office the actor posts for."""
    now = now or timezone.now()
    organisation = _poster(actor, data.organisation)
    if not access.can_post_vacancies(actor, organisation_kind=organisation.kind):
        raise PermissionDenied(_("You may not post vacancies for this organisation."))
    values = _clean(data, organisation=organisation, today=timezone.localdate(now), before=None)
    vacancy = Vacancy.objects.create(
        organisation=organisation,
        created_by=actor.user,
        created_at=now,
        updated_at=now,
        **values,
    )
    _audit(
        actor,
        "vacancy.create",
        vacancy,
        data={
            "organisation": organisation.code,
            "occupation": vacancy.occupation,
            "positions": vacancy.positions,
            "open_to_foreign_workers": vacancy.open_to_foreign_workers,
        },
    )
    return vacancy


def _guard(actor: Actor, vacancy: Vacancy) -> Vacancy:
    """The vacancy, locked for the change, once the actor may keep it and it is open."""
    if not selectors.can_manage(actor=actor, vacancy=vacancy):
        raise PermissionDenied(_("Only the organisation that posted the vacancy may change it."))
    locked = Vacancy.objects.select_for_update().select_related("organisation").get(pk=vacancy.pk)
    if locked.status in CLOSED:
        raise Conflict(_("The vacancy is closed; post a new one instead."))
    return locked


@transaction.atomic
def vacancy_update(
    *, actor: Actor, vacancy: Vacancy, data: VacancyData, now: datetime | None = None
) -> Vacancy:
    """Changes an open vacancy (its poster stays the same)."""
    now = now or timezone.now()
    vacancy = _guard(actor, vacancy)
    values = _clean(
        data, organisation=vacancy.organisation, today=timezone.localdate(now), before=vacancy
    )
    changed = sorted(
        name
        for name, value in values.items()
        if getattr(vacancy, name) != value and name not in {"search_text", "language_codes"}
    )
    for name, value in values.items():
        setattr(vacancy, name, value)
    vacancy.updated_at = now
    vacancy.save()
    _audit(actor, "vacancy.update", vacancy, data={"changed": changed})
    return vacancy


@transaction.atomic
def vacancy_close(
    *, actor: Actor, vacancy: Vacancy, status: str, now: datetime | None = None
) -> Vacancy:
    """Closes an open vacancy as filled or withdrawn: it leaves the public pages."""
    now = now or timezone.now()
    if status not in CLOSED:
        raise ValidationFailed(
            _("Say whether the vacancy was filled or withdrawn."),
            field_errors={"status": [_("Choose filled or withdrawn.")]},
        )
    vacancy = _guard(actor, vacancy)
    vacancy.status = status
    vacancy.closed_at = now
    vacancy.updated_at = now
    vacancy.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(actor, "vacancy.close", vacancy, data={"status": status})
    return vacancy
