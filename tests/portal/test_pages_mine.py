"""The migrant's own pages: what they show, and bad input answered clearly."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core.models import Notification
from integra.courses.models import Certificate, Result
from integra.courses.services import enrolments
from integra.people import services as people_services
from integra.plans.services import plans as plan_services
from integra.portal.models import Message
from integra.portal.services import mine as services
from tests.portal.conftest import open_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(caseworker, amina, programme):
    created = plan_services.plan_create(
        actor=caseworker, person=amina, programme=programme, starts_on=timezone.localdate()
    )
    return plan_services.plan_agree(
        actor=caseworker, plan=created, agreed_on=timezone.localdate(), how="in_person"
    )


def test_the_overview_shows_what_is_next(me, plan):
    page = me.get("/my/").content.decode()
    assert "Romanian course" in page  # the plan's next step
    assert "Hello, Amina" in page


def test_my_plan(me, plan):
    page = me.get("/my/plan/").content.decode()
    assert "Integration programme" in page
    assert "Romanian course" in page


def test_a_draft_plan_is_not_shown(me, caseworker, amina, programme):
    plan_services.plan_create(
        actor=caseworker, person=amina, programme=programme, starts_on=timezone.localdate()
    )
    assert "Romanian course" not in me.get("/my/plan/").content.decode()


def test_my_courses_attendance_and_result(me, caseworker, teacher, amina, plan, course):
    measure = plan.measures.get(kind="language_course")
    enrolments.enrol(
        actor=caseworker,
        person=amina,
        data=enrolments.EnrolmentData(measure_id=measure.pk, course=course.public_id),
    )
    page = me.get("/my/courses/").content.decode()
    assert course.title in page
    assert "Enrolled" in page
    assert "no sessions yet" in page  # the first session is this evening


def test_household_children_are_seen_by_the_head_only(me, omar, karim, caseworker):
    page = me.get("/my/").content.decode()
    assert f"/my/household/{omar.public_id}/" in page
    assert f"/my/household/{karim.public_id}/" not in page  # an adult who does not share
    assert me.get(f"/my/household/{omar.public_id}/").status_code == 200
    assert me.get(f"/my/household/{karim.public_id}/").status_code == 404


def test_an_adult_who_shares_is_seen(me, karim, caseworker):
    karim_account = open_account(caseworker, karim)
    karim_account.share_with_household = True
    karim_account.save()
    assert me.get(f"/my/household/{karim.public_id}/").status_code == 200


def test_a_stranger_id_is_not_found_and_tells_nothing(me, rustam):
    for public_id in (rustam.public_id, "P-0000-0000", "x" * 5000):
        response = me.get(f"/my/household/{public_id}/")
        assert response.status_code == 404
        assert b"Rustam" not in response.content


def test_messages_both_ways(me, amina, people, client_for, caseworker):
    response = me.post("/my/messages/", {"body": "Can I move my class to the evening?"})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.from_person
    assert message.organisation.code == "centre-a"
    notice = Notification.objects.get(user=people["caseworker"], kind="portal.message")
    assert notice.params == {}  # names no one
    staff = client_for(people["caseworker"])
    assert b"Can I move my class" in staff.get(f"/portal/persons/{amina.public_id}/").content
    staff.post(f"/portal/persons/{amina.public_id}/messages/", {"body": "Yes: Thursday 18:00."})
    page = me.get("/my/messages/").content.decode()
    assert "Thursday 18:00" in page
    assert Message.objects.filter(from_person=False, read_at__isnull=False).count() == 1


def test_an_empty_or_too_long_message_is_refused_beside_the_field(me):
    for body in ("   ", "x" * 10_000):
        response = me.post("/my/messages/", {"body": body})
        assert response.status_code == 400
        assert b"id_body_error" in response.content
    assert not Message.objects.exists()


def test_consents_given_and_withdrawn(me, amina):
    response = me.post("/my/consents/", {"purpose": "contact", "recipients": ["ngo"]})
    assert response.status_code == 302
    consent = amina.consents.get()
    assert consent.recorded_by.code == "centre-a"
    assert "Active" in me.get("/my/consents/").content.decode()
    me.post(f"/my/consents/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()


def test_case_management_is_not_a_portal_consent(me):
    response = me.post("/my/consents/", {"purpose": "case_management", "recipients": ["ngo"]})
    assert response.status_code == 400


def test_the_copy_of_my_data(me, amina, plan):
    response = me.get("/my/data/download/")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    copy = json.loads(response.content)
    assert copy["person"]["public_id"] == amina.public_id
    assert copy["person"]["record"]["given_name"] == "Amina"
    assert copy["plans"][0]["measures"]
    assert set(copy) >= {"courses", "referrals", "appointments", "messages"}


def test_documents_and_their_expiry(me, caseworker, amina):
    people_services.document_record(
        actor=caseworker,
        person=amina,
        kind="residence_permit",
        number="RP123456",
        issuing_country="MD",
        valid_until=timezone.localdate() + timedelta(days=20),
    )
    page = me.get("/my/documents/").content.decode()
    assert "RP123456" in page
    assert "20 days left" in page
    assert "Documents to renew" in me.get("/my/").content.decode()


def test_settings_remember_the_language(me, account):
    response = me.post("/my/account/", {"language": "ar", "share_with_household": "on"})
    assert response.status_code == 302
    assert response.cookies["integra_language"].value == "ar"
    account.refresh_from_db()
    account.user.refresh_from_db()
    assert account.share_with_household
    assert account.user.preferred_language == "ar"
    page = me.get("/my/account/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'dir="rtl"' in page


def test_appointments_set_by_the_caseworker(me, amina, caseworker):
    services.appointment_add(
        actor=caseworker,
        person=amina,
        starts_at=timezone.now() + timedelta(days=2),
        minutes=30,
        place="Room 4",
        purpose="Plan review",
        language="ar",
        interpreter=True,
    )
    assert "Plan review" in me.get("/my/").content.decode()
    assert "with an interpreter" in me.get("/my/referrals/").content.decode()


def test_results_show(me, caseworker, teacher, teacher_record, amina, plan, course):
    """A result recorded for the learner shows in her courses, with its certificate."""
    measure = plan.measures.get(kind="language_course")
    enrolment = enrolments.enrol(
        actor=caseworker,
        person=amina,
        data=enrolments.EnrolmentData(measure_id=measure.pk, course=course.public_id),
    )
    result = Result.objects.create(
        enrolment=enrolment,
        test=course.test,
        taken_on=timezone.localdate(),
        scores={"reading": 20, "listening": 18, "writing": 15, "speaking": 16},
        total=Decimal("69.00"),
        level="B1",
        passed=True,
        examiner=teacher_record,
        recorded_by=teacher.user,
        recorded_at=timezone.now(),
    )
    Certificate.objects.create(
        result=result, code="ABCD-EFGH-JKMN-PQRS-TVW0", issued_on=timezone.localdate()
    )
    page = me.get("/my/courses/").content.decode()
    assert "Passed" in page
    assert "level B1" in page
    assert "ABCD-EFGH-JKMN-PQRS-TVW0" in page
    assert "/courses/verify/?code=ABCD-EFGH-JKMN-PQRS-TVW0" in page
