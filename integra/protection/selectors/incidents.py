"""What the incident pages and API read (R21), already scoped.

Behind the firewall (ARCHITECTURE.md rule 2), as complaints are: an incident is
read by the handlers of the organisation following it up (an equality body or a
legal-aid organisation: core.access.can_see_incident), by the equality body it
was referred to, and never by a role that can see legal status. Whoever reported
it for someone does not read it back. The reporter follows it with the tracking
code: the status and the public events, nothing a handler wrote for colleagues.

The tracking code is the complaints' (selectors.complaints: 160 random bits,
stored as a keyed digest, wrong and unknown codes answered alike, guessing slowed
per client address).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from integra.core import access, audit, ratelimit
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import Organisation
from integra.core.roles import OrganisationKind, Role
from integra.protection.models import (
    Incident,
    IncidentEvent,
    IncidentGround,
    IncidentKind,
    IncidentStatus,
    PlaceKind,
    ReportedBy,
)
from integra.protection.selectors.complaints import (
    TRACK_LIMIT,
    TRACK_WINDOW_SECONDS,
    TooManyTries,
    format_code,
    normalise_code,
    tracking_digest,
)

__all__ = ["TRACK_LIMIT", "TRACK_WINDOW_SECONDS", "TooManyTries", "format_code"]


# --- The tracking code ---------------------------------------------------------------------


def digest_of(code: str) -> str:
    """The keyed digest stored in place of an incident's tracking code."""
    return tracking_digest(f"incident:{normalise_code(code) or code[:64]}")


def incident_by_code(*, code: str, client: str) -> Incident:
    """The incident a tracking code opens, for its reporter. Every try counts
    against the client's allowance, found or not; a malformed code and an unknown
    one are the same "not found"."""
    if ratelimit.hit(
        f"incidents:track:{client or 'unknown'}",
        limit=TRACK_LIMIT,
        window_seconds=TRACK_WINDOW_SECONDS,
    ):
        raise TooManyTries(_("Too many tries. Wait a quarter of an hour and try again."))
    normalised = normalise_code(code)
    # Hash even a malformed code, so both answers take the same work.
    digest = digest_of(code)
    found = Incident.objects.filter(tracking_digest=digest).first() if normalised else None
    if found is None:
        raise NotFound(_("We found no report with this code. Check it and try again."))
    return found


def tracked_incident(*, public_id: str) -> Incident:
    """The incident a reporter opened with its code earlier in the session."""
    found = Incident.objects.filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("We found no report with this code. Check it and try again."))
    return found


# --- Labels (in the reader's language) -----------------------------------------------------


def status_label(value: str) -> str:
    return str(dict(IncidentStatus.choices).get(value, value))


def kind_label(value: str) -> str:
    return str(dict(IncidentKind.choices).get(value, value))


def ground_label(value: str) -> str:
    return str(dict(IncidentGround.choices).get(value, value))


def place_label(value: str) -> str:
    return str(dict(PlaceKind.choices).get(value, value))


def reported_by_label(value: str) -> str:
    return str(dict(ReportedBy.choices).get(value, value))


def event_title(event: IncidentEvent) -> str:
    """What an event says, in the reader's language (data, not stored text)."""
    data = event.data or {}
    if event.kind == "reported":
        return _("Report received")
    if event.kind == "taken":
        return _("Followed up by %(organisation)s") % {
            "organisation": data.get("organisation_name", "")
        }
    if event.kind == "update":
        return _("Update")
    if event.kind == "note":
        return _("Internal note")
    if event.kind == "information":
        return _("Information added by the reporter")
    if event.kind == "referred":
        return _("Referred to %(organisation)s") % {
            "organisation": data.get("organisation_name", "")
        }
    if event.kind == "closed":
        return _("Closed")
    return event.kind


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class TrackedView:
    incident: Incident
    status_label: str
    events: list[PublicEvent]


def tracked_view(*, incident: Incident) -> TrackedView:
    """What the reporter sees: the status and the public events, oldest first;
    never a handler's name or an internal note."""
    events = incident.events.filter(public=True).order_by("at", "pk")
    return TrackedView(
        incident=incident,
        status_label=status_label(incident.status),
        events=[PublicEvent(e.at, e.kind, event_title(e), e.text) for e in events],
    )


# --- Who may do what ------------------------------------------------------------------------


def handles_incidents(*, actor: Actor) -> bool:
    return access.handles_incidents(actor)


def can_report_for_someone(*, actor: Actor) -> bool:
    return access.can_report_incident_for_someone(actor)


def acting_organisation(*, actor: Actor) -> Organisation | None:
    """The organisation an incident reported for someone is reported by."""
    if actor.organisation_id is None:
        return None
    return Organisation.objects.filter(pk=actor.organisation_id).first()


