"""Discrimination and xenophobic incidents (R21): reporting one, with or without an
account (by the person it happened to, a witness, or an organisation for the
person); following it with the tracking code; and the follow-up by an equality
body or a legal-aid organisation, up to a referral to the equality body and the
outcome.

Behind the firewall like complaints (ARCHITECTURE.md rule 2): nothing asks for
residence status, no audit entry names the reporter, and an organisation that
reports for someone hands over the code and never reads the report back. Every
write is atomic and audited; what people write is checked as complaints check it
(plain text only: markup and script are refused).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied
from integra.protection.models import (
    Incident,
    IncidentEvent,
    IncidentGround,
    IncidentKind,
    IncidentStatus,
    PlaceKind,
    ReportedBy,
)
from integra.protection.selectors import incidents as selectors
from integra.protection.services.complaints import check_text, refuse, tracking_code_new

DESCRIPTION_MAX = 10_000
NOTE_MAX = 5_000
SHORT_MAX = 200
PLACE_MAX = 250
CONTACT_MAX = 254
REGION_MAX = 100
# An incident older than this is not refused but cannot be dated this far back.
OLDEST_YEARS = 100


@dataclass(frozen=True)
class IncidentData:
    kinds: Sequence[str]
    description: str
    place_kind: str
    reported_by: str = ReportedBy.VICTIM  # victim or witness; "organisation" is set for you
    grounds: Sequence[str] = ()
    happened_on: date | None = None
    place: str = ""
    region: str = ""
    anonymous: bool = True
    name: str = ""
    contact: str = ""
    language: str = ""  # the reporter's; the active language when empty


@dataclass(frozen=True)
class Reported:
    incident: Incident
    code: str  # shown once; only its digest is kept


def _choices(
    name: str,
    values: Sequence[str],
    allowed: Sequence[str],
    errors: dict[str, list[str]],
    *,
    required: bool,
) -> list[str]:
    chosen: list[str] = []
    for value in values:
        if value not in allowed:
            errors[name] = [_("Choose from the list.")]
        elif value not in chosen:
            chosen.append(value)
    if required and not chosen and name not in errors:
        errors[name] = [_("Choose at least one.")]
    return chosen


def _clean(data: IncidentData, *, for_someone: bool, today: date) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    values: dict[str, object] = {
        "kinds": _choices("kinds", data.kinds, IncidentKind.values, errors, required=True),
        "grounds": _choices("grounds", data.grounds, IncidentGround.values, errors, required=False),
        "description": check_text(
            "description", data.description, DESCRIPTION_MAX, errors, required=True
        ),
        "place": check_text("place", data.place, PLACE_MAX, errors),
        "region": check_text("region", data.region, REGION_MAX, errors),
    }
    if data.place_kind not in PlaceKind.values:
        errors["place_kind"] = [_("Choose where it happened from the list.")]
    values["place_kind"] = data.place_kind
    if for_someone:
        values["reported_by"] = ReportedBy.ORGANISATION
    elif data.reported_by in (ReportedBy.VICTIM, ReportedBy.WITNESS):
        values["reported_by"] = data.reported_by
    else:
        errors["reported_by"] = [_("Say whether it happened to you or you saw it.")]
    if data.happened_on is not None:
        if data.happened_on > today:
            errors["happened_on"] = [_("The date cannot be in the future.")]
        elif data.happened_on < today - timedelta(days=365 * OLDEST_YEARS):
            errors["happened_on"] = [_("Check the date: it is too far in the past.")]
    values["happened_on"] = data.happened_on
    name = check_text("name", data.name, SHORT_MAX, errors)
    contact = check_text("contact", data.contact, CONTACT_MAX, errors)
    # Anonymous means anonymous: a name or contact given by mistake is not kept.
    values["anonymous"] = data.anonymous
    values["name"] = "" if data.anonymous else name
    values["contact"] = "" if data.anonymous else contact
    refuse(errors, _("The report has errors."))
    return values


def event_add(
    incident: Incident,
    kind: str,
    now: datetime,
    *,
    public: bool,
    text: str = "",
    data: dict[str, object] | None = None,
    by: Actor | None = None,
) -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        public=public,
        text=text,
        data=data or {},
        by=by.user if by else None,
        at=now,
    )


def _audit(
    actor: Actor, incident: Incident, action: str, data: dict[str, object], now: datetime
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="incident",
        object_id=incident.public_id,
        purpose="incident follow-up",
        data=data,
        now=now,
    )


# --- Reporting ------------------------------------------------------------------------------


def incident_report(
    *, actor: Actor | None, data: IncidentData, now: datetime | None = None
) -> Reported:
    """Reports an incident: from the public pages (``actor`` None: the person it
    happened to or a witness), or for the person by an NGO, a caseworker or an
    inspector (``actor``: reported by the organisation they act for, who hands
    over the code and cannot read the report afterwards)."""
    now = now or timezone.now()
    if actor is not None and not access.can_report_incident_for_someone(actor):
        raise PermissionDenied(
            _("Incidents are reported for someone by NGOs, caseworkers and inspectors.")
        )
    values = _clean(data, for_someone=actor is not None, today=timezone.localdate(now))
    code = tracking_code_new()
    with transaction.atomic():
        incident = Incident.objects.create(
            tracking_digest=selectors.digest_of(code),
            reporter=actor.user if actor else None,
            reporter_organisation_id=actor.organisation_id if actor else None,
            language=(data.language or translation.get_language() or "en")[:8],
            reported_at=now,
            **values,
        )
        event_add(incident, "reported", now, public=True)
        audit.record(
            actor=actor,
            actor_label="" if actor else "reporter",
            action="incident.report",
            object_type="incident",
            object_id=incident.public_id,
            purpose="incident",
            data={
                "reported_by": incident.reported_by,
                "kinds": incident.kinds,
                "anonymous": incident.anonymous,
            },
            now=now,
        )
    return Reported(incident=incident, code=code)


def incident_add_information(
    *, incident: Incident, text: str, now: datetime | None = None
) -> IncidentEvent:
    """The reporter adds what they know, through the tracking code."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    cleaned = check_text("text", text, DESCRIPTION_MAX, errors, required=True)
    refuse(errors, _("What you added has errors."))
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if locked.status == IncidentStatus.CLOSED:
            raise Conflict(_("This report is closed. If something new happened, report it anew."))
        event = event_add(locked, "information", now, public=True, text=cleaned)
        audit.record(
            actor=None,
            actor_label="reporter",
            action="incident.information.add",
            object_type="incident",
            object_id=locked.public_id,
            purpose="incident",
            now=now,
        )
    return event


