"""Results as services: scores checked against the test's scales, two examiners
for speaking where the programme asks, the level assessed, the measure done on a
pass, the certificate and its verification, the audit trail and the timeline."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core import access, timeline
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.courses import selectors
from integra.courses.models import Certificate, EnrolmentStatus, Result
from integra.courses.services import catalogue, courses, enrolments, results
from integra.people import services as people_services
from integra.people.models import Language
from tests.courses.conftest import enrol, learner, plan_course

GOOD = {"reading": 20, "listening": 18, "writing": 15, "speaking": 16}  # 69: B1
WEAK = {"reading": 12, "listening": 12, "writing": 10, "speaking": 10}  # 44: A2
POOR = {"reading": 5, "listening": 5, "writing": 5, "speaking": 5}  # 20: no level
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


def record(actor, course, enrolment, scores=GOOD, **more):
    """Records a result; by default with the second examiner agreeing on speaking."""
    second = more.pop("second", None)
    if "speaking_second" not in more and second is not None:
        more["speaking_second"] = scores.get("speaking")
    return results.result_record(
        actor=actor,
        course=course,
        data=results.ResultData(
            enrolment_id=enrolment.pk,
            taken_on=more.pop("taken_on", timezone.localdate()),
            scores=scores,
            second_examiner_id=second.pk if second is not None else None,
            **more,
        ),
    )


@pytest.fixture
def one_examiner(coordinator, programme):
    """The programme's criteria, without the second examiner for speaking."""
    return catalogue.standard_save(
        actor=coordinator,
        data=catalogue.StandardData(
            programme=programme.code,
            course_type="language",
            max_group_size=12,
            min_teacher_qualification="teacher",
            min_hours=40,
            max_wait_days=90,
        ),
    )


def nothing_written(enrolment, measure) -> None:
    assert not Result.objects.exists()
    assert not Certificate.objects.exists()
    enrolment.refresh_from_db()
    measure.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert measure.status == "in_progress"
    assert not Language.objects.exists()
    assert not AuditEntry.objects.filter(action="course.result").exists()


# --- Passing, failing, and what follows ------------------------------------------------------


def test_a_pass_assesses_the_level_completes_the_measure_and_issues_a_certificate(
    teacher, teacher_record, second_examiner, person, measure, course, enrolment
):
    today = timezone.localdate()
    result = record(teacher, course, enrolment, second=second_examiner)
    assert (result.level, result.passed, result.total) == ("B1", True, Decimal(69))
    assert (result.examiner, result.second_examiner) == (teacher_record, second_examiner)
    assert result.recorded_by == teacher.user
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_on) == (EnrolmentStatus.COMPLETED, today)
    assert Language.objects.get(person=person, code="ro").assessed_level == "B1"

    certificate = Certificate.objects.get(result=result)
    assert len(certificate.code) == 24
    assert CODE.match(certificate.code)
    assert certificate.holder == "Amina Haddad"
    assert certificate.birth_date == person.birth_date
    assert (certificate.title, certificate.level) == ("Romanian language test", "B1")
    assert (certificate.provider, certificate.issued_on) == ("Refugee NGO", today)

    measure.refresh_from_db()
    assert (measure.status, measure.done_on) == ("done", today)
    assert certificate.code in measure.evidence
    assert "Romanian language test" in measure.evidence
    assert "B1" in measure.evidence


def test_the_speaking_score_is_the_mean_of_the_two_examiners(
    teacher, second_examiner, course, enrolment
):
    result = record(teacher, course, enrolment, second=second_examiner, speaking_second="13")
    assert result.scores["speaking"] == "14.5"
    assert result.speaking_second == Decimal(13)
    assert result.total == Decimal("67.5")
    result.refresh_from_db()
    assert result.total == Decimal("67.5")


def test_a_quarter_point_total_is_kept_as_scored(teacher, second_examiner, course, enrolment):
    result = record(teacher, course, enrolment, second=second_examiner, speaking_second="14.5")
    assert result.scores["speaking"] == "15.25"
    result.refresh_from_db()
    assert result.total == sum(Decimal(v) for v in result.scores.values())


