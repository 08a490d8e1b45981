"""Households changing shape in one step: some members splitting off into a new
household, or two households becoming one. Memberships are never deleted: the
old ones end today and stay in both households' history."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core.access import Actor
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.people import selectors
from integra.people.models import Household, HouseholdMember, Person, Relationship
from integra.people.services import audit_case, guard_change


def _current(household: Household) -> dict[int, HouseholdMember]:
    return {
        member.person_id: member
        for member in HouseholdMember.objects.select_for_update()
        .select_related("person")
        .filter(household=household, left_on__isnull=True)
    }


def _in_scope(actor: Actor, *households: Household) -> None:
    for household in households:
        if not selectors.household_in_scope(actor=actor, household=household):
            raise PermissionDenied(_("No one in this household is in your organisation's care."))


def _move(
    member: HouseholdMember, household: Household, relationship: str, today: date
) -> HouseholdMember:
    member.left_on = today
    member.save(update_fields=["left_on"])
    return HouseholdMember.objects.create(
        household=household, person=member.person, relationship=relationship, joined_on=today
    )


@transaction.atomic
def household_split(
    *,
    actor: Actor,
    household: Household,
    members: list[Person],
    head: Person,
    remaining_head: Person | None = None,
    today: date | None = None,
) -> Household:
    """``members`` leave ``household`` together for a new household headed by
    ``head``. If the old head leaves, ``remaining_head`` heads those who stay."""
    today = today or timezone.localdate()
    _in_scope(actor, household)
    current = _current(household)
    errors: dict[str, list[str]] = {}
    leaving = {person.pk for person in members}
    strangers = [p.public_id for p in members if p.pk not in current]
    if not leaving:
        errors["members"] = [_("Choose who moves to the new household.")]
    elif strangers:
        errors["members"] = [
            _("Not current members of this household: %(ids)s.") % {"ids": ", ".join(strangers)}
        ]
    elif leaving >= set(current):
        errors["members"] = [
            _("Everyone would leave: keep at least one member, or move them instead.")
        ]
    if head.pk not in leaving:
        errors["head"] = [_("The head of the new household must be one of those who move.")]
    old_head = next((pk for pk, m in current.items() if m.relationship == Relationship.HEAD), None)
    if old_head in leaving:
        if remaining_head is None:
            errors["remaining_head"] = [
                _("The head moves: choose who heads the household that stays.")
            ]
        elif remaining_head.pk not in current or remaining_head.pk in leaving:
            errors["remaining_head"] = [_("Choose someone who stays in this household.")]
    if errors:
        raise ValidationFailed(_("The household cannot be split like this."), field_errors=errors)
    for person in members:
        guard_change(actor, person)
    new = Household.objects.create(created_at=timezone.now())
    for person_id in sorted(leaving):
        member = current[person_id]
        relationship = (
            Relationship.HEAD
            if person_id == head.pk
            else Relationship.OTHER
            if member.relationship == Relationship.HEAD
            else member.relationship
        )
        _move(member, new, relationship, today)
        audit_case(
            actor,
            member.person,
            "household.split",
            data={"from": household.public_id, "to": new.public_id},
        )
    if old_head in leaving and remaining_head is not None:
        _move(current[remaining_head.pk], household, Relationship.HEAD, today)
    return new


@transaction.atomic
def household_merge(
    *, actor: Actor, household: Household, other: Household, today: date | None = None
) -> Household:
    """Everyone living in ``other`` joins ``household``; its head becomes an
    "other relative" of this household's head (change it if it is closer)."""
    today = today or timezone.localdate()
    if other.pk == household.pk:
        message = _("A household cannot be merged with itself.")
        raise ValidationFailed(message, field_errors={"other": [message]})
    _in_scope(actor, household, other)
    joining = _current(other)
    if not joining:
        message = _("Nobody lives in that household any more.")
        raise ValidationFailed(message, field_errors={"other": [message]})
    for member in joining.values():
        guard_change(actor, member.person)
    has_head = HouseholdMember.objects.filter(
        household=household, left_on__isnull=True, relationship=Relationship.HEAD
    ).exists()
    for member in joining.values():
        relationship = member.relationship
        if relationship == Relationship.HEAD and has_head:
            relationship = Relationship.OTHER
        _move(member, household, relationship, today)
        audit_case(
            actor,
            member.person,
            "household.merge",
            data={"from": other.public_id, "to": household.public_id},
        )
    return household
