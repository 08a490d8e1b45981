"""The incidents API (R21).

Public, without an account (``auth=None``, limited per client address): reporting
a discrimination or hate incident, and following it with its tracking code (always
in the body, never in an address). Signed in: reporting for someone (NGOs,
caseworkers, inspectors), and, for the equality body's and legal-aid
organisations' handlers, the list, an incident, and the actions on it.
"""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status
from ninja.pagination import paginate
from ninja.throttling import AnonRateThrottle

from integra.core.api import ERRORS, request_actor
from integra.core.middleware import client_ip
from integra.pagination import Cursor
from integra.protection.schemas.incidents import (
    INCIDENT_ID,
    CloseIn,
    IncidentDetailOut,
    IncidentFilters,
    IncidentForSomeoneIn,
    IncidentIn,
    IncidentOut,
    ReferIn,
    ReportedOut,
    TrackedOut,
    TrackIn,
    TrackInformationIn,
    UpdateIn,
)
from integra.protection.selectors import incidents as selectors
from integra.protection.services import incidents as services

router = Router()

IncidentId = Annotated[str, Path(max_length=11, pattern=INCIDENT_ID)]

INCIDENTS = ["incidents"]
TRACKING = ["incident tracking"]
# A flood of reports from one address is slowed; guessing tracking codes is limited
# in the selectors (10 tries in 15 minutes per address, pages and API alike).
REPORT_RATE = "10/h"
TRACK_RATE = "30/15m"
# Without sign-in there is nothing to refuse: no 401, 403 or 409 …
PUBLIC_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 422, 429)}
# … except adding to a closed report.
TRACK_ERRORS: dict[int, Any] = {status: ERRORS[status] for status in (400, 404, 409, 422, 429)}


