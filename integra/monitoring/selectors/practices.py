"""Reads of the good practices library (R28): the published practices every
member of staff may read, and the drafts and withdrawn practices that only those
who keep them (their organisation's writers, the coordinating authority) see.

Who may do what is decided in integra.core.access; here it is applied. Search
matches every word asked for, in any script: the words are transliterated to
Latin and lower-cased as the practice's ``search_text`` was (``search_key``).
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from anyascii import anyascii
from django.db.models import F, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.domains import Domain
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import AuditEntry
from integra.monitoring.models import Practice, PracticeStatus

# At most this many words of a query are matched (each one is a condition).
MAX_WORDS = 12
_NOT_WORD = re.compile(r"[^0-9a-z]+")


# --- Search ----------------------------------------------------------------------------------


def search_key(text: str) -> str:
    """The words of ``text`` in Latin letters, lower case, one space apart:
    "Гданьск" and "Gdańsk" both become "gdansk". Apostrophes that transliteration
    adds for soft and hard signs are dropped, so a word stays one word."""
    latin = anyascii(text).lower().replace("'", "").replace("`", "")
    return " ".join(_NOT_WORD.sub(" ", latin).split())


def search_words(query: str) -> list[str]:
    """The distinct words of a query, as ``search_key`` writes them."""
    words: list[str] = []
    for word in search_key(query).split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


# --- Words for codes -------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _iso3166(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str) -> str:
    """A country's name in the language of the page (ISO 3166 names, from pycountry)."""
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if found is None:
        return code
    return _iso3166((get_language() or "en").split("-")[0]).gettext(found.name)


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166 country, by its name in the language of the page."""
    rows = [(c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries]
    return sorted(rows, key=lambda row: row[1].casefold())


def area_label(code: str) -> str:
    return str(Domain(code).label) if code in Domain.values else code


# --- Access ----------------------------------------------------------------------------------


def guard(actor: Actor) -> None:
    """The library is for the staff of Integra; a migrant's account has none (403)."""
    if not access.can_see_practices(actor):
        raise PermissionDenied(_("The good practices library is for the staff of Integra."))


def may_write(actor: Actor) -> bool:
    return access.can_write_practices(actor)


def require_writer(actor: Actor) -> None:
    if not access.can_write_practices(actor):
        raise PermissionDenied(
            _("Coordinators, caseworkers, analysts and administrators write practices.")
        )


def require_keeper(actor: Actor, practice: Practice) -> None:
    if not access.can_edit_practice(actor, organisation_id=practice.organisation_id):
        raise PermissionDenied(
            _("The practice is kept by its organisation and the coordinating authority.")
        )


def require_curator(actor: Actor) -> None:
    if not access.can_publish_practices(actor):
        raise PermissionDenied(_("The coordinating authority publishes and withdraws practices."))


def _kept_by(actor: Actor, practices: QuerySet[Practice]) -> QuerySet[Practice]:
    """Of ``practices``, those the actor keeps (may edit): the decision is
    core.access's, asked once for each organisation that has any."""
    organisations = set(practices.values_list("organisation_id", flat=True).distinct())
    mine = [o for o in organisations if access.can_edit_practice(actor, organisation_id=o)]
    return practices.filter(organisation_id__in=mine)


def visible(actor: Actor, practice: Practice) -> bool:
    if practice.status == PracticeStatus.PUBLISHED:
        return True
    return access.can_edit_practice(actor, organisation_id=practice.organisation_id)


# --- The library -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeFilters:
    query: str = ""
    area: str = ""
    country: str = ""
    # "" or "published": the library; "draft" / "withdrawn": those the actor keeps.
    status: str = ""


def practice_list(*, actor: Actor, filters: PracticeFilters | None = None) -> QuerySet[Practice]:
    """The published practices (newest first), or the drafts or withdrawn practices
    the actor keeps; narrowed to an area, a country and the words of a query."""
    guard(actor)
    filters = filters or PracticeFilters()
    status = filters.status or PracticeStatus.PUBLISHED
    practices = Practice.objects.filter(status=status)
    if status != PracticeStatus.PUBLISHED:
        practices = _kept_by(actor, practices)
    if filters.area:
        practices = practices.filter(area=filters.area)
    if filters.country:
        practices = practices.filter(country=filters.country.upper())
    for word in search_words(filters.query):
        practices = practices.filter(search_text__contains=word)
    return practices.select_related("organisation").order_by(
        F("published_at").desc(nulls_last=True), "-created_at", "-id"
    )


def practice_get(*, actor: Actor, public_id: str) -> Practice:
    """One practice: a published one for any member of staff, a draft or a
    withdrawn one only for those who keep it (to the others it does not exist)."""
    guard(actor)
    practice = (
        Practice.objects.select_related("organisation", "created_by")
        .filter(public_id=public_id)
        .first()
    )
    if practice is None or not visible(actor, practice):
        raise NotFound(_("There is no such practice."))
    return practice


@dataclass(frozen=True)
class PracticeDetail:
    practice: Practice
    area: str
    country: str
    can_edit: bool
    can_publish: bool
    can_withdraw: bool
    withdrawal_reason: str


def practice_detail(*, actor: Actor, public_id: str) -> PracticeDetail:
    practice = practice_get(actor=actor, public_id=public_id)
    keeps = access.can_edit_practice(actor, organisation_id=practice.organisation_id)
    curates = access.can_publish_practices(actor)
    return PracticeDetail(
        practice=practice,
        area=area_label(practice.area),
        country=country_name(practice.country),
        can_edit=keeps and practice.status != PracticeStatus.WITHDRAWN,
        can_publish=curates and practice.status != PracticeStatus.PUBLISHED,
        can_withdraw=curates and practice.status == PracticeStatus.PUBLISHED,
        withdrawal_reason=_withdrawal_reason(practice) if keeps else "",
    )


def _withdrawal_reason(practice: Practice) -> str:
    """Why the practice was last withdrawn, as the audit log keeps it."""
    if practice.status != PracticeStatus.WITHDRAWN:
        return ""
    entry = (
        AuditEntry.objects.filter(
            action="practice.withdraw", object_type="practice", object_id=practice.public_id
        )
        .order_by("-id")
        .first()
    )
    if entry is None:
        return ""
    reason = (entry.data or {}).get("reason", "")
    return reason if isinstance(reason, str) else ""


def has_filters(filters: PracticeFilters) -> bool:
    return bool(filters.query.strip() or filters.area or filters.country)


def status_label(code: str) -> str:
    return str(PracticeStatus(code).label) if code in PracticeStatus.values else code


def by_status(actor: Actor) -> dict[str, int]:
    """How many practices of each status the actor may see (for the tabs)."""
    guard(actor)
    counts = {
        PracticeStatus.PUBLISHED.value: Practice.objects.filter(
            status=PracticeStatus.PUBLISHED
        ).count()
    }
    for status in (PracticeStatus.DRAFT, PracticeStatus.WITHDRAWN):
        counts[status.value] = _kept_by(actor, Practice.objects.filter(status=status)).count()
    return counts
