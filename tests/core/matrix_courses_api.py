"""The courses API's rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples ``(method, path, url, body, expect)``, the fields of ``ApiRow``
in order; the objects are tests/core/matrix_courses.py's. In short: the teacher
persona teaches course_centre-a at the NGO and has nothing to do with centre-b's
course at the language school; centre-a's caseworker enrolled centre-a's person;
the coordinator sees (and plans) every course but teaches none and enrols no one.

A body cannot name the fresh database's ids, so writes that need one (a teacher, a
measure, an enrolment) name one that does not exist: a 422 then shows that the
actor got past the access checks to the use case itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.utils import timezone

from tests.core.matrix_courses import PASS_MARKS, SECTIONS


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

# The provider of each side's course.
PROVIDER = {"centre-a": "ngo", "centre-b": "lingua"}
# Operations anyone may call without signing in (test_api_refuses_the_anonymous
# does not apply to them): the check of a certificate.
COURSES_PUBLIC_API = {("GET", "/api/v1/certificates/{code}")}
NOT_A_DB_ID = 2**62
# Who reads the teachers' list: those who plan a provider's courses (teachers), keep
# teachers (administrators, of their own organisations) or coordinate.
TEACHER_READERS = {"teacher", "coordinator", "admin", "national_admin"}


def _sees_courses(case: Case) -> bool:
    """The catalogue is for staff who plan, teach, enrol or coordinate."""
    return case.persona in {"caseworker", "teacher", "coordinator"}


def _catalogue(case: Case) -> int:
    return 200 if _sees_courses(case) else 403


def _policy(case: Case) -> int:
    """Curricula, tests and quality criteria: the coordinating authority."""
    return 200 if case.persona == "coordinator" else 403


def _teaches(case: Case) -> bool:
    """The teacher persona teaches centre-a's course only."""
    return case.persona == "teacher" and case.target == "centre-a"


def _plans(case: Case, ok: int = 200) -> int:
    """Changes to a course: its provider's teachers (the NGO's, on centre-a's side)
    and coordinators; others who see the catalogue are refused."""
    if not _sees_courses(case):
        return 403
    return ok if case.persona == "coordinator" or _teaches(case) else 403


def _sees_class(case: Case) -> int:
    """The class's lists (waitlist, register, attendance, results): its teacher and
    coordinators."""
    return _plans(case)


def _teaches_only(case: Case, ok: int) -> int:
    """The register and results are taken by the class's own teacher, not by
    coordinators."""
    if not _sees_courses(case):
        return 403
    return ok if _teaches(case) else 403


def _person(case: Case, ok: int = 200, *, write: bool = False) -> int:
    """A person registered at case.target: centre A's caseworker sees A's people, the
    coordinator all of them (but enrols no one); everyone else learns nothing."""
    if case.persona == "coordinator":
        return 403 if write else ok
    if case.persona == "caseworker":
        return ok if case.target == "centre-a" else 403
    return 404


def _withdraw(case: Case) -> int:
    """An enrolment is seen by the class's teacher, coordinators and the caseworkers of
    the case (404 for everyone else). Centre-b's learner has completed the course, so
    there is nothing left to withdraw from (409)."""
    if case.persona == "coordinator":
        return 200 if case.target == "centre-a" else 409
    if case.target == "centre-a" and case.persona in {"caseworker", "teacher"}:
        return 200
    return 404


def _course_url(suffix: str = "") -> Callable[[Case, Objects], str]:
    return lambda c, o: f"/api/v1/courses/{o['course_' + c.target]}{suffix}"


def _register_url(case: Case, found: Objects) -> str:
    course, session = found["course_" + case.target], found["session_" + case.target]
    return f"/api/v1/courses/{course}/sessions/{session}/attendance"


def _curriculum_code(case: Case, found: Objects) -> str:
    """Centre-a's side changes the matrix curriculum; centre-b's creates another."""
    return str(found["curriculum"]) if case.target == "centre-a" else "matrix-ro-a2"


def _test_code(case: Case, found: Objects) -> str:
    """Centre-a's side changes the matrix test (its sections stay: results use it);
    centre-b's creates another."""
    return str(found["test"]) if case.target == "centre-a" else "matrix-new-test"


def _curriculum_body(case: Case) -> dict[str, object]:
    return {
        "country": "MD",
        "course_type": "language",
        "title": "Romanian",
        "language": "ro",
        "target_level": "B1" if case.target == "centre-a" else "A2",
        "modules": [{"title": "Everyday Romanian", "hours": 60}],
    }


