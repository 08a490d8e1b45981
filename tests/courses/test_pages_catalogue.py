"""The catalogue pages (R13): the course list and its filters, planning a course
(with the quality criteria's override), a course's page with its learners and
waitlist, sessions, finishing and cancelling, places against demand, statistics,
teachers, curricula and tests. Each page for a user who may and one who may not;
bad input explained beside its field, changing nothing; empty states."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core.models import Organisation
from integra.core.roles import Level, OrganisationKind
from integra.courses.models import Course, CourseStatus, Enrolment, Session, Teacher
from integra.courses.services import attendance, catalogue
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.services import plans as plan_services
from tests.conftest import make_user
from tests.courses.conftest import another_person, enrol, plan_course


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    """The error text shown under the field whose id is ``field_id``."""
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


def _day(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def cw(people, client_for):
    return client_for(people["caseworker"])


@pytest.fixture
def tutor(teacher_user, client_for):
    """The NGO's teacher (who teaches the course) in a browser."""
    return client_for(teacher_user)


@pytest.fixture
def coord(people, client_for):
    return client_for(people["coordinator"])


@pytest.fixture
def analyst(people, client_for):
    return client_for(people["analyst"])


@pytest.fixture
def inspector(people, client_for):
    return client_for(people["inspector"])


def _plan_form(teacher: Teacher, **more: object) -> dict[str, object]:
    data: dict[str, object] = {
        "programme": "md-voluntary",
        "curriculum": "ro-b1",
        "title": "Romanian B1, mornings",
        "test": "ro-test",
        "provider": "ngo",
        "teacher": str(teacher.pk),
        "delivery": "in_person",
        "region": "Chișinău",
        "venue": "Str. Bucuriei 1",
        "starts_on": _day(7),
        "ends_on": _day(127),
        "capacity": "10",
        "weekdays": ["1", "3"],
        "at": "09:30",
        "session_hours": "3",
    }
    data.update(more)
    return data


# --- The list -------------------------------------------------------------------------------


def test_the_catalogue_shows_each_course_with_its_places(cw, course, enrolment):
    html = html_of(cw.get("/courses/"))

    assert f'href="/courses/{course.public_id}/"' in html
    assert "Romanian B1, evenings" in html
    assert "Refugee NGO" in html
    assert "Elena Rusu" in html
    # 10 places, 1 enrolled, 0 waiting
    assert re.search(r"<td>10</td>\s*<td>1</td>\s*<td>0</td>", html)
    assert "Plan a course" not in html  # caseworkers enrol; they do not plan


def test_those_who_plan_are_offered_to_plan_a_course(tutor, coord, course):
    assert 'href="/courses/new/"' in html_of(tutor.get("/courses/"))
    assert 'href="/courses/new/"' in html_of(coord.get("/courses/"))


def test_the_catalogue_filters_and_says_when_nothing_matches(cw, course):
    civic = html_of(cw.get("/courses/", {"type": "civic"}))
    here = html_of(cw.get("/courses/", {"region": "Chișinău", "open": "on", "provider": "ngo"}))
    finished = html_of(cw.get("/courses/", {"status": "finished"}))

    assert course.public_id not in civic
    assert "No course matches" in civic
    assert course.public_id in here
    assert course.public_id not in finished


def test_a_teacher_finds_their_own_classes(
    tutor, coord, coordinator, provider, other_teacher_user, client_for, course
):
    catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(
            provider=provider.code,
            name="Ion Popa",
            qualification="teacher",
            username=other_teacher_user.username,
        ),
    )

    mine = html_of(tutor.get("/courses/", {"mine": "on"}))
    theirs = html_of(client_for(other_teacher_user).get("/courses/", {"mine": "on"}))

    assert course.public_id in mine
    assert "My classes" in mine
    assert course.public_id not in theirs
    assert "My classes" not in html_of(coord.get("/courses/"))  # teaches no class


def test_the_catalogue_answers_htmx_with_the_results_only(cw, course):
    fragment = html_of(cw.get("/courses/", {"type": "language"}, HTTP_HX_REQUEST="true"))

    assert course.public_id in fragment
    assert "<html" not in fragment


