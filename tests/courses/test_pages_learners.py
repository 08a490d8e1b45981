"""The learner's pages: enrolment from a plan measure (and the plan linking to the
course), withdrawal, the register, results, the certificate PDF and its public
check. Each page for a user who may and one who may not; bad input explained
beside its field, changing nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from integra.core.models import AuditEntry
from integra.courses import selectors
from integra.courses.models import (
    Attendance,
    Certificate,
    Enrolment,
    Result,
    Session,
)
from integra.courses.services import enrolments, results
from integra.courses.views import learners
from tests.conftest import make_user
from tests.courses.conftest import another_person, enrol, plan_course


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    """The error text shown under the field whose id is ``field_id``."""
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def cw(people, client_for):
    return client_for(people["caseworker"])


@pytest.fixture
def teach(teacher_user, client_for):
    """The class's teacher, in a browser."""
    return client_for(teacher_user)


@pytest.fixture
def coord(people, client_for):
    return client_for(people["coordinator"])


@pytest.fixture
def cw_b(orgs, client_for):
    """A caseworker of centre B, which is not responsible for Amina."""
    return client_for(make_user("caseworker_b", orgs["b"], "caseworker"))


def enrol_url(person, measure) -> str:
    return f"/courses/enrol/{person.public_id}/{measure.pk}/"


def plan_url(plan) -> str:
    return f"/plans/{plan.public_id}/"


@pytest.fixture
def learner(enrolment, past_session) -> Enrolment:
    """Amina, in the class since the day of its session yesterday."""
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_on=past_session.starts_at.date())
    enrolment.refresh_from_db()
    return enrolment


def record_result(teacher, course, enrolment, second_examiner, **scores) -> Result:
    return results.result_record(
        actor=teacher,
        course=course,
        data=results.ResultData(
            enrolment_id=enrolment.pk,
            taken_on=timezone.localdate(),
            scores=scores or {"reading": 20, "listening": 18, "writing": 15, "speaking": 16},
            speaking_second="14.5",
            second_examiner_id=second_examiner.pk,
        ),
    )


@pytest.fixture
def certificate(teacher, course, enrolment, second_examiner) -> Certificate:
    return record_result(teacher, course, enrolment, second_examiner).certificate


# --- Enrolment from a plan measure ------------------------------------------------------------


def test_the_enrol_page_offers_the_courses_that_deliver_the_measure(cw, person, measure, course):
    response = cw.get(enrol_url(person, measure))
    html = html_of(response)
    assert response.status_code == 200
    assert "Romanian B1, evenings" in html
    assert course.public_id in html
    assert "10 places free" in html
    assert "Chișinău" in html
    assert "In person" in html
    assert 'name="override_reason"' not in html  # offered only once the criteria refuse


def test_a_caseworker_enrols_from_the_plan_and_goes_back_to_it(cw, person, measure, course):
    response = cw.post(enrol_url(person, measure), {"course": course.public_id})
    assert response.status_code == 302
    assert response["Location"] == plan_url(measure.plan) + "#measures"
    enrolment = Enrolment.objects.get(measure=measure)
    assert (enrolment.course, enrolment.status) == (course, "enrolled")
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    page = html_of(cw.get(response["Location"]))
    assert "The learner is enrolled in Romanian B1, evenings" in page


