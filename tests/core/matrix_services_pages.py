"""The partner pages' rows of the access matrix (tests/core/test_access_matrix.py):
the directory, services, partnerships, referrals, performance, volunteers and the inbox.

Rows are ``(URL name, method, url, data, expect)``, made into ``PageRow``s there.
The objects are tests/core/matrix_services.py's: on centre-a's side the NGO (where
the partner persona and the teacher work) receives centre-a's person; on
centre-b's side a clinic receives centre-b's person, and no persona but the
coordinator has anything to do with it. On each side a cleared volunteer of the
receiving organisation helps that centre's person (``volunteer_<target>``,
``match_<target>``).

The public directory (services:public_directory) needs no sign-in: it is in
PUBLIC_PAGES, and tested in tests/services/test_pages.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.utils import timezone


class Case(Protocol):
    persona: str
    target: str


Objects = dict[str, object]
Row = tuple[
    str, str, Callable[[Any, Objects], str], Callable[[Any], dict[str, str]], Callable[[Any], int]
]

# Who reads the internal directory (integra.core.access.can_search_directory): the
# roles that work with partners, and administrators (who describe their services).
# The partnership and referral lists are theirs too; an administrator's are empty.
DIRECTORY = {"caseworker", "partner", "coordinator", "teacher", "admin", "national_admin"}
# Who may describe some organisation's services: its receiving staff (partner
# agents, caseworkers), administrators above it, the coordinator.
DESCRIBERS = {"admin", "caseworker", "partner", "coordinator", "national_admin"}


def _directory(case: Case, ok: int = 200, refused: int = 403) -> int:
    return ok if case.persona in DIRECTORY else refused


def _coordinator(case: Case, ok: int = 200) -> int:
    return ok if case.persona == "coordinator" else 403


def _service_manage(case: Case) -> int:
    """Every signed-in user reads the (public) service; the NGO's partner agent
    and the coordinator change the NGO's; nobody but the coordinator the clinic's."""
    if case.persona == "coordinator" or (case.persona, case.target) == ("partner", "centre-a"):
        return 200
    return 403


def _partnership_read(case: Case) -> bool:
    """Coordinators, and the staff of the parties (centre-a and the NGO) who work
    with partners."""
    if case.persona == "coordinator":
        return True
    return case.target == "centre-a" and case.persona in {"caseworker", "partner", "teacher"}


def _partnership_write(case: Case) -> int:
    if not _partnership_read(case):
        return 404
    return _coordinator(case)


def _referral_read(case: Case) -> bool:
    """The receiving partner (the NGO, centre-a's side), the sending caseworkers
    (centre-a) and the coordinator; everyone else learns nothing."""
    if case.persona == "coordinator":
        return True
    return case.target == "centre-a" and case.persona in {"caseworker", "partner"}


def _referral_answer(ok: int) -> Callable[[Any], int]:
    """Accept, decline, complete: the receiving partner only; the sending side reads
    the referral but is refused."""

    def expect(case: Case) -> int:
        if not _referral_read(case):
            return 404
        return ok if case.persona == "partner" else 403

    return expect


def _referral_withdraw(case: Case) -> int:
    """The sending caseworkers (responsible for the case) only."""
    if not _referral_read(case):
        return 404
    return 302 if case.persona == "caseworker" else 403


def _person(case: Case, ok: int = 200) -> int:
    """A person of case.target, read through the registry (as _person_status)."""
    if case.persona == "coordinator" or (case.persona, case.target) == ("caseworker", "centre-a"):
        return ok
    return 403 if case.persona == "caseworker" else 404


def _refer(case: Case) -> int:
    """Referring is writing the plan: centre-a's caseworker; the coordinator and
    centre-b's caseworker read the case and are refused; others learn nothing."""
    if case.persona == "caseworker":
        return 200 if case.target == "centre-a" else 403
    return 403 if case.persona == "coordinator" else 404


def _performance(case: Case) -> int:
    """An organisation's figures: coordinators, and its own receiving staff."""
    if case.persona == "coordinator" or (case.persona, case.target) == ("partner", "centre-a"):
        return 200
    return 403


# Who works with volunteers (integra.core.access.can_see_volunteers): those who match
# them (caseworkers, coordinators), who keep them (partner agents), and administrators.
VOLUNTEERS = {"caseworker", "partner", "coordinator", "admin", "national_admin"}


def _volunteers(case: Case, ok: int = 200, refused: int = 403) -> int:
    return ok if case.persona in VOLUNTEERS else refused


def _volunteer_keeping(ok: int) -> Callable[[Any], int]:
    """Read first (404 for those who do not work with volunteers), then only the
    volunteer's organisation (the NGO's partner, on centre-a's side) and coordinators;
    administrators of centre A or of the national authority are not above the NGO
    or the clinic."""

    def expect(case: Case) -> int:
        if case.persona not in VOLUNTEERS:
            return 404
        keeper = case.persona == "coordinator" or (case.persona, case.target) == (
            "partner",
            "centre-a",
        )
        return ok if keeper else 403

    return expect


def _match(ok: int) -> Callable[[Any], int]:
    """A match is for the person's caseworkers (centre A's, on its side), the
    volunteer's organisation (the NGO's partner, on its side) and coordinators; all of
    them log hours and end it. Everyone else learns nothing."""

    def expect(case: Case) -> int:
        if case.persona == "coordinator":
            return ok
        return (
            ok if case.target == "centre-a" and case.persona in {"caseworker", "partner"} else 404
        )

    return expect


def _today() -> str:
    return timezone.localdate().isoformat()


def _volunteer_url(suffix: str = "") -> Callable[[Any, Objects], str]:
    return lambda c, o: f"/partners/volunteers/{o['volunteer_' + c.target]}/{suffix}"


def _match_url(suffix: str = "") -> Callable[[Any, Objects], str]:
    return lambda c, o: f"/partners/volunteers/matches/{o['match_' + c.target]}/{suffix}"


def _service_url(suffix: str = "") -> Callable[[Any, Objects], str]:
    return lambda c, o: (
        f"/partners/services/{o['service_org_' + c.target]}/{o['service_' + c.target]}/{suffix}"
    )


def _partnership_url(suffix: str = "") -> Callable[[Any, Objects], str]:
    return lambda c, o: f"/partners/partnerships/{o['partnership_' + c.target]}/{suffix}"


def _referral_url(suffix: str = "") -> Callable[[Any, Objects], str]:
    return lambda c, o: f"/partners/referrals/{o['referral_' + c.target]}/{suffix}"


def _nothing(case: Any) -> dict[str, str]:
    return {}


SERVICES_PAGE_ROWS: list[Row] = [
    # The directory: staff who work with partners; the others are sent to the public one.
    (
        "services:directory",
        "GET",
        lambda c, o: "/partners/",
        _nothing,
        lambda c: _directory(c, 200, 302),
    ),
    ("services:service_detail", "GET", _service_url(), _nothing, lambda c: 200),
    ("services:service_edit", "GET", _service_url("edit/"), _nothing, _service_manage),
    (
        "services:service_create",
        "GET",
        lambda c, o: "/partners/services/new/",
        _nothing,
        lambda c: 200 if c.persona in DESCRIBERS else 403,
    ),
    # Partnerships
    (
        "services:partnership_list",
        "GET",
        lambda c, o: "/partners/partnerships/",
        _nothing,
        _directory,
    ),
    (
        "services:partnership_create",
        "GET",
        lambda c, o: "/partners/partnerships/new/",
        _nothing,
        _coordinator,
    ),
    (
        "services:partnership_detail",
        "GET",
        _partnership_url(),
        _nothing,
        lambda c: 200 if _partnership_read(c) else 404,
    ),
    ("services:partnership_edit", "GET", _partnership_url("edit/"), _nothing, _partnership_write),
    (
        "services:partnership_terminate",
        "GET",
        _partnership_url("terminate/"),
        _nothing,
        _partnership_write,
    ),
    # Referrals
    ("services:referral_inbox", "GET", lambda c, o: "/partners/referrals/", _nothing, _directory),
    (
        "services:referral_sent",
        "GET",
        lambda c, o: "/partners/referrals/sent/",
        _nothing,
        _directory,
    ),
    (
        "services:performance",
        "GET",
        lambda c, o: (
            f"/partners/referrals/performance/?organisation={o['service_org_' + c.target]}"
        ),
        _nothing,
        _performance,
    ),
    (
        "services:person_referrals",
        "GET",
        lambda c, o: f"/partners/referrals/person/{o['person_' + c.target]}/",
        _nothing,
        _person,
    ),
    (
        "services:referral_create",
        "GET",
        lambda c, o: f"/partners/referrals/person/{o['person_' + c.target]}/new/",
        _nothing,
        _refer,
    ),
    (
        "services:referral",
        "GET",
        _referral_url(),
        _nothing,
        lambda c: 200 if _referral_read(c) else 404,
    ),
    # The partner accepts (back to the referral).
    ("services:referral_accept", "POST", _referral_url("accept/"), _nothing, _referral_answer(302)),
    # No reason given: the page comes back with the error beside the reason.
    (
        "services:referral_decline",
        "POST",
        _referral_url("decline/"),
        _nothing,
        _referral_answer(200),
    ),
    # Nothing filled in: the referral's page again, with the form's errors.
    (
        "services:referral_complete",
        "POST",
        _referral_url("complete/"),
        _nothing,
        _referral_answer(200),
    ),
    (
        "services:referral_withdraw",
        "POST",
        _referral_url("withdraw/"),
        _nothing,
        _referral_withdraw,
    ),
    # Volunteers
    (
        "services:volunteer_list",
        "GET",
        lambda c, o: "/partners/volunteers/?cleared=on",
        _nothing,
        _volunteers,
    ),
    (
        "services:volunteer_create",
        "GET",
        lambda c, o: "/partners/volunteers/new/",
        _nothing,
        _volunteers,
    ),
    (
        "services:volunteer_detail",
        "GET",
        _volunteer_url(),
        _nothing,
        lambda c: _volunteers(c, refused=404),
    ),
    ("services:volunteer_edit", "GET", _volunteer_url("edit/"), _nothing, _volunteer_keeping(200)),
    (
        "services:volunteer_vet",
        "POST",
        _volunteer_url("vetting/"),
        lambda c: {"vetting-outcome": "cleared", "vetting-vetted_on": _today()},
        _volunteer_keeping(302),
    ),
    # Matching is writing the plan, as referring is.
    (
        "services:match_create",
        "GET",
        lambda c, o: f"/partners/volunteers/person/{o['person_' + c.target]}/match/",
        _nothing,
        _refer,
    ),
    ("services:match_detail", "GET", _match_url(), _nothing, _match(200)),
    (
        "services:hours_log",
        "POST",
        _match_url("hours/"),
        lambda c: {"hours-day": _today(), "hours-hours": "1.5"},
        _match(302),
    ),
    (
        "services:match_end",
        "POST",
        _match_url("end/"),
        lambda c: {"end-ended_on": _today(), "end-note": "Done."},
        _match(302),
    ),
    # The inbox: everyone's own.
    ("inbox", "GET", lambda c, o: "/inbox/", _nothing, lambda c: 200),
    ("inbox_read", "POST", lambda c, o: "/inbox/read/", _nothing, lambda c: 302),
]

SERVICES_PUBLIC_PAGES = {"services:public_directory"}
