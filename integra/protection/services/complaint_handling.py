"""Handling complaints (R18, R19): taking one up, status updates and notes
(public ones reach the complainant), sending it to another organisation, the
ILO's forced-labour indicators with their evidence, the decision whether it is
forced labour (a person's, never the indicators' sum), closing with the remedy,
and the routing rules.

Every function is for the complaint's handlers (core.access.can_see_complaint):
checked, atomic, audited by the complaint's public id and never by a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core import services as core_services
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import Organisation
from integra.core.roles import Role
from integra.protection.models import (
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
    ForcedLabourIndicator,
    IndicatorFlag,
    Remedy,
    RoutingRule,
)
from integra.protection.selectors import complaints as selectors
from integra.protection.services.complaints import (
    NOTE_MAX,
    REGION_MAX,
    URGENT_INDICATORS,
    audit_complaint,
    check_text,
    event_add,
    notify_urgent,
    refuse,
)

# The largest amount the column holds (12 digits, 2 of them decimals).
MAX_AMOUNT = Decimal("9999999999.99")


# --- Handling ------------------------------------------------------------------------------------


def _open(complaint: Complaint) -> None:
    if complaint.status == ComplaintStatus.CLOSED:
        raise Conflict(_("This complaint is closed."))


def _locked(actor: Actor, complaint: Complaint) -> Complaint:
    """The complaint, locked for the change, if the actor handles it."""
    if not access.can_see_complaint(actor, routed_to=complaint.routed_to_id):
        raise NotFound(_("There is no such complaint."))
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_assign(
    *, actor: Actor, complaint: Complaint, now: datetime | None = None
) -> Complaint:
    """The actor takes the complaint up. One not routed yet goes to the actor's
    organisation with it."""
    now = now or timezone.now()
    locked = _locked(actor, complaint)
    _open(locked)
    if locked.handler_id == actor.user.pk:
        raise Conflict(_("You handle this complaint already."))
    if locked.routed_to_id is None:
        organisation = _own_handling_organisation(actor)
        locked.routed_to_id = organisation.pk
        event_add(
            locked,
            "routed",
            now,
            public=True,
            data={"organisation": organisation.code, "organisation_name": organisation.name},
            by=actor,
        )
    locked.handler = actor.user
    if locked.status == ComplaintStatus.RECEIVED:
        locked.status = ComplaintStatus.ASSIGNED
    locked.save(update_fields=["handler", "status", "routed_to"])
    event_add(locked, "assigned", now, public=False, by=actor)
    audit_complaint(actor, locked, "complaint.assign", {"routed_to": locked.routed_to_id}, now)
    return locked


def _own_handling_organisation(actor: Actor) -> Organisation:
    seats = [
        s
        for s in actor.seats
        if s.role == Role.INSPECTOR and s.organisation_kind in access.COMPLAINT_KINDS
    ]
    acting = next((s for s in seats if s.organisation_id == actor.organisation_id), None)
    seat = acting or seats[0]
    found = selectors.handling_organisation(code=seat.organisation_code)
    if found is None:
        raise Conflict(_("Your organisation does not handle complaints."))
    return found


# Where a handler may set a complaint (closing has its own use case, with the remedy).
SETTABLE_STATUSES = (
    ComplaintStatus.ASSIGNED,
    ComplaintStatus.IN_PROGRESS,
    ComplaintStatus.WAITING,
)


@transaction.atomic
def complaint_update(
    *,
    actor: Actor,
    complaint: Complaint,
    status: str = "",
    note: str = "",
    public: bool = False,
    now: datetime | None = None,
) -> ComplaintEvent:
    """A change of status, a note, or both. A public one is shown to the
    complainant on the tracking page; an internal one only to the handlers."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    text = check_text("note", note, NOTE_MAX, errors)
    if status and status not in SETTABLE_STATUSES:
        errors["status"] = [_("Choose a status from the list; close a complaint with its remedy.")]
    refuse(errors, _("The update has errors."))
    locked = _locked(actor, complaint)
    _open(locked)
    changed = bool(status) and status != locked.status
    if not changed and not text:
        raise ValidationFailed(
            _("The update has errors."),
            field_errors={"note": [_("Change the status or write a note.")]},
        )
    data: dict[str, object] = {}
    if changed:
        data = {"from": locked.status, "to": status}
        locked.status = status
        locked.save(update_fields=["status"])
    event = event_add(locked, "status", now, public=public, text=text, data=data, by=actor)
    audit_complaint(
        actor, locked, "complaint.update", {**data, "public": public, "note": bool(text)}, now
    )
    return event


