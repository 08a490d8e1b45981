"""Reads of the registry, scoped to what the actor may see; profile reads are audited."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core import timeline as timeline_events
from integra.core.access import Actor
from integra.core.backend_sql import InList
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import AuditEntry
from integra.people import names
from integra.people.models import (
    Citizenship,
    Consent,
    ConsentPurpose,
    Document,
    Household,
    HouseholdMember,
    LegalStatus,
    NameKey,
    Person,
    PersonImport,
    PersonMerge,
    Request,
    Responsibility,
    Sex,
    StatusCategory,
    Vulnerability,
    document_key,
)

PUBLIC_ID = re.compile(r"^P-[0-9A-Z]{4}-[0-9A-Z]{4}$")


class MergedRecord(NotFound):
    """The record was merged into another one: look there (``kept``)."""

    def __init__(self, kept: str) -> None:
        super().__init__(_("This record was merged into %(id)s.") % {"id": kept})
        self.kept = kept
        self.extensions["merged_into"] = kept


def _visible(actor: Actor) -> QuerySet[Person]:
    scope = access.case_scope(actor)
    people = Person.objects.filter(merged_into__isnull=True)  # merged duplicates are gone
    if scope is None:
        return people
    if not scope:
        return people.none()
    # A semi-join, not a join: no duplicates, so no DISTINCT over whole rows
    # (which made a search matching many people sort all of them).
    return people.filter(
        Exists(Responsibility.objects.filter(person=OuterRef("pk"), organisation_id__in=scope))
    )


def can_register(*, actor: Actor) -> bool:
    return access.can_register_person(actor)


def can_search(*, actor: Actor) -> bool:
    return access.case_scope(actor) != set()


def can_change(*, actor: Actor, person: Person) -> bool:
    responsible = set(person.responsibilities.values_list("organisation_id", flat=True))
    return access.can_change_case(actor, responsible=responsible)


def _key_range(field: str, key: str) -> Q:
    """Name keys starting with ``key``. Keys are a-z only, so the range
    [key, key + "{") is the prefix, and a range uses the index on both databases
    (SQLite's LIKE is case-insensitive and cannot)."""
    if len(key) < 3:
        # One or two consonants would prefix half the registry: match them whole.
        return Q(**{field: key})
    return Q(**{f"{field}__gte": key, f"{field}__lt": key + "{"})


def _key_prefix(key: str) -> QuerySet[NameKey, Any]:
    """People with a name key starting with ``key``."""
    return NameKey.objects.filter(_key_range("key", key)).values("person_id")


SEARCH_CANDIDATES = 20_000


def _ids(keys: QuerySet[NameKey, Any]) -> set[int] | None:
    """The person ids of these name keys, or None if there are more than
    SEARCH_CANDIDATES (read from the key index alone)."""
    ids = list(keys.values_list("person_id", flat=True)[: SEARCH_CANDIDATES + 1])
    return None if len(ids) > SEARCH_CANDIDATES else set(ids)


def _name_matches(keys: list[str]) -> set[int] | None:
    """The people whose names match every key (or, for several keys, the keys
    written as one word), found in the name key index; None when one of the
    names alone matches more than SEARCH_CANDIDATES people.

    Handed the ids, the database fetches and sorts just those people. Left to
    combine the conditions itself, it may walk the whole registry in name order
    hoping to meet fifty matches early, which at a million people took seconds
    for a name shared by a few thousand: people who share a name key sit
    together in name order, not spread through it (bench/registry.py)."""
    found = {key: _ids(_key_prefix(key)) for key in keys}
    narrow = [ids for ids in found.values() if ids is not None]
    if not narrow:
        return None
    matched = min(narrow, key=len)
    for key, ids in found.items():
        if not matched:
            break
        if ids is None:  # a common name: test just the people matched so far
            ids = set(
                _key_prefix(key)
                .filter(InList(F("person_id"), sorted(matched)))
                .values_list("person_id", flat=True)
            )
        matched = matched & ids
    if len(keys) > 1:  # "Abd Allah" also finds "Abdullah"
        joined = _ids(_key_prefix(names.joined_key(keys)))
        if joined is None:
            return None
        matched = matched | joined
    return matched


# Results are listed by name on pages and by public id in the API (whose cursor
# must not carry names). Either order is given as annotations, so that the
# cursor orders and positions by the columns the search chose to read: the
# person's, or those of the name key a one-word search walks.
BY_NAME = ("sort_family", "sort_given", "sort_id")
BY_PUBLIC_ID = ("sort_public_id",)
_COLUMNS = {
    BY_NAME: ("family_name_latin", "given_name_latin", "id"),
    BY_PUBLIC_ID: ("public_id",),
}
_KEY_COLUMNS = {
    BY_NAME: (
        "name_keys__family_name_latin",
        "name_keys__given_name_latin",
        "name_keys__person_id",
    ),
    BY_PUBLIC_ID: ("name_keys__public_id",),
}


def person_search(
    *,
    actor: Actor,
    query: str = "",
    birth_date: date | None = None,
    citizenship: str = "",
    order: tuple[str, ...] = BY_NAME,
) -> QuerySet[Person]:
    """People the actor may see whose names match ``query`` in any script or
    spelling (every word typed must match a word of the name), optionally with a
    date of birth and a citizenship, in ``order`` (BY_NAME or BY_PUBLIC_ID)."""
    if not can_search(actor=actor):
        raise PermissionDenied(_("Your role does not give access to the registry."))
    people = _visible(actor)
    walked = False
    query = query.strip()
    if PUBLIC_ID.match(query.upper()):
        people = people.filter(public_id=query.upper())
    elif query and any(ch.isdigit() for ch in query):
        number = document_key(query)
        if len(number) < 4:
            return _ordered(people.none(), order)
        # A range, not LIKE: it uses the index on both SQLite and PostgreSQL.
        people = people.filter(
            pk__in=Document.objects.filter(
                number_key__gte=number, number_key__lt=number + "["
            ).values("person_id")
        )
    elif query:
        keys = names.query_keys(query)
        if not keys:  # "!!!" matches nobody, not everybody
            return _ordered(people.none(), order)
        walked = len(keys) == 1 and connection.features.can_distinct_on_fields
        if walked:
            # One word: read the matching keys in result order and stop at the
            # page, however many people share the name.
            people = people.filter(_key_range("name_keys__key", keys[0]))
        elif (matched := _name_matches(keys)) is not None:
            people = people.filter(InList(F("pk"), sorted(matched)))
        else:  # very common names: let the database combine the conditions
            every_word = Person.objects.all()
            for key in keys:
                every_word = every_word.filter(pk__in=_key_prefix(key))
            matches = Q(pk__in=every_word.values("pk"))
            if len(keys) > 1:
                matches |= Q(pk__in=_key_prefix(names.joined_key(keys)))
            people = people.filter(matches)
    if birth_date is not None:
        people = people.filter(birth_date=birth_date)
    if citizenship:
        people = people.filter(
            pk__in=Citizenship.objects.filter(country=citizenship.upper()).values("person_id")
        )
    if query or birth_date or citizenship:
        audit.record(
            actor=actor,
            action="person.search",
            object_type="person",
            purpose="case management",
            data={
                "query": query[:100],
                "birth_date": str(birth_date or ""),
                "citizenship": citizenship,
            },
        )
    return _ordered(people, order, walked=walked)


def _ordered(
    people: QuerySet[Person], order: tuple[str, ...], *, walked: bool = False
) -> QuerySet[Person]:
    """``people`` in ``order``, read from the name key a one-word search walked
    (``walked``; DISTINCT ON lists a person once when two of their names match)
    or from the person."""
    columns = (_KEY_COLUMNS if walked else _COLUMNS)[order]
    people = people.annotate(**{name: F(col) for name, col in zip(order, columns, strict=True)})
    if walked:
        people = people.distinct(*order)
    return people.prefetch_related("citizenships").order_by(*order)


def person_get(
    *, actor: Actor, public_id: str, purpose: str = "case management", now: datetime | None = None
) -> Person:
    """One person's record. Every read is audited; a read through break-glass is
    flagged. Outside the actor's scope without break-glass: refused."""
    now = now or timezone.now()
    person = Person.objects.filter(public_id=public_id).first()
    if person is None or not (can_search(actor=actor) or access.can_break_glass(actor, "person")):
        # Roles without registry access (inspectors, analysts…) learn nothing,
        # not even that the record exists (the firewall).
        raise NotFound(_("There is no such person."))
    responsible = set(person.responsibilities.values_list("organisation_id", flat=True))
    if not access.can_see_case(actor, responsible=responsible, record_id=public_id, now=now):
        raise PermissionDenied(
            _("This person's case is outside your organisation's responsibility.")
        )
    if person.merged_into_id is not None:
        kept = Person.objects.get(pk=person.merged_into_id)
        raise MergedRecord(kept.public_id)
    scope = access.case_scope(actor)
    audit.record(
        actor=actor,
        action="person.read",
        object_type="person",
        object_id=public_id,
        purpose=purpose,
        break_glass=not (scope is None or scope & responsible),
        now=now,
    )
    return person


def merged_records(*, person: Person) -> list[str]:
    """Public ids of the duplicates merged into this record."""
    return list(person.merged_records.order_by("public_id").values_list("public_id", flat=True))


def responsible_organisations(*, person: Person) -> list[object]:
    return [
        r.organisation
        for r in person.responsibilities.select_related("organisation").order_by("since", "id")
    ]


def person_viewers(*, actor: Actor, person: Person) -> QuerySet[AuditEntry]:
    """Who read or changed this record: shown on the profile (the actor already
    passed person_get for it)."""
    return (
        AuditEntry.objects.filter(object_type="person", object_id=person.public_id)
        .select_related("organisation")
        .order_by("-at", "-id")
    )


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: float
    visible: bool


def duplicate_candidates(
    *,
    actor: Actor,
    given_name: str,
    family_name: str,
    given_name_latin: str = "",
    family_name_latin: str = "",
    birth_date: date | None = None,
    citizenships: list[str] | None = None,
    exclude: Person | None = None,
    threshold: float = 0.75,
    limit: int = 10,
) -> list[Candidate]:
    """Likely existing records of the same person, across the whole registry, best
    first. Records the actor may not see are returned with ``visible=False`` so
    the page can say that a match exists elsewhere without showing it."""
    family_keys = names.search_keys(family_name, family_name_latin) or names.search_keys(
        given_name, given_name_latin
    )
    if not family_keys:
        return []
    pool = Person.objects.filter(name_keys__key__in=family_keys, merged_into__isnull=True)
    if birth_date is not None:
        pool = pool.filter(Q(birth_date__year=birth_date.year) | Q(birth_date__isnull=True))
    if exclude is not None:
        pool = pool.exclude(pk=exclude.pk)
    full = " ".join(part for part in (given_name, family_name) if part)
    full_latin = " ".join(part for part in (given_name_latin, family_name_latin) if part)
    scope = access.case_scope(actor)
    wanted = set(citizenships or [])
    found = []
    people = pool.distinct().prefetch_related("responsibilities", "citizenships", "other_names")
    for person in people[:500]:
        known = [person.name, person.name_latin] + [
            form for other in person.other_names.all() for form in (other.name, other.name_latin)
        ]
        name_score = max(
            max(names.similarity(full, form) for form in known if form),
            max(names.similarity(full_latin or full, form) for form in known if form),
        )
        score = 0.7 * name_score
        if birth_date and person.birth_date:
            score += 0.25 if person.birth_date == birth_date else 0.1
        elif birth_date is None or person.birth_date is None:
            score += 0.1
        if wanted and wanted & {c.country for c in person.citizenships.all()}:
            score += 0.05
        if score >= threshold:
            responsible = {r.organisation_id for r in person.responsibilities.all()}
            visible = scope is None or bool(scope & responsible)
            found.append(Candidate(person, round(min(score, 1.0), 2), visible))
    found.sort(key=lambda c: (-c.score, c.person.pk))
    return found[:limit]


def person_data(*, person: Person) -> dict[str, object]:
    """The editable fields of a record, as PersonData takes them."""
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_date_precision": person.birth_date_precision,
        "birth_place": person.birth_place,
        "citizenships": tuple(sorted(person.citizenships.values_list("country", flat=True))),
        "stateless": person.stateless,
        "phone": person.phone,
        "email": person.email,
        "education_level": person.education_level,
        "address": person.address,
        "locality": person.locality,
    }


