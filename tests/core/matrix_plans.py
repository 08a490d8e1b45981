"""The plans app's rows of the access matrix (tests/core/test_access_matrix.py):
programmes, questionnaires, assessments, plans and the caseload."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from integra.core.models import Organisation, User
from integra.people.models import Person
from integra.plans.models import Assessment, Measure, Plan, Programme, Questionnaire

DEFINITION = {
    "sections": [
        {
            "code": "language",
            "title": {"en": "Language"},
            "questions": [
                {
                    "code": "level",
                    "type": "choice",
                    "label": {"en": "Level"},
                    "options": [
                        {"value": "low", "label": {"en": "Low"}},
                        {"value": "high", "label": {"en": "High"}},
                    ],
                }
            ],
        }
    ]
}

# Who reads programmes and questionnaires: staff, not analysts or migrants.
PROGRAMME_READERS = {
    "admin",
    "caseworker",
    "partner",
    "teacher",
    "coordinator",
    "inspector",
    "dpo",
    "national_admin",
}


def plan_objects(
    orgs: dict[str, Organisation], people: dict[str, User], persons: dict[str, Person]
) -> dict[str, object]:
    """A programme and a questionnaire; for each centre, a draft plan with one
    measure and an assessment of that centre's person."""
    now = timezone.now()
    today = timezone.localdate()
    programme = Programme.objects.create(
        code="matrix",
        country="MD",
        name="Matrix programme",
        participation="voluntary",
        min_months=12,
        max_months=24,
        domains=["housing", "language"],
        review_every_days=90,
        created_at=now,
    )
    version = Questionnaire.objects.create(
        code="matrix",
        version=1,
        country="MD",
        title="Matrix",
        definition=DEFINITION,
        published_at=now,
    )
    found: dict[str, object] = {"questionnaire": version.pk}
    for target, person in persons.items():
        organisation = orgs[target[-1]]
        plan = Plan.objects.create(
            person=person,
            programme=programme,
            organisation=organisation,
            caseworker=people["caseworker"],
            starts_on=today,
            ends_on=today + timedelta(days=400),
            created_at=now,
            updated_at=now,
        )
        measure = Measure.objects.create(
            plan=plan,
            domain="housing",
            kind="housing_search",
            title="Find a flat",
            responsible=organisation,
            due_on=today + timedelta(days=30),
            created_at=now,
            updated_at=now,
        )
        assessment = Assessment.objects.create(
            person=person,
            questionnaire=version,
            answers={"level": "low"},
            organisation=organisation,
            assessed_by=people["caseworker"],
            assessed_at=now,
        )
        found[f"plan_{target}"] = plan.public_id
        found[f"measure_{target}"] = measure.pk
        found[f"assessment_{target}"] = assessment.public_id
    return found