def test_a_fail_at_a_lower_level_assesses_it_but_leaves_the_measure_open(
    teacher, second_examiner, person, measure, course, enrolment
):
    result = record(teacher, course, enrolment, WEAK, second=second_examiner)
    assert (result.level, result.passed) == ("A2", False)
    assert not Certificate.objects.exists()
    enrolment.refresh_from_db()
    measure.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert measure.status == "in_progress"
    assert Language.objects.get(person=person, code="ro").assessed_level == "A2"


def test_no_level_reached_assesses_nothing(
    teacher, second_examiner, person, measure, course, enrolment
):
    result = record(teacher, course, enrolment, POOR, second=second_examiner)
    assert (result.level, result.passed) == ("", False)
    assert not Language.objects.filter(person=person).exists()
    assert not Certificate.objects.exists()
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_a_result_is_recorded_once(teacher, second_examiner, course, enrolment):
    record(teacher, course, enrolment, second=second_examiner)
    with pytest.raises(Conflict):
        record(teacher, course, enrolment, WEAK, second=second_examiner)
    assert Result.objects.get().level == "B1"
    assert Certificate.objects.count() == 1


def test_a_learner_who_completed_the_course_gets_a_result(
    teacher, second_examiner, course, enrolment
):
    courses.course_finish(actor=teacher, course=course)
    result = record(teacher, course, enrolment, second=second_examiner)
    assert result.passed


# --- The scores are checked ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"reading": 26}, "scores.reading", "from 0 to 25"),
        ({"reading": -1}, "scores.reading", "from 0 to 25"),
        ({"listening": "lots"}, "scores.listening", "number"),
        ({"listening": "12.3"}, "scores.listening", "number"),
        ({"listening": True}, "scores.listening", "number"),
        ({"writing": None}, "scores.writing", "needed"),
        ({"writing": " "}, "scores.writing", "needed"),
        ({"grammar": 3}, "scores.grammar", "no such section"),
    ],
)
def test_a_score_that_does_not_fit_is_refused_and_nothing_is_written(
    teacher, second_examiner, measure, course, enrolment, change, field, words
):
    scores = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    with pytest.raises(ValidationFailed) as refused:
        record(teacher, course, enrolment, scores, second=second_examiner, speaking_second=16)
    assert list(refused.value.field_errors) == [field]
    assert words in refused.value.field_errors[field][0]
    nothing_written(enrolment, measure)


def test_half_points_are_accepted(teacher, second_examiner, course, enrolment):
    scores = {**GOOD, "reading": "19.5", "listening": 17.5}
    result = record(teacher, course, enrolment, scores, second=second_examiner)
    assert result.scores["reading"] == "19.5"
    assert result.total == Decimal(68)


def test_every_wrong_score_is_reported_at_once(
    teacher, second_examiner, measure, course, enrolment
):
    with pytest.raises(ValidationFailed) as refused:
        record(
            teacher,
            course,
            enrolment,
            {"reading": 99, "listening": "x"},
            second=second_examiner,
            speaking_second=10,
        )
    assert set(refused.value.field_errors) == {
        "scores.reading",
        "scores.listening",
        "scores.writing",
        "scores.speaking",
    }
    nothing_written(enrolment, measure)


@pytest.mark.parametrize("speaking_second", [26, "abc"])
def test_the_second_speaking_score_is_checked(
    teacher, second_examiner, measure, course, enrolment, speaking_second
):
    with pytest.raises(ValidationFailed) as refused:
        record(teacher, course, enrolment, second=second_examiner, speaking_second=speaking_second)
    assert "speaking_second" in refused.value.field_errors
    nothing_written(enrolment, measure)


def test_the_test_is_taken_within_the_course_and_not_in_the_future(
    teacher, second_examiner, measure, course, enrolment
):
    today = timezone.localdate()
    for day in (today + timedelta(days=1), course.starts_on - timedelta(days=1)):
        with pytest.raises(ValidationFailed) as refused:
            record(teacher, course, enrolment, second=second_examiner, taken_on=day)
        assert "taken_on" in refused.value.field_errors
    nothing_written(enrolment, measure)


