"""The partners API's rows of the access matrix (tests/core/test_access_matrix.py):
the directory, partnerships, referrals, volunteers, and the inbox.

Each row is a plain tuple ``(method, path, url, body, expect)``, the fields of
``ApiRow`` in order, so that this module needs nothing from the matrix module
(which imports it). The objects are those of tests/core/matrix_services.py: on
centre-a's side the NGO (the partner and teacher personas' organisation) offers
"legal-advice" and received referral_centre-a from centre A; on centre-b's side a
clinic offers "health-check" and received referral_centre-b from centre B. Each of
the two has a cleared volunteer (volunteer_<target>) who helps that centre's person
with the plan's measure (match_<target>).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.utils import timezone


class Case(Protocol):
    persona: str
    target: str  # "centre-a" or "centre-b"


Objects = dict[str, object]
Row = tuple[
    str,
    str,
    Callable[[Case, Objects], str],
    Callable[[Case], dict[str, object] | None],
    Callable[[Case], int],
]

# The service each side's partner offers, and its category.
SERVICE = {"centre-a": ("legal-advice", "legal"), "centre-b": ("health-check", "health")}
PARTNER_ORG = {"centre-a": "ngo", "centre-b": "clinic"}


def _today() -> str:
    return timezone.localdate().isoformat()


def _own_partner(case: Case) -> bool:
    """The partner persona works at the NGO: centre-a's side only."""
    return case.persona == "partner" and case.target == "centre-a"


def _describes_services(case: Case, ok: int) -> int:
    """An organisation's services are described by its own partner agents and
    caseworkers, and by coordinators; administrators of centre A or the national
    authority are not above the NGO or the clinic."""
    return ok if case.persona == "coordinator" or _own_partner(case) else 403


def _sees_partnership(case: Case) -> bool:
    """Coordinators, and the directory staff (caseworkers, partners, teachers) of the
    parties: centre A and the NGO on centre-a's side; nobody's on centre-b's."""
    if case.persona == "coordinator":
        return True
    return case.target == "centre-a" and case.persona in {"caseworker", "partner", "teacher"}


def _partnership_write(case: Case, ok: int = 200) -> int:
    """Read first (404 for those who may not), then only coordinators change it."""
    if not _sees_partnership(case):
        return 404
    return ok if case.persona == "coordinator" else 403


def _sees_referral(case: Case) -> bool:
    """The receiving NGO's partner, the sending centre's caseworker, coordinators."""
    if case.persona == "coordinator":
        return True
    return case.target == "centre-a" and case.persona in {"partner", "caseworker"}


def _answer_referral(case: Case, ok: int = 200) -> int:
    """Accept, decline, complete: the receiving organisation only."""
    if not _sees_referral(case):
        return 404
    return ok if _own_partner(case) else 403


def _withdraw_referral(case: Case) -> int:
    """The referring side's caseworkers (coordinators read, and may not)."""
    if not _sees_referral(case):
        return 404
    return 200 if case.persona == "caseworker" else 403


def _person_referrals(case: Case, ok: int = 200, *, write: bool = False) -> int:
    """A person registered at case.target: centre A's caseworker sees A's people, the
    coordinator all of them (but refers no one); everyone else learns nothing."""
    if case.persona == "coordinator":
        return 403 if write else ok
    if case.persona == "caseworker":
        return ok if case.target == "centre-a" else 403
    return 404


def _sees_volunteers(case: Case) -> bool:
    """Those who match volunteers (caseworkers, coordinators) and who keep them
    (partner agents and administrators), of every organisation."""
    return case.persona in {"caseworker", "partner", "coordinator", "admin", "national_admin"}


def _keeps_volunteers(case: Case) -> bool:
    """An organisation's volunteers are kept by its own staff (the NGO's partner, on
    centre-a's side) and by coordinators; administrators of centre A or the national
    authority are not above the NGO or the clinic."""
    return case.persona == "coordinator" or _own_partner(case)


def _volunteer_keeping(case: Case) -> int:
    """Read first (404 for those who may not see volunteers), then only their keepers
    change them or see their matches."""
    if not _sees_volunteers(case):
        return 404
    return 200 if _keeps_volunteers(case) else 403


def _sees_match(case: Case) -> bool:
    """A match is for the person's caseworkers (centre A's, on its side) and the
    volunteer's organisation (the NGO's partner, on centre-a's side), and coordinators,
    who keep every volunteer; both sides may end it and log hours. Others: 404."""
    if case.persona == "coordinator":
        return True
    return case.target == "centre-a" and case.persona in {"caseworker", "partner"}


