"""Fixtures and helpers of the funding tests (tests/monitoring/test_funding*.py):
a coordinator and an analyst, two programmes with core measures, two sources."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from integra.core import access
from integra.monitoring.models import BudgetLine, FundingSource
from integra.monitoring.services import funding as services
from integra.people import services as people_services
from integra.plans.models import Programme
from integra.plans.services import plans, programmes

__all__ = ["analyst", "coordinator", "other", "programme", "sources"]

NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
TODAY = NOW.date()
YEAR = TODAY.year


@pytest.fixture
def coordinator(people):
    return access.actor_for(people["coordinator"])


@pytest.fixture
def analyst(people):
    return access.actor_for(people["analyst"])


def make_programme(actor, code: str, measures: tuple[tuple[str, bool], ...]) -> Programme:
    programme = programmes.programme_save(
        actor=actor,
        data=programmes.ProgrammeData(
            code=code,
            country="MD",
            name=f"Programme {code}",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("language", "housing", "social"),
            eligible_statuses=("international_protection",),
        ),
        now=NOW,
    )
    for position, (measure, mandatory) in enumerate(measures):
        programmes.programme_measure_add(
            actor=actor,
            programme=programme,
            data=programmes.ProgrammeMeasureData(
                code=measure,
                domain="language" if measure == "language" else "housing",
                kind="language_course" if measure == "language" else "housing_search",
                title=f"Measure {measure}",
                due_within_days=30 + position,
                mandatory=mandatory,
            ),
        )
    return programme


@pytest.fixture
def programme(coordinator) -> Programme:
    return make_programme(
        coordinator, "md-voluntary", (("language", True), ("housing", True), ("extra", False))
    )


@pytest.fixture
def other(coordinator) -> Programme:
    return make_programme(coordinator, "md-other", (("jobs", True),))


@pytest.fixture
def sources(coordinator) -> dict[str, FundingSource]:
    return {
        code: services.source_create(
            actor=coordinator, data=services.SourceData(code=code, name=name, kind=kind), now=NOW
        )
        for code, name, kind in (
            ("state", "State budget", "state"),
            ("eu-amif", "EU AMIF", "multilateral"),
        )
    }


def add_line(actor, **fields) -> BudgetLine:
    data = {
        "source": "state",
        "programme": "md-voluntary",
        "measure": "",
        "year": YEAR,
        "amount": "1000.00",
        "currency": "MDL",
    }
    data.update(fields)
    return services.line_create(actor=actor, data=services.LineData(**data), now=NOW)


def spend(actor, line, amount, movement="spending", on=None):
    return services.entry_record(
        actor=actor,
        line=line,
        data=services.EntryData(movement=movement, amount=amount, on=on or TODAY),
        today=TODAY,
        now=NOW,
    )


def participants(people, programme, count: int) -> None:
    """``count`` persons with a plan in the programme starting today."""
    caseworker = access.actor_for(people["caseworker"])
    for n in range(count):
        person = people_services.person_register(
            actor=caseworker,
            data=people_services.PersonData(
                given_name=["Amina", "Omar", "Lina", "Yusuf", "Sara"][n],
                family_name="Test",
                birth_date=date(1990, 1, 1 + n),
                citizenships=("SY",),
            ),
            confirm_new=True,
            now=NOW,
        )
        people_services.status_record(
            actor=caseworker,
            person=person,
            category="international_protection",
            valid_from=date(2025, 6, 1),
            now=NOW,
        )
        plans.plan_create(
            actor=caseworker, person=person, programme=programme, starts_on=TODAY, now=NOW
        )
