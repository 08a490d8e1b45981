"""The course pages' rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples ``(name, method, url, data, expect)``, the fields of ``PageRow``
in order; the objects are tests/core/matrix_courses.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

# The catalogue pages (integra/courses/views/catalogue.py).
CATALOGUE_PAGE_ROWS: list[tuple[object, ...]] = []
# The learner's path (integra/courses/views/learners.py).
LEARNER_PAGE_ROWS: list[tuple[object, ...]] = []
# Pages anyone may open without signing in.
COURSES_PUBLIC_PAGES: set[str] = {"courses:verify"}


class Case(Protocol):
    persona: str
    target: str  # "centre-a" or "centre-b"


def _examiner(case: Case) -> int:
    """Files of results are for the providers' licensed examiners: the teacher persona."""
    return 200 if case.persona == "teacher" else 403


def _import_detail(case: Case) -> int:
    """The teacher persona examines for the NGO (centre-a's side) only; an import of
    another provider, like anything of a provider one does not examine for, is not found."""
    return 200 if case.persona == "teacher" and case.target == "centre-a" else 404


# Files of results (integra/courses/views/imports.py).
IMPORT_PAGE_ROWS: list[tuple[object, ...]] = [
    ("courses:import_start", "GET", lambda c, o: "/courses/results/imports/", lambda c: {},
     _examiner),
    ("courses:import_start", "POST", lambda c, o: "/courses/results/imports/", lambda c: {},
     _examiner),
    ("courses:import_detail", "GET",
     lambda c, o: f"/courses/results/imports/{o['result_import_' + c.target]}/",
     lambda c: {}, _import_detail),
    ("courses:import_template", "GET", lambda c, o: "/courses/results/imports/template.csv",
     lambda c: {}, _examiner),
]  # fmt: skip


# --- The learner's path (integra/courses/views/learners.py) ----------------------------------
# On centre-a's side the teacher persona teaches the class and centre-a's caseworker is
# responsible for its learner; on centre-b's side only the coordinator has a say. The
# certificate is centre-b's (its learner passed); centre-a's learner has none yet.


def _learner_enrol(case: Any) -> int:
    """Enrolling is writing the plan: centre-a's caseworker; the coordinator and
    centre-b's caseworker read the case and are refused; others learn nothing."""
    if case.persona == "caseworker":
        return 200 if case.target == "centre-a" else 403
    return 403 if case.persona == "coordinator" else 404


def _learner_enrolment(ok: int) -> Callable[[Any], int]:
    """An enrolment: for the class's teacher, the caseworkers responsible for the
    learner (centre-a's side) and the coordinator; nobody else finds it."""

    def expect(case: Any) -> int:
        if case.persona == "coordinator":
            return ok
        sees = case.target == "centre-a" and case.persona in {"caseworker", "teacher"}
        return ok if sees else 404

    return expect


def _learner_certificate(case: Any) -> int:
    """Only centre-b's learner has a certificate, and only the coordinator sees them."""
    return 200 if (case.persona, case.target) == ("coordinator", "centre-b") else 404


def _learner_teacher(ok: int = 200) -> Callable[[Any], int]:
    """The register and recording results: the class's own teacher only."""
    return lambda c: ok if (c.persona, c.target) == ("teacher", "centre-a") else 403


def _learner_result(case: Any) -> int:
    """A result is read by those who see the whole class: its teacher and coordinators."""
    return 200 if case.persona == "coordinator" else _learner_teacher()(case)


def _learner_course(suffix: str) -> Callable[[Any, dict[str, object]], str]:
    """An address under the course of case.target; ``{session}`` and ``{enrolment}``
    in ``suffix`` are that side's."""

    def url(case: Any, objects: dict[str, object]) -> str:
        path = suffix.format(
            session=objects["session_" + case.target],
            enrolment=objects["enrolment_" + case.target],
        )
        return f"/courses/{objects['course_' + case.target]}/{path}"

    return url


def _learner_enrolment_url(suffix: str) -> Callable[[Any, dict[str, object]], str]:
    return lambda c, o: f"/courses/enrolments/{o['enrolment_' + c.target]}/{suffix}"


LEARNER_PAGE_ROWS += [
    ("courses:enrol", "GET",
     lambda c, o: (
         f"/courses/enrol/{o['person_' + c.target]}/{o['enrolment_measure_' + c.target]}/"
     ),
     lambda c: {}, _learner_enrol),
    ("courses:withdraw", "GET", _learner_enrolment_url("withdraw/"), lambda c: {},
     _learner_enrolment(200)),
    # No reason given: the form comes back with the error beside the reason.
    ("courses:withdraw", "POST", _learner_enrolment_url("withdraw/"), lambda c: {},
     _learner_enrolment(200)),
    ("courses:certificate_pdf", "GET", _learner_enrolment_url("certificate.pdf"), lambda c: {},
     _learner_certificate),
    ("courses:register", "GET", _learner_course("register/"), lambda c: {}, _learner_teacher()),
    ("courses:register_session", "GET", _learner_course("register/{session}/"), lambda c: {},
     _learner_teacher()),
    # No mark given: the register comes back with an error beside the learner.
    ("courses:register_session", "POST", _learner_course("register/{session}/"), lambda c: {},
     _learner_teacher()),
    ("courses:result", "GET", _learner_course("results/{enrolment}/"), lambda c: {},
     _learner_result),
    # No score given: the form comes back with its errors; readers are refused.
    ("courses:result", "POST", _learner_course("results/{enrolment}/"), lambda c: {},
     _learner_teacher()),
]  # fmt: skip


