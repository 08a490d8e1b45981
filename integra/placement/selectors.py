"""Every read of vacancies that a page or the API needs: the staff's own, already
scoped by the access policy; the public ones (open to foreign workers, published,
not past their closing day); and labour demand per area and ISCO-08 major group,
which the placement optimiser reads too."""

from __future__ import annotations

import gettext
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pycountry
from django.db.models import QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import Organisation
from integra.core.roles import OrganisationKind
from integra.people import reference
from integra.placement.models import IscoMajorGroup, Vacancy, VacancyStatus

POSTING_KINDS = (OrganisationKind.EMPLOYER, OrganisationKind.EMPLOYMENT_OFFICE)
TOP_SKILLS = 5


# --- Permissions, as the pages and the API ask them -----------------------------------------


def can_post_vacancies(*, actor: Actor) -> bool:
    """Whether the actor posts vacancies for any organisation (employers, employment
    offices, the coordinating authority): the staff pages and the nav link."""
    return any(access.can_post_vacancies(actor, organisation_kind=kind) for kind in POSTING_KINDS)


def can_manage(*, actor: Actor, vacancy: Vacancy) -> bool:
    return access.can_manage_vacancy(
        actor,
        organisation_id=vacancy.organisation_id,
        organisation_kind=vacancy.organisation.kind,
    )


def posting_organisations(*, actor: Actor) -> list[Organisation]:
    """The active employers and employment offices the actor posts vacancies for."""
    if not can_post_vacancies(actor=actor):
        return []
    candidates = Organisation.objects.filter(is_active=True, kind__in=POSTING_KINDS)
    return [
        organisation
        for organisation in candidates.order_by("name", "pk")
        if access.can_post_vacancies(actor, organisation_kind=organisation.kind)
        and access.can_manage_vacancy(
            actor, organisation_id=organisation.pk, organisation_kind=organisation.kind
        )
    ]


# --- The staff's vacancies -----------------------------------------------------------------


def _guard_staff(actor: Actor) -> None:
    if not can_post_vacancies(actor=actor):
        raise PermissionDenied(
            _("Vacancies are posted by employers, employment offices and the coordinators.")
        )


def _managed_organisation_ids(actor: Actor) -> list[int]:
    """Of the organisations that posted vacancies, those whose the actor keeps."""
    posters = Organisation.objects.filter(
        pk__in=Vacancy.objects.values("organisation_id")
    ).values_list("pk", "kind")
    return [
        pk
        for pk, kind in posters
        if access.can_manage_vacancy(actor, organisation_id=pk, organisation_kind=kind)
    ]


@dataclass(frozen=True)
class StaffFilters:
    status: str = ""  # a VacancyStatus, or "" for any
    query: str = ""  # a word of the title, the employer or a skill


def vacancy_list(*, actor: Actor, filters: StaffFilters | None = None) -> QuerySet[Vacancy]:
    """The vacancies of the organisations the actor posts for (coordinators: all),
    newest first."""
    _guard_staff(actor)
    filters = filters or StaffFilters()
    found = Vacancy.objects.select_related("organisation").filter(
        organisation_id__in=_managed_organisation_ids(actor)
    )
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.query.strip():
        found = found.filter(search_text__contains=filters.query.strip().casefold())
    return found.order_by("-created_at", "-pk")


def vacancy_get(*, actor: Actor, public_id: str) -> Vacancy:
    """One of the actor's vacancies; another organisation's is not found."""
    _guard_staff(actor)
    found = Vacancy.objects.select_related("organisation").filter(public_id=public_id).first()
    if found is None or not can_manage(actor=actor, vacancy=found):
        raise NotFound(_("There is no such vacancy."))
    return found


def known_regions() -> list[str]:
    """The regions of vacancies and organisations so far, to suggest when posting."""
    return sorted(
        set(Vacancy.objects.values_list("region", flat=True).distinct())
        | set(Organisation.objects.exclude(region="").values_list("region", flat=True))
    )


# --- Public: the vacancies open to foreign workers -------------------------------------------


def _published(today: date | None, *, foreign_only: bool = True) -> QuerySet[Vacancy]:
    """Open vacancies, published and not past their closing day."""
    today = today or timezone.localdate()
    found = Vacancy.objects.filter(
        status=VacancyStatus.OPEN, opens_on__lte=today, closes_on__gte=today
    )
    return found.filter(open_to_foreign_workers=True) if foreign_only else found


@dataclass(frozen=True)
class PublicFilters:
    region: str = ""
    major_group: str = ""  # the first digit of an ISCO-08 code
    skill: str = ""  # a word of a skill asked for, or of the job's title
    language: str = ""  # ISO 639 code of a language used at work