def can_see_status(*, actor: Actor) -> bool:
    return access.can_see_legal_status(actor)


def status_history(*, actor: Actor, person: Person) -> QuerySet[LegalStatus]:
    """A person's legal-status history, newest first. The caller has already read
    the person through person_get; the firewall is checked here again."""
    if not access.can_see_legal_status(actor):
        raise NotFound(_("There is no such person."))
    audit.record(
        actor=actor,
        action="person.status.read",
        object_type="person",
        object_id=person.public_id,
        purpose="case management",
    )
    return person.statuses.select_related("recorded_by").order_by("-valid_from", "-id")


def current_status(*, statuses: list[LegalStatus], today: date) -> LegalStatus | None:
    for status in statuses:  # newest first
        if status.valid_from <= today and (
            status.valid_until is None or status.valid_until >= today
        ):
            return status
    return None


@dataclass(frozen=True)
class DocumentView:
    document: Document
    number: str
    masked: bool


def documents(*, actor: Actor, person: Person) -> list[DocumentView]:
    """The person's documents, expiring soonest first; numbers in full only for
    those working on the case (the caller has already read the person)."""
    responsible = set(person.responsibilities.values_list("organisation_id", flat=True))
    full = access.can_see_document_numbers(actor, responsible=responsible)
    rows = person.documents.order_by(F("valid_until").asc(nulls_last=True), "id")
    return [DocumentView(d, d.number if full else d.masked_number, masked=not full) for d in rows]