def test_a_full_course_is_refused_without_an_override_and_nothing_changes(
    cw, caseworker, programme, curriculum, test_definition, teacher, teacher_record, person, measure
):
    full = plan_course(teacher, teacher=teacher_record, capacity=1, title="Small group")
    omar, omar_measure = another_person(caseworker, programme, "Omar")
    enrol(caseworker, omar, omar_measure, full)

    response = cw.post(enrol_url(person, measure), {"course": full.public_id})

    html = html_of(response)
    assert response.status_code == 200
    assert "The course is full: its 1 place is taken." in error_beside(html, "id_course")
    assert 'name="override_reason"' in html  # the override is offered now
    assert not Enrolment.objects.filter(measure=measure).exists()
    measure.refresh_from_db()
    assert measure.status == "planned"

    response = cw.post(
        enrol_url(person, measure),
        {"course": full.public_id, "override_reason": "Court order: the course is urgent."},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(measure=measure)
    assert enrolment.status == "enrolled"
    assert enrolment.overridden == ["max_group_size"]


def test_a_full_course_puts_the_learner_on_its_waitlist_when_asked(
    cw, caseworker, programme, curriculum, test_definition, teacher, teacher_record, person, measure
):
    full = plan_course(teacher, teacher=teacher_record, capacity=1, title="Small group")
    omar, omar_measure = another_person(caseworker, programme, "Omar")
    enrol(caseworker, omar, omar_measure, full)
    response = cw.post(enrol_url(person, measure), {"course": full.public_id, "waitlist": "on"})
    assert response.status_code == 302
    assert Enrolment.objects.get(measure=measure).status == "waiting"
    assert "on its waitlist" in html_of(cw.get(response["Location"]))


def test_an_online_course_needs_the_learners_equipment(
    cw, curriculum, test_definition, teacher, teacher_record, person, measure
):
    online = plan_course(teacher, teacher=teacher_record, delivery="online", title="Online B1")
    response = cw.post(
        enrol_url(person, measure), {"course": online.public_id, "has_equipment": "no"}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "no device and internet" in error_beside(html, "id_has_equipment")
    assert not Enrolment.objects.filter(measure=measure).exists()
    response = cw.post(
        enrol_url(person, measure), {"course": online.public_id, "has_equipment": "yes"}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(measure=measure).has_equipment is True


def test_choosing_no_course_is_explained_beside_the_courses(cw, person, measure, course):
    response = cw.post(enrol_url(person, measure), {})
    assert "Choose a course." in error_beside(html_of(response), "id_course")
    assert not Enrolment.objects.exists()


def test_a_measure_already_in_a_course_shows_its_course(cw, person, measure, enrolment):
    response = cw.get(enrol_url(person, measure))
    html = html_of(response)
    assert response.status_code == 200
    assert "This measure already has a course" in html
    assert 'name="course"' not in html


def test_a_measure_that_is_not_open_is_not_found(cw, person, course):
    assert cw.get(f"/courses/enrol/{person.public_id}/999999/").status_code == 404


def test_only_the_responsible_caseworkers_enrol(
    people, client_for, cw_b, coord, person, measure, course
):
    assert cw_b.get(enrol_url(person, measure)).status_code == 403
    assert coord.get(enrol_url(person, measure)).status_code == 403  # reads the case only
    teacher = client_for(people["teacher"])
    assert teacher.get(enrol_url(person, measure)).status_code == 404  # no registry
    assert cw_b.post(enrol_url(person, measure), {"course": course.public_id}).status_code == 403
    assert not Enrolment.objects.exists()


# --- The plan links to the course and back ------------------------------------------------------


def test_the_plan_offers_enrolment_for_the_measures_a_course_delivers(cw, plan, measure, person):
    html = html_of(cw.get(plan_url(plan)))
    assert enrol_url(person, measure) in html
    assert "Enrol in a course" in html


def test_the_plan_shows_the_course_and_the_course_leads_back(cw, plan, measure, enrolment, course):
    html = html_of(cw.get(plan_url(plan)))
    assert f'href="/courses/{course.public_id}/"' in html
    assert "Romanian B1, evenings</a> — Enrolled" in html
    assert enrol_url(enrolment.person, measure) not in html  # taken: no second course
    assert f"/courses/enrolments/{enrolment.pk}/withdraw/?next=" in html


def test_the_plan_shows_the_waitlist_and_completion(
    cw, teacher, course, plan, measure, enrolment, second_examiner
):
    record_result(teacher, course, enrolment, second_examiner)
    html = html_of(cw.get(plan_url(plan)))
    assert "Romanian B1, evenings</a> — Completed" in html


def test_readers_of_the_plan_see_the_course_but_are_not_offered_enrolment(
    coord, plan, measure, enrolment, person
):
    html = html_of(coord.get(plan_url(plan)))
    assert "Romanian B1, evenings</a> — Enrolled" in html
    assert "Enrol in a course" not in html
    assert "/withdraw/" not in html


# --- Withdrawal -----------------------------------------------------------------------------------


def test_a_caseworker_takes_a_learner_out_and_goes_back_to_the_plan(cw, enrolment, plan):
    url = f"/courses/enrolments/{enrolment.pk}/withdraw/"
    back = plan_url(plan) + "#measures"
    page = cw.get(url, {"next": back})
    assert page.status_code == 200
    assert f'name="next" value="{back}"' in html_of(page)
    response = cw.post(url, {"reason": "Found a job with evening shifts.", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"


def test_a_withdrawal_without_reason_is_explained_and_changes_nothing(cw, enrolment):
    url = f"/courses/enrolments/{enrolment.pk}/withdraw/"
    response = cw.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Say why the learner leaves the course." in error_beside(html_of(response), "id_reason")
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_a_withdrawal_goes_to_the_course_page_rather_than_elsewhere(teach, enrolment, course):
    response = teach.post(
        f"/courses/enrolments/{enrolment.pk}/withdraw/",
        {"reason": "Moved away.", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.public_id}/"


def test_an_ended_enrolment_cannot_be_ended_again(cw, caseworker, enrolment):
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=enrolment, reason="Moved away.")
    url = f"/courses/enrolments/{enrolment.pk}/withdraw/"
    assert "This enrolment has already ended." in html_of(cw.get(url))
    response = cw.post(url, {"reason": "Again."}, follow=True)
    assert "This enrolment has already ended." in html_of(response)


def test_others_do_not_find_the_enrolment(people, client_for, cw_b, other_teacher_user, enrolment):
    url = f"/courses/enrolments/{enrolment.pk}/withdraw/"
    assert cw_b.get(url).status_code == 404
    assert client_for(other_teacher_user).post(url, {"reason": "x"}).status_code == 404
    assert client_for(people["analyst"]).get(url).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


# --- The register -----------------------------------------------------------------------------


def register_url(course, session=None) -> str:
    url = f"/courses/{course.public_id}/register/"
    return f"{url}{session.pk}/" if session else url


def test_the_teacher_takes_the_register_of_the_whole_class_at_once(
    teach, caseworker, programme, course, learner, past_session
):
    omar, omar_measure = another_person(caseworker, programme, "Omar")
    other = enrol(caseworker, omar, omar_measure, course)
    Enrolment.objects.filter(pk=other.pk).update(enrolled_on=past_session.starts_at.date())

    page = teach.get(register_url(course, past_session))
    html = html_of(page)
    assert page.status_code == 200
    assert "Amina Haddad" in html
    assert "Omar Learner" in html
    # Present is chosen for whoever is not marked yet.
    assert re.search(rf'name="mark_{learner.pk}" value="present"[^>]*checked', html)
    assert "<table" not in html  # one learner per row: nothing scrolls sideways on a phone
    assert "courses/learners.css" in html

    response = teach.post(
        register_url(course, past_session),
        {f"mark_{learner.pk}": "present", f"mark_{other.pk}": "excused"},
    )
    assert response.status_code == 302
    assert response["Location"] == register_url(course, past_session)
    marks = dict(
        Attendance.objects.filter(session=past_session).values_list("enrolment_id", "status")
    )
    assert marks == {learner.pk: "present", other.pk: "excused"}
    html = html_of(teach.get(response["Location"]))
    assert "Attendance recorded for 2 learners" in html
    assert "Attended 100% so far (1 of 1)" in html
    assert re.search(rf'name="mark_{other.pk}" value="excused"[^>]*checked', html)


def test_the_register_opens_at_the_latest_session_that_has_begun(teach, course, learner):
    current = selectors.next_session(course=course)
    html = html_of(teach.get(register_url(course)))
    assert f'action="{register_url(course, current)}"' in html


def test_the_session_chooser_opens_another_sessions_register(teach, course, past_session):
    response = teach.get(register_url(course), {"session": past_session.pk})
    assert response.status_code == 302
    assert response["Location"] == register_url(course, past_session)


def test_a_session_that_has_not_happened_is_refused_and_nothing_is_saved(teach, course, learner):
    future = Session.objects.create(
        course=course, starts_at=timezone.now() + timedelta(days=2), hours=Decimal(3)
    )
    page = html_of(teach.get(register_url(course, future)))
    assert "This session has not happened yet" in page
    response = teach.post(register_url(course, future), {f"mark_{learner.pk}": "present"})
    assert response.status_code == 200
    assert "This session has not happened yet." in html_of(response)
    assert not Attendance.objects.exists()


def test_a_bad_mark_is_explained_beside_the_learner_and_nothing_is_saved(
    teach, course, learner, past_session
):
    response = teach.post(register_url(course, past_session), {f"mark_{learner.pk}": "asleep"})
    assert response.status_code == 200
    assert "Select a valid choice" in error_beside(html_of(response), f"id_mark_{learner.pk}")
    assert not Attendance.objects.exists()


def test_a_course_with_no_session_begun_says_so(
    teach, programme, curriculum, test_definition, teacher, teacher_record
):
    later = plan_course(
        teacher, teacher=teacher_record, starts_on=timezone.localdate() + timedelta(days=7)
    )
    html = html_of(teach.get(register_url(later)))
    assert "No session of this course has begun yet" in html


def test_an_unknown_session_is_not_found(teach, course):
    assert teach.get(f"/courses/{course.public_id}/register/999999/").status_code == 404


def test_only_the_classs_teacher_takes_the_register(
    client_for, other_teacher_user, cw, coord, course, learner, past_session
):
    url = register_url(course, past_session)
    for client in (client_for(other_teacher_user), cw, coord):
        assert client.get(url).status_code == 403
        assert client.post(url, {f"mark_{learner.pk}": "present"}).status_code == 403
    assert not Attendance.objects.exists()


def test_the_register_stylesheet_is_served():
    assert finders.find("courses/learners.css")


# --- Results -----------------------------------------------------------------------------------


def result_url(course, enrolment) -> str:
    return f"/courses/{course.public_id}/results/{enrolment.pk}/"


GOOD_SCORES = {
    "score_reading": "20",
    "score_listening": "18",
    "score_writing": "15",
    "score_speaking": "16",
    "speaking_second": "14.5",
}


def test_the_teacher_records_a_result_and_sees_the_level_and_the_certificate(
    teach, course, enrolment, second_examiner, teacher_record
):
    page = teach.get(result_url(course, enrolment))
    html = html_of(page)
    assert page.status_code == 200
    for section in ("reading", "listening", "writing", "speaking"):
        assert f'name="score_{section}"' in html
    # The second examiner is someone other than the signed-in examiner.
    assert f'<option value="{second_examiner.pk}">Ion Popa</option>' in html
    assert f'<option value="{teacher_record.pk}">' not in html

    response = teach.post(
        result_url(course, enrolment),
        {
            **GOOD_SCORES,
            "taken_on": timezone.localdate().isoformat(),
            "second_examiner": second_examiner.pk,
        },
    )
    assert response.status_code == 302
    result = Result.objects.get(enrolment=enrolment)
    assert (result.level, result.passed) == ("B1", True)
    html = html_of(teach.get(response["Location"]))
    assert "Level reached: B1" in html
    assert "Passed" in html
    assert f"/courses/enrolments/{enrolment.pk}/certificate.pdf" in html
    assert result.certificate.code in html


def test_a_score_out_of_range_is_explained_beside_its_section_and_nothing_is_saved(
    teach, course, enrolment, second_examiner
):
    response = teach.post(
        result_url(course, enrolment),
        {
            **GOOD_SCORES,
            "score_reading": "26",
            "score_writing": "7.3",
            "taken_on": timezone.localdate().isoformat(),
            "second_examiner": second_examiner.pk,
        },
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "The score must be from 0 to 25." in error_beside(html, "id_score_reading")
    assert "whole or half" in error_beside(html, "id_score_writing")
    assert not Result.objects.exists()
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_a_missing_second_examiner_is_explained_beside_it(teach, course, enrolment):
    response = teach.post(
        result_url(course, enrolment),
        {**GOOD_SCORES, "taken_on": timezone.localdate().isoformat()},
    )
    assert "Choose the second examiner." in error_beside(html_of(response), "id_second_examiner")
    assert not Result.objects.exists()


def test_a_result_for_someone_who_holds_no_place_is_refused(
    teach, caseworker, course, enrolment, second_examiner
):
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=enrolment, reason="Moved away.")
    page = html_of(teach.get(result_url(course, enrolment)))
    assert "holds no place in the course" in page
    response = teach.post(
        result_url(course, enrolment),
        {
            **GOOD_SCORES,
            "taken_on": timezone.localdate().isoformat(),
            "second_examiner": second_examiner.pk,
        },
    )
    assert response.status_code == 200
    assert "This person is not a learner of this course." in html_of(response)
    assert not Result.objects.exists()


def test_a_result_is_recorded_once(teach, teacher, course, enrolment, second_examiner):
    record_result(teacher, course, enrolment, second_examiner)
    response = teach.post(result_url(course, enrolment), GOOD_SCORES, follow=True)
    assert "A result is already recorded for this learner." in html_of(response)
    assert Result.objects.count() == 1


def test_a_learner_of_another_course_is_not_found(
    teach, teacher, teacher_record, course, enrolment
):
    other = plan_course(teacher, teacher=teacher_record, title="Another class")
    assert teach.get(result_url(other, enrolment)).status_code == 404


def test_the_coordinator_reads_results_but_only_the_teacher_records_them(
    client_for, other_teacher_user, cw, coord, course, enrolment
):
    assert coord.get(result_url(course, enrolment)).status_code == 200
    assert 'name="score_reading"' not in html_of(coord.get(result_url(course, enrolment)))
    assert coord.post(result_url(course, enrolment), GOOD_SCORES).status_code == 403
    assert cw.get(result_url(course, enrolment)).status_code == 403
    assert client_for(other_teacher_user).get(result_url(course, enrolment)).status_code == 403
    assert not Result.objects.exists()


# --- The certificate ---------------------------------------------------------------------------


def pdf_url(enrolment) -> str:
    return f"/courses/enrolments/{enrolment.pk}/certificate.pdf"


def test_the_certificate_prints_as_a_pdf_and_the_read_is_audited(
    teach, cw, enrolment, certificate, person
):
    response = teach.get(pdf_url(enrolment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"] == f'inline; filename="certificate-{certificate.code}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.filter(action="course.certificate.read").get()
    assert (entry.object_type, entry.object_id, entry.purpose) == (
        "person",
        person.public_id,
        "courses",
    )
    assert cw.get(pdf_url(enrolment)).status_code == 200  # the responsible caseworker


def test_there_is_no_certificate_before_a_pass(teach, enrolment):
    assert teach.get(pdf_url(enrolment)).status_code == 404


def test_others_do_not_get_the_certificate(
    client_for, people, cw_b, other_teacher_user, enrolment, certificate
):
    for client in (cw_b, client_for(other_teacher_user), client_for(people["analyst"])):
        assert client.get(pdf_url(enrolment)).status_code == 404
    assert not AuditEntry.objects.filter(action="course.certificate.read").exists()


def test_a_revoked_certificate_is_not_printed(teach, enrolment, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_on=timezone.localdate())
    assert teach.get(pdf_url(enrolment)).status_code == 404


# --- Verification (public) ----------------------------------------------------------------------


def test_anyone_checks_a_genuine_certificate_without_signing_in(client, certificate, course):
    response = client.get("/courses/verify/", {"code": certificate.code.lower()})
    html = html_of(response)
    assert response.status_code == 200
    assert "Genuine certificate" in html
    assert "Amina Haddad" in html
    assert "1990-05-01" in html  # the date of birth, as the certificate prints it
    assert "Romanian language test" in html
    assert "B1" in html
    assert "Refugee NGO" in html
    # Nothing beyond what the certificate says: no scores, no person number.
    assert "Reading" not in html
    assert certificate.result.enrolment.person.public_id not in html


def test_a_forged_code_is_not_found(client, certificate):
    code = certificate.code
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")
    html = html_of(client.get("/courses/verify/", {"code": forged}))
    assert "No certificate has this code" in html
    assert "Amina" not in html


@pytest.mark.parametrize(
    "code", ["hello", "' OR 1=1 --", "ÀÉÎ-ÕÜ", "ABCD-EFGH-JKMN-PQRS-TVWXY", "٠١٢٣"]
)
def test_a_malformed_code_is_not_found_and_never_fails(client, certificate, code):
    response = client.get("/courses/verify/", {"code": code})
    assert response.status_code == 200
    assert "No certificate has this code" in html_of(response)


def test_a_code_too_long_or_with_control_characters_is_explained_beside_the_field(client):
    response = client.get("/courses/verify/", {"code": "A" * 500})
    assert response.status_code == 200
    assert "at most 64 characters" in error_beside(html_of(response), "id_code")
    response = client.get("/courses/verify/", {"code": "ABCD\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in error_beside(html_of(response), "id_code")


def test_the_empty_form_asks_for_a_code(client):
    html = html_of(client.get("/courses/verify/"))
    assert 'name="code"' in html
    assert "No certificate has this code" not in html


def test_a_revoked_certificate_reads_as_revoked(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(revoked_on=timezone.localdate())
    html = html_of(client.get("/courses/verify/", {"code": certificate.code}))
    assert "Revoked certificate" in html
    assert "Genuine certificate" not in html


def test_guessing_codes_at_speed_is_throttled(client, certificate, monkeypatch):
    monkeypatch.setattr(learners, "VERIFY_LIMIT", 3)
    for _ in range(3):
        assert client.get("/courses/verify/", {"code": "AAAA"}).status_code == 200
    response = client.get("/courses/verify/", {"code": certificate.code})
    assert response.status_code == 429
    html = html_of(response)
    assert "Too many checks" in html
    assert "Amina" not in html
    # Another address is not held back.
    response = client.get("/courses/verify/", {"code": certificate.code}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


def test_the_throttle_counts_lookups_per_window(client, monkeypatch):
    monkeypatch.setattr(learners, "VERIFY_LIMIT", 1)
    assert client.get("/courses/verify/").status_code == 200  # the empty form is no lookup
    assert client.get("/courses/verify/", {"code": "AAAA"}).status_code == 200
    assert client.get("/courses/verify/", {"code": "AAAA"}).status_code == 429