# --- The catalogue (integra/courses/views/catalogue.py) --------------------------------------
# Who works with courses (integra.core.access.can_see_courses) reads the catalogue, any
# course's page and the curricula; analysts are sent to the statistics. The teacher
# persona plans the NGO's courses and teaches course_centre-a; course_centre-b is the
# language school's, where only the coordinator has a say. Teachers' records are kept by
# coordinators and by administrators of the teacher's organisation (neither the NGO nor
# the school is administered by a persona).

_COURSE_STAFF = {"caseworker", "teacher", "coordinator"}
_STATISTICS = {"coordinator", "analyst", "teacher"}
_PLANNERS = {"teacher", "coordinator"}
_TEACHER_KEEPERS = {"coordinator", "admin", "national_admin"}


def _catalogue_course(suffix: str = "") -> Callable[[Any, dict[str, object]], str]:
    return lambda c, o: f"/courses/{o['course_' + c.target]}/{suffix}"


def _catalogue_read(case: Any) -> int:
    return 200 if case.persona in _COURSE_STAFF else 403


def _catalogue_list(case: Any) -> int:
    if case.persona in _COURSE_STAFF:
        return 200
    return 302 if case.persona in _STATISTICS else 403  # analysts: to the statistics


def _catalogue_runs(ok: int) -> Callable[[Any], int]:
    """Sessions and the end of a course: its planners (the NGO's teacher on centre-a's
    side, the coordinator); the others who read the catalogue are refused."""

    def expect(case: Any) -> int:
        if case.persona == "coordinator" or (case.persona, case.target) == (
            "teacher",
            "centre-a",
        ):
            return ok
        return 403

    return expect


def _catalogue_teachers(case: Any) -> int:
    return 200 if case.persona in _TEACHER_KEEPERS | {"teacher"} else 403


def _catalogue_teacher_edit(case: Any) -> int:
    """Those who see no teacher at all are refused; a teacher reads the NGO's and is
    refused the change; no one else but the coordinator finds either record."""
    if case.persona == "coordinator":
        return 200
    if case.persona == "teacher":
        return 403 if case.target == "centre-a" else 404
    return 404 if case.persona in _TEACHER_KEEPERS else 403


CATALOGUE_PAGE_ROWS += [
    ("courses:list", "GET", lambda c, o: "/courses/?open=on", lambda c: {}, _catalogue_list),
    ("courses:create", "GET", lambda c, o: "/courses/new/", lambda c: {},
     lambda c: 200 if c.persona in _PLANNERS else 403),
    # Nothing filled in: the form comes back with its errors; the others are refused.
    ("courses:create", "POST", lambda c, o: "/courses/new/", lambda c: {},
     lambda c: 200 if c.persona in _PLANNERS else 403),
    ("courses:places", "GET", lambda c, o: "/courses/places/", lambda c: {},
     lambda c: 200 if c.persona in _COURSE_STAFF | _STATISTICS else 403),
    ("courses:statistics", "GET", lambda c, o: "/courses/statistics/?by=region", lambda c: {},
     lambda c: 200 if c.persona in _STATISTICS else 403),
    ("courses:teachers", "GET", lambda c, o: "/courses/teachers/", lambda c: {},
     _catalogue_teachers),
    ("courses:teacher_create", "GET", lambda c, o: "/courses/teachers/new/", lambda c: {},
     lambda c: 200 if c.persona in _TEACHER_KEEPERS else 403),
    ("courses:teacher_edit", "GET",
     lambda c, o: f"/courses/teachers/{o['teacher_' + c.target]}/edit/", lambda c: {},
     _catalogue_teacher_edit),
    # Nothing filled in: the coordinator gets the form's errors back.
    ("courses:teacher_edit", "POST",
     lambda c, o: f"/courses/teachers/{o['teacher_' + c.target]}/edit/", lambda c: {},
     _catalogue_teacher_edit),
    ("courses:curricula", "GET", lambda c, o: "/courses/curricula/", lambda c: {},
     _catalogue_read),
    ("courses:curriculum", "GET", lambda c, o: f"/courses/curricula/{o['curriculum']}/",
     lambda c: {}, _catalogue_read),
    ("courses:course", "GET", _catalogue_course(), lambda c: {}, _catalogue_read),
    ("courses:session_add", "GET", _catalogue_course("sessions/new/"), lambda c: {},
     _catalogue_runs(200)),
    # Nothing filled in: the form comes back with its errors.
    ("courses:session_add", "POST", _catalogue_course("sessions/new/"), lambda c: {},
     _catalogue_runs(200)),
    ("courses:finish", "GET", _catalogue_course("finish/"), lambda c: {}, _catalogue_runs(200)),
    # Both courses started yesterday: they finish, back to the course's page.
    ("courses:finish", "POST", _catalogue_course("finish/"), lambda c: {}, _catalogue_runs(302)),
    ("courses:cancel", "GET", _catalogue_course("cancel/"), lambda c: {}, _catalogue_runs(200)),
    # No reason given: the form comes back with the error beside the reason.
    ("courses:cancel", "POST", _catalogue_course("cancel/"), lambda c: {},
     _catalogue_runs(200)),
]  # fmt: skip


# Revoking a certificate: the coordinating authority only (the one certificate is
# centre-b's side's). Nothing filled in: the coordinator gets the form back.
CATALOGUE_PAGE_ROWS += [
    ("courses:certificate_revoke", "GET",
     lambda c, o: f"/courses/certificates/{o['certificate_centre-b']}/revoke/", lambda c: {},
     lambda c: 200 if c.persona == "coordinator" else 403),
    ("courses:certificate_revoke", "POST",
     lambda c, o: f"/courses/certificates/{o['certificate_centre-b']}/revoke/", lambda c: {},
     lambda c: 200 if c.persona == "coordinator" else 403),
]  # fmt: skip
