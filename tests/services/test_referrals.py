"""Referrals as services: when one may be sent, the state machine, how the plan
follows, what the partner sees, the audit trail and the notifications."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from integra.core import access
from integra.core import services as core_services
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Notification, Organisation
from integra.core.roles import Level, OrganisationKind, Role
from integra.people import services as people_services
from integra.people.models import Person, Responsibility
from integra.plans.models import Plan, Programme
from integra.plans.services import plans as plan_services
from integra.plans.services import programmes
from integra.services import selectors
from integra.services.models import Referral, Service
from integra.services.services import directory, referrals
from tests.conftest import make_user

NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
TODAY = NOW.date()


@pytest.fixture
def partner(people):
    """The partner agent of the NGO (tests/conftest.py ROLE_HOME)."""
    people["partner"].email = "partner@ngo.example"
    people["partner"].save()
    return access.actor_for(people["partner"])


@pytest.fixture
def person(caseworker) -> Person:
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            birth_date=date(1990, 5, 1),
            citizenships=("SY",),
            phone="+37360000000",
        ),
        now=NOW,
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
        now=NOW,
    )
    return person


@pytest.fixture
def programme(coordinator) -> Programme:
    programme = programmes.programme_save(
        actor=coordinator,
        data=programmes.ProgrammeData(
            code="md-voluntary",
            country="MD",
            name="Integration programme",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("language", "legal"),
            eligible_statuses=("international_protection",),
        ),
        now=NOW,
    )
    programmes.programme_measure_add(
        actor=coordinator,
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
    return programme


@pytest.fixture
def plan(caseworker, person, programme) -> Plan:
    return plan_services.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=TODAY, now=NOW
    )


@pytest.fixture
def service(partner, orgs) -> Service:
    return directory.service_save(
        actor=partner,
        organisation=orgs["ngo"],
        data=directory.ServiceData(
            code="romanian-classes",
            name="Romanian classes",
            category="language",
            languages=("ro", "ar"),
            accept_within_days=3,
            complete_within_days=90,
            internal_notes="Waiting list in summer.",
            locations=(directory.LocationData("Chișinău", "Str. Puškin 1", "Mon-Fri 9-17"),),
        ),
        now=NOW,
    )


def mou(coordinator, orgs, *, scope=("language",), shareable=("name", "contact"), **dates):
    return directory.partnership_save(
        actor=coordinator,
        data=directory.PartnershipData(
            title="Language support",
            parties=(orgs["a"].code, orgs["ngo"].code),
            scope=scope,
            shareable=shareable,
            valid_from=dates.get("valid_from", TODAY - timedelta(days=100)),
            valid_until=dates.get("valid_until"),
        ),
        now=NOW,
    )


def send(caseworker, person, measure, service, fields=("name",), now=NOW) -> Referral:
    return referrals.referral_send(
        actor=caseworker,
        person=person,
        data=referrals.ReferralData(
            measure_id=measure.pk, service_id=service.pk, shared_fields=fields, message="Evenings"
        ),
        now=now,
    )


# --- When a referral may be sent ---------------------------------------------------------


def test_a_valid_partnership_allows_the_data_it_lists(
    caseworker, coordinator, orgs, person, measure, service
):
    partnership = mou(coordinator, orgs)
    referral = send(caseworker, person, measure, service, ("name", "contact"))
    assert referral.basis == "partnership"
    assert referral.partnership == partnership
    assert referral.shared == {"name": "Amina Haddad", "phone": "+37360000000", "email": ""}
    assert referral.accept_by == TODAY + timedelta(days=3)
    assert referral.complete_by == TODAY + timedelta(days=90)


def test_without_partnership_or_consent_nothing_is_sent(caseworker, person, measure, service):
    with pytest.raises(ValidationFailed) as refused:
        send(caseworker, person, measure, service)
    assert "no valid partnership" in refused.value.message
    assert "service" in refused.value.field_errors
    assert not Referral.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"valid_from": TODAY - timedelta(days=400), "valid_until": TODAY - timedelta(days=1)},
        {"valid_from": TODAY + timedelta(days=1)},
    ],
    ids=["expired", "not yet valid"],
)
def test_a_partnership_outside_its_validity_does_not_count(
    caseworker, coordinator, orgs, person, measure, service, dates
):
    mou(coordinator, orgs, **dates)
    with pytest.raises(ValidationFailed):
        send(caseworker, person, measure, service)


def test_a_terminated_partnership_no_longer_counts(
    caseworker, coordinator, orgs, person, measure, service
):
    partnership = mou(coordinator, orgs)
    directory.partnership_terminate(actor=coordinator, partnership=partnership, on=TODAY, now=NOW)
    with pytest.raises(ValidationFailed):
        send(caseworker, person, measure, service)


def test_a_partnership_covers_only_its_scope(
    caseworker, coordinator, orgs, person, measure, service
):
    mou(coordinator, orgs, scope=("legal",))
    with pytest.raises(ValidationFailed):
        send(caseworker, person, measure, service)


def test_sharing_more_than_the_partnership_allows_needs_consent(
    caseworker, coordinator, orgs, person, measure, service
):
    mou(coordinator, orgs, shareable=("name",))
    with pytest.raises(ValidationFailed):
        send(caseworker, person, measure, service, ("name", "date_of_birth"))
    consent = people_services.consent_give(
        actor=caseworker,
        person=person,
        purpose="referral",
        recipients=["ngo"],
        given_on=TODAY,
        now=NOW,
    )
    referral = send(caseworker, person, measure, service, ("name", "date_of_birth"))
    assert referral.basis == "consent"
    assert referral.consent == consent
    assert referral.shared["date_of_birth"] == "1990-05-01"


def test_consent_to_another_kind_of_recipient_does_not_count(caseworker, person, measure, service):
    people_services.consent_give(
        actor=caseworker,
        person=person,
        purpose="referral",
        recipients=["clinic"],
        given_on=TODAY,
        now=NOW,
    )
    with pytest.raises(ValidationFailed):
        send(caseworker, person, measure, service)


def test_a_withdrawn_consent_does_not_count(caseworker, person, measure, service):
    consent = people_services.consent_give(
        actor=caseworker,
        person=person,
        purpose="referral",
        recipients=["ngo"],
        given_on=TODAY - timedelta(days=10),
        now=NOW,
    )
    people_services.consent_withdraw(
        actor=caseworker, person=person, consent_id=consent.pk, now=NOW - timedelta(days=1)
    )
    with pytest.raises(ValidationFailed):
        send(caseworker, person, measure, service)


def test_a_unit_works_under_its_parents_partnership(
    coordinator, orgs, person, measure, service, people
):
    office = Organisation.objects.create(
        code="centre-a-north",
        name="Centre A, north office",
        kind=OrganisationKind.INTEGRATION_CENTRE,
        level=Level.LOCAL,
        country="MD",
        parent=orgs["a"],
    )
    Responsibility.objects.create(person=person, organisation=office, since=NOW)
    clerk = access.actor_for(make_user("north", office, Role.CASEWORKER))
    mou(coordinator, orgs)
    referral = send(clerk, person, measure, service)
    assert referral.from_organisation == office


@pytest.mark.parametrize(
    ("fields", "error"),
    [((), "shared_fields"), (("name", "shoe_size"), "shared_fields")],
)
def test_the_data_to_share_is_checked(
    caseworker, coordinator, orgs, person, measure, service, fields, error
):
    mou(coordinator, orgs)
    with pytest.raises(ValidationFailed) as refused:
        send(caseworker, person, measure, service, fields)
    assert error in refused.value.field_errors


def test_only_an_open_measure_of_the_persons_plan_can_be_referred(
    caseworker, coordinator, orgs, person, measure, service, plan
):
    mou(coordinator, orgs)
    plan_services.measure_update(
        actor=caseworker, plan=plan, measure_id=measure.pk, status="done", evidence="Cert."
    )
    with pytest.raises(ValidationFailed) as refused:
        send(caseworker, person, measure, service)
    assert "measure" in refused.value.field_errors


def test_one_open_referral_per_measure(caseworker, coordinator, orgs, person, measure, service):
    mou(coordinator, orgs)
    send(caseworker, person, measure, service)
    with pytest.raises(Conflict):
        send(caseworker, person, measure, service)


def test_only_caseworkers_responsible_for_the_case_refer(
    coordinator, orgs, person, measure, service, people
):
    mou(coordinator, orgs)
    other = access.actor_for(make_user("cw_b", orgs["b"], Role.CASEWORKER))
    for actor in (other, coordinator, access.actor_for(people["partner"])):
        with pytest.raises(PermissionDenied):
            send(actor, person, measure, service)
    assert not Referral.objects.exists()


# --- The state machine and the plan ---------------------------------------------------------


@pytest.fixture
def referral(caseworker, coordinator, orgs, person, measure, service) -> Referral:
    mou(coordinator, orgs)
    return send(caseworker, person, measure, service)


def test_accept_then_complete_moves_the_measure(partner, referral, measure, plan):
    later = NOW + timedelta(days=2)
    referrals.referral_accept(actor=partner, referral=referral, now=later)
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    done = referrals.referral_complete(
        actor=partner,
        referral=referral,
        outcome="achieved",
        note="Finished level A2.",
        now=later + timedelta(days=40),
    )
    assert done.status == "completed"
    measure.refresh_from_db()
    assert measure.status == "done"
    assert "Finished level A2." in measure.evidence
    assert referral.public_id in measure.evidence
    plan.refresh_from_db()
    assert plan.next_due_on is None


def test_not_delivered_marks_the_measure_not_done(partner, referral, measure):
    referrals.referral_accept(actor=partner, referral=referral, now=NOW)
    referrals.referral_complete(
        actor=partner, referral=referral, outcome="not_achieved", note="Never came.", now=NOW
    )
    measure.refresh_from_db()
    assert measure.status == "not_done"


def test_decline_needs_a_reason_and_leaves_the_measure_open(partner, referral, measure):
    with pytest.raises(ValidationFailed) as refused:
        referrals.referral_decline(actor=partner, referral=referral, reason="", now=NOW)
    assert "reason" in refused.value.field_errors
    with pytest.raises(ValidationFailed) as refused:
        referrals.referral_decline(actor=partner, referral=referral, reason="other", now=NOW)
    assert "note" in refused.value.field_errors
    referral.refresh_from_db()
    assert referral.status == "sent"
    referrals.referral_decline(actor=partner, referral=referral, reason="no_capacity", now=NOW)
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "no_capacity")
    measure.refresh_from_db()
    assert measure.status == "planned"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("decline", "complete"),
        ("decline", "accept"),
        ("complete", "accept"),
        ("complete", "decline"),
        ("withdraw", "accept"),
        ("accept", "decline"),
        ("accept", "accept"),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(
    partner, caseworker, referral, first, then
):
    moves = {
        "accept": lambda: referrals.referral_accept(actor=partner, referral=referral, now=NOW),
        "decline": lambda: referrals.referral_decline(
            actor=partner, referral=referral, reason="no_capacity", now=NOW
        ),
        "complete": lambda: referrals.referral_complete(
            actor=partner, referral=referral, outcome="achieved", note="Done.", now=NOW
        ),
        "withdraw": lambda: referrals.referral_withdraw(
            actor=caseworker, referral=referral, now=NOW
        ),
    }
    if first == "complete":
        moves["accept"]()
    moves[first]()
    referral.refresh_from_db()
    before = (referral.status, referral.closed_at, referral.outcome, referral.decline_reason)
    with pytest.raises(Conflict):
        moves[then]()
    referral.refresh_from_db()
    assert (
        referral.status,
        referral.closed_at,
        referral.outcome,
        referral.decline_reason,
    ) == before


def test_completing_needs_an_outcome_and_a_note(partner, referral):
    referrals.referral_accept(actor=partner, referral=referral, now=NOW)
    with pytest.raises(ValidationFailed) as refused:
        referrals.referral_complete(actor=partner, referral=referral, outcome="great", note="")
    assert set(refused.value.field_errors) == {"outcome", "note"}


def test_only_the_receiving_organisation_answers(referral, caseworker, coordinator, orgs):
    stranger = access.actor_for(make_user("other_partner", orgs["b"], Role.PARTNER))
    for actor in (caseworker, coordinator, stranger):
        with pytest.raises(PermissionDenied):
            referrals.referral_accept(actor=actor, referral=referral, now=NOW)


def test_only_the_sending_side_withdraws(referral, partner, caseworker):
    with pytest.raises(PermissionDenied):
        referrals.referral_withdraw(actor=partner, referral=referral, now=NOW)
    referrals.referral_withdraw(actor=caseworker, referral=referral, note="Moved away", now=NOW)
    referral.refresh_from_db()
    assert referral.status == "withdrawn"


def test_a_closed_plan_is_left_alone_when_the_partner_completes(
    partner, caseworker, referral, measure, plan
):
    referrals.referral_accept(actor=partner, referral=referral, now=NOW)
    plan_services.plan_close(actor=caseworker, plan=plan, outcome="moved", closed_on=TODAY, now=NOW)
    measure.refresh_from_db()
    status = measure.status
    referrals.referral_complete(
        actor=partner, referral=referral, outcome="achieved", note="Done.", now=NOW
    )
    measure.refresh_from_db()
    assert measure.status == status


# --- What the partner sees --------------------------------------------------------------------


def test_the_partner_sees_what_is_shared_and_nothing_else(partner, referral, person):
    seen = selectors.referral_get(actor=partner, public_id=referral.public_id)
    items = selectors.shared_items(referral=seen)
    assert [(i.label, i.value) for i in items] == [("Name", "Amina Haddad")]
    person.given_name = "Changed"
    person.save()
    seen = selectors.referral_get(actor=partner, public_id=referral.public_id)
    assert selectors.shared_items(referral=seen)[0].value == "Amina Haddad"


def test_the_partner_cannot_open_the_persons_record(partner, referral, person):
    from integra.people import selectors as people_selectors

    with pytest.raises(NotFound):
        people_selectors.person_get(actor=partner, public_id=person.public_id)


def test_others_do_not_see_the_referral(referral, orgs, people):
    for user in (
        make_user("other_partner", orgs["b"], Role.PARTNER),
        make_user("cw_b", orgs["b"], Role.CASEWORKER),
        people["inspector"],
        people["analyst"],
    ):
        with pytest.raises(NotFound):
            selectors.referral_get(actor=access.actor_for(user), public_id=referral.public_id)


def test_inbox_and_sent_lists(referral, partner, caseworker):
    received = selectors.referral_list(
        actor=partner, filters=selectors.ReferralFilters(direction="received")
    )
    assert list(received) == [referral]
    sent = selectors.referral_list(
        actor=caseworker, filters=selectors.ReferralFilters(direction="sent", status="open")
    )
    assert list(sent) == [referral]
    assert not selectors.referral_list(
        actor=caseworker, filters=selectors.ReferralFilters(direction="received")
    ).exists()


# --- Targets ------------------------------------------------------------------------------------


def test_timing_against_the_targets(partner, referral):
    assert not selectors.timing(referral=referral, today=TODAY + timedelta(days=3)).accept_late
    assert selectors.timing(referral=referral, today=TODAY + timedelta(days=4)).accept_late
    overdue = selectors.referral_list(
        actor=partner,
        filters=selectors.ReferralFilters(overdue=True),
        today=TODAY + timedelta(days=4),
    )
    assert list(overdue) == [referral]
    referrals.referral_accept(actor=partner, referral=referral, now=NOW + timedelta(days=5))
    referrals.referral_complete(
        actor=partner,
        referral=referral,
        outcome="partly",
        note="Half the course.",
        now=NOW + timedelta(days=30),
    )
    referral.refresh_from_db()
    timing = selectors.timing(referral=referral)
    assert (timing.days_to_accept, timing.accept_late) == (5, True)
    assert (timing.days_to_complete, timing.complete_late) == (30, False)


def test_performance_of_a_partner(partner, coordinator, referral, orgs, caseworker):
    referrals.referral_accept(actor=partner, referral=referral, now=NOW + timedelta(days=1))
    referrals.referral_complete(
        actor=partner, referral=referral, outcome="achieved", note="OK", now=NOW + timedelta(days=9)
    )
    figures = selectors.performance(actor=coordinator, organisation=orgs["ngo"])
    assert (figures.received, figures.accepted, figures.completed) == (1, 1, 1)
    assert (figures.accepted_in_time, figures.completed_in_time) == (1, 1)
    assert (figures.median_days_to_accept, figures.median_days_to_complete) == (1.0, 9.0)
    with pytest.raises(PermissionDenied):
        selectors.performance(actor=caseworker, organisation=orgs["ngo"])


# --- Audit and notifications ----------------------------------------------------------------------


def test_every_step_is_audited_on_the_person(partner, caseworker, referral, person):
    selectors.referral_get(actor=partner, public_id=referral.public_id)
    referrals.referral_accept(actor=partner, referral=referral, now=NOW)
    actions = list(
        AuditEntry.objects.filter(object_type="person", object_id=person.public_id)
        .order_by("id")
        .values_list("action", "purpose")
    )
    assert ("referral.send", "referral") in actions
    assert ("referral.read", "referral") in actions
    assert ("referral.accept", "referral") in actions
    assert ("plan.measure.update", "integration plan") in actions


def test_notifications_reach_the_inbox_and_the_mailbox(
    partner, caseworker, referral, people, django_capture_on_commit_callbacks
):
    received = Notification.objects.get(user=people["partner"])
    assert received.kind == "referral.received"
    assert received.record_id == referral.public_id
    sent = core_services.notification_emails_send(ids=[received.pk])
    assert sent == 1
    assert mail.outbox[0].to == ["partner@ngo.example"]
    assert referral.public_id in mail.outbox[0].body
    assert "Amina" not in mail.outbox[0].body + mail.outbox[0].subject
    assert core_services.notification_emails_send(ids=[received.pk]) == 0

    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_decline(actor=partner, referral=referral, reason="no_capacity")
    answer = Notification.objects.get(user=people["caseworker"])
    assert answer.kind == "referral.declined"
    assert core_services.notifications_read(actor=partner) == 1
    assert not Notification.objects.filter(user=people["partner"], read_at__isnull=True).exists()


def test_a_failed_email_is_retried_later(referral, people, monkeypatch):
    import smtplib

    from integra.core import services as core

    received = Notification.objects.get(user=people["partner"])

    def refuse(**kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(core, "send_mail", refuse)
    assert core_services.notification_emails_send(ids=[received.pk]) == 0
    received.refresh_from_db()
    assert received.emailed_at is None
    monkeypatch.undo()
    assert core_services.notification_emails_send(ids=None, now=NOW + timedelta(days=1)) == 1
    assert len(mail.outbox) == 1
    assert core_services.notification_emails_send(ids=None, now=NOW + timedelta(days=1)) == 0


def test_a_childs_measure_shares_the_childs_data(
    caseworker, coordinator, orgs, person, plan, service
):
    child = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Sami", family_name="Haddad", birth_date=date(2018, 2, 1)
        ),
        now=NOW,
    )
    household = people_services.household_join(
        actor=caseworker, person=person, household=None, relationship="head", today=TODAY
    ).household
    people_services.household_join(
        actor=caseworker, person=child, household=household, relationship="child", today=TODAY
    )
    measure = plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="language",
            kind="language_tutoring",
            title="Romanian for Sami",
            due_on=TODAY + timedelta(days=30),
            beneficiary=child.public_id,
        ),
        now=NOW,
    )
    mou(coordinator, orgs, shareable=("name", "date_of_birth"))
    referral = send(caseworker, person, measure, service, ("name", "date_of_birth"))
    assert referral.shared == {"name": "Sami Haddad", "date_of_birth": "2018-02-01"}


def test_the_email_is_in_the_readers_language(referral, people):
    user = people["partner"]
    user.preferred_language = "ro"
    user.save()
    notification = Notification.objects.get(user=user)
    core_services.notification_emails_send(ids=[notification.pk])
    assert mail.outbox[0].body.startswith(f"Trimitere nouă {referral.public_id}")
    assert mail.outbox[0].subject.startswith("Integra: Trimitere nouă")
