"""Builders for the monitoring tests: people written straight to the tables (the
registry's own services are tested elsewhere), with a chosen registration day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from integra.core.models import Organisation
from integra.people.models import Citizenship, LegalStatus, Person, Responsibility


@pytest.fixture
def regions(orgs: dict[str, Organisation]) -> dict[str, Organisation]:
    orgs["a"].region = "North"
    orgs["a"].save()
    orgs["b"].region = "South"
    orgs["b"].save()
    return {"North": orgs["a"], "South": orgs["b"]}


PersonMaker = Callable[..., Person]


@pytest.fixture
def make_person(regions: dict[str, Organisation]) -> PersonMaker:
    counter = iter(range(10**6))

    def make(
        *,
        sex: str = "female",
        born: int | None = 1990,
        citizenship: str = "UA",
        status: str = "temporary_protection",
        region: str = "North",
        registered: date = date(2026, 3, 10),
    ) -> Person:
        n = next(counter)
        organisation = regions[region] if region else None
        person = Person.objects.create(
            given_name=f"P{n}",
            given_name_latin=f"P{n}",
            sex=sex,
            birth_date=date(born, 6, 1) if born else None,
            registered_by=organisation,
        )
        at = timezone.make_aware(datetime.combine(registered, time(12)))
        Person.objects.filter(pk=person.pk).update(created_at=at)
        if citizenship:
            Citizenship.objects.create(person=person, country=citizenship)
        if organisation is not None:
            Responsibility.objects.create(person=person, organisation=organisation, since=at)
            if status:
                LegalStatus.objects.create(
                    person=person,
                    category=status,
                    valid_from=registered,
                    recorded_by=organisation,
                    recorded_at=at,
                )
        return person

    return make