def vulnerability(*, actor: Actor, person: Person) -> dict[str, bool | None]:
    """The flags; the sensitive ones are ``None`` for those who may not see them."""
    record = Vulnerability.objects.filter(person=person).first()
    sensitive = access.can_see_sensitive_flags(actor)
    flags: dict[str, bool | None] = {}
    for name in Vulnerability.PLAIN:
        flags[name] = bool(record and getattr(record, name))
    for name in Vulnerability.SENSITIVE:
        flags[name] = bool(record and getattr(record, name)) if sensitive else None
    return flags


def can_see_sensitive(*, actor: Actor) -> bool:
    return access.can_see_sensitive_flags(actor)


def consents(*, person: Person) -> QuerySet[Consent]:
    return person.consents.select_related("recorded_by").order_by("-given_on", "-id")


EXPORT_LIMIT = 50_000
EXPORT_HEADER = (
    "public_id",
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "sex",
    "birth_date",
    "citizenships",
    "stateless",
    "locality",
)


def person_export_rows(
    *,
    actor: Actor,
    query: str = "",
    birth_date: date | None = None,
    citizenship: str = "",
) -> list[tuple[str | date | None, ...]]:
    """Exactly what the actor's search shows, as rows; the export is audited.
    Legal status, document numbers and sensitive flags are never exported here."""
    people = person_search(
        actor=actor, query=query, birth_date=birth_date, citizenship=citizenship
    )[:EXPORT_LIMIT]
    rows: list[tuple[str | date | None, ...]] = [
        (
            p.public_id,
            p.given_name,
            p.family_name,
            p.given_name_latin,
            p.family_name_latin,
            p.sex,
            p.birth_date,
            ", ".join(sorted(c.country for c in p.citizenships.all())),
            "yes" if p.stateless else "",
            p.locality,
        )
        for p in people
    ]
    audit.record(
        actor=actor,
        action="person.export",
        object_type="person",
        purpose="case management",
        data={"rows": len(rows), "query": query[:100], "citizenship": citizenship},
    )
    return rows


