"""The plans demo: four programmes, a questionnaire in two versions, and the
Chișinău centre's assessments and plans at every stage, loaded once."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import timezone

from integra.core import demo as core_demo
from integra.core.models import AuditEntry, Todo
from integra.people import demo as people_demo
from integra.plans import demo
from integra.plans.models import (
    ALERT_KINDS,
    Assessment,
    CountryRules,
    Incentive,
    Measure,
    Plan,
    Programme,
    Questionnaire,
    Review,
)
from integra.plans.services import assessments


@pytest.fixture
def message(db) -> str:
    core_demo.load()  # the organisations and users
    people_demo.load()  # the registry the plans are for
    return demo.load()


def _mandatory(code: str) -> set[tuple[str, str]]:
    programme = Programme.objects.get(code=code)
    return set(programme.measures.filter(mandatory=True).values_list("kind", "domain"))


def test_four_programmes_with_their_rules(message):
    assert message.startswith("Plans: 4 programmes, 2 questionnaire versions")
    countries = dict(Programme.objects.values_list("code", "country"))
    assert countries == {
        "md-voluntary": "MD",
        "cz-sip": "CZ",
        "no-introduction": "NO",
        "at-integration-declaration": "AT",
    }
    assert _mandatory("md-voluntary") == set()  # voluntary, measures as needed
    assert _mandatory("cz-sip") == {
        ("language_course", "language"),
        ("housing_search", "housing"),
        ("job_search", "employment"),
    }
    assert _mandatory("no-introduction") == {
        ("language_course", "language"),
        ("civic_orientation", "community"),
        ("vocational_training", "employment"),
    }
    assert _mandatory("at-integration-declaration") == {
        ("civic_orientation", "culture"),
        ("language_course", "language"),
        ("exam", "language"),
    }
    norway = Programme.objects.get(code="no-introduction")
    assert (norway.min_months, norway.max_months, norway.hours_per_week) == (24, 36, 37)
    assert (norway.min_age, norway.max_age, norway.participation) == (18, 55, "mandatory")
    exam = Incentive.objects.get(
        programme__code="at-integration-declaration", on_completion_of__isnull=False
    )
    assert exam.on_completion_of.kind == "exam"
    assert Incentive.objects.filter(programme__code="md-voluntary").exists()
    rules = {r.country: (r.school_age_from, r.school_age_until) for r in CountryRules.objects.all()}
    assert rules == {"MD": (7, 16), "RO": (6, 18), "CZ": (6, 15), "NO": (6, 16), "AT": (6, 15)}


def test_questionnaire_in_two_versions(message):
    versions = list(Questionnaire.objects.filter(code="initial-assessment").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].published_at < versions[1].published_at
    first, second = (
        {q.code for s in assessments.parse(v.definition) for q in s.questions} for v in versions
    )
    assert second - first == {"digital_skills"}
    sections = assessments.parse(versions[1].definition)
    assert [s.code for s in sections if s.sensitive] == ["health"]
    for section in sections:  # written in English, Romanian and Russian
        assert set(section.title) == {"en", "ro", "ru"}
        assert all(set(q.label) == {"en", "ro", "ru"} for q in section.questions)
    used = set(Assessment.objects.values_list("questionnaire__version", flat=True))
    assert used == {1, 2}
    # Each assessment was made with the version in use that day.
    assert not Assessment.objects.filter(assessed_at__lt=F("questionnaire__published_at")).exists()


def test_plans_at_every_stage(message):
    today = timezone.localdate()
    plans = Plan.objects.all()
    assert 15 <= plans.count() <= 25
    assert set(plans.values_list("programme__code", flat=True)) == {"md-voluntary"}
    assert set(plans.values_list("status", flat=True)) == {"draft", "agreed", "closed"}
    assert set(plans.values_list("organisation__code", flat=True)) == {"ic-chisinau"}
    assert Assessment.objects.count() > plans.count()  # some are assessed only
    assert plans.filter(status="closed").exclude(outcome="").count() >= 2
    assert Review.objects.filter(plan__status="agreed").exists()
    done = Measure.objects.filter(status="done")
    assert done.exists()
    assert not done.filter(evidence="").exists()
    assert not done.filter(done_on__gt=today).exists()
    overdue = Measure.objects.filter(
        status__in=["planned", "in_progress"], due_on__lt=today, plan__status="agreed"
    )
    assert overdue.exists()
    # A child's school place on a parent's plan.
    school = Measure.objects.filter(kind="school_enrolment", beneficiary__isnull=False)
    assert school.exists()
    assert not school.filter(beneficiary=F("plan__person")).exists()


def test_alerts_are_to_dos(message):
    kinds = set(Todo.objects.filter(done_at__isnull=True).values_list("kind", flat=True))
    assert {"plan_measure_overdue", "plan_school_enrolment"} <= kinds
    assert kinds & set(ALERT_KINDS)


def test_loading_again_adds_nothing(message):
    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count()
            for model in (Programme, Questionnaire, Assessment, Plan, Measure, Review, Todo)
        )

    before, audited = counts(), AuditEntry.objects.count()
    again = demo.load()
    assert "already loaded" in again
    assert counts() == before
    assert AuditEntry.objects.count() == audited
