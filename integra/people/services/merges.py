"""Merging two records of the same person, and undoing it (issue 3, §6).

The record kept receives the duplicate's documents, statuses, names, skills,
consents, household memberships, external ids, responsibilities, citizenships
and to-dos. The duplicate is not deleted: it keeps its row, points at the record
kept, and disappears from search. Every moved row is listed on the merge, so
an administrator can put each back where it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access
from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import Todo
from integra.people import selectors
from integra.people.models import (
    Citizenship,
    Consent,
    Document,
    ExternalReference,
    HouseholdMember,
    Language,
    LegalStatus,
    OtherName,
    OtherNameKind,
    Person,
    PersonMerge,
    Qualification,
    Request,
    Responsibility,
    Vulnerability,
    WorkExperience,
)
from integra.people.services import audit_case, write_names

# Rows that simply change hands: (key in PersonMerge.moved, model).
_MOVABLE: tuple[tuple[str, type[models.Model]], ...] = (
    ("documents", Document),
    ("statuses", LegalStatus),
    ("qualifications", Qualification),
    ("experience", WorkExperience),
    ("consents", Consent),
    ("external_ids", ExternalReference),
    ("requests", Request),
)


def _ids(queryset: QuerySet[Any]) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _responsible(person: Person) -> set[int]:
    return set(person.responsibilities.values_list("organisation_id", flat=True))


@transaction.atomic
def person_merge(
    *,
    actor: Actor,
    kept: Person,
    duplicate: Person,
    reason: str,
    now: datetime | None = None,
) -> PersonMerge:
    """Merges ``duplicate`` into ``kept``. Both records must be the actor's cases."""
    now = now or timezone.now()
    reason = " ".join(reason.split())
    if kept.pk == duplicate.pk:
        message = _("A record cannot be merged with itself.")
        raise ValidationFailed(message, field_errors={"duplicate": [message]})
    for person in (kept, duplicate):
        if not access.can_change_case(actor, responsible=_responsible(person)):
            raise PermissionDenied(
                _("%(id)s is not one of your organisation's cases: you cannot merge it.")
                % {"id": person.public_id}
            )
    if len(reason) < 10 or "\x00" in reason:
        message = _("Say in a sentence why these two records are the same person.")
        raise ValidationFailed(message, field_errors={"reason": [message]})
    # Lock both rows: two caseworkers merging the same pair cannot both succeed.
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])
    }
    kept, duplicate = locked[kept.pk], locked[duplicate.pk]
    for person in (kept, duplicate):
        if person.merged_into_id is not None:
            message = _("%(id)s has already been merged into another record.") % {
                "id": person.public_id
            }
            raise Conflict(message, field_errors={"duplicate": [message]})
    assert actor.organisation_id is not None  # can_change_case needs an acting organisation
    moved: dict[str, Any] = {}
    for key, model in _MOVABLE:
        rows = model._default_manager.filter(person=duplicate)
        moved[key] = _ids(rows)
        rows.update(person=kept)
    moved.update(_move_unique(kept, duplicate))
    moved.update(_move_household(kept, duplicate, now))
    moved.update(_move_vulnerability(kept, duplicate, now))
    todos = Todo.objects.filter(record_type="person", record_id=duplicate.public_id)
    moved["todos"] = _ids(todos)
    todos.update(record_id=kept.public_id)
    if duplicate.name != kept.name or duplicate.name_latin != kept.name_latin:
        other, created = OtherName.objects.get_or_create(
            person=kept,
            kind=OtherNameKind.SPELLING,
            name=duplicate.name[:300],
            defaults={"name_latin": duplicate.name_latin[:300], "recorded_at": now},
        )
        moved["names_added"] = [other.pk] if created else []
    duplicate.merged_into = kept
    duplicate.save(update_fields=["merged_into", "updated_at"])
    write_names(kept)
    merge = PersonMerge.objects.create(
        kept=kept,
        duplicate=duplicate,
        reason=reason,
        moved=moved,
        organisation_id=actor.organisation_id,
        merged_by=actor.user,
        merged_at=now,
    )
    data: dict[str, object] = {"merge": merge.public_id, "reason": reason}
    audit_case(
        actor, kept, "person.merge", data={**data, "duplicate": duplicate.public_id}, now=now
    )
    audit_case(
        actor, duplicate, "person.merged_into", data={**data, "kept": kept.public_id}, now=now
    )
    return merge


def _move_unique(kept: Person, duplicate: Person) -> dict[str, list[int]]:
    """Rows unique per person: move what the record kept lacks; add what must be
    on both (citizenships, responsibilities) as new rows."""
    moved: dict[str, list[int]] = {}
    have = set(Language.objects.filter(person=kept).values_list("code", flat=True))
    languages = Language.objects.filter(person=duplicate).exclude(code__in=have)
    moved["languages"] = _ids(languages)
    languages.update(person=kept)
    taken = set(OtherName.objects.filter(person=kept).values_list("kind", "name"))
    names = [
        other.pk
        for other in OtherName.objects.filter(person=duplicate)
        if (other.kind, other.name) not in taken
    ]
    OtherName.objects.filter(pk__in=names).update(person=kept)
    moved["other_names"] = names
    countries = set(Citizenship.objects.filter(person=kept).values_list("country", flat=True))
    added = [
        Citizenship.objects.create(person=kept, country=code).pk
        for code in Citizenship.objects.filter(person=duplicate)
        .exclude(country__in=countries)
        .values_list("country", flat=True)
    ]
    moved["citizenships_added"] = added
    if added and kept.stateless:
        kept.stateless = False
        kept.save(update_fields=["stateless", "updated_at"])
        moved["stateless_cleared"] = [kept.pk]
    organisations = _responsible(kept)
    moved["responsibilities_added"] = [
        Responsibility.objects.create(
            person=kept, organisation_id=responsibility.organisation_id, since=responsibility.since
        ).pk
        for responsibility in Responsibility.objects.filter(person=duplicate).exclude(
            organisation_id__in=organisations
        )
    ]
    return moved