def current_household(*, person: Person) -> HouseholdMember | None:
    return (
        HouseholdMember.objects.select_related("household")
        .filter(person=person, left_on__isnull=True)
        .first()
    )


def household_in_scope(*, actor: Actor, household: Household) -> bool:
    """Whether someone in the household, now or before, is in the actor's care."""
    scope = access.case_scope(actor)
    if scope is None:
        return True
    members = household.members.values_list("person_id", flat=True)
    return Responsibility.objects.filter(person_id__in=members, organisation_id__in=scope).exists()


def can_change_household(*, actor: Actor, household: Household) -> bool:
    """Splitting or merging a household moves everyone concerned: the actor must
    work on the case of each person living there."""
    scope = access.case_scope(actor)
    if scope is None:
        return True
    if not scope:
        return False
    living = household.members.filter(left_on__isnull=True).values_list("person_id", flat=True)
    outside = Person.objects.filter(pk__in=living).exclude(
        responsibilities__organisation_id__in=scope
    )
    return not outside.exists()


def household_get(*, actor: Actor, public_id: str, now: datetime | None = None) -> Household:
    """A household, for someone who may see the case of at least one person who
    is or was in it; every member shown is a person-level read, so it is audited."""
    now = now or timezone.now()
    household = Household.objects.filter(public_id=public_id).first()
    if household is None or not can_search(actor=actor):
        raise NotFound(_("There is no such household."))
    if not household_in_scope(actor=actor, household=household):
        raise PermissionDenied(_("No one in this household is in your organisation's care."))
    audit.record(
        actor=actor,
        action="household.read",
        object_type="household",
        object_id=household.public_id,
        purpose="case management",
        now=now,
    )
    return household