def _service_body(case: Case) -> dict[str, object]:
    code, category = SERVICE[case.target]
    return {
        "code": code,
        "name": "Matrix service",
        "category": category,
        "languages": ["ro"],
        "locations": [{"locality": "Chișinău"}],
    }


def _partnership_body(case: Case) -> dict[str, object]:
    return {
        "title": "Matrix partnership",
        "parties": [case.target, PARTNER_ORG[case.target]],
        "scope": [SERVICE[case.target][1]],
        "shareable": ["name"],
        "valid_from": _today(),
    }


def _volunteer_body(case: Case) -> dict[str, object]:
    return {
        "given_name": f"Matrix {case.persona}",
        "email": "matrix@example.org",
        "languages": ["ro"],
        "skills": ["housing_search"],
        "locality": "Chișinău",
    }


def _service_url(case: Case, found: Objects) -> str:
    organisation = found["service_org_" + case.target]
    return f"/api/v1/organisations/{organisation}/services/{found['service_' + case.target]}"


def _referral_url(suffix: str = "") -> Callable[[Case, Objects], str]:
    return lambda c, o: f"/api/v1/referrals/{o['referral_' + c.target]}{suffix}"


def _partnership_url(suffix: str = "") -> Callable[[Case, Objects], str]:
    return lambda c, o: f"/api/v1/partnerships/{o['partnership_' + c.target]}{suffix}"


def _volunteer_url(suffix: str = "") -> Callable[[Case, Objects], str]:
    return lambda c, o: f"/api/v1/volunteers/{o['volunteer_' + c.target]}{suffix}"


def _match_url(suffix: str) -> Callable[[Case, Objects], str]:
    return lambda c, o: f"/api/v1/volunteer-matches/{o['match_' + c.target]}{suffix}"


