"""Labour inspection (R19): the workplaces the inspectorate knows, the link from a
complaint to its workplace, and the inspections: planned (from the risk list, a
complaint or other information), visited with their findings or cancelled, the
violations found with their remedy deadlines, the sanctions imposed, and the
follow-up visit that checks the remedies.

Behind the firewall: every function is for the labour inspectorate's inspectors
(core.access.can_inspect / can_see_inspection), none for a role that can see
legal status. Every write is checked, atomic and audited by the object's public
id; nothing here names a complainant. Bad input is refused with a message beside
each field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import User
from integra.core.roles import OrganisationKind, Role
from integra.protection import isic, licensing
from integra.protection.models import (
    Complaint,
    Inspection,
    InspectionReason,
    InspectionStatus,
    Sanction,
    SanctionKind,
    Violation,
    ViolationKind,
    Workplace,
)
from integra.protection.selectors import inspections as selectors
from integra.protection.services.complaints import (
    NOTE_MAX,
    REGION_MAX,
    SHORT_MAX,
    WORKPLACE_MAX,
    audit_complaint,
    check_text,
    event_add,
    refuse,
)

PURPOSE = "labour inspection"
FINDINGS_MAX = 10_000
MAX_AMOUNT = Decimal("9999999999.99")
MAX_WORKERS = 1_000_000
# Days before this are typing errors.
EARLIEST = date(1990, 1, 1)
# Reasons an inspector picks when planning; a follow-up is planned from the inspection.
PLANNABLE_REASONS = (InspectionReason.RISK, InspectionReason.COMPLAINT, InspectionReason.OTHER)

Errors = dict[str, list[str]]


# --- Who acts, and the audit ---------------------------------------------------------------


def _guard(actor: Actor) -> set[int]:
    return selectors.guard(actor)


def _acting_inspectorate(actor: Actor) -> int:
    """The inspectorate the actor acts for: the one chosen, else the first."""
    seats = [
        s
        for s in actor.seats
        if s.role == Role.INSPECTOR and s.organisation_kind == OrganisationKind.LABOUR_INSPECTORATE
    ]
    if not seats or not access.can_inspect(actor):
        raise PermissionDenied(
            _("Workplaces and inspections are for the labour inspectorate's inspectors.")
        )
    acting = next((s for s in seats if s.organisation_id == actor.organisation_id), None)
    return (acting or seats[0]).organisation_id


def _audit(
    actor: Actor, action: str, object_type: str, public_id: str, now: datetime, **data: object
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=public_id,
        purpose=PURPOSE,
        data=data,
        now=now,
    )


def _day(errors: Errors, name: str, value: date | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            errors.setdefault(name, []).append(_("Give the date."))
    elif value < EARLIEST:
        errors.setdefault(name, []).append(_("Check the year: this day is too long ago."))


def _not_future(errors: Errors, name: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        errors.setdefault(name, []).append(_("This day is still to come: give today or earlier."))


# --- Workplaces -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkplaceData:
    employer: str
    registration_number: str = ""
    name: str = ""  # the site: "Vineyard no. 3"
    address: str = ""
    region: str = ""
    sector: str = ""  # an ISIC Rev. 4 section letter
    workers: int | None = None


def workplace_data(workplace: Workplace) -> WorkplaceData:
    return WorkplaceData(
        employer=workplace.employer,
        registration_number=workplace.registration_number,
        name=workplace.name,
        address=workplace.address,
        region=workplace.region,
        sector=workplace.sector,
        workers=workplace.workers,
    )


def _clean_workplace(data: WorkplaceData) -> dict[str, object]:
    errors: Errors = {}
    employer = check_text("employer", data.employer, SHORT_MAX, errors, required=True)
    number = check_text("registration_number", data.registration_number, 64, errors)
    name = check_text("name", data.name, SHORT_MAX, errors)
    address = check_text("address", data.address, WORKPLACE_MAX, errors)
    region = check_text("region", data.region, REGION_MAX, errors)
    sector = data.sector.strip().upper()
    if sector and sector not in isic.SECTIONS:
        errors["sector"] = [_("Choose the sector (an ISIC section) from the list.")]
    if data.workers is not None and not 0 <= data.workers <= MAX_WORKERS:
        errors["workers"] = [_("Give a number of workers between 0 and a million.")]
    if "\n" in employer or "\n" in name or "\n" in address:
        for key, value in (("employer", employer), ("name", name), ("address", address)):
            if "\n" in value:
                errors.setdefault(key, []).append(_("Write it on one line."))
    refuse(errors, _("The workplace has errors."))
    return {
        "employer": employer,
        "registration_number": licensing.registration_key(number),
        "name": name,
        "address": address,
        "region": region,
        "sector": sector,
        "workers": data.workers,
        "search_name": licensing.search_key(employer)[:200],
    }


@transaction.atomic
def workplace_register(
    *, actor: Actor, data: WorkplaceData, now: datetime | None = None
) -> Workplace:
    """A workplace the inspectorate knows of: the employer is required."""
    now = now or timezone.now()
    _guard(actor)
    values = _clean_workplace(data)
    workplace = Workplace.objects.create(created_by=actor.user, created_at=now, **values)
    _audit(
        actor,
        "workplace.register",
        "workplace",
        workplace.public_id,
        now,
        region=workplace.region,
        sector=workplace.sector,
    )
    return workplace


@transaction.atomic
def workplace_update(
    *, actor: Actor, workplace: Workplace, data: WorkplaceData, now: datetime | None = None
) -> Workplace:
    now = now or timezone.now()
    _guard(actor)
    values = _clean_workplace(data)
    locked = Workplace.objects.select_for_update().get(pk=workplace.pk)
    changed = sorted(k for k, v in values.items() if getattr(locked, k) != v and k != "search_name")
    for key, value in values.items():
        setattr(locked, key, value)
    locked.save()
    _audit(actor, "workplace.update", "workplace", locked.public_id, now, changed=changed)
    return locked


@transaction.atomic
def workplace_agency_link(
    *, actor: Actor, workplace: Workplace, agency: str, now: datetime | None = None
) -> Workplace:
    """Records that a registered recruitment agency supplies workers to the workplace."""
    now = now or timezone.now()
    _guard(actor)
    found = selectors.agency_get(public_id=agency.strip())
    if found is None:
        raise ValidationFailed(
            _("The agency could not be linked."),
            field_errors={"agency": [_("Choose an agency from the register.")]},
        )
    if workplace.agencies.filter(pk=found.pk).exists():
        raise Conflict(_("This agency is linked to the workplace already."))
    workplace.agencies.add(found)
    _audit(
        actor,
        "workplace.agency.link",
        "workplace",
        workplace.public_id,
        now,
        agency=found.public_id,
    )
    return workplace


@transaction.atomic
def workplace_agency_unlink(
    *, actor: Actor, workplace: Workplace, agency: str, now: datetime | None = None
) -> Workplace:
    now = now or timezone.now()
    _guard(actor)
    found = workplace.agencies.filter(public_id=agency.strip()).first()
    if found is None:
        raise NotFound(_("This agency is not linked to the workplace."))
    workplace.agencies.remove(found)
    _audit(
        actor,
        "workplace.agency.unlink",
        "workplace",
        workplace.public_id,
        now,
        agency=found.public_id,
    )
    return workplace


@transaction.atomic
def complaint_workplace_link(
    *,
    actor: Actor,
    complaint: Complaint,
    workplace: str,
    now: datetime | None = None,
) -> Complaint:
    """A complaint handler who also inspects links the complaint to the workplace
    as the inspectorate knows it (blank: removes the link). An internal event;
    the complainant's own words stay as they wrote them."""
    now = now or timezone.now()
    if not access.can_see_complaint(actor, routed_to=complaint.routed_to_id):
        raise NotFound(_("There is no such complaint."))
    _guard(actor)
    target: Workplace | None = None
    if workplace.strip():
        target = selectors.workplace_by_id(public_id=workplace.strip())
        if target is None:
            raise ValidationFailed(
                _("The complaint could not be linked."),
                field_errors={
                    "workplace": [_("There is no workplace with this id in the register.")]
                },
            )
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.workplace_record_id == (target.pk if target else None):
        raise Conflict(
            _("The complaint is linked to this workplace already.")
            if target
            else _("The complaint is not linked to a workplace.")
        )
    locked.workplace_record = target
    locked.save(update_fields=["workplace_record"])
    data: dict[str, object] = {"workplace": target.public_id if target else ""}
    event_add(locked, "workplace_linked", now, public=False, data=data, by=actor)
    audit_complaint(actor, locked, "complaint.workplace.link", data, now)
    return locked