def _test_body(case: Case) -> dict[str, object]:
    return {
        "country": "MD",
        "title": "Romanian test",
        "course_type": "language",
        "language": "ro",
        "sections": SECTIONS,
        "pass_marks": PASS_MARKS,
    }


def _teacher_body(case: Case) -> dict[str, object]:
    return {
        "provider": PROVIDER[case.target],
        "name": f"Teacher at {PROVIDER[case.target]}",
        "qualification": "specialist",
        "is_examiner": True,
    }


def _teacher_change(case: Case) -> int:
    """Read first: those who see no teachers at all are refused; the NGO's teacher sees
    their colleagues' records and may not change them; administrators find neither
    record (they keep their own organisations' teachers); coordinators change both."""
    if case.persona == "coordinator":
        return 200
    if case.persona == "teacher":
        return 403 if case.target == "centre-a" else 404
    return 404 if case.persona in TEACHER_READERS else 403


def _today_at(hour: int) -> str:
    return f"{timezone.localdate().isoformat()}T{hour:02d}:00:00"


def _course_body(case: Case) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "programme": "matrix",
        "curriculum": "matrix-ro-b1",
        "provider": PROVIDER[case.target],
        "teacher": NOT_A_DB_ID,
        "title": "Another Romanian class",
        "delivery": "in_person",
        "region": "Chișinău",
        "starts_on": today.isoformat(),
        "ends_on": today.isoformat(),
        "capacity": 10,
    }