def can_see(*, actor: Actor, incident: Incident) -> bool:
    """The organisation following it up (anyone handling incidents while no one
    does), and the equality body it was referred to."""
    return access.can_see_incident(
        actor, handled_by=incident.handled_by_id, referred_to=incident.referred_to_id
    )


def _guard(actor: Actor) -> set[int]:
    scope = access.incident_scope(actor)
    if not scope:
        raise PermissionDenied(
            _("Incidents are followed up by the equality body and legal-aid organisations.")
        )
    return scope


def own_organisation(*, actor: Actor) -> Organisation | None:
    """The organisation (an equality body or legal aid) the actor follows incidents
    up for: the one they act for when it is such, else their first such seat."""
    seats = [
        s
        for s in actor.seats
        if s.role == Role.INSPECTOR and s.organisation_kind in access.INCIDENT_KINDS
    ]
    if not seats or not access.handles_incidents(actor):
        return None
    acting = next((s for s in seats if s.organisation_id == actor.organisation_id), seats[0])
    return Organisation.objects.filter(pk=acting.organisation_id, is_active=True).first()


def equality_bodies() -> QuerySet[Organisation]:
    """Where an incident can be referred: the active equality bodies."""
    return Organisation.objects.filter(
        kind=OrganisationKind.EQUALITY_BODY, is_active=True
    ).order_by("name", "pk")


def equality_body(*, code: str) -> Organisation | None:
    return equality_bodies().filter(code=code).first()


# --- Handlers' reads --------------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentFilters:
    status: str = ""  # an IncidentStatus, "open" (anything but closed) or "" for all
    kind: str = ""
    ground: str = ""
    region: str = ""


def incident_list(*, actor: Actor, filters: IncidentFilters | None = None) -> QuerySet[Incident]:
    """The incidents the actor's organisations follow up or were referred, and those
    no one has taken yet: the open ones oldest first, then the closed ones."""
    scope = _guard(actor)
    filters = filters or IncidentFilters()
    incidents = Incident.objects.filter(
        Q(handled_by__isnull=True) | Q(handled_by_id__in=scope) | Q(referred_to_id__in=scope)
    ).select_related("handled_by", "referred_to")
    if filters.status == "open":
        incidents = incidents.exclude(status=IncidentStatus.CLOSED)
    elif filters.status:
        incidents = incidents.filter(status=filters.status)
    if filters.kind:
        # The JSON list as text, the value in quotes: both databases read it alike.
        incidents = incidents.filter(kinds__icontains=f'"{filters.kind}"')
    if filters.ground:
        incidents = incidents.filter(grounds__icontains=f'"{filters.ground}"')
    if filters.region.strip():
        incidents = incidents.filter(region__icontains=filters.region.strip())
    closed_last = Case(
        When(status=IncidentStatus.CLOSED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return incidents.annotate(closed_last=closed_last).order_by("closed_last", "reported_at", "pk")


def incident_rows(*, incidents: list[Incident]) -> list[dict[str, object]]:
    """The list's lines: labels in the reader's language."""
    return [
        {
            "incident": incident,
            "kinds": [kind_label(k) for k in incident.kinds],
            "place": place_label(incident.place_kind),
            "status": status_label(incident.status),
        }
        for incident in incidents
    ]


def incident_get(*, actor: Actor, public_id: str) -> Incident:
    """One incident, for those who follow it up; anyone else learns nothing (404),
    not even that it exists."""
    if not access.incident_scope(actor):
        raise NotFound(_("There is no such incident."))
    incident = (
        Incident.objects.select_related("handled_by", "referred_to", "reporter_organisation")
        .filter(public_id=public_id)
        .first()
    )
    if incident is None or not can_see(actor=actor, incident=incident):
        raise NotFound(_("There is no such incident."))
    return incident


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    kinds: list[str]
    grounds: list[str]
    place_kind: str
    status: str
    reported_by: str
    events: list[tuple[IncidentEvent, str]]


def incident_detail(*, actor: Actor, public_id: str) -> IncidentDetail:
    """Everything about one incident, for those who follow it up; the read is audited."""
    incident = incident_get(actor=actor, public_id=public_id)
    audit.record(
        actor=actor,
        action="incident.read",
        object_type="incident",
        object_id=incident.public_id,
        purpose="incident follow-up",
    )
    events = incident.events.select_related("by").order_by("at", "pk")
    return IncidentDetail(
        incident=incident,
        kinds=[kind_label(k) for k in incident.kinds],
        grounds=[ground_label(g) for g in incident.grounds],
        place_kind=place_label(incident.place_kind),
        status=status_label(incident.status),
        reported_by=reported_by_label(incident.reported_by),
        events=[(event, event_title(event)) for event in events],
    )
