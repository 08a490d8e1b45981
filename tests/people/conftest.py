"""Fixtures shared by the registry tests."""

from __future__ import annotations

from datetime import date

import pytest

from integra.core import access
from integra.people import services
from integra.people.models import Person


@pytest.fixture
def person(people) -> Person:
    """Oksana Kovalenko, registered by the caseworker of centre A."""
    return services.person_register(
        actor=access.actor_for(people["caseworker"]),
        data=services.PersonData(
            given_name="Oksana",
            family_name="Kovalenko",
            birth_date=date(1990, 5, 1),
            citizenships=("UA",),
        ),
    )
