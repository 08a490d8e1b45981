"""Every page of the migrant's own portal (/my/), for its owner, another migrant,
staff and the anonymous: a migrant reaches only their own records.

A route under the "portal" namespace without a row here fails
``test_every_portal_page_is_in_the_matrix``.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from integra.portal.models import Appointment
from tests.portal.conftest import later

pytestmark = pytest.mark.django_db

# name → (method, url builder(objects), data)
OWN_PAGES = {
    "portal:home": ("GET", lambda o: "/my/", {}),
    "portal:plan": ("GET", lambda o: "/my/plan/", {}),
    "portal:courses": ("GET", lambda o: "/my/courses/", {}),
    "portal:referrals": ("GET", lambda o: "/my/referrals/", {}),
    "portal:documents": ("GET", lambda o: "/my/documents/", {}),
    "portal:messages": ("GET", lambda o: "/my/messages/", {}),
    "portal:consents": ("GET", lambda o: "/my/consents/", {}),
    "portal:consent_withdraw": ("POST", lambda o: f"/my/consents/{o['consent']}/withdraw/", {}),
    "portal:data": ("GET", lambda o: "/my/data/", {}),
    "portal:data_download": ("GET", lambda o: "/my/data/download/", {}),
    "portal:household_member": ("GET", lambda o: f"/my/household/{o['child']}/", {}),
    "portal:account": ("GET", lambda o: "/my/account/", {}),
    "portal:password": ("GET", lambda o: "/my/account/password/", {}),
    "portal:two_factor": ("GET", lambda o: "/my/account/two-factor/", {}),
    "portal:legal_help": ("GET", lambda o: "/my/legal-help/", {}),
    "portal:surveys": ("GET", lambda o: "/my/surveys/", {}),
    "portal:survey": ("GET", lambda o: "/my/surveys/your-experience/", {}),
}
# Open to everyone (their rules are tested in test_pages_signin.py).
PUBLIC = {
    "portal:sign_in",
    "portal:sign_in_code",
    "portal:sign_in_password",
    "portal:sign_in_verify",
    "portal:welcome",
    "portal:welcome_link",
    "portal:sign_out",
}


@pytest.fixture
def objects(caseworker, amina, omar, account, rustam):
    from integra.people import services as people_services

    consent = people_services.consent_give(
        actor=caseworker,
        person=amina,
        purpose="referral",
        recipients=["ngo"],
        given_on=later(0).date(),
    )
    return {"consent": consent.pk, "child": omar.public_id, "rustam": rustam}


def _client_of(user) -> Client:
    from django.utils import timezone

    from integra.core.middleware import LOGIN_AT

    client = Client()
    client.force_login(user)
    session = client.session
    session[LOGIN_AT] = timezone.now().isoformat()
    session.save()
    return client


@pytest.mark.parametrize("name", sorted(OWN_PAGES))
def test_the_owner_opens_her_pages(name, objects, me):
    method, url, data = OWN_PAGES[name]
    response = me.get(url(objects)) if method == "GET" else me.post(url(objects), data)
    assert response.status_code in (200, 302), response.content[:300]
    if method == "POST":
        assert response["Location"] == "/my/consents/"


@pytest.mark.parametrize("name", sorted(OWN_PAGES))
def test_another_migrant_never_reaches_her_records(name, objects, rustam):
    """Rustam's session on Amina's URLs: his own pages, or not found; nothing of hers."""
    client = _client_of(rustam.portal_account.user)
    method, url, data = OWN_PAGES[name]
    response = client.get(url(objects)) if method == "GET" else client.post(url(objects), data)
    assert b"Amina" not in response.content
    assert b"Omar" not in response.content
    if name in ("portal:household_member",):
        assert response.status_code == 404
    if name == "portal:consent_withdraw":
        from integra.people.models import Consent

        assert Consent.objects.get(pk=objects["consent"]).withdrawn_on is None


@pytest.mark.parametrize("name", sorted(OWN_PAGES))
@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "admin", "migrant", "stranger"])
def test_staff_are_sent_to_their_own_pages(name, persona, objects, people, client_for):
    method, url, data = OWN_PAGES[name]
    client = client_for(people[persona])
    response = client.get(url(objects)) if method == "GET" else client.post(url(objects), data)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("name", sorted(OWN_PAGES))
def test_the_anonymous_sign_in_first(name, objects, client):
    method, url, data = OWN_PAGES[name]
    response = client.get(url(objects)) if method == "GET" else client.post(url(objects), data)
    if name == "portal:home":
        assert response.status_code == 200  # the landing page
        assert b"Sign in" in response.content
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/my/sign-in/")


def test_a_migrant_never_opens_a_staff_page(me, amina):
    for url in ("/", f"/people/{amina.public_id}/", "/plans/", "/courses/", "/partners/"):
        response = me.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/my/"


def test_a_migrant_has_no_api(me, amina):
    response = me.get(f"/api/v1/persons/{amina.public_id}/portal")
    assert response.status_code in (401, 403, 404)
    assert response["Content-Type"] == "application/problem+json"


def test_every_portal_page_is_in_the_matrix():
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "portal":
            names |= {f"portal:{p.name}" for p in pattern.url_patterns}
    assert names == set(OWN_PAGES) | PUBLIC


def test_appointments_are_the_owners_only(caseworker, amina, rustam, objects):
    from integra.portal.services import mine as services

    services.appointment_add(
        actor=caseworker,
        person=amina,
        starts_at=later(60 * 24),
        minutes=30,
        place="Room 4",
        purpose="Plan review",
        language="ar",
        interpreter=True,
    )
    assert Appointment.objects.count() == 1
    mine = _client_of(amina.portal_account.user).get("/my/referrals/")
    theirs = _client_of(rustam.portal_account.user).get("/my/referrals/")
    assert b"Plan review" in mine.content
    assert b"Plan review" not in theirs.content