def _move_household(kept: Person, duplicate: Person, now: datetime) -> dict[str, list[int]]:
    """Household memberships follow the person; one can be current at a time, so
    the duplicate's current one ends if the record kept already has one."""
    ended: list[int] = []
    if HouseholdMember.objects.filter(person=kept, left_on__isnull=True).exists():
        current = HouseholdMember.objects.filter(person=duplicate, left_on__isnull=True)
        ended = _ids(current)
        current.update(left_on=now.date())
    memberships = HouseholdMember.objects.filter(person=duplicate)
    moved = _ids(memberships)
    memberships.update(person=kept)
    return {"memberships": moved, "memberships_ended": ended}


def _move_vulnerability(kept: Person, duplicate: Person, now: datetime) -> dict[str, Any]:
    theirs = Vulnerability.objects.filter(person=duplicate).first()
    if theirs is None:
        return {}
    mine = Vulnerability.objects.filter(person=kept).first()
    if mine is None:
        Vulnerability.objects.filter(pk=theirs.pk).update(person=kept)
        return {"vulnerability_moved": theirs.pk}
    flags = (*Vulnerability.PLAIN, *Vulnerability.SENSITIVE)
    before = {flag: getattr(mine, flag) for flag in flags}
    for flag in flags:
        setattr(mine, flag, getattr(mine, flag) or getattr(theirs, flag))
    mine.updated_at = now
    mine.save()
    return {"vulnerability_before": before}


def _back(model: type[models.Model], ids: Iterable[int], kept: Person, duplicate: Person) -> None:
    model._default_manager.filter(pk__in=list(ids), person=kept).update(person=duplicate)


@transaction.atomic
def merge_undo(
    *, actor: Actor, merge: PersonMerge, reason: str, now: datetime | None = None
) -> PersonMerge:
    """Puts back everything the merge moved. What was added to the record kept
    since the merge stays there."""
    now = now or timezone.now()
    merge = (
        PersonMerge.objects.select_for_update().select_related("kept", "duplicate").get(pk=merge.pk)
    )
    if merge.undone_at is not None:
        raise Conflict(_("This merge has already been undone."))
    if not selectors.can_undo_merge(actor=actor, merge=merge):
        raise PermissionDenied(
            _("Only an administrator of an organisation responsible for the record undoes a merge.")
        )
    reason = " ".join(reason.split())
    if len(reason) < 10 or "\x00" in reason:
        message = _("Say in a sentence why the merge was wrong.")
        raise ValidationFailed(message, field_errors={"reason": [message]})
    kept, duplicate, moved = merge.kept, merge.duplicate, merge.moved
    for key, model in _MOVABLE:
        _back(model, moved.get(key, []), kept, duplicate)
    _back(Language, moved.get("languages", []), kept, duplicate)
    _back(OtherName, moved.get("other_names", []), kept, duplicate)
    _back(HouseholdMember, moved.get("memberships", []), kept, duplicate)
    if not HouseholdMember.objects.filter(person=duplicate, left_on__isnull=True).exists():
        HouseholdMember.objects.filter(
            pk__in=moved.get("memberships_ended", []), person=duplicate
        ).update(left_on=None)
    Citizenship.objects.filter(pk__in=moved.get("citizenships_added", [])).delete()
    if moved.get("stateless_cleared") and not kept.citizenships.exists():
        kept.stateless = True
        kept.save(update_fields=["stateless", "updated_at"])
    Responsibility.objects.filter(pk__in=moved.get("responsibilities_added", [])).delete()
    OtherName.objects.filter(pk__in=moved.get("names_added", [])).delete()
    if "vulnerability_moved" in moved:
        Vulnerability.objects.filter(pk=moved["vulnerability_moved"], person=kept).update(
            person=duplicate
        )
    elif "vulnerability_before" in moved:
        Vulnerability.objects.filter(person=kept).update(**moved["vulnerability_before"])
    Todo.objects.filter(pk__in=moved.get("todos", [])).update(record_id=duplicate.public_id)
    Person.objects.filter(pk=duplicate.pk).update(merged_into=None, updated_at=now)
    duplicate.refresh_from_db()
    write_names(kept)
    write_names(duplicate)
    merge.undone_at = now
    merge.undone_by = actor.user
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    data: dict[str, object] = {"merge": merge.public_id, "reason": reason}
    audit_case(
        actor, kept, "person.unmerge", data={**data, "duplicate": duplicate.public_id}, now=now
    )
    audit_case(actor, duplicate, "person.unmerge", data={**data, "kept": kept.public_id}, now=now)
    return merge