def test_a_course_without_a_test_takes_no_result(
    caseworker, teacher, teacher_record, programme, person, measure, curriculum
):
    untested = plan_course(teacher, teacher=teacher_record, test="", title="Romanian B1, no test")
    enrolment = enrol(caseworker, person, measure, untested)
    with pytest.raises(ValidationFailed):
        record(teacher, untested, enrolment)
    assert not Result.objects.exists()


# --- Two examiners for speaking -----------------------------------------------------------------


def test_the_second_examiner_and_their_score_are_needed(
    teacher, second_examiner, measure, course, enrolment
):
    with pytest.raises(ValidationFailed) as refused:
        record(teacher, course, enrolment)
    assert set(refused.value.field_errors) == {"second_examiner", "speaking_second"}
    with pytest.raises(ValidationFailed) as refused:
        record(teacher, course, enrolment, second=second_examiner, speaking_second="")
    assert set(refused.value.field_errors) == {"speaking_second"}
    nothing_written(enrolment, measure)


def test_the_same_examiner_cannot_count_twice(teacher, teacher_record, measure, course, enrolment):
    with pytest.raises(ValidationFailed) as refused:
        record(teacher, course, enrolment, second=teacher_record)
    assert set(refused.value.field_errors) == {"second_examiner"}
    nothing_written(enrolment, measure)


def test_the_second_examiner_is_a_licensed_examiner_of_the_provider(
    coordinator, teacher, assistant, measure, course, enrolment
):
    elsewhere = catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(
            provider="centre-a", name="Ion Elsewhere", qualification="teacher", is_examiner=True
        ),
    )
    for second in (assistant, elsewhere):
        with pytest.raises(ValidationFailed) as refused:
            record(teacher, course, enrolment, second=second)
        assert set(refused.value.field_errors) == {"second_examiner"}
    nothing_written(enrolment, measure)


def test_with_one_examiner_a_second_score_is_refused(
    teacher, one_examiner, second_examiner, measure, course, enrolment
):
    with pytest.raises(ValidationFailed) as refused:
        record(teacher, course, enrolment, second=second_examiner)
    assert set(refused.value.field_errors) == {"speaking_second"}
    nothing_written(enrolment, measure)
    result = record(teacher, course, enrolment)
    assert result.second_examiner is None
    assert result.speaking_second is None
    assert result.scores["speaking"] == "16"


# --- Who records, and for whom ------------------------------------------------------------------


def test_a_teacher_who_is_not_an_examiner_is_refused(
    coordinator, teacher, teacher_user, teacher_record, second_examiner, measure, course, enrolment
):
    catalogue.teacher_save(
        actor=coordinator,
        data=catalogue.TeacherData(
            provider="ngo",
            name="Elena Rusu",
            qualification="specialist",
            username=teacher_user.username,
            is_examiner=False,
        ),
        pk=teacher_record.pk,
    )
    with pytest.raises(PermissionDenied):
        record(teacher, course, enrolment, second=second_examiner)
    nothing_written(enrolment, measure)


@pytest.mark.parametrize("who", ["other teacher", "caseworker", "coordinator"])
def test_only_the_classs_teacher_records_results(
    people, other_teacher_user, second_examiner, measure, course, enrolment, who
):
    user = {
        "other teacher": other_teacher_user,
        "caseworker": people["caseworker"],
        "coordinator": people["coordinator"],
    }[who]
    with pytest.raises(PermissionDenied):
        record(access.actor_for(user), course, enrolment, second=second_examiner)
    nothing_written(enrolment, measure)