@transaction.atomic
def complaint_route(
    *,
    actor: Actor,
    complaint: Complaint,
    organisation: str,
    note: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Sends the complaint to another organisation that handles complaints (the
    legal-aid NGO, another inspectorate). Its handler there takes it up anew."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    text = check_text("note", note, NOTE_MAX, errors)
    target = selectors.handling_organisation(code=organisation)
    if target is None:
        errors["organisation"] = [
            _("Choose a labour inspectorate or a legal-aid organisation from the list.")
        ]
    refuse(errors, _("The complaint could not be sent on."))
    assert target is not None
    locked = _locked(actor, complaint)
    _open(locked)
    if locked.routed_to_id == target.pk:
        raise Conflict(_("The complaint is with this organisation already."))
    before = locked.routed_to.code if locked.routed_to else ""
    locked.routed_to = target
    locked.handler = None
    locked.status = ComplaintStatus.RECEIVED
    locked.save(update_fields=["routed_to", "handler", "status"])
    event_add(
        locked,
        "routed",
        now,
        public=True,
        data={"organisation": target.code, "organisation_name": target.name, "from": before},
        by=actor,
    )
    if text:
        event_add(locked, "status", now, public=False, text=text, by=actor)
    audit_complaint(actor, locked, "complaint.route", {"from": before, "to": target.code}, now)
    core_services.notify(
        users=selectors.inspectors_of(organisation_ids=[target.pk]),
        kind="complaints.urgent" if locked.urgent else "complaints.routed",
        params={},
        record_type="complaint",
        record_id=locked.public_id,
        now=now,
    )
    return locked


@transaction.atomic
def indicator_flag(
    *,
    actor: Actor,
    complaint: Complaint,
    indicator: str,
    evidence_text: str,
    now: datetime | None = None,
) -> IndicatorFlag:
    """Records one of the ILO's eleven indicators of forced labour, with what shows
    it (again: the evidence replaced). Flags never decide forced labour; one that
    points to trafficking makes the complaint urgent."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if indicator not in ForcedLabourIndicator.values:
        errors["indicator"] = [_("Choose one of the ILO's indicators from the list.")]
    text = check_text("evidence", evidence_text, NOTE_MAX, errors, required=True)
    refuse(errors, _("The indicator has errors."))
    locked = _locked(actor, complaint)
    _open(locked)
    flag, created = IndicatorFlag.objects.update_or_create(
        complaint=locked,
        indicator=indicator,
        defaults={"evidence": text, "flagged_by": actor.user, "flagged_at": now},
    )
    event_add(
        locked, "indicator", now, public=False, text=text, data={"indicator": indicator}, by=actor
    )
    audit_complaint(
        actor, locked, "complaint.indicator.flag", {"indicator": indicator, "new": created}, now
    )
    if indicator in URGENT_INDICATORS and not locked.urgent:
        locked.urgent = True
        locked.save(update_fields=["urgent"])
        event_add(locked, "urgent", now, public=False, data={"indicator": indicator}, by=actor)
        notify_urgent(locked, now)
    return flag


@transaction.atomic
def indicator_withdraw(
    *, actor: Actor, complaint: Complaint, indicator: str, now: datetime | None = None
) -> None:
    """Withdraws a flag set by mistake (the event stays in the history)."""
    now = now or timezone.now()
    locked = _locked(actor, complaint)
    _open(locked)
    deleted, _count = IndicatorFlag.objects.filter(complaint=locked, indicator=indicator).delete()
    if not deleted:
        raise NotFound(_("This indicator is not flagged."))
    event_add(
        locked, "indicator_removed", now, public=False, data={"indicator": indicator}, by=actor
    )
    audit_complaint(actor, locked, "complaint.indicator.withdraw", {"indicator": indicator}, now)


@transaction.atomic
def forced_labour_decide(
    *,
    actor: Actor,
    complaint: Complaint,
    found: bool,
    reason: str,
    now: datetime | None = None,
) -> Complaint:
    """A handler's decision, with its reason, whether this is forced labour. Only
    this labels a complaint: the indicators inform it, they never decide it."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    text = check_text("reason", reason, NOTE_MAX, errors, required=True)
    refuse(errors, _("The decision has errors."))
    locked = _locked(actor, complaint)
    locked.forced_labour = found
    locked.forced_labour_by = actor.user
    locked.forced_labour_reason = text
    locked.save(update_fields=["forced_labour", "forced_labour_by", "forced_labour_reason"])
    event_add(
        locked, "forced_labour", now, public=False, text=text, data={"found": found}, by=actor
    )
    audit_complaint(actor, locked, "complaint.forced_labour.decide", {"found": found}, now)
    return locked


@dataclass(frozen=True)
class Closing:
    remedies: tuple[str, ...]
    wages_recovered: Decimal | None = None
    currency: str = ""
    note: str = ""
    public: bool = True


@transaction.atomic
def complaint_close(
    *, actor: Actor, complaint: Complaint, closing: Closing, now: datetime | None = None
) -> Complaint:
    """Closes the complaint with the remedy obtained: wages recovered (the amount
    and its currency), a contract corrected, documents returned, a sanction, a
    referral to prosecution; or none, or withdrawn by the worker."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    remedies: list[str] = []
    for remedy in closing.remedies:
        if remedy not in Remedy.values:
            errors["remedies"] = [_("Choose the remedies from the list.")]
        elif remedy not in remedies:
            remedies.append(remedy)
    if not remedies and "remedies" not in errors:
        errors["remedies"] = [_("Say what the worker obtained (or that nothing was).")]
    if len(set(remedies) & {Remedy.NONE, Remedy.WITHDRAWN}) and len(remedies) > 1:
        errors["remedies"] = [_("“No remedy” and “withdrawn” cannot go with another remedy.")]
    amount = closing.wages_recovered
    currency = closing.currency.strip().upper()
    if amount is not None:
        try:
            bad = not amount.is_finite() or amount < 0
        except InvalidOperation:  # a signalling NaN
            bad = True
        if bad:
            errors["wages_recovered"] = [_("Give an amount of zero or more.")]
        elif amount > MAX_AMOUNT:
            errors["wages_recovered"] = [_("This amount is too large.")]
        elif amount != amount.quantize(Decimal("0.01")):
            errors["wages_recovered"] = [_("Give the amount with at most two decimals.")]
        if not currency or pycountry.currencies.get(alpha_3=currency) is None:
            errors["currency"] = [_("Give the currency as its ISO 4217 code, such as MDL or EUR.")]
    elif Remedy.WAGES_RECOVERED in remedies:
        errors["wages_recovered"] = [_("Give the amount of wages recovered.")]
    if amount is None:
        currency = ""
    text = check_text("note", closing.note, NOTE_MAX, errors)
    refuse(errors, _("The complaint could not be closed."))
    locked = _locked(actor, complaint)
    _open(locked)
    locked.status = ComplaintStatus.CLOSED
    locked.remedies = remedies
    locked.wages_recovered = amount
    locked.currency = currency
    locked.closed_at = now
    locked.save(update_fields=["status", "remedies", "wages_recovered", "currency", "closed_at"])
    event_add(
        locked,
        "closed",
        now,
        public=closing.public,
        text=text,
        data={
            "remedies": remedies,
            "wages_recovered": str(amount) if amount is not None else "",
            "currency": currency,
        },
        by=actor,
    )
    audit_complaint(actor, locked, "complaint.close", {"remedies": remedies}, now)
    return locked


# --- Routing rules -------------------------------------------------------------------------


@transaction.atomic
def routing_rule_create(
    *,
    actor: Actor,
    organisation: str,
    category: str = "",
    region: str = "",
    now: datetime | None = None,
) -> RoutingRule:
    """Where complaints of a category, from a region, go (blank: any). One rule
    per pair; the most specific one wins (selectors.route_for)."""
    now = now or timezone.now()
    if not access.can_manage_complaint_routing(actor):
        raise PermissionDenied(
            _("Where complaints go is set by the labour inspectorate's inspectors.")
        )
    errors: dict[str, list[str]] = {}
    if category and category not in ComplaintCategory.values:
        errors["category"] = [_("Choose a category from the list, or none for any.")]
    text = check_text("region", region, REGION_MAX, errors)
    target = selectors.handling_organisation(code=organisation)
    if target is None:
        errors["organisation"] = [
            _("Choose a labour inspectorate or a legal-aid organisation from the list.")
        ]
    if not errors and RoutingRule.objects.filter(category=category, region=text).exists():
        errors["region"] = [_("There is a rule for this category and region already.")]
    refuse(errors, _("The rule has errors."))
    assert target is not None
    rule = RoutingRule.objects.create(
        category=category, region=text, organisation=target, created_at=now
    )
    audit.record(
        actor=actor,
        action="complaint.routing.create",
        object_type="routing_rule",
        object_id=rule.pk,
        purpose="complaint handling",
        data={"category": category, "region": text, "organisation": organisation},
        now=now,
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, actor: Actor, rule: RoutingRule, now: datetime | None = None) -> None:
    if not access.can_manage_complaint_routing(actor):
        raise PermissionDenied(
            _("Where complaints go is set by the labour inspectorate's inspectors.")
        )
    audit.record(
        actor=actor,
        action="complaint.routing.delete",
        object_type="routing_rule",
        object_id=rule.pk,
        purpose="complaint handling",
        data={
            "category": rule.category,
            "region": rule.region,
            "organisation": rule.organisation.code,
        },
        now=now,
    )
    rule.delete()