def test_a_bad_filter_is_explained_beside_its_field(cw, course):
    response = cw.get("/courses/", {"type": "cooking"})

    assert response.status_code == 200
    assert "Select a valid choice" in error_beside(html_of(response), "id_type")


def test_the_courses_come_in_pages(cw, teacher, teacher_record, programme, curriculum):
    for number in range(30):
        plan_course(teacher, teacher=teacher_record, title=f"Group {number:02}", test="")

    first = html_of(cw.get("/courses/"))
    second = html_of(cw.get("/courses/", {"page": "2"}))

    assert "Page 1 of 2" in first
    assert "Group 00" in first
    assert "Group 29" not in first
    assert "Group 29" in second


def test_the_catalogue_is_empty_before_any_course(cw, db):
    assert "No course matches" in html_of(cw.get("/courses/"))


def test_the_catalogue_is_for_staff_who_work_with_courses(inspector, analyst, people, client_for):
    assert inspector.get("/courses/").status_code == 403
    assert client_for(people["migrant"]).get("/courses/").status_code == 403
    # Analysts read the aggregates, never a class list.
    response = analyst.get("/courses/")
    assert response.status_code == 302
    assert response["Location"] == "/courses/statistics/"


def test_the_main_navigation_leads_to_courses(cw, analyst, inspector, db):
    assert 'href="/courses/"' in html_of(cw.get("/"))
    assert 'href="/courses/statistics/"' in html_of(analyst.get("/"))
    nav = html_of(inspector.get("/"))
    assert 'href="/courses/"' not in nav
    assert 'href="/courses/statistics/"' not in nav


# --- Planning a course ----------------------------------------------------------------------


def test_a_teacher_plans_a_course_with_its_weekly_sessions(
    tutor, teacher_record, programme, curriculum, test_definition
):
    response = tutor.post("/courses/new/", _plan_form(teacher_record))

    course = Course.objects.get(title="Romanian B1, mornings")
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.public_id}/"
    assert course.overridden == []
    sessions = list(Session.objects.filter(course=course).order_by("starts_at"))
    assert len(sessions) == 20  # 60 hours, 3 a session
    assert {timezone.localtime(s.starts_at).weekday() for s in sessions} == {1, 3}
    page = html_of(tutor.get(response["Location"]))
    assert "The course has been planned." in page
    assert "20 sessions, 60" in page


def test_the_plan_form_offers_the_choices_the_planner_has(
    tutor, teacher_record, assistant, programme, curriculum, test_definition
):
    html = html_of(tutor.get("/courses/new/"))

    assert 'value="md-voluntary"' in html
    assert "Romanian B1 (National language, 60 hours)" in html
    assert "Elena Rusu — Second-language specialist" in html
    assert "Dan Lungu — Teaching assistant" in html
    assert 'value="ro-test"' in html
    assert 'id="id_override_reason"' not in html  # asked for only when needed
    assert 'hx-get="/courses/new/"' in html  # the provider narrows the teachers


def test_choosing_a_provider_lists_its_teachers_only(
    coord, orgs, teacher_record, programme, curriculum
):
    school = Organisation.objects.create(
        code="school",
        name="Language School",
        kind=OrganisationKind.COURSE_PROVIDER,
        level=Level.LOCAL,
        country="MD",
    )
    Teacher.objects.create(
        organisation=school, name="Ana Vieru", qualification="teacher", updated_at=timezone.now()
    )

    everyone = html_of(coord.get("/courses/new/"))
    ngo_only = html_of(coord.get("/courses/new/", {"provider": "ngo"}, HTTP_HX_REQUEST="true"))

    assert '<optgroup label="Language School">' in everyone
    assert "Ana Vieru" in everyone
    assert "Elena Rusu" in ngo_only
    assert "Ana Vieru" not in ngo_only