# --- Following up ---------------------------------------------------------------------------


def _locked(actor: Actor, incident: Incident) -> Incident:
    """The incident, locked for the change, if the actor follows it up."""
    # Checked on the row as it is now, not as the caller last read it.
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if not selectors.can_see(actor=actor, incident=locked):
        raise NotFound(_("There is no such incident."))
    if locked.status == IncidentStatus.CLOSED:
        raise Conflict(_("This incident is closed."))
    return locked


def _take(actor: Actor, locked: Incident, now: datetime) -> None:
    organisation = selectors.own_organisation(actor=actor)
    if organisation is None:
        raise Conflict(_("Your organisation does not follow up incidents."))
    locked.handled_by = organisation
    if locked.status == IncidentStatus.RECEIVED:
        locked.status = IncidentStatus.FOLLOWING_UP
    locked.save(update_fields=["handled_by", "status"])
    event_add(
        locked,
        "taken",
        now,
        public=True,
        data={"organisation": organisation.code, "organisation_name": organisation.name},
        by=actor,
    )


@transaction.atomic
def incident_take(*, actor: Actor, incident: Incident, now: datetime | None = None) -> Incident:
    """The actor's organisation follows the incident up (one no one has taken yet)."""
    now = now or timezone.now()
    locked = _locked(actor, incident)
    if locked.handled_by_id is not None:
        raise Conflict(_("This incident is followed up already."))
    _take(actor, locked, now)
    _audit(actor, locked, "incident.take", {"handled_by": locked.handled_by_id}, now)
    return locked


@transaction.atomic
def incident_update(
    *,
    actor: Actor,
    incident: Incident,
    note: str,
    public: bool = False,
    now: datetime | None = None,
) -> IncidentEvent:
    """A note: an internal one for the handlers, or an update the reporter reads
    on the tracking page."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    text = check_text("note", note, NOTE_MAX, errors, required=True)
    refuse(errors, _("The note has errors."))
    locked = _locked(actor, incident)
    event = event_add(
        locked, "update" if public else "note", now, public=public, text=text, by=actor
    )
    _audit(actor, locked, "incident.update", {"public": public}, now)
    return event


@transaction.atomic
def incident_refer(
    *,
    actor: Actor,
    incident: Incident,
    organisation: str,
    note: str = "",
    now: datetime | None = None,
) -> Incident:
    """Refers the incident to the equality body (chosen by its code). Its handlers
    see it from then on; the reporter reads that it was referred. One no one had
    taken is taken by the actor's organisation with it."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    text = check_text("note", note, NOTE_MAX, errors)
    target = selectors.equality_body(code=organisation)
    if target is None:
        errors["organisation"] = [_("Choose an equality body from the list.")]
    refuse(errors, _("The incident could not be referred."))
    assert target is not None
    locked = _locked(actor, incident)
    if target.pk in (locked.referred_to_id, locked.handled_by_id):
        raise Conflict(_("The incident is with this equality body already."))
    if locked.handled_by_id is None:
        _take(actor, locked, now)
    locked.status = IncidentStatus.REFERRED
    locked.referred_to = target
    locked.referred_at = now
    locked.save(update_fields=["status", "referred_to", "referred_at"])
    event_add(
        locked,
        "referred",
        now,
        public=True,
        data={"organisation": target.code, "organisation_name": target.name},
        by=actor,
    )
    if text:
        event_add(locked, "note", now, public=False, text=text, by=actor)
    _audit(actor, locked, "incident.refer", {"to": target.code}, now)
    return locked


@transaction.atomic
def incident_close(
    *,
    actor: Actor,
    incident: Incident,
    outcome: str,
    public: bool = True,
    now: datetime | None = None,
) -> Incident:
    """Closes the incident with its outcome (shown to the reporter unless ``public``
    is false)."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    text = check_text("outcome", outcome, NOTE_MAX, errors, required=True)
    refuse(errors, _("The incident could not be closed."))
    locked = _locked(actor, incident)
    if locked.handled_by_id is None:
        _take(actor, locked, now)
    locked.status = IncidentStatus.CLOSED
    locked.outcome = text
    locked.closed_at = now
    locked.save(update_fields=["status", "outcome", "closed_at"])
    event_add(locked, "closed", now, public=True, text=text if public else "", by=actor)
    _audit(actor, locked, "incident.close", {"public": public}, now)
    return locked