def test_a_learner_without_a_place_in_this_course_gets_no_result(
    caseworker, teacher, teacher_record, second_examiner, programme, person, measure, course
):
    one_place = plan_course(teacher, teacher=teacher_record, capacity=1, title="One place")
    enrol(caseworker, person, measure, one_place)
    omar, his = learner(caseworker, programme, "Omar")
    waiting = enrol(caseworker, omar, his, one_place, waitlist=True)
    ali, alis = learner(caseworker, programme, "Ali")
    left = enrol(caseworker, ali, alis, course)
    enrolments.enrolment_withdraw(actor=caseworker, enrolment=left, reason="Moved")
    rami, ramis = learner(caseworker, programme, "Rami")
    in_course = enrol(caseworker, rami, ramis, course)
    for enrolment, where in ((waiting, one_place), (left, course), (in_course, one_place)):
        with pytest.raises(ValidationFailed) as refused:
            record(teacher, where, enrolment, second=second_examiner)
        assert "enrolment" in refused.value.field_errors
    assert not Result.objects.exists()


# --- The assessed level ---------------------------------------------------------------------------


def test_a_weaker_later_result_never_lowers_the_assessed_level(teacher, person):
    source = {"course": "K-TEST", "test": "ro-test"}
    people_services.language_assess(
        actor=teacher, person=person, code="ro", level="B1", source=source
    )
    kept = people_services.language_assess(
        actor=teacher, person=person, code="ro", level="A2", source=source
    )
    assert kept.assessed_level == "B1"
    raised = people_services.language_assess(
        actor=teacher, person=person, code="ro", level="B2", source=source
    )
    assert raised.assessed_level == "B2"
    assert Language.objects.get(person=person, code="ro").declared_level == "B1"
    entries = AuditEntry.objects.filter(action="person.language.assess", object_id=person.public_id)
    assert [(e.data["from"], e.data["to"]) for e in entries.order_by("pk")] == [
        ("", "B1"),
        ("B1", "B2"),
    ]


@pytest.mark.parametrize("level", ["native", "Z9", ""])
def test_only_a_cefr_level_is_assessed(teacher, person, level):
    with pytest.raises(ValidationFailed):
        people_services.language_assess(
            actor=teacher, person=person, code="ro", level=level, source={}
        )
    assert not Language.objects.exists()


# --- Certificates ---------------------------------------------------------------------------------


@pytest.fixture
def certificate(teacher, second_examiner, course, enrolment) -> Certificate:
    return record(teacher, course, enrolment, second=second_examiner).certificate


def test_a_certificate_is_found_by_its_code_however_typed(certificate):
    code = certificate.code
    assert selectors.certificate_by_code(code=code) == certificate
    assert selectors.certificate_by_code(code=code.lower()) == certificate
    assert selectors.certificate_by_code(code=f"  {code.replace('-', ' ').lower()} ") == certificate
    assert selectors.certificate_by_code(code=code.replace("-", "")) == certificate


def test_a_forged_or_malformed_code_finds_nothing(certificate):
    code = certificate.code
    forged = code[:-1] + ("1" if code[-1] != "1" else "2")
    for typed in (forged, code[:-1], code + "A", "", "not a certificate", "!" * 24):
        assert selectors.certificate_by_code(code=typed) is None


# --- The trail ------------------------------------------------------------------------------------


def test_a_result_is_audited_on_the_person_and_reads_on_their_timeline(
    teacher, second_examiner, caseworker, programme, person, course, enrolment
):
    result = record(teacher, course, enrolment, second=second_examiner)
    entry = AuditEntry.objects.get(action="course.result", object_id=person.public_id)
    assert entry.object_type == "person"
    assert entry.actor == teacher.user
    assert entry.data == {
        "course": course.public_id,
        "test": "ro-test",
        "level": "B1",
        "passed": True,
        "certificate": result.certificate.code,
    }
    assert (
        timeline.text(entry.action, entry.data)
        == f"Passed the test of course {course.public_id} at level B1"
    )
    assessed = AuditEntry.objects.get(action="person.language.assess", object_id=person.public_id)
    assert timeline.text(assessed.action, assessed.data) == "Language level assessed: ro B1"

    omar, his = learner(caseworker, programme, "Omar")
    failed = enrol(caseworker, omar, his, course)
    record(teacher, course, failed, POOR, second=second_examiner)
    entry = AuditEntry.objects.get(action="course.result", object_id=omar.public_id)
    assert "certificate" not in entry.data
    assert timeline.text(entry.action, entry.data) == f"Took the test of course {course.public_id}"