def test_bad_input_is_explained_beside_its_fields_and_plans_nothing(
    tutor, teacher_record, programme, curriculum, test_definition
):
    response = tutor.post(
        "/courses/new/",
        _plan_form(teacher_record, title=" ", ends_on=_day(1), capacity="0", at=""),
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "This field is required" in error_beside(html, "id_title")
    assert "greater than or equal to 1" in error_beside(html, "id_capacity")
    assert "Say when the sessions start" in error_beside(html, "id_at")
    assert not Course.objects.exists()


def test_the_service_s_refusals_come_back_beside_their_fields(
    tutor, teacher_record, programme, curriculum, test_definition
):
    response = tutor.post(
        "/courses/new/", _plan_form(teacher_record, starts_on=_day(10), ends_on=_day(5))
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "cannot end before it starts" in error_beside(html, "id_ends_on")
    assert "The course could not be planned" in html
    assert not Course.objects.exists()


def test_a_breach_of_the_quality_criteria_asks_for_a_reason_and_the_reason_plans_it(
    tutor, assistant, programme, curriculum, test_definition
):
    refused = tutor.post("/courses/new/", _plan_form(assistant, capacity="20"))

    html = html_of(refused)
    assert refused.status_code == 200
    assert "at most 12 learners" in error_beside(html, "id_capacity")
    assert "Teaching assistant" in error_beside(html, "id_teacher")
    assert 'id="id_override_reason"' in html
    assert "The course breaks the programme" in html
    assert not Course.objects.exists()

    planned = tutor.post(
        "/courses/new/",
        _plan_form(assistant, capacity="20", override_reason="No other teacher this term."),
    )

    course = Course.objects.get()
    assert planned.status_code == 302
    assert sorted(course.overridden) == ["max_group_size", "min_teacher_qualification"]
    assert course.override_reason == "No other teacher this term."
    page = html_of(tutor.get(planned["Location"]))
    assert "Quality criteria overridden" in page
    assert "Maximum group size" in page
    assert "Minimum teacher qualification" in page
    assert "No other teacher this term." in page


def test_those_who_do_not_plan_courses_cannot(cw, people, client_for, teacher_record, programme):
    assert cw.get("/courses/new/").status_code == 403
    assert cw.post("/courses/new/", _plan_form(teacher_record)).status_code == 403
    assert client_for(people["analyst"]).get("/courses/new/").status_code == 403
    assert not Course.objects.exists()


# --- A course's page ------------------------------------------------------------------------


def _someone(caseworker, programme, given_name: str, family_name: str):
    """Another person at centre A with an open plan and its Romanian course."""
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name=given_name,
            family_name=family_name,
            sex="female",
            birth_date=date(1999, 9, 9),
        ),
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
    )
    plan = plan_services.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=timezone.localdate()
    )
    return person, plan.measures.get(kind="language_course")


@pytest.fixture
def full_course(teacher, teacher_record, caseworker, programme, curriculum, test_definition):
    """A group of one, planned by the teacher."""
    return plan_course(teacher, teacher=teacher_record, capacity=1, title="Small group")


def test_the_teacher_sees_the_whole_class_with_attendance_and_the_waitlist(
    tutor, teacher, caseworker, programme, person, measure, course, past_session
):
    omar, omar_measure = another_person(caseworker, programme, "Omar")
    amina = enrol(caseworker, person, measure, course)
    enrol(caseworker, omar, omar_measure, course)
    attendance.register_record(
        actor=teacher,
        course=course,
        session_id=past_session.pk,
        marks={amina.pk: "present", Enrolment.objects.get(person=omar).pk: "absent"},
    )

    html = html_of(tutor.get(f"/courses/{course.public_id}/"))

    assert "Amina Haddad" in html
    assert "Omar Learner" in html
    assert "100 %" in html
    assert "0 %" in html
    assert f'href="/courses/{course.public_id}/register/"' in html
    assert f'href="/courses/{course.public_id}/register/{past_session.pk}/"' in html
    assert f'href="/courses/{course.public_id}/results/{amina.pk}/"' in html
    assert f'href="/courses/enrolments/{amina.pk}/withdraw/"' in html
    assert f'href="/courses/{course.public_id}/sessions/new/"' in html
    assert f'href="/courses/{course.public_id}/finish/"' in html
    assert f'href="/courses/{course.public_id}/cancel/"' in html
    assert "Nobody is waiting for a place." in html
    assert 'href="/people/' not in html  # teachers do not open the registry