# --- Planning, visiting, cancelling ------------------------------------------------------------


@dataclass(frozen=True)
class PlanData:
    reason: str  # risk, complaint or other
    planned_for: date | None
    inspector: str = ""  # a user name of the actor's inspectorate; blank: the actor
    complaints: Sequence[str] = field(default_factory=tuple)  # public ids


def _inspector(actor: Actor, username: str, errors: Errors) -> User | None:
    if not username.strip():
        return actor.user
    found = selectors.inspectors(actor=actor).filter(username=username.strip()).first()
    if found is None:
        errors["inspector"] = [_("Choose an inspector of your inspectorate.")]
    return found


def _locked(actor: Actor, inspection: Inspection) -> Inspection:
    if not access.can_see_inspection(actor, organisation_id=inspection.organisation_id):
        raise NotFound(_("There is no such inspection."))
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


def _planned(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.PLANNED:
        raise Conflict(_("This inspection is not planned any more: it is done or cancelled."))


@transaction.atomic
def inspection_plan(
    *, actor: Actor, workplace: Workplace, data: PlanData, now: datetime | None = None
) -> Inspection:
    """Plans a visit of the actor's inspectorate, optionally answering complaints
    linked to the workplace (only ones the actor can see)."""
    now = now or timezone.now()
    _guard(actor)
    organisation = _acting_inspectorate(actor)
    errors: Errors = {}
    if data.reason not in PLANNABLE_REASONS:
        errors["reason"] = [_("Choose why the workplace is inspected.")]
    _day(errors, "planned_for", data.planned_for)
    inspector = _inspector(actor, data.inspector, errors)
    complaints: list[Complaint] = []
    for public_id in dict.fromkeys(c.strip() for c in data.complaints if c.strip()):
        complaint = selectors.complaint_visible(actor=actor, public_id=public_id)
        if complaint is None or complaint.workplace_record_id != workplace.pk:
            errors["complaints"] = [
                _("Choose complaints linked to this workplace that you handle.")
            ]
            break
        complaints.append(complaint)
    if data.reason == InspectionReason.COMPLAINT and not complaints and "complaints" not in errors:
        errors["complaints"] = [_("Name the complaint the inspection answers.")]
    refuse(errors, _("The inspection could not be planned."))
    assert data.planned_for is not None
    inspection = Inspection.objects.create(
        workplace=workplace,
        organisation_id=organisation,
        inspector=inspector,
        reason=data.reason,
        planned_for=data.planned_for,
        created_by=actor.user,
        created_at=now,
    )
    inspection.complaints.set(complaints)
    _audit(
        actor,
        "inspection.plan",
        "inspection",
        inspection.public_id,
        now,
        workplace=workplace.public_id,
        reason=data.reason,
        complaints=[c.public_id for c in complaints],
    )
    return inspection


@dataclass(frozen=True)
class VisitData:
    visited_on: date | None
    findings: str
    workers_interviewed: int | None = None


@transaction.atomic
def visit_record(
    *, actor: Actor, inspection: Inspection, data: VisitData, now: datetime | None = None
) -> Inspection:
    """The visit took place: its date, what was found, how many workers were
    heard. Each complaint it answers gets a public event: the complainant learns
    that an inspector went, and nothing else."""
    now = now or timezone.now()
    errors: Errors = {}
    _day(errors, "visited_on", data.visited_on)
    _not_future(errors, "visited_on", data.visited_on, timezone.localdate(now))
    findings = check_text("findings", data.findings, FINDINGS_MAX, errors, required=True)
    if data.workers_interviewed is not None and not 0 <= data.workers_interviewed <= MAX_WORKERS:
        errors["workers_interviewed"] = [_("Give a number between 0 and a million.")]
    refuse(errors, _("The visit could not be recorded."))
    locked = _locked(actor, inspection)
    _planned(locked)
    locked.status = InspectionStatus.DONE
    locked.visited_on = data.visited_on
    locked.findings = findings
    locked.workers_interviewed = data.workers_interviewed
    locked.save(update_fields=["status", "visited_on", "findings", "workers_interviewed"])
    for complaint in locked.complaints.order_by("pk"):
        event_add(
            complaint,
            "inspection_visit",
            now,
            public=True,
            text=_("An inspector visited the workplace."),
            data={"inspection": locked.public_id},
            by=actor,
        )
    _audit(
        actor,
        "inspection.visit",
        "inspection",
        locked.public_id,
        now,
        visited_on=str(data.visited_on),
        complaints=locked.complaints.count(),
    )
    return locked


@transaction.atomic
def inspection_cancel(
    *, actor: Actor, inspection: Inspection, reason: str, now: datetime | None = None
) -> Inspection:
    now = now or timezone.now()
    errors: Errors = {}
    text = check_text("reason", reason, NOTE_MAX, errors, required=True)
    refuse(errors, _("The inspection could not be cancelled."))
    locked = _locked(actor, inspection)
    _planned(locked)
    locked.status = InspectionStatus.CANCELLED
    locked.cancel_reason = text
    locked.save(update_fields=["status", "cancel_reason"])
    _audit(actor, "inspection.cancel", "inspection", locked.public_id, now)
    return locked


# --- Violations and sanctions ---------------------------------------------------------------------


@dataclass(frozen=True)
class ViolationData:
    kind: str
    description: str
    workers_affected: int = 1
    remedy_by: date | None = None


@transaction.atomic
def violation_record(
    *, actor: Actor, inspection: Inspection, data: ViolationData, now: datetime | None = None
) -> Violation:
    """A breach found at the visit (found on the visit's date), with the day by
    which the employer must remedy it."""
    now = now or timezone.now()
    locked = _locked(actor, inspection)
    if locked.status != InspectionStatus.DONE or locked.visited_on is None:
        raise Conflict(_("Record the visit first: violations are found at a visit."))
    errors: Errors = {}
    if data.kind not in ViolationKind.values:
        errors["kind"] = [_("Choose the violation from the list.")]
    description = check_text("description", data.description, NOTE_MAX, errors, required=True)
    if not 1 <= data.workers_affected <= MAX_WORKERS:
        errors["workers_affected"] = [_("At least one worker is affected.")]
    _day(errors, "remedy_by", data.remedy_by, required=False)
    if data.remedy_by is not None and data.remedy_by < locked.visited_on:
        errors["remedy_by"] = [
            _("The deadline cannot be before the visit (%(day)s).")
            % {"day": locked.visited_on.isoformat()}
        ]
    refuse(errors, _("The violation has errors."))
    violation = Violation.objects.create(
        inspection=locked,
        workplace_id=locked.workplace_id,
        kind=data.kind,
        description=description,
        workers_affected=data.workers_affected,
        found_on=locked.visited_on,
        remedy_by=data.remedy_by,
        recorded_by=actor.user,
        recorded_at=now,
    )
    _audit(
        actor,
        "inspection.violation",
        "inspection",
        locked.public_id,
        now,
        violation=violation.pk,
        kind=data.kind,
    )
    return violation


@dataclass(frozen=True)
class SanctionData:
    kind: str
    imposed_on: date | None
    amount: Decimal | None = None
    currency: str = ""
    note: str = ""


def _clean_amount(errors: Errors, amount: Decimal | None, currency: str, *, fine: bool) -> str:
    currency = currency.strip().upper()
    if amount is None:
        if fine:
            errors["amount"] = [_("Give the amount of the fine.")]
        if fine and not currency:
            errors["currency"] = [_("Give the currency as its ISO 4217 code, such as MDL or EUR.")]
        return "" if not fine else currency
    try:
        bad = not amount.is_finite() or amount <= 0
    except InvalidOperation:
        bad = True
    if bad:
        errors["amount"] = [_("Give an amount greater than zero.")]
    elif amount > MAX_AMOUNT:
        errors["amount"] = [_("This amount is too large.")]
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = [_("Give the amount with at most two decimals.")]
    if not currency or pycountry.currencies.get(alpha_3=currency) is None:
        errors["currency"] = [_("Give the currency as its ISO 4217 code, such as MDL or EUR.")]
    return currency


@transaction.atomic
def sanction_record(
    *, actor: Actor, violation: Violation, data: SanctionData, now: datetime | None = None
) -> Sanction:
    """What the inspectorate imposed for a violation; a fine needs its amount and currency."""
    now = now or timezone.now()
    inspection = _locked(actor, violation.inspection)
    errors: Errors = {}
    if data.kind not in SanctionKind.values:
        errors["kind"] = [_("Choose the sanction from the list.")]
    _day(errors, "imposed_on", data.imposed_on)
    _not_future(errors, "imposed_on", data.imposed_on, timezone.localdate(now))
    if data.imposed_on is not None and data.imposed_on < violation.found_on:
        errors.setdefault("imposed_on", []).append(
            _("A sanction cannot come before the violation was found.")
        )
    currency = _clean_amount(
        errors, data.amount, data.currency, fine=data.kind == SanctionKind.FINE
    )
    note = check_text("note", data.note, NOTE_MAX, errors)
    refuse(errors, _("The sanction has errors."))
    assert data.imposed_on is not None
    sanction = Sanction.objects.create(
        violation=violation,
        kind=data.kind,
        amount=data.amount,
        currency=currency if data.amount is not None else "",
        imposed_on=data.imposed_on,
        note=note,
        decided_by=actor.user,
        recorded_at=now,
    )
    _audit(
        actor,
        "inspection.sanction",
        "inspection",
        inspection.public_id,
        now,
        sanction=sanction.pk,
        kind=data.kind,
        amount=str(data.amount) if data.amount is not None else "",
        currency=sanction.currency,
    )
    return sanction


@transaction.atomic
def sanction_paid(
    *, actor: Actor, sanction: Sanction, paid_on: date | None, now: datetime | None = None
) -> Sanction:
    now = now or timezone.now()
    inspection = _locked(actor, sanction.violation.inspection)
    errors: Errors = {}
    _day(errors, "paid_on", paid_on)
    _not_future(errors, "paid_on", paid_on, timezone.localdate(now))
    if paid_on is not None and paid_on < sanction.imposed_on:
        errors.setdefault("paid_on", []).append(_("It cannot be paid before it was imposed."))
    refuse(errors, _("The payment could not be recorded."))
    locked = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if locked.kind != SanctionKind.FINE:
        raise Conflict(_("Only a fine is paid."))
    if locked.paid_on is not None:
        raise Conflict(_("This fine is marked paid already."))
    locked.paid_on = paid_on
    locked.save(update_fields=["paid_on"])
    _audit(
        actor,
        "inspection.sanction.paid",
        "inspection",
        inspection.public_id,
        now,
        sanction=locked.pk,
    )
    return locked


# --- Follow-up ----------------------------------------------------------------------------------


@transaction.atomic
def follow_up_plan(
    *,
    actor: Actor,
    inspection: Inspection,
    planned_for: date | None,
    inspector: str = "",
    now: datetime | None = None,
) -> Inspection:
    """A visit to check that the violations found were remedied."""
    now = now or timezone.now()
    locked = _locked(actor, inspection)
    if locked.status != InspectionStatus.DONE:
        raise Conflict(_("Only a done inspection is followed up."))
    if not locked.violations.filter(remedied_on__isnull=True).exists():
        raise Conflict(_("Every violation found here is remedied: there is nothing to follow up."))
    errors: Errors = {}
    _day(errors, "planned_for", planned_for)
    if planned_for is not None and locked.visited_on and planned_for < locked.visited_on:
        errors.setdefault("planned_for", []).append(
            _("A follow-up comes after the visit it follows.")
        )
    user = _inspector(actor, inspector, errors)
    refuse(errors, _("The follow-up could not be planned."))
    assert planned_for is not None
    follow_up = Inspection.objects.create(
        workplace_id=locked.workplace_id,
        organisation_id=locked.organisation_id,
        inspector=user,
        reason=InspectionReason.FOLLOW_UP,
        follow_up_of=locked,
        planned_for=planned_for,
        created_by=actor.user,
        created_at=now,
    )
    follow_up.complaints.set(locked.complaints.all())
    _audit(
        actor,
        "inspection.follow_up",
        "inspection",
        follow_up.public_id,
        now,
        follow_up_of=locked.public_id,
    )
    return follow_up


@transaction.atomic
def violations_remedied(
    *,
    actor: Actor,
    inspection: Inspection,
    violations: Sequence[int],
    remedied_on: date | None,
    now: datetime | None = None,
) -> list[Violation]:
    """At a follow-up visit (recorded as done): the violations of the inspection it
    follows that were remedied, and when."""
    now = now or timezone.now()
    locked = _locked(actor, inspection)
    if locked.follow_up_of_id is None:
        raise Conflict(_("Remedies are recorded at a follow-up visit."))
    if locked.status != InspectionStatus.DONE or locked.visited_on is None:
        raise Conflict(_("Record the follow-up visit first."))
    errors: Errors = {}
    _day(errors, "remedied_on", remedied_on)
    if remedied_on is not None and remedied_on > locked.visited_on:
        errors.setdefault("remedied_on", []).append(
            _("The remedy is seen at the follow-up visit (%(day)s) or before.")
            % {"day": locked.visited_on.isoformat()}
        )
    wanted = list(dict.fromkeys(violations))
    found = list(
        Violation.objects.select_for_update().filter(
            inspection_id=locked.follow_up_of_id, pk__in=wanted, remedied_on__isnull=True
        )
    )
    if not wanted:
        errors["violations"] = [_("Choose the violations that were remedied.")]
    elif len(found) != len(wanted):
        errors["violations"] = [
            _("Choose violations of the inspection followed up that are not remedied yet.")
        ]
    for violation in found:
        if remedied_on is not None and remedied_on < violation.found_on:
            errors.setdefault("remedied_on", []).append(
                _("A violation cannot be remedied before it was found.")
            )
            break
    refuse(errors, _("The remedies could not be recorded."))
    for violation in found:
        violation.remedied_on = remedied_on
        violation.save(update_fields=["remedied_on"])
    _audit(
        actor,
        "inspection.remedied",
        "inspection",
        locked.public_id,
        now,
        violations=sorted(v.pk for v in found),
    )
    return found
