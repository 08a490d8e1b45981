"""Fixtures of the plan tests: a programme, a questionnaire, a person with a status."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from integra.core import access
from integra.core.models import User
from integra.core.roles import Role
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.models import Plan, Programme, Questionnaire
from integra.plans.services import assessments, plans, programmes
from tests.conftest import make_user

NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
TODAY = NOW.date()

DEFINITION = {
    "sections": [
        {
            "code": "language",
            "title": {"en": "Language", "ro": "Limba"},
            "questions": [
                {
                    "code": "local_level",
                    "type": "choice",
                    "required": True,
                    "label": {"en": "Level in Romanian", "ro": "Nivelul în limba română"},
                    "options": [
                        {"value": "none", "label": {"en": "None"}},
                        {"value": "A1", "label": {"en": "A1"}},
                        {"value": "B1", "label": {"en": "B1"}},
                    ],
                    "suggest": [
                        {
                            "when": {"in": ["none", "A1"]},
                            "measure": {
                                "domain": "language",
                                "kind": "language_course",
                                "title": {"en": "Romanian course", "ro": "Curs de limba română"},
                            },
                        }
                    ],
                }
            ],
        },
        {
            "code": "work",
            "title": {"en": "Work"},
            "questions": [
                {"code": "years", "type": "number", "min": 0, "max": 60, "label": {"en": "Years"}},
                {
                    "code": "working",
                    "type": "yes_no",
                    "label": {"en": "Working now?"},
                    "suggest": [
                        {
                            "when": {"equals": False},
                            "measure": {
                                "domain": "employment",
                                "kind": "job_search",
                                "title": {"en": "Job search"},
                            },
                        }
                    ],
                },
            ],
        },
        {
            "code": "health",
            "title": {"en": "Health"},
            "sensitive": True,
            "questions": [
                {
                    "code": "screening_needed",
                    "type": "yes_no",
                    "label": {"en": "Needs a health screening?"},
                    "suggest": [
                        {
                            "when": {"equals": True},
                            "measure": {
                                "domain": "health",
                                "kind": "health_screening",
                                "title": {"en": "Health screening"},
                            },
                        }
                    ],
                }
            ],
        },
    ]
}


@pytest.fixture
def caseworker(people):
    return access.actor_for(people["caseworker"])


@pytest.fixture
def coordinator(people):
    return access.actor_for(people["coordinator"])


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
            domains=("housing", "employment", "language", "health", "education"),
            eligible_statuses=("international_protection", "stateless"),
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
def version(coordinator) -> Questionnaire:
    return assessments.questionnaire_publish(
        actor=coordinator,
        code="initial",
        country="MD",
        title="Initial assessment",
        definition=DEFINITION,
        now=NOW,
    )


@pytest.fixture
def refugee(people) -> Person:
    """Amina, a refugee registered by the caseworker of centre A."""
    actor = access.actor_for(people["caseworker"])
    person = people_services.person_register(
        actor=actor,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            birth_date=date(1990, 5, 1),
            citizenships=("SY",),
        ),
        now=NOW,
    )
    people_services.status_record(
        actor=actor,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
        now=NOW,
    )
    return person


def start_plan(caseworker, person, programme, **kwargs) -> Plan:
    return plans.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=TODAY, now=NOW, **kwargs
    )


@pytest.fixture
def caseworker_b(orgs) -> User:
    return make_user("caseworker_b", orgs["b"], Role.CASEWORKER)


@pytest.fixture
def plan(caseworker, refugee, programme) -> Plan:
    return start_plan(caseworker, refugee, programme)


@pytest.fixture
def cw(people, client_for) -> Client:
    return client_for(people["caseworker"])


@pytest.fixture
def coord(people, client_for) -> Client:
    return client_for(people["coordinator"])