def test_the_waitlist_is_in_the_order_places_are_given(
    tutor, caseworker, programme, person, measure, full_course
):
    omar, omar_measure = another_person(caseworker, programme, "Omar")
    sara, sara_measure = _someone(caseworker, programme, "Sara", "Popescu")
    enrol(caseworker, omar, omar_measure, full_course)
    # Sara asked first, but her measure is voluntary; Amina's is mandatory.
    sara_measure.mandatory = False
    sara_measure.save()
    enrol(caseworker, sara, sara_measure, full_course, waitlist=True)
    enrol(caseworker, person, measure, full_course, waitlist=True)

    html = html_of(tutor.get(f"/courses/{full_course.public_id}/"))

    waitlist = html[html.index('id="waitlist"') :]
    assert waitlist.index("Amina Haddad") < waitlist.index("Sara Popescu")
    assert "Omar Learner" not in waitlist
    assert "1 places: 1 enrolled, 0 free, 2 waiting" in html


def test_a_caseworker_sees_their_own_cases_only(
    cw, orgs, client_for, caseworker, person, measure, course, enrolment
):
    html = html_of(cw.get(f"/courses/{course.public_id}/"))
    other = html_of(
        client_for(make_user("cw_b", orgs["b"], "caseworker")).get(f"/courses/{course.public_id}/")
    )

    assert "Amina Haddad" in html
    assert f'href="/people/{person.public_id}/"' in html
    assert f'href="/courses/enrolments/{enrolment.pk}/withdraw/"' in html
    assert "register/" not in html
    assert 'id="waitlist"' not in html
    assert "sessions/new/" not in html
    assert "Amina Haddad" not in other
    assert "None of your cases is in this course." in other
    assert "1 enrolled" in other  # the catalogue's figures are everyone's


def test_a_course_with_no_learner_says_so(tutor, course):
    html = html_of(tutor.get(f"/courses/{course.public_id}/"))

    assert "No learner yet." in html


def test_a_course_is_for_staff_who_work_with_courses(inspector, cw, course):
    assert inspector.get(f"/courses/{course.public_id}/").status_code == 403
    assert cw.get("/courses/K-0000-0000/").status_code == 404


# --- Sessions, the end ----------------------------------------------------------------------


