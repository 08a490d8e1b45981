"""Fixtures of the vacancy tests: two employers (a builder in Bălți, a software
company in Chișinău) and an employment office, each with a partner agent; a
vacancy factory that posts through the service.

Dates follow the clock; a test that needs another day passes ``now``/``today``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.access import Actor
from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind, Role
from integra.placement import services
from integra.placement.models import Vacancy
from tests.conftest import make_user

JSON = "application/json"


def _organisation(code: str, name: str, kind: str) -> Organisation:
    return Organisation.objects.create(
        code=code, name=name, kind=kind, level=Level.LOCAL, country="MD"
    )


@pytest.fixture
def builder(orgs) -> Organisation:
    return _organisation("builder", "Construct-Nord SRL", OrganisationKind.EMPLOYER)


@pytest.fixture
def softco(orgs) -> Organisation:
    return _organisation("softco", "Codru Soft SRL", OrganisationKind.EMPLOYER)


@pytest.fixture
def office(orgs) -> Organisation:
    return _organisation("office", "National Employment Agency", OrganisationKind.EMPLOYMENT_OFFICE)


@pytest.fixture
def builder_user(builder) -> User:
    return make_user("builder_agent", builder, Role.PARTNER)


@pytest.fixture
def softco_user(softco) -> User:
    return make_user("softco_agent", softco, Role.PARTNER)


@pytest.fixture
def office_user(office) -> User:
    return make_user("office_agent", office, Role.PARTNER)


@pytest.fixture
def builder_actor(builder_user) -> Actor:
    return access.actor_for(builder_user)


@pytest.fixture
def softco_actor(softco_user) -> Actor:
    return access.actor_for(softco_user)


@pytest.fixture
def office_actor(office_user) -> Actor:
    return access.actor_for(office_user)


@pytest.fixture
def coordinator(people) -> Actor:
    return access.actor_for(people["coordinator"])


def data(**changes: Any) -> services.VacancyData:
    """A bricklayer's vacancy in Bălți, open for a month; ``changes`` replace fields."""
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Bricklayer",
        "occupation": "7112",
        "region": "Bălți",
        "locality": "Bălți",
        "positions": 3,
        "wage_min": Decimal(14000),
        "wage_max": Decimal(18000),
        "hours_per_week": 40,
        "contract_kind": "fixed_term",
        "closes_on": today + timedelta(days=30),
        "skills": ("bricklaying", "reading drawings"),
        "languages": (services.LanguageNeed("ro", "A2"),),
        "description": "Residential blocks; hostel places for workers.",
    }
    values.update(changes)
    return services.VacancyData(**values)


@pytest.fixture
def post() -> Callable[..., Vacancy]:
    def build(actor: Actor, **changes: Any) -> Vacancy:
        return services.vacancy_create(actor=actor, data=data(**changes))

    return build


@pytest.fixture
def bricklayer(post, builder_actor) -> Vacancy:
    return post(builder_actor)


@pytest.fixture
def developer(post, softco_actor) -> Vacancy:
    return post(
        softco_actor,
        title="Backend developer",
        occupation="2512",
        region="Chișinău",
        locality="Chișinău",
        positions=2,
        wage_min=Decimal(35000),
        wage_max=Decimal(55000),
        contract_kind="permanent",
        skills=("Python", "Django", "PostgreSQL"),
        languages=(services.LanguageNeed("en", "B2"),),
    )
