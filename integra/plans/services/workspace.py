"""The team's workspace: a supervisor moves plans between caseworkers."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import services as core
from integra.core.access import Actor
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import Membership, User
from integra.core.roles import Role
from integra.plans import selectors
from integra.plans.models import Plan, PlanStatus
from integra.plans.services.common import audit_person

MAX_PLANS = 500


@transaction.atomic
def plans_reassign(
    *,
    actor: Actor,
    plan_ids: list[str],
    caseworker: str,
    now: datetime | None = None,
) -> int:
    """Gives the open plans (public ids) to another caseworker (a username), who
    must be a caseworker of each plan's organisation. All or nothing: any plan that
    cannot move stops the whole change. How many plans moved."""
    now = now or timezone.now()
    wanted = list(dict.fromkeys(i.strip().upper() for i in plan_ids if i.strip()))
    errors: dict[str, list[str]] = {}
    if not wanted:
        errors["plans"] = [_("Choose the plans to reassign.")]
    elif len(wanted) > MAX_PLANS:
        errors["plans"] = [_("Reassign at most %(n)d plans at a time.") % {"n": MAX_PLANS}]
    supervised = selectors.supervised_ids(actor=actor)
    if not supervised:
        raise PermissionDenied(_("Only a team's supervisor may reassign plans."))
    target = User.objects.filter(username=caseworker, is_active=True).first()
    if target is None:
        errors["caseworker"] = [_("Choose a caseworker.")]
    if errors:
        raise ValidationFailed(_("The plans could not be reassigned."), field_errors=errors)
    assert target is not None
    plans = list(
        # Lock the plans only: the caseworker is an outer join (a plan may have none).
        Plan.objects.select_for_update(of=("self",))
        .select_related("person", "caseworker")
        .filter(public_id__in=wanted, organisation_id__in=supervised)
        .exclude(status=PlanStatus.CLOSED)
    )
    found = {plan.public_id for plan in plans}
    if missing := [i for i in wanted if i not in found]:
        errors["plans"] = [
            _("These plans are not open plans of your team: %(ids)s.") % {"ids": ", ".join(missing)}
        ]
    seats = set(
        Membership.objects.filter(user=target, role=Role.CASEWORKER).values_list(
            "organisation_id", flat=True
        )
    )
    if outside := [p.public_id for p in plans if p.organisation_id not in seats]:
        errors["caseworker"] = [
            _("%(user)s is not a caseworker of the organisation of: %(ids)s.")
            % {"user": target.get_username(), "ids": ", ".join(outside)}
        ]
    if errors:
        raise ValidationFailed(_("The plans could not be reassigned."), field_errors=errors)
    moved = [plan for plan in plans if plan.caseworker_id != target.pk]
    for plan in moved:
        before = plan.caseworker.get_username() if plan.caseworker else ""
        plan.caseworker = target
        plan.updated_at = now
        plan.save(update_fields=["caseworker", "updated_at"])
        audit_person(
            actor,
            plan.person,
            "plan.reassign",
            data={"plan": plan.public_id, "from": before, "to": target.get_username()},
            now=now,
        )
    if moved:
        core.notify(
            users=[target],
            kind="plans.assigned",
            params={"count": len(moved), "by": actor.label},
            record_type="caseload",
            record_id="mine",
            now=now,
        )
    return len(moved)