COURSES_API_ROWS: list[Row] = [
    # --- The catalogue ---
    (
        "GET",
        "/api/v1/courses/curricula",
        lambda c, o: "/api/v1/courses/curricula",
        lambda c: None,
        _catalogue,
    ),
    (
        "PUT",
        "/api/v1/courses/curricula/{code}",
        lambda c, o: f"/api/v1/courses/curricula/{_curriculum_code(c, o)}",
        _curriculum_body,
        _policy,
    ),
    (
        "GET",
        "/api/v1/courses/tests",
        lambda c, o: "/api/v1/courses/tests",
        lambda c: None,
        _catalogue,
    ),
    (
        "PUT",
        "/api/v1/courses/tests/{code}",
        lambda c, o: f"/api/v1/courses/tests/{_test_code(c, o)}",
        _test_body,
        _policy,
    ),
    (
        "GET",
        "/api/v1/courses/standards",
        lambda c, o: "/api/v1/courses/standards",
        lambda c: None,
        _catalogue,
    ),
    (
        "PUT",
        "/api/v1/courses/standards/{programme}/{course_type}",
        lambda c, o: (
            "/api/v1/courses/standards/matrix/"
            + ("language" if c.target == "centre-a" else "civic")
        ),
        lambda c: {"max_group_size": 12, "min_teacher_qualification": "teacher"},
        _policy,
    ),
    (
        "GET",
        "/api/v1/courses/teachers",
        lambda c, o: f"/api/v1/courses/teachers?provider={PROVIDER[c.target]}",
        lambda c: None,
        lambda c: 200 if c.persona in TEACHER_READERS else 403,
    ),
    (
        "POST",
        "/api/v1/courses/teachers",
        lambda c, o: "/api/v1/courses/teachers",
        _teacher_body,
        # A provider's teachers are kept by its administrators (no persona administers
        # the NGO or the school) and coordinators, never by the teachers themselves.
        lambda c: 201 if c.persona == "coordinator" else 403,
    ),
    (
        "PUT",
        "/api/v1/courses/teachers/{teacher_id}",
        lambda c, o: f"/api/v1/courses/teachers/{o['teacher_' + c.target]}",
        lambda c: _teacher_body(c) | {"username": "teacher" if c.target == "centre-a" else ""},
        _teacher_change,
    ),
    # --- Places and statistics ---
    (
        "GET",
        "/api/v1/courses/places",
        lambda c, o: "/api/v1/courses/places",
        lambda c: None,
        lambda c: 200 if _sees_courses(c) or c.persona == "analyst" else 403,
    ),
    (
        "GET",
        "/api/v1/courses/statistics",
        lambda c, o: "/api/v1/courses/statistics?by=region&type=language",
        lambda c: None,
        lambda c: 200 if c.persona in {"coordinator", "analyst", "teacher"} else 403,
    ),
    # --- Courses and their sessions ---
    (
        "GET",
        "/api/v1/courses",
        lambda c, o: f"/api/v1/courses?provider={PROVIDER[c.target]}&open=true",
        lambda c: None,
        _catalogue,
    ),
    (
        "POST",
        "/api/v1/courses",
        lambda c, o: "/api/v1/courses",
        _course_body,
        lambda c: _plans(c, 422),  # planners reach the use case: the teacher does not exist
    ),
    ("GET", "/api/v1/courses/{course_id}", _course_url(), lambda c: None, _catalogue),
    ("POST", "/api/v1/courses/{course_id}/finish", _course_url("/finish"), lambda c: None, _plans),
    (
        "POST",
        "/api/v1/courses/{course_id}/cancel",
        _course_url("/cancel"),
        lambda c: {"reason": "No teacher this term."},
        _plans,
    ),
    (
        "GET",
        "/api/v1/courses/{course_id}/sessions",
        _course_url("/sessions"),
        lambda c: None,
        _catalogue,
    ),
    (
        "POST",
        "/api/v1/courses/{course_id}/sessions",
        _course_url("/sessions"),
        lambda c: {"starts_at": _today_at(15), "hours": 2, "topic": "Revision"},
        lambda c: _plans(c, 201),
    ),
    # --- Enrolment and the waitlist ---
    (
        "POST",
        "/api/v1/persons/{public_id}/enrolments",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/enrolments",
        lambda c: {"measure": NOT_A_DB_ID, "course": "K-0000-0000"},
        lambda c: _person(c, 422, write=True),
    ),
    (
        "GET",
        "/api/v1/persons/{public_id}/enrolments",
        lambda c, o: f"/api/v1/persons/{o['person_' + c.target]}/enrolments",
        lambda c: None,
        _person,
    ),
    (
        "POST",
        "/api/v1/enrolments/{enrolment_id}/withdraw",
        lambda c, o: f"/api/v1/enrolments/{o['enrolment_' + c.target]}/withdraw",
        lambda c: {"reason": "Moved to another town."},
        _withdraw,
    ),
    (
        "GET",
        "/api/v1/courses/{course_id}/enrolments",
        _course_url("/enrolments"),
        lambda c: None,
        _catalogue,  # scoped: the class, or one's own cases' learners
    ),
    (
        "GET",
        "/api/v1/courses/{course_id}/waitlist",
        _course_url("/waitlist"),
        lambda c: None,
        _sees_class,
    ),
    # --- Attendance ---
    (
        "GET",
        "/api/v1/courses/{course_id}/sessions/{session_id}/attendance",
        _register_url,
        lambda c: None,
        _sees_class,
    ),
    (
        "PUT",
        "/api/v1/courses/{course_id}/sessions/{session_id}/attendance",
        _register_url,
        lambda c: {"marks": [{"enrolment": NOT_A_DB_ID, "status": "present"}]},
        lambda c: _teaches_only(c, 422),  # the teacher reaches the register: no such learner
    ),
    (
        "GET",
        "/api/v1/courses/{course_id}/attendance",
        _course_url("/attendance"),
        lambda c: None,
        _sees_class,
    ),
    # --- Results and certificates ---
    (
        "GET",
        "/api/v1/courses/{course_id}/results",
        _course_url("/results"),
        lambda c: None,
        _sees_class,
    ),
    (
        "POST",
        "/api/v1/courses/{course_id}/results",
        _course_url("/results"),
        lambda c: {
            "enrolment": NOT_A_DB_ID,
            "taken_on": timezone.localdate().isoformat(),
            "scores": {"reading": 40, "speaking": 40},
        },
        lambda c: _teaches_only(c, 422),  # the examiner reaches the use case: no such learner
    ),
    (
        "GET",
        "/api/v1/certificates/{code}",
        # Centre-b's side has a certificate; centre-a's code was never issued.
        lambda c, o: (
            "/api/v1/certificates/"
            + str(o.get("certificate_" + c.target, "AAAA-BBBB-CCCC-DDDD-EEEE"))
        ),
        lambda c: None,
        lambda c: 200 if c.target == "centre-b" else 404,  # public: the same for everyone
    ),
    (
        "POST",
        "/api/v1/certificates/{code}/revoke",
        # The one certificate (centre-b's side): only the coordinating authority revokes.
        lambda c, o: f"/api/v1/certificates/{o['certificate_centre-b']}/revoke",
        lambda c: {"reason": "Fraud at the exam."},
        lambda c: 200 if c.persona == "coordinator" else 403,
    ),
]
