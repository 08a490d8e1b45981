# ruff: noqa: F811  (fixtures imported from tests/courses/conftest.py are used as arguments)
"""A migrant of centre A with a portal account, her household and her plan.

Amina (centre A, e-mail and phone in her record) heads a household with her
son Omar (12) and her brother Karim (30, with his own account). Rustam is a
person of centre B with an account of his own: the other person's records that
Amina must never reach.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from integra.core import access
from integra.people import services as people_services
from integra.people.models import Person
from integra.portal.models import Account
from integra.portal.services import accounts
from tests.courses.conftest import (  # noqa: F401  (fixtures)
    caseworker,
    coordinator,
    course,
    curriculum,
    programme,
    provider,
    teacher,
    teacher_record,
    teacher_user,
    test_definition,
)

EMAIL = "amina@example.org"
PHONE = "+37369123456"


def register(actor, given_name: str, *, birth_date: date, email: str = "", phone: str = ""):
    return people_services.person_register(
        actor=actor,
        data=people_services.PersonData(
            given_name=given_name,
            family_name="Haddad",
            sex="female" if given_name == "Amina" else "male",
            birth_date=birth_date,
            citizenships=("SY",),
            email=email,
            phone=phone,
        ),
        confirm_new=True,
    )


@pytest.fixture
def amina(caseworker) -> Person:
    person = register(caseworker, "Amina", birth_date=date(1990, 5, 1), email=EMAIL, phone=PHONE)
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
    )
    people_services.household_join(
        actor=caseworker, person=person, household=None, relationship="head"
    )
    return person


def _household(amina: Person):
    return amina.household_memberships.get(left_on__isnull=True).household


@pytest.fixture
def omar(caseworker, amina) -> Person:
    today = timezone.localdate()
    child = register(caseworker, "Omar", birth_date=today.replace(year=today.year - 12))
    people_services.household_join(
        actor=caseworker, person=child, household=_household(amina), relationship="child"
    )
    return child


@pytest.fixture
def karim(caseworker, amina) -> Person:
    adult = register(caseworker, "Karim", birth_date=date(1995, 1, 1), email="karim@example.org")
    people_services.household_join(
        actor=caseworker, person=adult, household=_household(amina), relationship="sibling"
    )
    return adult


def open_account(actor, person: Person, *, channel: str = "email") -> Account:
    """Invites the person and redeems the invitation, as they would."""
    invitation = accounts.invite(actor=actor, person=person, channel=channel)
    address = person.email if channel == "email" else person.phone
    return accounts.redeem_code(address=address, code=invitation.code, purpose="invitation")


@pytest.fixture
def account(caseworker, amina) -> Account:
    return open_account(caseworker, amina)


@pytest.fixture
def rustam(people) -> Person:
    """A person of centre B, with a portal account of his own."""
    from integra.core.models import Membership, User

    user = User.objects.create_user("caseworker_b_portal")
    Membership.objects.create(
        user=user,
        organisation=people["admin_b"].memberships.get().organisation,
        role="caseworker",
    )
    actor = access.actor_for(user)
    person = people_services.person_register(
        actor=actor,
        data=people_services.PersonData(
            given_name="Rustam", sex="male", birth_date=date(1985, 3, 3), email="r@example.org"
        ),
        confirm_new=True,
    )
    open_account(actor, person)
    return person


@pytest.fixture
def me(account) -> Client:
    """Amina's browser, signed in to the portal."""
    client = Client()
    client.force_login(account.user)
    session = client.session
    from integra.core.middleware import LOGIN_AT

    session[LOGIN_AT] = timezone.now().isoformat()
    session.save()
    return client


def later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)
