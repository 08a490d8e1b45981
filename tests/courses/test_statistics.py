"""Places against demand, and the course statistics: breakdowns by sex, age band,
citizenship and region, "not stated" counted openly, small cells suppressed,
rates hidden over fewer than ten people, and who may see them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import NotFound, PermissionDenied
from integra.courses import selectors
from integra.courses.models import Enrolment, Result
from integra.courses.selectors import PlacesRow, StatsFilters, age_band
from integra.courses.services import catalogue, courses, enrolments
from integra.people import services as people_services
from tests.conftest import make_user
from tests.courses.conftest import enrol, learner, plan_course, plan_course_on

# --- Places against demand -------------------------------------------------------------------


@pytest.fixture
def regions(orgs):
    orgs["a"].region = "Chișinău"
    orgs["a"].save(update_fields=["region"])
    orgs["b"].region = "Bălți"
    orgs["b"].save(update_fields=["region"])
    return orgs


@pytest.fixture
def civic(coordinator):
    return catalogue.curriculum_save(
        actor=coordinator,
        data=catalogue.CurriculumData(
            code="civic",
            country="MD",
            course_type="civic",
            title="Living in Moldova",
            modules=(catalogue.ModuleData("Institutions", 8),),
        ),
    )


def test_places_are_counted_against_who_holds_waits_for_and_needs_them(
    regions, caseworker, teacher, teacher_record, programme, person, measure, course, civic
):
    today = timezone.localdate()
    one_place = plan_course(teacher, teacher=teacher_record, capacity=1, title="One place")
    plan_course(
        teacher, teacher=teacher_record, curriculum="civic", test="", region="Bălți", capacity=8
    )
    cancelled = plan_course(teacher, teacher=teacher_record, capacity=7, title="Cancelled")
    courses.course_cancel(actor=teacher, course=cancelled, reason="No teacher")
    plan_course_on(  # over by now
        teacher,
        today - timedelta(days=60),
        teacher=teacher_record,
        ends_on=today - timedelta(days=1),
        capacity=9,
    )
    enrol(caseworker, person, measure, course)
    omar, his = learner(caseworker, programme, "Omar")
    enrol(caseworker, omar, his, one_place)
    ali, alis = learner(caseworker, programme, "Ali")
    enrol(caseworker, ali, alis, one_place, waitlist=True)
    learner(caseworker, programme, "Rami")  # not placed anywhere yet
    caseworker_b = access.actor_for(make_user("caseworker_b", regions["b"], "caseworker"))
    learner(caseworker_b, programme, "Dan")  # at centre B, in Bălți

    rows = selectors.places_overview(actor=caseworker)
    assert rows == [
        PlacesRow("Bălți", "civic", places=8, enrolled=0, waiting=0, demand=0),
        PlacesRow("Bălți", "language", places=0, enrolled=0, waiting=0, demand=1),
        PlacesRow("Chișinău", "language", places=11, enrolled=2, waiting=1, demand=1),
    ]
    assert [(r.free, r.shortfall) for r in rows] == [(8, 0), (0, 1), (9, 0)]


def test_a_learner_who_leaves_is_unplaced_demand_again(
    regions, caseworker, teacher, person, measure, course
):
    enrolment = enrol(caseworker, person, measure, course)
    [row] = selectors.places_overview(actor=caseworker)
    assert (row.enrolled, row.demand) == (1, 0)
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=enrolment, reason="Moved")
    [row] = selectors.places_overview(actor=caseworker)
    assert (row.enrolled, row.demand) == (0, 1)


def test_the_shortfall_counts_waiting_and_unplaced_beyond_the_free_places(
    regions,
    caseworker,
    teacher,
    teacher_record,
    programme,
    person,
    measure,
    curriculum,
    test_definition,
):
    one_place = plan_course(teacher, teacher=teacher_record, capacity=1, title="One place")
    enrol(caseworker, person, measure, one_place)
    for name in ("Omar", "Ali"):
        someone, theirs = learner(caseworker, programme, name)
        enrol(caseworker, someone, theirs, one_place, waitlist=True)
    learner(caseworker, programme, "Rami")
    [row] = selectors.places_overview(actor=caseworker)
    assert (row.places, row.enrolled, row.waiting, row.demand) == (1, 1, 2, 1)
    assert (row.free, row.shortfall) == (0, 3)


@pytest.mark.parametrize("role", ["analyst", "coordinator", "teacher", "caseworker"])
def test_staff_who_plan_or_follow_courses_see_the_places(people, role):
    assert selectors.places_overview(actor=access.actor_for(people[role])) == []


@pytest.mark.parametrize("role", ["migrant", "stranger", "inspector", "partner"])
def test_others_do_not_see_the_places(people, role):
    with pytest.raises(PermissionDenied):
        selectors.places_overview(actor=access.actor_for(people[role]))


# --- Statistics --------------------------------------------------------------------------------

DAY = date(2026, 3, 2)


@pytest.fixture
def analyst(people):
    return access.actor_for(people["analyst"])


class Class:
    """Learners put straight into a course's records: the statistics read whatever
    enrolments and results exist, and a plan per learner would only slow this down."""

    def __init__(self, caseworker, course, examiner):
        self.caseworker = caseworker
        self.course = course
        self.examiner = examiner
        self.count = 0

    def add(
        self,
        n: int,
        *,
        sex: str = "female",
        birth_date: date | None = date(1990, 1, 1),
        citizenships: tuple[str, ...] = ("SY",),
        status: str = "completed",
        passed: bool | None = None,
        requested_on: date = DAY,
        wait_days: int = 0,
        course=None,
    ) -> list[Enrolment]:
        made = []
        for _ in range(n):
            self.count += 1
            person = people_services.person_register(
                actor=self.caseworker,
                data=people_services.PersonData(
                    given_name="L" + "".join(chr(97 + int(d)) for d in str(self.count)),
                    family_name="Stat",
                    sex=sex,
                    birth_date=birth_date,
                    citizenships=citizenships,
                ),
                confirm_new=True,
            )
            enrolment = Enrolment.objects.create(
                course=course or self.course,
                person=person,
                status=status,
                requested_on=requested_on,
                enrolled_on=(
                    requested_on + timedelta(days=wait_days) if status != "waiting" else None
                ),
                organisation_id=self.caseworker.organisation_id,
                enrolled_by=self.caseworker.user,
                created_at=timezone.now(),
            )
            if passed is not None:
                Result.objects.create(
                    enrolment=enrolment,
                    test=(course or self.course).test,
                    taken_on=requested_on,
                    scores={},
                    total=0,
                    level="B1" if passed else "",
                    passed=passed,
                    examiner=self.examiner,
                    recorded_by=self.examiner.user or self.caseworker.user,
                    recorded_at=timezone.now(),
                )
            made.append(enrolment)
        return made


@pytest.fixture
def klass(caseworker, course, teacher_record) -> Class:
    return Class(caseworker, course, teacher_record)


def by(actor, breakdown, **filters):
    return {
        row.group: row
        for row in selectors.course_statistics(
            actor=actor, filters=StatsFilters(by=breakdown, **filters)
        )
    }


def test_rows_by_sex_suppress_small_cells_and_hide_small_rates(analyst, klass):
    klass.add(10, passed=True, wait_days=10)
    klass.add(2, passed=False, wait_days=20)
    klass.add(2, status="enrolled", wait_days=30)
    klass.add(3, sex="male", status="withdrawn")
    klass.add(2, sex="not_stated", status="enrolled")
    klass.add(4, sex="male", status="waiting")  # never held a place: not counted
    rows = selectors.course_statistics(actor=analyst, filters=StatsFilters(by="sex"))
    # "Not stated" is the empty group, as in every breakdown.
    assert [r.group for r in rows] == ["", "female", "male", "*"]
    not_stated, female, male, total = rows
    assert (female.enrolled, female.completed, female.tested, female.passed) == (14, 12, 12, 10)
    assert (female.completion_rate, female.pass_rate) == (86, 83)
    assert (female.mean_wait_days, female.median_wait_days) == (14.3, 10.0)
    assert (male.enrolled, male.completed, male.tested, male.passed) == (None, 0, 0, 0)
    assert (male.completion_rate, male.pass_rate, male.mean_wait_days) == (None, None, None)
    assert (not_stated.enrolled, not_stated.completion_rate) == (None, None)
    assert (total.enrolled, total.completed, total.tested, total.passed) == (19, 12, 12, 10)
    assert (total.completion_rate, total.pass_rate) == (63, 83)
    assert (total.mean_wait_days, total.median_wait_days) == (10.5, 10.0)


def test_a_rate_that_would_reveal_a_suppressed_count_is_hidden(analyst, klass):
    klass.add(8, passed=True)
    klass.add(4, passed=False)
    [female, _total] = selectors.course_statistics(actor=analyst, filters=StatsFilters())
    assert (female.tested, female.passed, female.pass_rate) == (12, None, None)
    assert female.completion_rate == 100


def test_the_groups_add_up_to_the_total(analyst, teacher, teacher_record, klass):
    other = plan_course(teacher, teacher=teacher_record, region="Bălți", title="Bălți B1")
    klass.add(12)
    klass.add(10, course=other, status="enrolled")
    rows = by(analyst, "region")
    assert set(rows) == {"Bălți", "Chișinău", "*"}
    assert rows["Bălți"].enrolled + rows["Chișinău"].enrolled == rows["*"].enrolled == 22
    assert rows["Bălți"].completed + rows["Chișinău"].completed == rows["*"].completed == 12
    assert rows["Bălți"].completion_rate == 0
    assert rows["Chișinău"].completion_rate == 100


def test_ten_is_enough_to_publish_nine_is_not(analyst, klass):
    klass.add(10, sex="female")
    klass.add(9, sex="male")
    rows = by(analyst, "sex")
    assert (rows["female"].enrolled, rows["female"].completion_rate) == (10, 100)
    assert rows["female"].mean_wait_days == 0.0
    assert (rows["male"].enrolled, rows["male"].completion_rate) == (None, None)
    assert rows["male"].mean_wait_days is None


def test_an_unknown_birth_date_is_counted_as_not_stated(analyst, klass):
    klass.add(10, birth_date=None)
    klass.add(10, birth_date=date(2000, 6, 1))
    klass.add(2, birth_date=date(1950, 1, 1))
    rows = by(analyst, "age_band")
    assert list(rows) == ["", "25-34", "65+", "*"]
    assert rows[""].enrolled == 10
    assert rows["25-34"].enrolled == 10
    assert rows["65+"].enrolled is None
    assert rows["*"].enrolled == 22


def test_citizenship_counts_the_first_and_the_stateless_as_not_stated(analyst, klass):
    klass.add(10, citizenships=("UA", "RO"))
    klass.add(10, citizenships=())
    rows = by(analyst, "citizenship")
    assert list(rows) == ["", "RO", "*"]
    assert (rows["RO"].enrolled, rows[""].enrolled, rows["*"].enrolled) == (10, 10, 20)


def test_the_filters_narrow_by_type_and_date_of_request(
    analyst, teacher, teacher_record, klass, civic
):
    civic_course = plan_course(
        teacher, teacher=teacher_record, curriculum="civic", test="", title="Civic"
    )
    klass.add(10, requested_on=DAY)
    klass.add(10, requested_on=DAY + timedelta(days=40))
    klass.add(10, course=civic_course, requested_on=DAY)
    assert by(analyst, "sex")["*"].enrolled == 30
    assert by(analyst, "sex", course_type="civic")["*"].enrolled == 10
    assert by(analyst, "sex", course_type="language")["*"].enrolled == 20
    assert by(analyst, "sex", date_from=DAY + timedelta(days=1))["*"].enrolled == 10
    assert by(analyst, "sex", date_until=DAY)["*"].enrolled == 20
    assert by(analyst, "sex", course_type="exam") == {}


def test_an_unknown_breakdown_is_not_found(analyst):
    with pytest.raises(NotFound):
        selectors.course_statistics(actor=analyst, filters=StatsFilters(by="religion"))


@pytest.mark.parametrize("role", ["analyst", "coordinator", "teacher"])
def test_analysts_coordinators_and_providers_see_statistics(people, role):
    actor = access.actor_for(people[role])
    assert selectors.course_statistics(actor=actor, filters=StatsFilters()) == []


@pytest.mark.parametrize("role", ["caseworker", "admin", "migrant", "stranger"])
def test_others_do_not_see_statistics(people, role):
    with pytest.raises(PermissionDenied):
        selectors.course_statistics(actor=access.actor_for(people[role]), filters=StatsFilters())


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (date(2008, 3, 3), "0-17"),  # 17 until tomorrow
        (date(2008, 3, 2), "18-24"),  # 18 today
        (date(2001, 3, 3), "18-24"),
        (date(2001, 3, 2), "25-34"),
        (date(1991, 3, 3), "25-34"),
        (date(1991, 3, 2), "35-49"),
        (date(1976, 3, 3), "35-49"),
        (date(1976, 3, 2), "50-64"),
        (date(1961, 3, 3), "50-64"),
        (date(1961, 3, 2), "65+"),
        (date(1900, 1, 1), "65+"),
        (date(2026, 3, 2), "0-17"),  # born today
        (date(2026, 3, 3), ""),  # not born yet: a wrong date
        (None, ""),
    ],
)
def test_age_bands_turn_on_the_birthday(birth, band):
    assert age_band(birth, DAY) == band


def test_a_birthday_on_29_february_turns_on_1_march():
    assert age_band(date(2008, 2, 29), date(2026, 2, 28)) == "0-17"
    assert age_band(date(2008, 2, 29), date(2026, 3, 1)) == "18-24"
