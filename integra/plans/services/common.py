"""What the plan services share: who may write, and the audit entry on the person."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import PermissionDenied
from integra.people import selectors as people

if TYPE_CHECKING:
    from integra.people.models import Person


def guard_plan_write(actor: Actor, person: Person) -> None:
    """Caseworkers of an organisation responsible for the case, acting for one."""
    responsible = people.responsible_ids(person=person)
    if actor.organisation_id is None or not access.can_write_plan(actor, responsible=responsible):
        raise PermissionDenied(_("You may not change this person's integration plan."))


def audit_person(
    actor: Actor | None,
    person: Person,
    action: str,
    *,
    data: dict[str, object] | None = None,
    now: datetime | None = None,
    actor_label: str = "",
) -> None:
    """Plan work is audited on the person, so their timeline shows all of it."""
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=person.public_id,
        purpose="integration plan",
        data=data,
        now=now,
        actor_label=actor_label,
    )