def household_members(*, household: Household) -> QuerySet[HouseholdMember]:
    """Current members first (head first), then the history."""
    return household.members.select_related("person").order_by(
        F("left_on").desc(nulls_first=True), "joined_on", "id"
    )


def household_by_id(*, public_id: str) -> Household | None:
    return Household.objects.filter(public_id=public_id).first()


def _responsible(person: Person) -> set[int]:
    return set(person.responsibilities.values_list("organisation_id", flat=True))


# --- Imports -------------------------------------------------------------------------


def import_get(*, actor: Actor, public_id: str) -> PersonImport:
    job = (
        PersonImport.objects.select_related("organisation", "created_by")
        .filter(public_id=public_id.upper())
        .first()
    )
    if job is None or not access.can_see_import(actor, organisation_id=job.organisation_id):
        raise NotFound(_("There is no such import."))
    return job


def import_list(*, actor: Actor) -> QuerySet[PersonImport]:
    """Imports of the organisations whose cases the actor sees, newest first."""
    scope = access.case_scope(actor)
    if scope == set():
        raise PermissionDenied(_("Your role does not give access to the registry."))
    jobs = PersonImport.objects.select_related("organisation", "created_by").order_by(
        "-created_at", "-pk"
    )
    if scope is None:
        return jobs
    return jobs.filter(organisation_id__in=scope)


def import_file(*, actor: Actor, job: PersonImport, which: str) -> IO[bytes]:
    """The error report or the rejected rows, for those who may see the import;
    the download is audited (the rejected rows hold personal data)."""
    path = {"errors": job.report_path, "rejected": job.rejected_path}.get(which, "")
    if not path or not default_storage.exists(path):
        raise NotFound(_("This file is not available (any more)."))
    audit.record(
        actor=actor,
        action=f"person.import.download_{which}",
        object_type="import",
        object_id=job.public_id,
        purpose="registration",
    )
    return default_storage.open(path, "rb")


def import_errors(*, job: PersonImport, limit: int = 100) -> list[list[str]]:
    """The first errors of the report, to show on the page."""
    if not job.report_path or not default_storage.exists(job.report_path):
        return []
    with default_storage.open(job.report_path, "rb") as handle:
        lines = (line.decode("utf-8-sig") for line in handle)
        reader = csv.reader(lines)
        next(reader, None)
        return [row for _i, row in zip(range(limit), reader, strict=False)]


# --- Merges --------------------------------------------------------------------------


def can_undo_merge(*, actor: Actor, merge: PersonMerge) -> bool:
    return merge.undone_at is None and access.can_undo_merge(
        actor, responsible=_responsible(merge.kept) | _responsible(merge.duplicate)
    )


def merge_get(*, actor: Actor, public_id: str) -> PersonMerge:
    merge = (
        PersonMerge.objects.select_related("kept", "duplicate", "merged_by", "organisation")
        .filter(public_id=public_id.upper())
        .first()
    )
    if merge is None:
        raise NotFound(_("There is no such merge."))
    responsible = _responsible(merge.kept) | _responsible(merge.duplicate)
    if not (
        access.can_change_case(actor, responsible=responsible)
        or access.can_undo_merge(actor, responsible=responsible)
    ):
        raise NotFound(_("There is no such merge."))
    return merge


def merge_list(*, actor: Actor) -> QuerySet[PersonMerge]:
    """Merges of records the actor works on or administers, newest first."""
    merges = PersonMerge.objects.select_related(
        "kept", "duplicate", "merged_by", "undone_by", "organisation"
    ).order_by("-merged_at", "-pk")
    scope = access.case_scope(actor)
    administered = access.administered_organisation_ids(actor)
    if scope is None or administered is None:
        return merges
    organisations = scope | administered
    if not organisations:
        raise PermissionDenied(_("Your role does not give access to the registry."))
    return merges.filter(
        Exists(
            Responsibility.objects.filter(
                person=OuterRef("kept"), organisation_id__in=organisations
            )
        )
    )


# --- Requests (R2) -------------------------------------------------------------------


