"""Family-reunification and naturalisation requests, followed as cases (R2)."""

from __future__ import annotations

from datetime import date, datetime

import pycountry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core.access import Actor
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.people import names, selectors
from integra.people.models import (
    FINAL_REQUEST_STATUSES,
    FamilyMemberAbroad,
    Person,
    Relationship,
    Request,
    RequestDocument,
    RequestEvent,
    RequestKind,
    RequestStatus,
)
from integra.people.services import EARLIEST_BIRTH, audit_case

_KINDS = frozenset(RequestKind.values)
_STATUSES = frozenset(RequestStatus.values)
_RELATIVES = frozenset(Relationship.values) - {Relationship.HEAD}


def _responsible(person: Person) -> set[int]:
    return set(person.responsibilities.values_list("organisation_id", flat=True))


def _guard(actor: Actor, person: Person) -> None:
    if not selectors.can_see_requests(actor=actor, person=person):
        raise PermissionDenied(_("You may not follow this person's requests."))


def _locked(request: Request) -> Request:
    """The request as it is now, locked until the change commits: a step recorded
    meanwhile (e.g. the request closed) is seen."""
    return Request.objects.select_for_update().select_related("person").get(pk=request.pk)


def _open_for_change(actor: Actor, request: Request) -> Request:
    """The request, locked, if the actor may change it and it is still open."""
    request = _locked(request)
    _guard(actor, request.person)
    if request.is_closed:
        raise Conflict(_("This request is closed: it changes no more."))
    return request


def _audit(
    actor: Actor, request: Request, action: str, data: dict[str, object], now: datetime
) -> None:
    audit_case(actor, request.person, action, data={"request": request.public_id, **data}, now=now)


def _check_day(
    errors: dict[str, list[str]], field: str, day: date | None, *, today: date, after: date | None
) -> None:
    if day is None:
        return
    if day > today:
        errors[field] = [_("This date cannot be in the future.")]
    elif day < EARLIEST_BIRTH:
        errors[field] = [_("The date cannot be before 1900.")]
    elif after is not None and day < after:
        errors[field] = [_("This date cannot come before the request was submitted.")]


@transaction.atomic
def request_open(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    submitted_on: date,
    note: str = "",
    now: datetime | None = None,
) -> Request:
    """Records a request the person has submitted."""
    now = now or timezone.now()
    _guard(actor, person)
    errors: dict[str, list[str]] = {}
    if kind not in _KINDS:
        errors["kind"] = [_("Choose family reunification or naturalisation.")]
    _check_day(errors, "submitted_on", submitted_on, today=now.date(), after=None)
    if person.birth_date and submitted_on < person.birth_date:
        errors["submitted_on"] = [_("The request cannot be before the person was born.")]
    if "\x00" in note:
        errors["note"] = [_("This contains a character that is not allowed.")]
    if errors:
        raise ValidationFailed(_("The request has errors."), field_errors=errors)
    assert actor.organisation_id is not None  # can_change_case needs an acting organisation
    request = Request.objects.create(
        person=person,
        kind=kind,
        submitted_on=submitted_on,
        note=note.strip(),
        recorded_by_id=actor.organisation_id,
        created_at=now,
    )
    RequestEvent.objects.create(
        request=request,
        status=RequestStatus.SUBMITTED,
        on=submitted_on,
        recorded_by_id=actor.organisation_id,
        recorded_at=now,
    )
    _audit(actor, request, "person.request.open", {"kind": kind}, now)
    return request


