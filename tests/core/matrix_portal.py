"""The portal's staff side in the access matrix (tests/core/test_access_matrix.py):
invitations, messages and appointments (integra/portal/views/staff.py, api/mine.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order. The migrant's own
pages have their own matrix (tests/portal/test_access.py). Each person of the
matrix has a phone number and a portal account, and an appointment to come.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from integra.core.models import User
from integra.portal.models import Account, Appointment


def _person(case: Any, ok: int = 200) -> int:
    """Reading the person: the coordinator and centre A's caseworker; centre A's
    caseworker is refused centre B's person; everyone else learns nothing."""
    if case.persona == "coordinator" or (
        case.persona == "caseworker" and case.target == "centre-a"
    ):
        return ok
    return 403 if case.persona == "caseworker" else 404


def _write(case: Any, ok: int = 200) -> int:
    """Writing (invite, message, appointment): the responsible caseworker only; the
    coordinator reads the person but may not write."""
    if case.persona == "caseworker" and case.target == "centre-a":
        return ok
    return 403 if case.persona in ("caseworker", "coordinator") else 404


def _cancel(case: Any, ok: int = 200) -> int:
    """An appointment of someone else's case is not found."""
    return ok if case.persona == "caseworker" and case.target == "centre-a" else 404


def _inbox(case: Any) -> int:
    return 200 if case.persona == "caseworker" else 403


def _later() -> str:
    return (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")


def _person_url(suffix: str = "") -> Any:
    return lambda c, o: f"/portal/persons/{o['person_' + c.target]}/{suffix}"


PORTAL_STAFF_PAGE_ROWS: list[tuple[object, ...]] = [
    ("portal_staff:inbox", "GET", lambda c, o: "/portal/messages/", lambda c: {}, _inbox),
    ("portal_staff:person", "GET", _person_url(), lambda c: {}, _person),
    ("portal_staff:invite", "POST", _person_url("invite/"), lambda c: {"channel": "sms"}, _write),
    ("portal_staff:disable", "POST", _person_url("disable/"), lambda c: {},
     lambda c: _write(c, 302)),
    ("portal_staff:message_send", "POST", _person_url("messages/"),
     lambda c: {"body": "Your appointment is on Thursday."}, lambda c: _write(c, 302)),
    ("portal_staff:appointment_add", "POST", _person_url("appointments/"),
     lambda c: {"starts_at": _later(), "minutes": 30, "place": "Room 4", "purpose": "Review"},
     lambda c: _write(c, 302)),
    ("portal_staff:appointment_cancel", "POST",
     lambda c, o: f"/portal/appointments/{o['appointment_' + c.target]}/cancel/",
     lambda c: {}, lambda c: _cancel(c, 302)),
]  # fmt: skip


def _api_person(suffix: str) -> Any:
    return lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/{suffix}"


PORTAL_STAFF_API_ROWS: list[tuple[object, ...]] = [
    ("GET", "/api/v1/persons/{public_id}/portal", _api_person("portal"), lambda c: None, _person),
    ("POST", "/api/v1/persons/{public_id}/portal/invitation", _api_person("portal/invitation"),
     lambda c: {"channel": "sms"}, lambda c: _write(c, 201)),
    ("POST", "/api/v1/persons/{public_id}/portal/disable", _api_person("portal/disable"),
     lambda c: None, _write),
    ("GET", "/api/v1/persons/{public_id}/messages", _api_person("messages"), lambda c: None,
     _person),
    ("POST", "/api/v1/persons/{public_id}/messages", _api_person("messages"),
     lambda c: {"body": "Your appointment is on Thursday."}, lambda c: _write(c, 201)),
    ("GET", "/api/v1/persons/{public_id}/appointments", _api_person("appointments"),
     lambda c: None, _person),
    ("POST", "/api/v1/persons/{public_id}/appointments", _api_person("appointments"),
     lambda c: {"starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
                "place": "Room 4", "purpose": "Review"},
     lambda c: _write(c, 201)),
    ("POST", "/api/v1/appointments/{public_id}/cancel",
     lambda c, o: f"/api/v1/appointments/{o['appointment_' + c.target]}/cancel",
     lambda c: None, _cancel),
]  # fmt: skip


def portal_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    found: dict[str, object] = {}
    for target, person in persons.items():
        person.phone = "+37369000001" if target == "centre-a" else "+37369000002"
        person.save(update_fields=["phone"])
        user = User.objects.create_user(f"portal-{target}", portal_only=True)
        Account.objects.create(
            user=user,
            person=person,
            invited_by=orgs[target[-1]],
            invited_at=timezone.now(),
            activated_at=timezone.now(),
        )
        appointment = Appointment.objects.create(
            person=person,
            organisation=orgs[target[-1]],
            starts_at=timezone.now() + timedelta(days=2),
            place="Room 1",
            purpose="Plan review",
            created_by=people["caseworker"],
            created_at=timezone.now(),
        )
        found[f"appointment_{target}"] = appointment.public_id
    return found
