"""Fixed personas used across the suite.

Two integration centres (A: Chișinău, B: Bălți) under one coordinating authority,
and one user per role, most of them at A. ``client_for(user)`` gives a browser
session that has passed both sign-in steps; ``token_for(user)`` an API token.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import access, services
from integra.core.middleware import LOGIN_AT
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Level, OrganisationKind, Role

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit history is keyed by ids that repeat across rolled-back tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def orgs(db: None) -> dict[str, Organisation]:
    root = Organisation.objects.create(
        code="bma",
        name="Bureau for Migration and Asylum",
        kind=OrganisationKind.COORDINATING_AUTHORITY,
        level=Level.NATIONAL,
        country="MD",
    )
    a = Organisation.objects.create(
        code="centre-a",
        name="Integration Centre A",
        kind=OrganisationKind.INTEGRATION_CENTRE,
        level=Level.REGIONAL,
        country="MD",
        parent=root,
        locality="Chișinău",
    )
    b = Organisation.objects.create(
        code="centre-b",
        name="Integration Centre B",
        kind=OrganisationKind.INTEGRATION_CENTRE,
        level=Level.REGIONAL,
        country="MD",
        parent=root,
        locality="Bălți",
    )
    ngo = Organisation.objects.create(
        code="ngo", name="Refugee NGO", kind=OrganisationKind.NGO, level=Level.LOCAL, country="MD"
    )
    inspectorate = Organisation.objects.create(
        code="inspectorate",
        name="Labour Inspectorate",
        kind=OrganisationKind.LABOUR_INSPECTORATE,
        level=Level.NATIONAL,
        country="MD",
    )
    return {"root": root, "a": a, "b": b, "ngo": ngo, "inspectorate": inspectorate}


def make_user(
    username: str, organisation: Organisation | None = None, role: str | None = None
) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


# Every role, with the organisation that holds it in the personas.
ROLE_HOME = {
    Role.ADMIN: "a",
    Role.CASEWORKER: "a",
    Role.PARTNER: "ngo",
    Role.TEACHER: "ngo",
    Role.COORDINATOR: "root",
    Role.INSPECTOR: "inspectorate",
    Role.ANALYST: "root",
    Role.MIGRANT: "a",
    Role.DPO: "a",
}


@pytest.fixture
def people(orgs: dict[str, Organisation]) -> dict[str, User]:
    users = {role: make_user(str(role), orgs[home], role) for role, home in ROLE_HOME.items()}
    users["admin_b"] = make_user("admin_b", orgs["b"], Role.ADMIN)
    users["national_admin"] = make_user("national_admin", orgs["root"], Role.ADMIN)
    users["stranger"] = make_user("stranger")
    return users


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    """A client whose session has completed password and second factor."""

    def build(user: User) -> Client:
        client = Client()
        client.force_login(user)
        session = client.session
        session[LOGIN_AT] = timezone.now().isoformat()
        if access.requires_two_factor(user):
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "t"}
            )
            session["otp_device_id"] = device.persistent_id
        session.save()
        return client

    return build


@pytest.fixture
def token_for(db: None) -> Callable[[User], str]:
    def build(user: User) -> str:
        return services.token_create(
            actor=access.actor_for(user), name="test", expires_in_days=30
        ).secret

    return build


@pytest.fixture
def api_for(token_for):
    """An API client acting with a token of the given user."""

    def build(user: User) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"})

    return build
