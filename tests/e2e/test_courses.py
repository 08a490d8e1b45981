"""Courses in a real browser, the whole flow of issue 5: the NGO's teacher plans a
Romanian course (the programme's quality criteria refuse too many places once, and
offer an override); a caseworker enrols a refugee from the language measure of her
plan; the teacher takes the register of a session on a phone-sized screen, with one
button for the class, then records her test result with a second examiner for
speaking; the certificate prints as a PDF, and anyone holding its code checks it is
genuine without signing in (a forged code is not found). axe-core on every page of
the flow."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from playwright.sync_api import expect

from integra.core import access
from integra.core.models import Organisation, User
from integra.courses.models import Attendance, Certificate, Course, Teacher
from integra.courses.rules import CODE_ALPHABET
from integra.courses.services import catalogue, courses
from integra.people import services as people_services
from integra.plans.models import Plan, Programme
from integra.plans.services import plans, programmes
from tests.courses.conftest import PASS_MARKS, SECTIONS, enrol, learner
from tests.e2e.conftest import AxeReport, path_of, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}  # a small phone, as the register is taken in class
PLAN = re.compile(r"/plans/L-[0-9A-Z]{4}-[0-9A-Z]{4}/(#measures)?$")
COURSE = re.compile(r"/courses/K-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
REGISTER = re.compile(r"/courses/K-[0-9A-Z]{4}-[0-9A-Z]{4}/register/$")  # the latest session
SESSION_REGISTER = re.compile(r"/courses/K-[0-9A-Z]{4}-[0-9A-Z]{4}/register/[0-9]+/$")
RESULT = re.compile(r"/courses/K-[0-9A-Z]{4}-[0-9A-Z]{4}/results/[0-9]+/$")
MEASURES = "Measures of the plan, soonest due first"  # the plan's (hidden) table caption
TITLE = "Romanian B1, evenings"
CURRICULUM = "Romanian B1 (National language, 60 hours)"  # its option in the form
TEACHER = "Elena Rusu — Second-language specialist"
TOPIC = "Greetings and introductions"


# --- Set-up, through the services ------------------------------------------------------


def _programme(coordinator: User) -> Programme:
    """md-voluntary with a mandatory Romanian course, and its standard for language
    courses: at most 12 learners, a qualified teacher, 40 hours, two examiners for
    speaking."""
    actor = access.actor_for(coordinator)
    programme = programmes.programme_save(
        actor=actor,
        data=programmes.ProgrammeData(
            code="md-voluntary",
            country="MD",
            name="Integration programme",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("language", "community"),
            eligible_statuses=("international_protection",),
        ),
    )
    programmes.programme_measure_add(
        actor=actor,
        programme=programme,
        data=programmes.ProgrammeMeasureData(
            code="language",
            domain="language",
            kind="language_course",
            title="Romanian course",
            due_within_days=180,
            mandatory=True,
        ),
    )
    catalogue.standard_save(
        actor=actor,
        data=catalogue.StandardData(
            programme=programme.code,
            course_type="language",
            max_group_size=12,
            min_teacher_qualification="teacher",
            min_hours=40,
            max_wait_days=90,
            two_speaking_examiners=True,
        ),
    )
    return programme


def _catalogue(coordinator: User, teacher: User, provider: Organisation) -> None:
    """The B1 curriculum (60 hours), the Romanian test, and the NGO's two licensed
    examiners: the teacher persona and a colleague without an account."""
    actor = access.actor_for(coordinator)
    catalogue.curriculum_save(
        actor=actor,
        data=catalogue.CurriculumData(
            code="ro-b1",
            country="MD",
            course_type="language",
            title="Romanian B1",
            language="ro",
            target_level="B1",
            modules=(
                catalogue.ModuleData("Everyday Romanian", 30, "Talk about daily life."),
                catalogue.ModuleData("Romanian at work", 30, "Read a job advert."),
            ),
        ),
    )
    catalogue.definition_save(
        actor=actor,
        data=catalogue.DefinitionData(
            code="ro-test",
            country="MD",
            title="Romanian language test",
            course_type="language",
            language="ro",
            sections=SECTIONS,
            pass_marks=PASS_MARKS,
        ),
    )
    for name, qualification, username in (
        ("Elena Rusu", "specialist", teacher.username),
        ("Ion Popa", "teacher", ""),
    ):
        catalogue.teacher_save(
            actor=actor,
            data=catalogue.TeacherData(
                provider=provider.code,
                name=name,
                qualification=qualification,
                languages=("ro",),
                username=username,
                is_examiner=True,
            ),
        )


@pytest.fixture
def plan(personas: dict[str, User], orgs: dict[str, Organisation]) -> Plan:
    """The programme and the NGO's catalogue; Amina, at centre A, with a plan whose
    Romanian course is still to do."""
    programme = _programme(personas["coordinator"])
    _catalogue(personas["coordinator"], personas["teacher"], orgs["ngo"])
    caseworker = access.actor_for(personas["caseworker"])
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            sex="female",
            birth_date=date(1990, 5, 1),
            citizenships=("SY",),
        ),
        confirm_new=True,
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
    )
    return plans.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=timezone.localdate()
    )


def _session_that_has_happened(teacher: User, course: Course) -> None:
    """The course's planned sessions are all to come: the teacher adds one that began
    an hour ago (today, for the course starts today)."""
    now = timezone.localtime()
    starts_at = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
    courses.session_add(
        actor=access.actor_for(teacher),
        course=course,
        starts_at=starts_at.replace(microsecond=0),
        hours=Decimal(2),
        topic=TOPIC,
    )


# --- Steps ---------------------------------------------------------------------------


def _main_nav(page: Any) -> Any:
    return page.get_by_role("navigation", name="Main")


def _overflow(page: Any) -> int:
    """How many CSS pixels the document is wider than the window (0 when it fits)."""
    width, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"]
    return int(width) - int(inner)


def _fill_course_form(page: Any, *, places: int) -> None:
    """Every field of "Plan a course"; sessions on two weekdays other than today's,
    so that the only session to have begun is the one the test adds."""
    today = timezone.localdate()
    page.get_by_label("Programme").select_option(label="Integration programme")
    page.get_by_label("Curriculum").select_option(label=CURRICULUM)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Final test").select_option(label="Romanian language test")
    # A teacher plans for their own provider only: it is chosen already.
    expect(page.get_by_label("Provider")).to_have_value("ngo")
    page.get_by_label("Teacher", exact=True).select_option(label=TEACHER)
    page.get_by_role("group", name="Delivery").get_by_label("In person").check()
    page.get_by_label("Region").fill("Chișinău")
    page.get_by_label("Venue or link").fill("Str. Pușkin 1")
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_label("Last day").fill((today + timedelta(days=120)).isoformat())
    page.get_by_label("Places").fill(str(places))
    days = page.get_by_role("group", name="Days of the week")
    for offset in (1, 3):
        days.get_by_label(str(WEEKDAYS[(today.weekday() + offset) % 7])).check()
    page.get_by_label("Time (optional)").fill("18:00")
    expect(page.get_by_label("Hours per session")).to_have_value("3")


def _plan_a_course(page: Any, axe: AxeReport) -> str:
    """Courses → Plan a course: refused with 30 places, then planned with 12."""
    _main_nav(page).get_by_role("link", name="Courses", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    page.get_by_role("link", name="Plan a course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a course")
    override = page.get_by_label("Why the quality criteria are overridden")
    expect(override).to_have_count(0)  # asked for only once the criteria refuse
    _fill_course_form(page, places=30)
    page.get_by_role("button", name="Plan the course", exact=True).click()

    # The programme allows 12 learners a group: refused, said beside the field, with
    # the override offered.
    page.wait_for_load_state()
    assert path_of(page) == "/courses/new/"
    expect(page.get_by_role("alert")).to_contain_text(
        "The course does not meet the programme's quality criteria."
    )
    expect(
        page.get_by_role("status").filter(has_text="breaks the programme's quality criteria")
    ).to_be_visible()
    places = page.get_by_label("Places")
    expect(places).to_have_value("30")
    expect(places).to_have_accessible_description(
        re.compile("at most 12 learners in a group; the course would have 30 places")
    )
    expect(override).to_be_visible()
    expect(page.get_by_role("button", name="Plan the course with this reason")).to_be_visible()
    axe.check(page, "plan a course, refused by the quality criteria")

    # Twelve places meet the criteria: no reason needed.
    places.fill("12")
    page.get_by_role("button", name="Plan the course with this reason").click()
    page.wait_for_url(COURSE)
    expect(page.get_by_role("status")).to_have_text("The course has been planned.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    facts = page.get_by_role("region", name="About the course")
    expect(facts).to_contain_text("Elena Rusu — Second-language specialist licensed examiner")
    expect(facts).to_contain_text("12 places: 0 enrolled, 12 free, 0 waiting")
    sessions = page.get_by_role("region", name="Sessions")
    expect(sessions.locator("caption")).to_have_text(re.compile(r"^20 sessions, 60(\.0)? hours"))
    expect(page.get_by_role("region", name="Quality criteria overridden")).to_have_count(0)
    axe.check(page, "the course, just planned")
    return path_of(page).split("/")[-2]


def test_a_course_from_planning_to_a_verified_certificate(
    new_page: Any, personas: dict[str, User], plan: Plan, axe: AxeReport
) -> None:
    amina = plan.person

    # 1. The teacher plans the course.
    teacher = new_page(bypass_csp=True)  # the CSP forbids injected axe
    sign_in(teacher, personas["teacher"])
    course_id = _plan_a_course(teacher, axe)
    course = Course.objects.get(public_id=course_id)
    assert course.capacity == 12
    assert not course.overridden
    assert course.teacher == Teacher.objects.get(user=personas["teacher"])

    # 2. The caseworker enrols Amina from the language measure of her plan.
    caseworker = new_page(bypass_csp=True)
    sign_in(caseworker, personas["caseworker"])
    caseworker.goto(f"/plans/{plan.public_id}/")
    measure = caseworker.get_by_role("table", name=MEASURES).get_by_role(
        "row", name=re.compile("^Romanian course")
    )
    expect(measure).to_contain_text("Planned")
    measure.get_by_role("link", name="Enrol in a course Romanian course").click()
    expect(caseworker.get_by_role("heading", level=1)).to_have_text("Enrol in a course")
    options = caseworker.get_by_role("group", name="Courses that deliver this measure")
    expect(options.get_by_role("radio")).to_have_count(1)
    option = options.get_by_role("radio", name=re.compile(re.escape(TITLE)))
    expect(options).to_contain_text("12 places free")
    axe.check(caseworker, "enrol in a course")
    option.check()
    caseworker.get_by_role("button", name="Enrol", exact=True).click()
    caseworker.wait_for_url(PLAN)
    expect(caseworker.get_by_role("status")).to_contain_text(
        f"The learner is enrolled in {TITLE}; the measure is in progress."
    )
    expect(measure).to_contain_text("In progress")
    expect(measure).to_contain_text("Enrolled")
    expect(measure.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/courses/{course_id}/"
    )
    expect(measure.get_by_role("link", name="Enrol in a course Romanian course")).to_have_count(0)

    # A classmate, enrolled through the services, and a session that has happened.
    omar, omar_measure = learner(
        access.actor_for(personas["caseworker"]), plan.programme, "Omar", family_name="Saleh"
    )
    enrol(access.actor_for(personas["caseworker"]), omar, omar_measure, course)
    _session_that_has_happened(personas["teacher"], course)

    # 3. The teacher takes the register on a phone: one button for the whole class.
    phone = new_page(viewport=PHONE, bypass_csp=True)
    sign_in(phone, personas["teacher"])
    phone.goto(f"/courses/{course_id}/")
    phone.get_by_role("link", name="Take attendance").click()
    phone.wait_for_url(REGISTER)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Register")
    expect(phone.get_by_role("heading", level=2)).to_contain_text(TOPIC)
    expect(phone.locator("main")).not_to_contain_text("has not happened yet")
    learners = phone.locator("ol.register-list > li")
    expect(learners).to_have_count(2)
    her = phone.get_by_role("group", name=re.compile("^Amina Haddad"))
    him = phone.get_by_role("group", name=re.compile("^Omar Saleh"))
    expect(her).to_contain_text("No attendance counted yet")
    expect(her.get_by_role("radio", name="Present")).to_be_checked()  # the default
    him.get_by_role("radio", name="Absent").check()
    her.get_by_role("radio", name="Present").check()
    assert _overflow(phone) <= 0, "the register scrolls sideways on a phone"
    axe.check(phone, "the register, on a phone")
    posts: list[str] = []

    def count_posts(request: Any) -> None:
        if request.method == "POST":
            posts.append(request.url)

    phone.on("request", count_posts)
    phone.get_by_role("button", name="Save the register").click()  # once, for both

    phone.wait_for_url(SESSION_REGISTER)
    expect(phone.get_by_role("status")).to_contain_text("Attendance recorded for 2 learners")
    expect(her).to_contain_text("Attended 100% so far (1 of 1)")
    expect(him).to_contain_text("Attended 0% so far (0 of 1)")
    expect(him.get_by_role("radio", name="Absent")).to_be_checked()
    expect(phone.locator("main")).to_contain_text("Attendance was recorded for this session")
    assert dict(
        Attendance.objects.filter(session__course=course).values_list(
            "enrolment__person__given_name", "status"
        )
    ) == {"Amina": "present", "Omar": "absent"}
    assert len(posts) == 1, posts  # one submit saved the whole class
    assert _overflow(phone) <= 0, "the register, saved, scrolls sideways on a phone"
    axe.check(phone, "the register, saved, on a phone")

    # 4. Her test result: speaking scored by two examiners (17 and 19: 18), 72 of 100.
    phone.goto(f"/courses/{course_id}/")
    phone.get_by_role("region", name="Learners").get_by_role(
        "link", name=f"Record the result {amina.public_id}"
    ).click()
    phone.wait_for_url(RESULT)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Test result")
    expect(phone.get_by_label("Taken on")).to_have_value(timezone.localdate().isoformat())
    for section, score in (("Reading", 20), ("Listening", 18), ("Writing", 16), ("Speaking", 17)):
        phone.get_by_label(section, exact=True).fill(str(score))
    phone.get_by_label("Second examiner for speaking").select_option(label="Ion Popa")
    phone.get_by_label("Speaking: the second examiner's score").fill("19")
    axe.check(phone, "a test result, to record")
    phone.get_by_role("button", name="Record the result").click()

    phone.wait_for_url(RESULT)
    expect(phone.get_by_role("status")).to_contain_text(
        "Result recorded: level B1 reached, a pass. The certificate is issued."
    )
    expect(phone.get_by_role("heading", level=2)).to_have_text("Level reached: B1")
    main = phone.locator("main")
    expect(main).to_contain_text("Passed")
    expect(main).to_contain_text("Ion Popa (19")
    certificate = Certificate.objects.get(result__enrolment__person=amina)
    expect(main.locator("code", has_text=certificate.code)).to_be_visible()
    link = phone.get_by_role("link", name="Certificate (PDF)")
    expect(link).to_be_visible()
    axe.check(phone, "a test result, recorded")
    pdf = phone.context.request.get(link.get_attribute("href"))
    assert pdf.ok, pdf.status
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The plan: the course done, with the certificate as evidence.
    caseworker.reload()
    expect(measure).to_contain_text("Done")
    expect(measure).to_contain_text(certificate.code)

    # 5. Anyone with the code checks the certificate, without signing in.
    anyone = new_page(bypass_csp=True)
    anyone.goto("/courses/verify/")
    expect(anyone.get_by_role("heading", level=1)).to_have_text("Check a certificate")
    expect(anyone.get_by_role("navigation", name="Main")).to_have_count(0)
    code = anyone.get_by_label("Verification code")
    code.fill(certificate.code.lower())  # as typed: any case
    anyone.get_by_role("button", name="Check").click()
    verdict = anyone.get_by_role("region", name="Genuine certificate")
    expect(verdict).to_be_visible()
    expect(verdict).to_contain_text("Amina Haddad")
    expect(verdict).to_contain_text("Romanian language test")
    expect(verdict).to_contain_text("B1")
    expect(verdict).to_contain_text("Refugee NGO")
    expect(verdict).to_contain_text(certificate.code)
    axe.check(anyone, "check a certificate, genuine")

    last = certificate.code[-1]
    forged = certificate.code[:-1] + next(ch for ch in CODE_ALPHABET if ch != last)
    code.fill(forged)
    anyone.get_by_role("button", name="Check").click()
    expect(anyone.get_by_role("region", name="No certificate has this code")).to_be_visible()
    expect(anyone.get_by_role("region", name="Genuine certificate")).to_have_count(0)
    expect(anyone.locator("main")).not_to_contain_text("Amina")
    axe.check(anyone, "check a certificate, not found")

    axe.assert_clean()