def _client(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _reported(reported: services.Reported) -> Status[object]:
    incident = reported.incident
    return Status(
        201,
        {
            "incident": incident.public_id,
            "tracking_code": reported.code,
            "status": incident.status,
            "reported_at": incident.reported_at,
        },
    )


def _data(payload: IncidentForSomeoneIn, reported_by: str = "") -> services.IncidentData:
    values = payload.dict()
    values.pop("reported_by", None)
    values["kinds"] = tuple(values["kinds"])
    values["grounds"] = tuple(values["grounds"])
    return services.IncidentData(**values, reported_by=reported_by)


# --- Reporting ------------------------------------------------------------------------------------


@router.post(
    "/public/incidents",
    auth=None,
    throttle=[AnonRateThrottle(REPORT_RATE)],
    response={201: ReportedOut, **PUBLIC_ERRORS},
    tags=TRACKING,
    summary="Report a discrimination or hate incident (public: no account, may be anonymous)",
    description=(
        "By the person it happened to or a witness, in any language. Nothing asks for "
        "residence status. The answer carries the tracking code, shown this once: with "
        "it the reporter follows the report and adds information "
        "(`/public/incidents/track…`). Limited to 10 reports an hour per address."
    ),
)
def incident_report_public(request: HttpRequest, payload: IncidentIn) -> Status[object]:
    return _reported(services.incident_report(actor=None, data=_data(payload, payload.reported_by)))


@router.post(
    "/incidents",
    response={201: ReportedOut, **ERRORS},
    tags=INCIDENTS,
    summary="Report an incident for someone (NGOs, caseworkers, inspectors)",
    description=(
        "Reported by the organisation you act for. Hand the tracking code to the person: "
        "you cannot read the report afterwards unless you follow incidents up."
    ),
)
def incident_report_for_someone(
    request: HttpRequest, payload: IncidentForSomeoneIn
) -> Status[object]:
    return _reported(
        services.incident_report(actor=request_actor(request), data=_data(payload, "organisation"))
    )


# --- Following a report with its code -------------------------------------------------------------


def _tracked(incident: Any) -> dict[str, object]:
    view = selectors.tracked_view(incident=incident)
    return {
        "incident": incident.public_id,
        "status": incident.status,
        "status_label": view.status_label,
        "reported_at": incident.reported_at,
        "events": [vars(event) for event in view.events],
    }


@router.post(
    "/public/incidents/track",
    auth=None,
    throttle=[AnonRateThrottle(TRACK_RATE)],
    response={200: TrackedOut, **PUBLIC_ERRORS},
    tags=TRACKING,
    summary="Follow an incident report with its tracking code (public)",
    description=(
        "The status and the updates meant for the reporter. A wrong code and an unknown "
        "one are the same 404; 10 tries in 15 minutes per address, then 429."
    ),
)
def incident_track(request: HttpRequest, payload: TrackIn) -> object:
    return _tracked(selectors.incident_by_code(code=payload.code, client=_client(request)))


@router.post(
    "/public/incidents/track/information",
    auth=None,
    throttle=[AnonRateThrottle(TRACK_RATE)],
    response={201: TrackedOut, **TRACK_ERRORS},
    tags=TRACKING,
    summary="Add information to an incident report, with its tracking code (public)",
)
def incident_track_information(request: HttpRequest, payload: TrackInformationIn) -> Status[object]:
    incident = selectors.incident_by_code(code=payload.code, client=_client(request))
    services.incident_add_information(incident=incident, text=payload.text)
    return Status(201, _tracked(incident))


# --- The handlers' side -------------------------------------------------------------------------


@router.get(
    "/incidents",
    response={200: list[IncidentOut], **ERRORS},
    tags=INCIDENTS,
    summary="Incidents your organisation follows up or was referred (and those not taken)",
    description="Open ones oldest first; closed ones last.",
)
@paginate(Cursor, ordering=("closed_last", "reported_at", "id"))
def incident_list(request: HttpRequest, filters: Query[IncidentFilters]) -> Any:
    return selectors.incident_list(
        actor=request_actor(request),
        filters=selectors.IncidentFilters(
            status=filters.status, kind=filters.kind, ground=filters.ground, region=filters.region
        ),
    )


_PLAIN = (
    "status",
    "reported_by",
    "kinds",
    "grounds",
    "place_kind",
    "region",
    "happened_on",
    "anonymous",
    "reported_at",
    "closed_at",
    "description",
    "place",
    "name",
    "contact",
    "language",
    "referred_at",
    "outcome",
)


def _detail(request: HttpRequest, public_id: str) -> dict[str, object]:
    detail = selectors.incident_detail(actor=request_actor(request), public_id=public_id)
    incident = detail.incident
    return {
        **{name: getattr(incident, name) for name in _PLAIN},
        "public_id": incident.public_id,
        "handled_by": incident.handled_by.code if incident.handled_by else None,
        "referred_to": incident.referred_to.code if incident.referred_to else None,
        "reporter_organisation": (
            incident.reporter_organisation.code if incident.reporter_organisation else None
        ),
        "events": [
            {
                "kind": event.kind,
                "public": event.public,
                "title": title,
                "text": event.text,
                "data": event.data,
                "by": event.by.username if event.by else None,
                "at": event.at,
            }
            for event, title in detail.events
        ],
    }


def _incident(request: HttpRequest, public_id: str) -> Any:
    return selectors.incident_get(actor=request_actor(request), public_id=public_id)


@router.get(
    "/incidents/{public_id}",
    response={200: IncidentDetailOut, **ERRORS},
    tags=INCIDENTS,
    summary="An incident, with its history (audited)",
)
def incident_get(request: HttpRequest, public_id: IncidentId) -> object:
    return _detail(request, public_id)


@router.post(
    "/incidents/{public_id}/take",
    response={200: IncidentDetailOut, **ERRORS},
    tags=INCIDENTS,
    summary="Follow the incident up for your organisation",
)
def incident_take(request: HttpRequest, public_id: IncidentId) -> object:
    services.incident_take(actor=request_actor(request), incident=_incident(request, public_id))
    return _detail(request, public_id)


@router.post(
    "/incidents/{public_id}/updates",
    response={201: IncidentDetailOut, **ERRORS},
    tags=INCIDENTS,
    summary="Write a note (internal) or an update (public: shown to the reporter)",
)
def incident_update(
    request: HttpRequest, public_id: IncidentId, payload: UpdateIn
) -> Status[object]:
    services.incident_update(
        actor=request_actor(request),
        incident=_incident(request, public_id),
        note=payload.note,
        public=payload.public,
    )
    return Status(201, _detail(request, public_id))


@router.post(
    "/incidents/{public_id}/refer",
    response={200: IncidentDetailOut, **ERRORS},
    tags=INCIDENTS,
    summary="Refer the incident to the equality body",
    description="The equality body's handlers see it from then on; the reporter is told.",
)
def incident_refer(request: HttpRequest, public_id: IncidentId, payload: ReferIn) -> object:
    services.incident_refer(
        actor=request_actor(request),
        incident=_incident(request, public_id),
        organisation=payload.organisation,
        note=payload.note,
    )
    return _detail(request, public_id)


@router.post(
    "/incidents/{public_id}/close",
    response={200: IncidentDetailOut, **ERRORS},
    tags=INCIDENTS,
    summary="Close the incident with its outcome",
)
def incident_close(request: HttpRequest, public_id: IncidentId, payload: CloseIn) -> object:
    services.incident_close(
        actor=request_actor(request),
        incident=_incident(request, public_id),
        outcome=payload.outcome,
        public=payload.public,
    )
    return _detail(request, public_id)