def public_vacancies(
    *, filters: PublicFilters | None = None, today: date | None = None
) -> QuerySet[Vacancy]:
    """What migrants see: vacancies open to foreign workers, newest first."""
    filters = filters or PublicFilters()
    found = _published(today).select_related("organisation")
    if filters.region:
        found = found.filter(region=filters.region)
    if filters.major_group:
        found = found.filter(occupation__startswith=filters.major_group)
    if filters.skill.strip():
        found = found.filter(search_text__contains=filters.skill.strip().casefold())
    if filters.language:
        found = found.filter(language_codes__contains=f"|{filters.language.lower()}|")
    return found.order_by("-opens_on", "-pk")


def public_vacancy_get(*, public_id: str, today: date | None = None) -> Vacancy:
    """A vacancy migrants may read; closed, withdrawn, expired or not open to
    foreign workers is not found."""
    found = _published(today).select_related("organisation").filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("There is no such vacancy, or it is no longer open."))
    return found


def public_regions(*, today: date | None = None) -> list[str]:
    return sorted(set(_published(today).values_list("region", flat=True)))


def public_languages(*, today: date | None = None) -> list[tuple[str, str]]:
    """The languages the public vacancies use at work, as (code, name), by name."""
    codes = {
        code
        for text in _published(today).values_list("language_codes", flat=True)
        for code in text.split("|")
        if code
    }
    return sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])


def major_group_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in IscoMajorGroup.choices]


# --- Words for codes -----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _iso639(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso639-3", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def language_name(code: str) -> str:
    """A language's name in the language of the page (ISO 639 names, from pycountry)."""
    found = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    if found is None:
        return code
    return _iso639((get_language() or "en").split("-")[0]).gettext(found.name)


def occupation_label(code: str) -> str:
    """The ISCO-08 sub-major group a code falls in, or its major group for one digit."""
    if len(code) == 1:
        return major_group_label(code)
    return reference.isco_label(code)


def major_group_label(code: str) -> str:
    labels = dict(IscoMajorGroup.choices)
    return str(labels[code]) if code in labels else code


# --- Labour demand ----------------------------------------------------------------------------


def open_positions(
    *, by: str = "region", today: date | None = None, foreign_only: bool = True
) -> dict[str, dict[str, int]]:
    """Open positions per area (``by``: "region" or "locality"; a vacancy without a
    locality counts under "") and ISCO-08 major group (the first digit of the
    occupation): ``{area: {major group: positions}}``. Vacancies published and not
    past their closing day; only those open to foreign workers unless told."""
    if by not in {"region", "locality"}:
        raise ValueError(f"open_positions by {by!r}: region or locality")
    rows = (
        _published(today, foreign_only=foreign_only)
        .annotate(isco_major=Substr("occupation", 1, 1))
        .values(by, "isco_major")
        .annotate(positions=Sum("positions"))
        .order_by(by, "isco_major")
    )
    demand: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        demand[row[by]][row["isco_major"]] = int(row["positions"])
    return dict(demand)


@dataclass(frozen=True)
class GroupDemand:
    code: str  # ISCO-08 major group
    label: str
    positions: int
    vacancies: int


@dataclass(frozen=True)
class SkillDemand:
    skill: str
    positions: int  # the open positions that ask for it


@dataclass(frozen=True)
class RegionDemand:
    region: str
    positions: int
    vacancies: int
    groups: tuple[GroupDemand, ...]
    skills: tuple[SkillDemand, ...]


def demand_by_region(
    *, today: date | None = None, top: int = TOP_SKILLS, foreign_only: bool = True
) -> list[RegionDemand]:
    """Per region (by name): the open positions per ISCO-08 major group and the
    skills asked for most (counted in positions, ties by name)."""
    groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    skills: dict[str, Counter[str]] = defaultdict(Counter)
    spelling: dict[str, str] = {}
    rows = _published(today, foreign_only=foreign_only).values_list(
        "region", "occupation", "positions", "skills"
    )
    for region, occupation, positions, asked in rows.order_by("region", "pk"):
        cell = groups[region][occupation[:1]]
        cell[0] += positions
        cell[1] += 1
        for skill in asked:
            key = skill.casefold()
            spelling.setdefault(key, skill)
            skills[region][key] += positions
    result = []
    for region in sorted(groups):
        by_group = groups[region]
        ranked = sorted(skills[region].items(), key=lambda item: (-item[1], item[0]))[:top]
        result.append(
            RegionDemand(
                region=region,
                positions=sum(cell[0] for cell in by_group.values()),
                vacancies=sum(cell[1] for cell in by_group.values()),
                groups=tuple(
                    GroupDemand(code, major_group_label(code), cell[0], cell[1])
                    for code, cell in sorted(by_group.items())
                ),
                skills=tuple(SkillDemand(spelling[key], count) for key, count in ranked),
            )
        )
    return result
