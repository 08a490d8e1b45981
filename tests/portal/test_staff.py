"""The caseworkers' side: inviting, writing, setting appointments; in pages and API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.core.models import AuditEntry
from integra.portal.models import Account, Appointment, Message, OneTimeCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(people, client_for):
    return client_for(people["caseworker"])


def test_the_invitation_code_is_shown_once_and_never_cached(cw, amina):
    response = cw.post(f"/portal/persons/{amina.public_id}/invite/", {"channel": "sms"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Send this text to +37369123456 (it is in English)" in page
    assert OneTimeCode.objects.count() == 1
    assert (
        "The invitation code, shown only now"
        not in cw.get(f"/portal/persons/{amina.public_id}/").content.decode()
    )


def test_an_invitation_without_an_address_is_answered_beside_the_field(cw, omar):
    response = cw.post(f"/portal/persons/{omar.public_id}/invite/", {"channel": "email"})
    assert response.status_code == 400
    assert "no e-mail address" in response.content.decode()
    assert not Account.objects.exists()


def test_disable_and_reopen(cw, amina, account):
    response = cw.post(f"/portal/persons/{amina.public_id}/disable/")
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.disabled_at is not None
    assert "Disabled" in cw.get(f"/portal/persons/{amina.public_id}/").content.decode()


def test_appointments_refuse_a_past_time_beside_the_field(cw, amina):
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = cw.post(
        f"/portal/persons/{amina.public_id}/appointments/",
        {"starts_at": past, "minutes": 30, "place": "Room 4", "purpose": "Review"},
    )
    assert response.status_code == 400
    assert "still to come" in response.content.decode()
    assert not Appointment.objects.exists()


def test_an_appointment_is_set_and_cancelled(cw, amina):
    soon = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    cw.post(
        f"/portal/persons/{amina.public_id}/appointments/",
        {
            "starts_at": soon,
            "minutes": 30,
            "place": "Room 4",
            "purpose": "Review",
            "language": "ar",
        },
    )
    appointment = Appointment.objects.get()
    assert appointment.language == "ar"
    cw.post(f"/portal/appointments/{appointment.public_id}/cancel/")
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    assert AuditEntry.objects.filter(action="portal.appointment.cancel").exists()


def test_the_inbox_puts_unanswered_conversations_first(cw, me, amina):
    me.post("/my/messages/", {"body": "Hello"})
    page = cw.get("/portal/messages/").content.decode()
    assert amina.public_id in page
    assert '<strong class="tag">1</strong>' in page


def test_the_api_invites_and_returns_the_code_once(api_for, people, amina):
    api = api_for(people["caseworker"])
    response = api.post(
        f"/api/v1/persons/{amina.public_id}/portal/invitation",
        {"channel": "email"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["address"] == "amina@example.org"
    assert len(body["code"].replace(" ", "")) == 8
    assert body["link"].startswith("http")
    status = api.get(f"/api/v1/persons/{amina.public_id}/portal").json()
    assert status["activated_at"] is None


def test_the_api_refuses_bad_input_as_problems(api_for, people, amina):
    api = api_for(people["caseworker"])
    response = api.post(
        f"/api/v1/persons/{amina.public_id}/messages",
        {"body": "x" * 5000},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    response = api.post(
        f"/api/v1/persons/{amina.public_id}/appointments",
        {"starts_at": "2020-01-01T10:00:00Z", "place": "Room", "purpose": "Review"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "starts_at" in str(response.json())
    assert not Message.objects.exists()