def can_see_requests(*, actor: Actor, person: Person) -> bool:
    """Requests decide residence and citizenship: like legal status, behind the
    firewall, for those working on the case."""
    return access.can_see_legal_status(actor) and access.can_change_case(
        actor, responsible=_responsible(person)
    )


def request_get(*, actor: Actor, public_id: str) -> Request:
    """One request, for those who may follow the person's requests (the read is
    audited like a read of the record)."""
    request = (
        Request.objects.select_related("person", "recorded_by")
        .filter(public_id=public_id.upper(), person__merged_into__isnull=True)
        .first()
    )
    if request is None or not can_see_requests(actor=actor, person=request.person):
        raise NotFound(_("There is no such request."))
    audit.record(
        actor=actor,
        action="person.request.read",
        object_type="person",
        object_id=request.person.public_id,
        purpose="case management",
        data={"request": request.public_id},
    )
    return request


def request_list(
    *, actor: Actor, person: Person | None = None, kind: str = "", status: str = ""
) -> QuerySet[Request]:
    """Requests of the cases the actor works on, newest first."""
    if not access.can_see_legal_status(actor) or access.case_scope(actor) == set():
        raise PermissionDenied(_("Your role does not give access to requests."))
    requests = Request.objects.select_related("person").filter(person__merged_into__isnull=True)
    scope = access.case_scope(actor)
    if scope is not None:
        requests = requests.filter(
            Exists(
                Responsibility.objects.filter(person=OuterRef("person"), organisation_id__in=scope)
            )
        )
    if person is not None:
        requests = requests.filter(person=person)
    if kind:
        requests = requests.filter(kind=kind)
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-submitted_on", "-pk")


# --- For other apps' rules (not shown to anyone, so not audited) ---------------------------


def registry() -> QuerySet[Person]:
    """Every person who is registered (merged duplicates are gone), unscoped: for
    background rules such as plan alerts, which then act per organisation."""
    return Person.objects.filter(merged_into__isnull=True)


def status_category_on(*, person: Person, day: date) -> str | None:
    """The person's legal-status category on a day, for eligibility rules."""
    statuses = list(person.statuses.order_by("-valid_from", "-id"))
    status = current_status(statuses=statuses, today=day)
    return status.category if status else None


def household_mates(*, person: Person) -> set[int]:
    """Ids of the people who live in the person's household now (the person too)."""
    member = current_household(person=person)
    if member is None:
        return {person.pk}
    living = member.household.members.filter(left_on__isnull=True)
    return set(living.values_list("person_id", flat=True))


def responsible_ids(*, person: Person) -> set[int]:
    return _responsible(person)


def status_choices() -> list[tuple[str, str]]:
    """Legal-status categories (R1) in the reader's language, for other apps."""
    return [(c.value, str(c.label)) for c in StatusCategory]


def case_rows(
    *, person_ids: list[int], country: str
) -> list[tuple[int, str, str, str, int, datetime]]:
    """For background rules: each person's responsible organisations in a country,
    as (person id, public id, given name, family name, organisation id, registered)."""
    rows: list[tuple[int, str, str, str, int, datetime]] = []
    for start in range(0, len(person_ids), 5000):
        chunk = person_ids[start : start + 5000]
        rows += Responsibility.objects.filter(
            person_id__in=chunk, organisation__country=country
        ).values_list(
            "person_id",
            "person__public_id",
            "person__given_name_latin",
            "person__family_name_latin",
            "organisation_id",
            "person__created_at",
        )
    return rows


def referral_facts(*, person: Person, fields: Iterable[str], day: date) -> dict[str, object]:
    """What a referral carries of a person: the fields asked for, copied as they
    are today (name, date_of_birth, sex, citizenship, languages, contact, address,
    legal_status, household), so that the partner sees these and nothing else."""
    wanted = set(fields)
    facts: dict[str, object] = {}
    if "name" in wanted:
        facts["name"] = person.name
        if person.name_latin != person.name:
            facts["name_latin"] = person.name_latin
    if "date_of_birth" in wanted and person.birth_date:
        facts["date_of_birth"] = person.birth_date.isoformat()
    if "sex" in wanted:
        facts["sex"] = person.sex
    if "citizenship" in wanted:
        facts["citizenship"] = sorted(person.citizenships.values_list("country", flat=True))
    if "languages" in wanted:
        facts["languages"] = [
            f"{code} {level}".strip()
            for code, level in person.languages.order_by("code").values_list(
                "code", "declared_level"
            )
        ]
    if "contact" in wanted:
        facts["phone"] = person.phone
        facts["email"] = person.email
    if "address" in wanted:
        facts["address"] = ", ".join(p for p in (person.address, person.locality) if p)
    if "legal_status" in wanted:
        facts["legal_status"] = status_category_on(person=person, day=day) or ""
    if "household" in wanted:
        facts["household"] = len(household_mates(person=person))
    return facts


