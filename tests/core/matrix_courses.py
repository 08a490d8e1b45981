"""The courses app's objects for the access matrix (tests/core/test_access_matrix.py).

- The programme is the plans matrix's ("matrix"); a Romanian B1 curriculum
  ("matrix-ro-b1") and its test ("matrix-ro-test") serve both sides.
- centre-a's side: the NGO (where the teacher persona works) runs course_centre-a,
  taught by the teacher persona (a licensed examiner, teacher_centre-a); centre-a's
  person is enrolled in it (enrolment_centre-a) for a new language measure of their
  plan (course_measure_centre-a, which stays open: enrolment_measure_centre-a is a
  second, unplaced one). Its session yesterday (session_centre-a) has happened.
- centre-b's side: a language school ("lingua") runs course_centre-b, taught by a
  teacher with no account; centre-b's person is enrolled in it and has passed its
  test: a result and a certificate (certificate_centre-b, its code).
Neither the teacher persona nor centre-a's caseworker has anything to do with
centre-b's side.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind
from integra.courses.models import (
    Certificate,
    Course,
    Curriculum,
    Enrolment,
    Module,
    Result,
    ResultImport,
    Session,
    Standard,
    Teacher,
    TestDefinition,
)
from integra.people.models import Person
from integra.plans.models import Measure, Plan, Programme

SECTIONS = [{"code": "reading", "max_score": 50}, {"code": "speaking", "max_score": 50}]
PASS_MARKS = {"A2": {"total": 40, "section_min": 10}, "B1": {"total": 60, "section_min": 20}}


def courses_objects(
    orgs: dict[str, Organisation],
    people: dict[str, User],
    persons: dict[str, Person],
    found: dict[str, object],
) -> dict[str, object]:
    """``found`` holds the plan objects (``plan_<target>``)."""
    now = timezone.now()
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    school = Organisation.objects.create(
        code="lingua",
        name="Lingua School",
        kind=OrganisationKind.COURSE_PROVIDER,
        level=Level.LOCAL,
        country="MD",
        region="Bălți",
    )
    programme = Programme.objects.get(code="matrix")
    Standard.objects.create(
        programme=programme, course_type="language", max_group_size=15, updated_at=now
    )
    curriculum = Curriculum.objects.create(
        code="matrix-ro-b1",
        country="MD",
        course_type="language",
        title="Romanian B1",
        language="ro",
        target_level="B1",
        created_at=now,
    )
    Module.objects.create(curriculum=curriculum, title="Everyday Romanian", hours=60)
    test = TestDefinition.objects.create(
        code="matrix-ro-test",
        country="MD",
        title="Romanian test",
        course_type="language",
        language="ro",
        sections=SECTIONS,
        pass_marks=PASS_MARKS,
        created_at=now,
    )
    sides = {
        "centre-a": (orgs["ngo"], people["teacher"], orgs["a"]),
        "centre-b": (school, None, orgs["b"]),
    }
    objects: dict[str, object] = {"curriculum": curriculum.code, "test": test.code}
    for target, (provider, user, centre) in sides.items():
        teacher = Teacher.objects.create(
            organisation=provider,
            user=user,
            name=f"Teacher at {provider.code}",
            qualification="specialist",
            is_examiner=True,
            updated_at=now,
        )
        course = Course.objects.create(
            programme=programme,
            curriculum=curriculum,
            provider=provider,
            teacher=teacher,
            test=test,
            title=f"Romanian B1 at {provider.code}",
            delivery="in_person",
            region="Chișinău" if target == "centre-a" else "Bălți",
            starts_on=yesterday,
            ends_on=today + timedelta(days=90),
            capacity=12,
            created_at=now,
            created_by=people["coordinator"],
            updated_at=now,
        )
        session = Session.objects.create(
            course=course,
            starts_at=timezone.localtime(now).replace(hour=9, minute=0) - timedelta(days=1),
            hours=Decimal(3),
        )
        plan = Plan.objects.get(public_id=found[f"plan_{target}"])
        measures = [
            Measure.objects.create(
                plan=plan,
                domain="language",
                kind="language_course",
                title=title,
                responsible=centre,
                due_on=today + timedelta(days=90),
                created_at=now,
                updated_at=now,
            )
            for title in ("Romanian course", "Romanian course, second term")
        ]
        enrolment = Enrolment.objects.create(
            course=course,
            person=persons[target],
            measure=measures[0],
            status="enrolled",
            requested_on=yesterday,
            enrolled_on=yesterday,
            organisation=centre,
            enrolled_by=people["caseworker"],
            created_at=now,
        )
        objects[f"course_{target}"] = course.public_id
        objects[f"teacher_{target}"] = teacher.pk
        objects[f"session_{target}"] = session.pk
        objects[f"enrolment_{target}"] = enrolment.pk
        objects[f"course_measure_{target}"] = measures[0].pk
        objects[f"enrolment_measure_{target}"] = measures[1].pk
        if target == "centre-b":
            result = Result.objects.create(
                enrolment=enrolment,
                test=test,
                taken_on=today,
                scores={"reading": "40", "speaking": "35"},
                total=Decimal(75),
                level="B1",
                passed=True,
                examiner=teacher,
                recorded_by=people["coordinator"],
                recorded_at=now,
            )
            enrolment.status = "completed"
            enrolment.save()
            certificate = Certificate.objects.create(
                result=result,
                code="ABCD-EFGH-JKMN-PQRS-TVWX",
                holder="Test Person",
                title=test.title,
                level="B1",
                provider=provider.name,
                issued_on=today,
            )
            objects["certificate_centre-b"] = certificate.code
        upload = ResultImport.objects.create(
            provider=provider,
            created_by=user or people["coordinator"],
            file_name="sitting.csv",
            state="done",
            created_at=now,
        )
        objects[f"result_import_{target}"] = upload.public_id
    return objects