SERVICES_API_ROWS: list[Row] = [
    # --- The directory: everyone reads it (the public part, for those outside) ---
    (
        "GET",
        "/api/v1/services",
        lambda c, o: "/api/v1/services?q=advice",
        lambda c: None,
        lambda c: 200,
    ),
    (
        "GET",
        "/api/v1/organisations/{code}/services/{service_code}",
        _service_url,
        lambda c: None,
        lambda c: 200,
    ),
    (
        "POST",
        "/api/v1/organisations/{code}/services",
        lambda c, o: f"/api/v1/organisations/{o['service_org_' + c.target]}/services",
        lambda c: {**_service_body(c), "code": f"matrix-{c.persona}"},
        lambda c: _describes_services(c, 201),
    ),
    (
        "PUT",
        "/api/v1/organisations/{code}/services/{service_code}",
        _service_url,
        _service_body,
        lambda c: _describes_services(c, 200),
    ),
    (
        "GET",
        "/api/v1/organisations/{code}/referral-performance",
        lambda c, o: f"/api/v1/organisations/{o['service_org_' + c.target]}/referral-performance",
        lambda c: None,
        lambda c: _describes_services(c, 200),  # its own receivers, and coordinators
    ),
    # --- Partnerships ---
    (
        "GET",
        "/api/v1/partnerships",
        lambda c, o: "/api/v1/partnerships",
        lambda c: None,
        lambda c: 200,
    ),
    (
        "POST",
        "/api/v1/partnerships",
        lambda c, o: "/api/v1/partnerships",
        _partnership_body,
        lambda c: 201 if c.persona == "coordinator" else 403,
    ),
    (
        "GET",
        "/api/v1/partnerships/{public_id}",
        _partnership_url(),
        lambda c: None,
        lambda c: 200 if _sees_partnership(c) else 404,
    ),
    (
        "PUT",
        "/api/v1/partnerships/{public_id}",
        _partnership_url(),
        _partnership_body,
        _partnership_write,
    ),
    (
        "POST",
        "/api/v1/partnerships/{public_id}/terminate",
        _partnership_url("/terminate"),
        lambda c: {"on": _today()},
        _partnership_write,
    ),
    # --- Referrals ---
    (
        "GET",
        "/api/v1/referrals",
        lambda c, o: "/api/v1/referrals?direction=sent",
        lambda c: None,
        lambda c: 200,
    ),
    (
        "GET",
        "/api/v1/persons/{public_id}/referrals",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/referrals",
        lambda c: None,
        _person_referrals,
    ),
    (
        "POST",
        "/api/v1/persons/{public_id}/referrals",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/referrals",
        # The body cannot name the fresh database's ids: a measure that does not
        # exist shows the caseworker of the case reached the service (422).
        lambda c: {"measure_id": 2**62, "service_id": 2**62, "shared_fields": ["name"]},
        lambda c: _person_referrals(c, 422, write=True),
    ),
    (
        "GET",
        "/api/v1/referrals/{public_id}",
        _referral_url(),
        lambda c: None,
        lambda c: 200 if _sees_referral(c) else 404,
    ),
    (
        "POST",
        "/api/v1/referrals/{public_id}/accept",
        _referral_url("/accept"),
        lambda c: None,
        _answer_referral,
    ),
    (
        "POST",
        "/api/v1/referrals/{public_id}/decline",
        _referral_url("/decline"),
        lambda c: {"reason": "no_capacity"},
        _answer_referral,
    ),
    (
        "POST",
        "/api/v1/referrals/{public_id}/complete",
        _referral_url("/complete"),
        lambda c: {"outcome": "achieved", "note": "Delivered."},
        lambda c: _answer_referral(c, 409),  # the referral is still waiting: accept it first
    ),
    (
        "POST",
        "/api/v1/referrals/{public_id}/withdraw",
        _referral_url("/withdraw"),
        lambda c: {"note": "Not needed any more."},
        _withdraw_referral,
    ),
    # --- Volunteers ---
    (
        "GET",
        "/api/v1/volunteers",
        lambda c, o: "/api/v1/volunteers?skill=housing_search&cleared=true",
        lambda c: None,
        lambda c: 200 if _sees_volunteers(c) else 403,
    ),
    (
        "POST",
        "/api/v1/organisations/{code}/volunteers",
        lambda c, o: f"/api/v1/organisations/{PARTNER_ORG[c.target]}/volunteers",
        _volunteer_body,
        lambda c: 201 if _keeps_volunteers(c) else 403,
    ),
    (
        "GET",
        "/api/v1/volunteers/{public_id}",
        _volunteer_url(),
        lambda c: None,
        lambda c: 200 if _sees_volunteers(c) else 404,
    ),
    (
        "PUT",
        "/api/v1/volunteers/{public_id}",
        _volunteer_url(),
        _volunteer_body,
        _volunteer_keeping,
    ),
    (
        "POST",
        "/api/v1/volunteers/{public_id}/vetting",
        _volunteer_url("/vetting"),
        lambda c: {"outcome": "cleared", "on": _today()},
        _volunteer_keeping,
    ),
    (
        "GET",
        "/api/v1/volunteers/{public_id}/matches",
        _volunteer_url("/matches"),
        lambda c: None,
        _volunteer_keeping,
    ),
    (
        "GET",
        "/api/v1/persons/{public_id}/volunteer-suggestions",
        lambda c, o: (
            f"/api/v1/persons/{o['person_' + c.target]}/volunteer-suggestions"
            f"?measure_id={o['measure_' + c.target]}"
        ),
        lambda c: None,
        _person_referrals,  # those who see the case (all of them see volunteers)
    ),
    (
        "GET",
        "/api/v1/persons/{public_id}/volunteer-matches",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/volunteer-matches",
        lambda c: None,
        _person_referrals,
    ),
    (
        "POST",
        "/api/v1/persons/{public_id}/volunteer-matches",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/volunteer-matches",
        # As for referrals: a measure and a volunteer that do not exist show that the
        # caseworker of the case reached the service (422).
        lambda c: {"measure_id": 2**62, "volunteer": "V-0000-0000"},
        lambda c: _person_referrals(c, 422, write=True),
    ),
    (
        "POST",
        "/api/v1/volunteer-matches/{match_id}/end",
        _match_url("/end"),
        lambda c: {"on": _today(), "note": "Done."},
        lambda c: 200 if _sees_match(c) else 404,
    ),
    (
        "POST",
        "/api/v1/volunteer-matches/{match_id}/hours",
        _match_url("/hours"),
        lambda c: {"day": _today(), "hours": 1.5},
        lambda c: 201 if _sees_match(c) else 404,
    ),
    # --- The inbox: one's own notifications ---
    ("GET", "/api/v1/inbox", lambda c, o: "/api/v1/inbox", lambda c: None, lambda c: 200),
    (
        "POST",
        "/api/v1/inbox/read",
        lambda c, o: "/api/v1/inbox/read",
        lambda c: {"ids": None},
        lambda c: 200,
    ),
]