def referral_consent(*, person: Person, recipient_kind: str, day: date) -> Consent | None:
    """The person's consent, active on the day, to referrals to this kind of
    organisation; the most recent if several."""
    for consent in person.consents.filter(purpose=ConsentPurpose.REFERRAL).order_by(
        "-given_on", "-id"
    ):
        if consent.active_on(day) and recipient_kind in consent.recipients:
            return consent
    return None


def sex_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in Sex]


@dataclass(frozen=True)
class TimelineEntry:
    entry: AuditEntry
    text: str


def timeline(*, actor: Actor, person: Person) -> QuerySet[AuditEntry]:
    """Everything that happened to the person's case, newest first: the audited
    changes each app describes (core.timeline), never the reads. Lines about
    health or legal status are left out for those the firewall keeps from them.
    The caller has read the person through person_get."""
    hidden: set[str] = set()
    if not access.can_see_sensitive_flags(actor):
        hidden.add(timeline_events.SENSITIVE)
    if not access.can_see_legal_status(actor):
        hidden.add(timeline_events.LEGAL_STATUS)
    return (
        AuditEntry.objects.filter(
            object_type="person",
            object_id=person.public_id,
            action__in=timeline_events.actions(hidden_guards=frozenset(hidden)),
        )
        .select_related("organisation")
        .order_by("-at", "-id")
    )


def timeline_text(entry: AuditEntry) -> str:
    """A timeline line in the reader's language."""
    return timeline_events.text(entry.action, entry.data)


def timeline_entries(entries: Iterable[AuditEntry]) -> list[TimelineEntry]:
    return [TimelineEntry(e, timeline_text(e)) for e in entries]


def language_codes(*, person: Person) -> list[str]:
    """The languages the person speaks (ISO codes), for matching."""
    return list(person.languages.values_list("code", flat=True))


def first_citizenships(*, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's first citizenship (alphabetically), for statistics."""
    found: dict[int, str] = {}
    for person_id, country in (
        Citizenship.objects.filter(person_id__in=list(person_ids))
        .order_by("person_id", "country")
        .values_list("person_id", "country")
    ):
        found.setdefault(person_id, country)
    return found


def latin_names(*, person_ids: Iterable[int]) -> dict[int, tuple[str, date | None]]:
    """Each person's name in Latin script and date of birth (for certificates)."""
    return {
        pk: (" ".join(p for p in (given, family) if p), birth)
        for pk, given, family, birth in Person.objects.filter(pk__in=list(person_ids)).values_list(
            "pk", "given_name_latin", "family_name_latin", "birth_date"
        )
    }


def held_by(*, organisations: set[int]) -> QuerySet[Person]:
    """The people whose case these organisations hold (a subquery for other apps)."""
    return Person.objects.filter(
        Exists(
            Responsibility.objects.filter(person=OuterRef("pk"), organisation_id__in=organisations)
        )
    )


# --- The person's own view (integra.portal decided the access) ----------------------------------


def own_documents(*, person: Person) -> QuerySet[Document]:
    """The person's own documents in full, expiring soonest first."""
    return person.documents.order_by(F("valid_until").asc(nulls_last=True), "id")


def own_household(*, person: Person) -> list[HouseholdMember]:
    """The members of the person's current household (the person included)."""
    member = current_household(person=person)
    if member is None:
        return []
    return list(
        member.household.members.select_related("person")
        .filter(left_on__isnull=True, person__merged_into__isnull=True)
        .order_by("joined_on", "id")
    )


def own_copy(*, person: Person) -> dict[str, object]:
    """Everything the registry holds about the person (GDPR art. 15), as plain data."""

    def rows(queryset: Any, *fields: str) -> list[dict[str, object]]:
        return [
            {name: (value.isoformat() if hasattr(value, "isoformat") else value)
             for name, value in zip(fields, row, strict=True)}
            for row in queryset.values_list(*fields)
        ]  # fmt: skip

    data = {key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in person_data(person=person).items()}  # fmt: skip
    data["citizenships"] = list(person.citizenships.values_list("country", flat=True))
    return {
        "public_id": person.public_id,
        "record": data,
        "registered": person.created_at.isoformat(),
        "documents": rows(
            person.documents.order_by("id"),
            "kind", "number", "issuing_country", "issued_on", "valid_until",
        ),
        "residence_status": rows(
            LegalStatus.objects.filter(person=person).order_by("id"),
            "category", "valid_from", "valid_until",
        ),
        "languages": rows(
            person.languages.order_by("id"), "code", "declared_level", "assessed_level"
        ),
        "qualifications": rows(
            person.qualifications.order_by("id"),
            "title", "country", "isced_level", "occupation", "recognition",
        ),
        "consents": rows(
            person.consents.order_by("id"),
            "purpose", "recipients", "given_on", "expires_on", "withdrawn_on",
        ),
        "responsible_organisations": [str(o) for o in responsible_organisations(person=person)],
    }  # fmt: skip


def consent_purpose_choices() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in ConsentPurpose]