def test_the_teacher_adds_a_session(tutor, course):
    before = Session.objects.filter(course=course).count()

    response = tutor.post(
        f"/courses/{course.public_id}/sessions/new/",
        {"day": _day(2), "at": "07:15", "hours": "1.5", "topic": "Revision"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.public_id}/#sessions"
    added = Session.objects.get(course=course, topic="Revision")
    assert timezone.localtime(added.starts_at).hour == 7
    assert Session.objects.filter(course=course).count() == before + 1


def test_a_session_outside_the_course_is_explained_and_not_added(tutor, course):
    before = Session.objects.filter(course=course).count()

    response = tutor.post(
        f"/courses/{course.public_id}/sessions/new/",
        {"day": _day(400), "at": "07:15", "hours": "2"},
    )
    too_long = tutor.post(
        f"/courses/{course.public_id}/sessions/new/",
        {"day": _day(2), "at": "07:15", "hours": "12"},
    )

    assert response.status_code == 200
    assert "first and last day" in error_beside(html_of(response), "id_day")
    assert "less than or equal to 10" in error_beside(html_of(too_long), "id_hours")
    assert Session.objects.filter(course=course).count() == before


def test_only_those_who_run_the_course_add_sessions(cw, other_teacher_user, client_for, course):
    other = client_for(other_teacher_user)
    url = f"/courses/{course.public_id}/sessions/new/"

    assert cw.get(url).status_code == 403
    assert cw.post(url, {"day": _day(2), "at": "07:15", "hours": "1"}).status_code == 403
    # A colleague at the provider plans its courses (services.courses.session_add).
    assert other.get(url).status_code == 200


def test_the_teacher_finishes_a_course_that_has_run(tutor, course, enrolment, past_session):
    confirm = html_of(tutor.get(f"/courses/{course.public_id}/finish/"))
    response = tutor.post(f"/courses/{course.public_id}/finish/")

    assert "1 enrolled learner completes the course" in confirm
    assert response.status_code == 302
    course.refresh_from_db()
    enrolment.refresh_from_db()
    assert course.status == CourseStatus.FINISHED
    assert enrolment.status == "completed"
    page = html_of(tutor.get(response["Location"]))
    assert "The course has finished" in page
    assert "/finish/" not in page
    assert "sessions/new/" not in page


def test_a_course_that_has_not_started_cannot_finish(
    tutor, teacher, teacher_record, programme, curriculum
):
    later = plan_course(teacher, teacher=teacher_record, starts_on=_date(5), test="")

    confirm = html_of(tutor.get(f"/courses/{later.public_id}/finish/"))
    response = tutor.post(f"/courses/{later.public_id}/finish/", follow=True)

    assert "has not started yet" in confirm
    assert "cancel it instead" in html_of(response)
    later.refresh_from_db()
    assert later.status == CourseStatus.PLANNED


def _date(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_a_caseworker_cannot_finish_or_cancel_a_course(cw, course, enrolment, past_session):
    assert cw.post(f"/courses/{course.public_id}/finish/").status_code == 403
    assert cw.get(f"/courses/{course.public_id}/cancel/").status_code == 403
    assert cw.post(f"/courses/{course.public_id}/cancel/", {"reason": "No"}).status_code == 403
    course.refresh_from_db()
    assert course.status == CourseStatus.PLANNED


def test_cancelling_asks_why_then_ends_every_enrolment(tutor, course, enrolment):
    refused = tutor.post(f"/courses/{course.public_id}/cancel/", {"reason": "  "})

    assert refused.status_code == 200
    assert "Say why the course is cancelled" in error_beside(html_of(refused), "id_reason")
    course.refresh_from_db()
    assert course.status == CourseStatus.PLANNED

    response = tutor.post(f"/courses/{course.public_id}/cancel/", {"reason": "The teacher is ill."})

    assert response.status_code == 302
    course.refresh_from_db()
    enrolment.refresh_from_db()
    assert course.status == CourseStatus.CANCELLED
    assert enrolment.status == "withdrawn"
    # An ended course changes no more: its pages send back to it.
    again = tutor.get(f"/courses/{course.public_id}/sessions/new/", follow=True)
    assert "it can no longer change" in html_of(again)


# --- Places and statistics ------------------------------------------------------------------


def test_places_show_the_shortfall_per_region_and_type(
    cw, caseworker, programme, person, measure, full_course
):
    omar, omar_measure = another_person(caseworker, programme, "Omar")
    enrol(caseworker, omar, omar_measure, full_course)
    enrol(caseworker, person, measure, full_course, waitlist=True)

    response = cw.get("/courses/places/")

    html = html_of(response)
    assert response.status_code == 200
    assert "Chișinău" in html
    assert "National language" in html
    assert "1 place short" in html
    assert "Places are short in 1 region and type of course" in html


def test_places_say_when_there_is_nothing_to_count(analyst, db):
    html = html_of(analyst.get("/courses/places/"))

    assert "No course is planned or running" in html


def test_places_are_for_those_who_plan_or_count(inspector, people, client_for, db):
    assert inspector.get("/courses/places/").status_code == 403
    assert client_for(people["partner"]).get("/courses/places/").status_code == 403


def _learners(course: Course, organisation, user, *, count: int, sex: str) -> None:
    """Learners who got a place a week after asking (straight into the tables)."""
    asked = timezone.localdate() - timedelta(days=30)
    for number in range(count):
        person = Person.objects.create(given_name=f"L{sex}{number}", family_name="Learner", sex=sex)
        Enrolment.objects.create(
            course=course,
            person=person,
            status="enrolled",
            requested_on=asked,
            enrolled_on=asked + timedelta(days=7),
            organisation=organisation,
            enrolled_by=user,
            created_at=timezone.now(),
        )


def test_statistics_suppress_small_cells_and_show_not_stated(analyst, people, orgs, course):
    _learners(course, orgs["a"], people["caseworker"], count=12, sex="female")
    _learners(course, orgs["a"], people["caseworker"], count=3, sex="male")
    _learners(course, orgs["a"], people["caseworker"], count=2, sex="")

    html = html_of(analyst.get("/courses/statistics/", {"by": "sex"}))

    assert "Learners by Sex: all courses" in html
    female = html[html.index("Female") :]
    assert re.match(r"Female</th>\s*<td>12</td>", female)
    male = html[html.index("Male</th>") :]
    assert "fewer than 10" in male[: male.index("</tr>")]
    assert "Not stated" in html
    total = html[html.index("<tfoot>") :]
    assert re.search(r"Total</strong></th>\s*<td>17</td>", total)
    assert "7.0" in total  # the mean wait, in days
    assert "no learner can be singled out" in html


def test_statistics_break_down_by_region_and_filter_by_type(analyst, people, orgs, course):
    _learners(course, orgs["a"], people["caseworker"], count=10, sex="female")

    by_region = html_of(analyst.get("/courses/statistics/", {"by": "region"}))
    civic = html_of(analyst.get("/courses/statistics/", {"type": "civic"}))
    fragment = html_of(
        analyst.get("/courses/statistics/", {"by": "age_band"}, HTTP_HX_REQUEST="true")
    )

    assert re.search(r"Chișinău</th>\s*<td>10</td>", by_region)
    assert "No learner got a place" in civic
    assert "<html" not in fragment
    assert "Not stated" in fragment  # no birth date recorded


def test_bad_statistics_filters_are_explained_beside_their_fields(analyst, db):
    response = analyst.get(
        "/courses/statistics/",
        {"by": "religion", "date_from": _day(0), "date_until": _day(-5)},
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "Select a valid choice" in error_beside(html, "id_by")
    assert "cannot end before it starts" in error_beside(html, "id_date_until")


def test_statistics_are_for_those_who_count(cw, tutor, inspector, db):
    assert cw.get("/courses/statistics/").status_code == 403
    assert inspector.get("/courses/statistics/").status_code == 403
    assert tutor.get("/courses/statistics/").status_code == 200


# --- Teachers -------------------------------------------------------------------------------


def test_a_coordinator_adds_a_teacher_with_their_account(coord, orgs, other_teacher_user):
    response = coord.post(
        "/courses/teachers/new/",
        {
            "provider": "ngo",
            "name": "Ion Popa",
            "qualification": "teacher",
            "qualification_detail": "BA Philology",
            "languages": "ro, RU",
            "username": other_teacher_user.username,
            "is_examiner": "on",
            "is_active": "on",
        },
    )

    teacher = Teacher.objects.get(name="Ion Popa")
    assert response.status_code == 302
    assert response["Location"] == f"/courses/teachers/#teacher-{teacher.pk}"
    assert teacher.languages == ["ro", "ru"]
    assert teacher.user == other_teacher_user
    assert teacher.is_examiner
    html = html_of(coord.get("/courses/teachers/"))
    assert "Ion Popa" in html
    assert "Licensed examiner" in html
    assert f'href="/courses/teachers/{teacher.pk}/edit/"' in html


def test_bad_teacher_input_is_explained_and_saves_nothing(coord, orgs, people):
    response = coord.post(
        "/courses/teachers/new/",
        {
            "provider": "ngo",
            "name": "Ion Popa",
            "qualification": "teacher",
            "languages": "Romanian",
            "is_active": "on",
        },
    )
    not_a_teacher = coord.post(
        "/courses/teachers/new/",
        {
            "provider": "ngo",
            "name": "Ion Popa",
            "qualification": "teacher",
            "username": people["caseworker"].username,
        },
    )

    assert response.status_code == 200
    assert "Not a code: romanian" in error_beside(html_of(response), "id_languages")
    assert "account of a teacher at this provider" in error_beside(
        html_of(not_a_teacher), "id_username"
    )
    assert not Teacher.objects.filter(name="Ion Popa").exists()


def test_a_coordinator_changes_a_teacher_s_qualification(coord, teacher_record):
    form = html_of(coord.get(f"/courses/teachers/{teacher_record.pk}/edit/"))
    response = coord.post(
        f"/courses/teachers/{teacher_record.pk}/edit/",
        {"name": "Elena Rusu", "qualification": "teacher", "languages": "ro", "is_active": "on"},
    )

    assert 'value="Elena Rusu"' in form
    assert response.status_code == 302
    teacher_record.refresh_from_db()
    assert teacher_record.qualification == "teacher"
    assert teacher_record.user is None  # the account was left out
    assert teacher_record.organisation.code == "ngo"  # the provider stays


def test_teachers_see_their_colleagues_but_do_not_keep_them(tutor, teacher_record):
    html = html_of(tutor.get("/courses/teachers/"))

    assert "Elena Rusu" in html
    assert "/edit/" not in html
    assert "/courses/teachers/new/" not in html
    assert tutor.get("/courses/teachers/new/").status_code == 403
    assert tutor.get(f"/courses/teachers/{teacher_record.pk}/edit/").status_code == 403
    response = tutor.post(
        f"/courses/teachers/{teacher_record.pk}/edit/",
        {"name": "Elena", "qualification": "specialist", "is_examiner": "on"},
    )
    assert response.status_code == 403


def test_an_administrator_keeps_their_own_organisation_s_teachers(
    people, client_for, orgs, teacher_record
):
    admin_b = client_for(people["admin_b"])

    form = html_of(admin_b.get("/courses/teachers/new/"))
    added = admin_b.post(
        "/courses/teachers/new/",
        {"provider": "centre-b", "name": "Maria Ciobanu", "qualification": "trainer"},
    )

    assert 'value="centre-b"' in form
    assert 'value="ngo"' not in form
    assert added.status_code == 302
    assert Teacher.objects.get(name="Maria Ciobanu").organisation == orgs["b"]
    assert admin_b.get(f"/courses/teachers/{teacher_record.pk}/edit/").status_code == 404
    assert "Elena Rusu" not in html_of(admin_b.get("/courses/teachers/"))


def test_the_teachers_list_says_when_there_is_none(people, client_for, db):
    html = html_of(client_for(people["admin_b"]).get("/courses/teachers/"))

    assert "No teacher is recorded yet" in html


def test_the_teachers_are_not_for_caseworkers(cw, inspector, db):
    assert cw.get("/courses/teachers/").status_code == 403
    assert inspector.get("/courses/teachers/new/").status_code == 403


# --- Curricula and tests --------------------------------------------------------------------


def test_curricula_tests_and_quality_criteria_are_read_together(
    cw, programme, curriculum, test_definition
):
    html = html_of(cw.get("/courses/curricula/"))

    assert 'href="/courses/curricula/ro-b1/"' in html
    assert "Romanian B1" in html
    assert "Romanian language test" in html
    assert "Reading: 25" in html
    assert "B1: 60 in all, at least 12 in each section" in html
    assert "Integration programme" in html
    assert "Qualified teacher" in html  # the minimum qualification
    assert "changed through the API" not in html  # only coordinators need to know


def test_a_curriculum_shows_its_modules_and_outcomes(cw, coord, curriculum):
    html = html_of(cw.get("/courses/curricula/ro-b1/"))

    assert "Everyday Romanian" in html
    assert "Read a job advert." in html
    assert re.search(r"Total</th><td>60</td>", html)
    assert "changed through the API" in html_of(coord.get("/courses/curricula/ro-b1/"))


def test_curricula_say_when_there_are_none(cw, db):
    html = html_of(cw.get("/courses/curricula/"))

    assert "No curriculum yet" in html
    assert "No test yet" in html
    assert "No programme sets quality criteria" in html


def test_curricula_are_for_staff_who_work_with_courses(analyst, cw, curriculum):
    assert analyst.get("/courses/curricula/").status_code == 403
    assert analyst.get("/courses/curricula/ro-b1/").status_code == 403
    assert cw.get("/courses/curricula/nothing/").status_code == 404


def test_a_curriculum_no_longer_in_use_is_marked(coord, coordinator, curriculum):
    catalogue.curriculum_save(
        actor=coordinator,
        data=catalogue.CurriculumData(
            code="civic",
            country="MD",
            course_type="civic",
            title="Living in Moldova",
            modules=(catalogue.ModuleData("Institutions", 8),),
            is_active=False,
        ),
    )

    html = html_of(coord.get("/courses/curricula/"))

    assert "Living in Moldova" in html
    assert "not in use" in html
