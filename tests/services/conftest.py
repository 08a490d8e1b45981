"""Fixtures of the partner tests: a person with an open plan at centre A, a service
of the NGO, and the ways a referral may rest on (a partnership, a consent).

Dates follow the clock (the API acts now); a test that needs another day passes
an explicit ``now`` to the service it calls.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from integra.core import access
from integra.core.models import User
from integra.people import services as people_services
from integra.people.models import Consent, Person
from integra.plans.models import Measure, Plan, Programme
from integra.plans.services import plans as plan_services
from integra.plans.services import programmes
from integra.services.models import Partnership, Referral, Service, Volunteer
from integra.services.services import directory, referrals, volunteers

JSON = "application/json"


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


@pytest.fixture
def coordinator(people):
    return access.actor_for(people["coordinator"])


@pytest.fixture
def partner_user(people) -> User:
    """The NGO's partner agent (tests/conftest.py ROLE_HOME), who reads e-mail."""
    user = people["partner"]
    user.email = "partner@ngo.example"
    user.save()
    return user


@pytest.fixture
def partner(partner_user):
    return access.actor_for(partner_user)


@pytest.fixture
def cw_api(api_for, people) -> Client:
    return api_for(people["caseworker"])


@pytest.fixture
def partner_api(api_for, partner_user) -> Client:
    return api_for(partner_user)


@pytest.fixture
def coord_api(api_for, people) -> Client:
    return api_for(people["coordinator"])


@pytest.fixture
def person(caseworker) -> Person:
    """Amina, registered at centre A, with a phone, a birth date and a status."""
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            birth_date=date(1990, 5, 1),
            citizenships=("SY",),
            phone="+37360000000",
        ),
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
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
            domains=("language", "legal", "housing"),
            eligible_statuses=("international_protection",),
        ),
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
        actor=caseworker, person=person, programme=programme, starts_on=timezone.localdate()
    )


@pytest.fixture
def measure(plan) -> Measure:
    """The plan's Romanian course, to be delivered by a partner."""
    return plan.measures.get()


@pytest.fixture
def service(partner, orgs) -> Service:
    return directory.service_save(
        actor=partner,
        organisation=orgs["ngo"],
        data=directory.ServiceData(
            code="romanian-classes",
            name="Romanian classes",
            category="language",
            description="Evening classes for adults.",
            languages=("ro", "ar"),
            capacity_per_month=12,
            internal_notes="Waiting list in summer.",
            accept_within_days=3,
            complete_within_days=90,
            locations=(directory.LocationData("Chișinău", "Str. Pușkin 1", "Mon-Fri 9-17"),),
        ),
    )


def partnership(coordinator, orgs, *, shareable=("name", "contact"), **dates) -> Partnership:
    return directory.partnership_save(
        actor=coordinator,
        data=directory.PartnershipData(
            title="Language support",
            parties=(orgs["a"].code, orgs["ngo"].code),
            scope=("language",),
            shareable=shareable,
            valid_from=dates.get("valid_from", timezone.localdate() - timedelta(days=100)),
            valid_until=dates.get("valid_until"),
        ),
    )


@pytest.fixture
def mou(coordinator, orgs) -> Partnership:
    """Centre A and the NGO may share names and contact details for language services."""
    return partnership(coordinator, orgs)


@pytest.fixture
def consent(caseworker, person) -> Consent:
    """Amina agreed to be referred to NGOs."""
    return people_services.consent_give(
        actor=caseworker,
        person=person,
        purpose="referral",
        recipients=["ngo"],
        given_on=timezone.localdate() - timedelta(days=1),
    )


def send(caseworker, person, measure, service, fields=("name",), now=None) -> Referral:
    """A referral sent through the service, at an explicit time when given."""
    return referrals.referral_send(
        actor=caseworker,
        person=person,
        data=referrals.ReferralData(
            measure_id=measure.pk, service_id=service.pk, shared_fields=fields, message="Evenings"
        ),
        now=now,
    )


@pytest.fixture
def referral(caseworker, person, measure, service, mou) -> Referral:
    """Amina referred to the Romanian classes, sharing her name only."""
    return send(caseworker, person, measure, service)


def volunteer(
    keeper,
    organisation,
    name="Elena",
    *,
    languages=("ro", "ar"),
    locality="Chișinău",
    skills=("language_tutoring",),
    cleared=True,
) -> Volunteer:
    """A volunteer of the organisation, saved through the service, by default cleared
    ten days ago for a year."""
    saved = volunteers.volunteer_save(
        actor=keeper,
        organisation=organisation,
        data=volunteers.VolunteerData(
            given_name=name,
            family_name="Popa",
            email=f"{name.lower()}@example.org",
            phone="+37369000000",
            languages=languages,
            skills=skills,
            locality=locality,
        ),
    )
    if cleared:
        today = timezone.localdate()
        volunteers.volunteer_vet(
            actor=keeper,
            volunteer=saved,
            outcome="cleared",
            on=today - timedelta(days=10),
            expires_on=today + timedelta(days=365),
        )
    return saved


@pytest.fixture
def elena(partner, orgs) -> Volunteer:
    """A cleared language tutor of the NGO, in Chișinău, who speaks Romanian and Arabic."""
    return volunteer(partner, orgs["ngo"])