# --- Statistics sources (monitoring's summary tables; aggregates are formed there) ----


@dataclass(frozen=True)
class StatisticsPerson:
    """What the summary tables disaggregate a person by; never leaves the refresh."""

    pk: int
    sex: str  # "" = not stated
    birth_year: int | None
    citizenship: str  # the first, alphabetically; "" = none recorded
    legal_status: str  # the latest recorded
    region: str  # of the organisation that most recently took responsibility
    registered_on: date


def _first_per_person(rows: Iterable[tuple[int, str]]) -> Iterable[tuple[int, str]]:
    last = None
    for person_id, value in rows:
        if person_id != last:
            last = person_id
            yield person_id, value


def _last_per_person(rows: Iterable[tuple[int, str]]) -> Iterable[tuple[int, str]]:
    held: tuple[int, str] | None = None
    for row in rows:
        if held is not None and row[0] != held[0]:
            yield held
        held = row
    if held is not None:
        yield held


def statistics_people(*, chunk: int = 5000) -> Iterable[StatisticsPerson]:
    """Every registered person (merged duplicates left out) with their
    disaggregations, in id order. Four id-ordered streams merged in step, so a
    national registry is read once with constant memory."""
    persons = (
        Person.objects.filter(merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "sex", "birth_date", "created_at")
        .iterator(chunk_size=chunk)
    )
    citizenships = _first_per_person(
        Citizenship.objects.order_by("person_id", "country")
        .values_list("person_id", "country")
        .iterator(chunk_size=chunk)
    )
    statuses = _last_per_person(
        LegalStatus.objects.order_by("person_id", "valid_from", "pk")
        .values_list("person_id", "category")
        .iterator(chunk_size=chunk)
    )
    regions = _last_per_person(
        Responsibility.objects.order_by("person_id", "since", "pk")
        .values_list("person_id", "organisation__region")
        .iterator(chunk_size=chunk)
    )
    streams = [iter(citizenships), iter(statuses), iter(regions)]
    heads: list[tuple[int, str] | None] = [next(s, None) for s in streams]
    for pk, sex, birth, created in persons:
        values: list[str] = []
        for i, stream in enumerate(streams):
            head = heads[i]
            while head is not None and head[0] < pk:
                head = next(stream, None)
            heads[i] = head
            values.append(head[1] if head is not None and head[0] == pk else "")
        yield StatisticsPerson(
            pk=pk,
            sex="" if sex == Sex.NOT_STATED else sex,
            birth_year=birth.year if birth else None,
            citizenship=values[0],
            legal_status=values[1],
            region=values[2] or "",
            registered_on=timezone.localdate(created),
        )


def statistics_status_decisions(*, chunk: int = 5000) -> Iterable[tuple[int, date, str]]:
    """(person, valid from, new category) of every legal-status decision recorded."""
    return (
        LegalStatus.objects.order_by("pk")
        .values_list("person_id", "valid_from", "category")
        .iterator(chunk_size=chunk)
    )


def statistics_labels() -> dict[str, dict[str, str]]:
    """The names of the registry's coded disaggregations, in the active language."""
    return {
        "sex": {str(k): str(v) for k, v in Sex.choices if k != Sex.NOT_STATED},
        "legal_status": {str(k): str(v) for k, v in StatusCategory.choices},
    }