@transaction.atomic
def request_status(
    *,
    actor: Actor,
    request: Request,
    status: str,
    on: date,
    note: str = "",
    decision_reference: str = "",
    now: datetime | None = None,
) -> Request:
    """Moves the request on (in review, waiting for documents) or closes it
    (granted, refused, withdrawn). A closed request changes no more."""
    now = now or timezone.now()
    request = _locked(request)
    _guard(actor, request.person)
    if request.is_closed:
        raise Conflict(
            _("This request is closed: it was %(status)s.")
            % {"status": request.get_status_display().lower()}
        )
    errors: dict[str, list[str]] = {}
    if status not in _STATUSES or status == RequestStatus.SUBMITTED:
        errors["status"] = [_("Choose the request's new status.")]
    _check_day(errors, "on", on, today=now.date(), after=request.submitted_on)
    last = request.events.order_by("-on", "-recorded_at").values_list("on", flat=True).first()
    if "on" not in errors and last is not None and on < last:
        errors["on"] = [_("The status history goes forward: this date is before the last step.")]
    decided = status in {RequestStatus.GRANTED, RequestStatus.REFUSED}
    reference = decision_reference.strip()
    if decided and not reference:
        errors["decision_reference"] = [_("Give the reference of the decision.")]
    for field, value in (("note", note), ("decision_reference", reference)):
        if "\x00" in value:
            errors[field] = [_("This contains a character that is not allowed.")]
    if errors:
        raise ValidationFailed(_("The status has errors."), field_errors=errors)
    assert actor.organisation_id is not None
    RequestEvent.objects.create(
        request=request,
        status=status,
        on=on,
        note=note.strip(),
        recorded_by_id=actor.organisation_id,
        recorded_at=now,
    )
    request.status = status
    if status in FINAL_REQUEST_STATUSES:
        request.decided_on = on
        request.decision_reference = reference
    request.save(update_fields=["status", "decided_on", "decision_reference"])
    _audit(actor, request, "person.request.status", {"status": status}, now)
    return request


@transaction.atomic
def request_member_add(
    *,
    actor: Actor,
    request: Request,
    name: str,
    relationship: str,
    country: str,
    name_latin: str = "",
    birth_date: date | None = None,
    now: datetime | None = None,
) -> FamilyMemberAbroad:
    """A family member abroad whom a reunification request is for."""
    now = now or timezone.now()
    request = _open_for_change(actor, request)
    errors: dict[str, list[str]] = {}
    if request.kind != RequestKind.FAMILY_REUNIFICATION:
        errors["name"] = [_("Only a family-reunification request has family members abroad.")]
    name = " ".join(name.split())
    latin = " ".join(name_latin.split()) or names.suggest_latin(name)
    if not name or "\x00" in name:
        errors["name"] = [_("Give the family member's name.")]
    elif latin and not names.is_latin(latin):
        errors["name_latin"] = [_("Write this in Latin letters.")]
    if relationship not in _RELATIVES:
        errors["relationship"] = [_("Choose spouse, child, parent, sibling or other relative.")]
    code = country.strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        errors["country"] = [_("Give a two-letter ISO 3166 country code, such as UA.")]
    _check_day(errors, "birth_date", birth_date, today=now.date(), after=None)
    if errors:
        raise ValidationFailed(_("The family member has errors."), field_errors=errors)
    member = FamilyMemberAbroad.objects.create(
        request=request,
        name=name,
        name_latin=latin,
        relationship=relationship,
        birth_date=birth_date,
        country=code,
    )
    _audit(actor, request, "person.request.member", {"relationship": relationship}, now)
    return member


@transaction.atomic
def request_document_add(
    *,
    actor: Actor,
    request: Request,
    title: str,
    received_on: date,
    note: str = "",
    now: datetime | None = None,
) -> RequestDocument:
    """A supporting document handed in for the request."""
    now = now or timezone.now()
    request = _open_for_change(actor, request)
    errors: dict[str, list[str]] = {}
    title = " ".join(title.split())
    if not title or "\x00" in title:
        errors["title"] = [_("Say which document was handed in.")]
    _check_day(errors, "received_on", received_on, today=now.date(), after=request.submitted_on)
    if "\x00" in note:
        errors["note"] = [_("This contains a character that is not allowed.")]
    if errors:
        raise ValidationFailed(_("The document has errors."), field_errors=errors)
    document = RequestDocument.objects.create(
        request=request, title=title, received_on=received_on, note=note.strip()
    )
    _audit(actor, request, "person.request.document", {}, now)
    return document
