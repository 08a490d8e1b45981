"""The core pages: forms explain errors beside the field; actions work without JS."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.models import (
    AuditEntry,
    BreakGlassGrant,
    Membership,
    Organisation,
    WorkerHeartbeat,
)


def test_creating_a_unit_below_my_organisation(people, orgs, client_for):
    client = client_for(people["admin"])
    response = client.post(
        "/organisations/new/",
        {
            "parent": "centre-a",
            "code": "centre-a-north",
            "name": "North office",
            "kind": "ngo",
            "level": "local",
            "country": "MD",
        },
    )
    assert response["Location"] == "/organisations/centre-a-north/"
    assert Organisation.objects.get(code="centre-a-north").parent == orgs["a"]


def test_a_taken_code_is_explained_beside_the_field(people, client_for):
    response = client_for(people["admin"]).post(
        "/organisations/new/",
        {
            "parent": "centre-a",
            "code": "centre-b",
            "name": "Copy",
            "kind": "ngo",
            "level": "local",
            "country": "MD",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code_error"' in html
    assert "This code is taken." in html


def test_a_bad_country_is_explained_beside_the_field(people, client_for):
    response = client_for(people["admin"]).post(
        "/organisations/new/",
        {
            "parent": "centre-a",
            "code": "x1",
            "name": "X",
            "kind": "ngo",
            "level": "local",
            "country": "ZZ",
        },
    )
    assert 'id="id_country_error"' in response.content.decode()
    assert not Organisation.objects.filter(code="x1").exists()


def test_adding_a_new_member_shows_the_initial_password_once(people, client_for):
    client = client_for(people["admin"])
    response = client.post(
        "/organisations/centre-a/members/new/",
        {"username": "newcomer", "role": "caseworker", "email": "n@example.org"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="secret"' in html
    assert Membership.objects.filter(user__username="newcomer", role="caseworker").exists()
    listing = client.get("/organisations/centre-a/").content.decode()
    assert "newcomer" in listing
    assert 'class="secret"' not in listing


def test_a_role_that_does_not_fit_the_organisation_is_refused(people, client_for):
    response = client_for(people["admin"]).post(
        "/organisations/centre-a/members/new/", {"username": "boss", "role": "coordinator"}
    )
    assert 'id="id_role_error"' in response.content.decode()


def test_removing_a_member(people, orgs, client_for):
    membership = Membership.objects.get(user=people["caseworker"])
    response = client_for(people["admin"]).post(f"/members/{membership.pk}/remove/")
    assert response["Location"] == "/organisations/centre-a/"
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.delete").exists()


def test_break_glass_opens_members_for_a_limited_time_with_a_reason(people, client_for):
    client = client_for(people["caseworker"])
    page = client.get("/organisations/centre-b/").content.decode()
    assert "admin_b" not in page
    assert "break-glass" in page
    refused = client.post("/organisations/centre-b/break-glass/", {"reason": "need it"})
    assert refused.status_code == 422
    assert 'id="id_reason_error"' in refused.content.decode()
    client.post(
        "/organisations/centre-b/break-glass/",
        {"reason": "The family was transferred from Bălți and the file is urgent."},
    )
    assert "admin_b" in client.get("/organisations/centre-b/").content.decode()
    grant = BreakGlassGrant.objects.get(user=people["caseworker"])
    assert grant.expires_at - grant.opened_at == timedelta(hours=3)
    assert AuditEntry.objects.filter(break_glass=True, action="organisation.members.read").exists()


def test_the_dpo_sees_break_glass_access_and_can_filter_the_log(people, client_for):
    client_for(people["caseworker"]).post(
        "/organisations/centre-b/break-glass/",
        {"reason": "The family was transferred from Bălți and the file is urgent."},
    )
    client = client_for(people["dpo"])
    html = client.get("/audit/").content.decode()
    assert "The family was transferred" in html
    filtered = client.get("/audit/", {"action": "break_glass", "break_glass_only": "on"})
    assert "break_glass.open" in filtered.content.decode()
    assert "token.create" not in filtered.content.decode()
    partial = client.get("/audit/", {"action": "break_glass"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()


def test_a_token_is_shown_once_and_can_be_revoked(people, client_for):
    client = client_for(people["caseworker"])
    created = client.post("/account/tokens/", {"name": "reporting script", "expires_in_days": 30})
    secret = created.context["created"].secret
    assert secret in created.content.decode()
    assert secret not in client.get("/account/tokens/").content.decode()
    prefix = created.context["created"].token.prefix
    client.post(f"/account/tokens/{prefix}/revoke/")
    assert "Revoked" in client.get("/account/tokens/").content.decode()


def test_organisation_search_works_with_and_without_htmx(people, client_for):
    client = client_for(people["caseworker"])
    full = client.get("/organisations/", {"q": "Bălți"}).content.decode()
    assert "Integration Centre B" in full
    assert "Integration Centre A" not in full
    partial = client.get("/organisations/", {"q": "zzz"}, headers={"HX-Request": "true"})
    assert "No organisation matches your search." in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_an_unknown_page_is_a_helpful_404(people, client_for):
    response = client_for(people["caseworker"]).get("/organisations/nowhere/")
    assert response.status_code == 404
    assert "Go to your home page" in response.content.decode()


def test_the_arabic_pages_are_right_to_left(people, client_for):
    client = client_for(people["caseworker"])
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="ar" dir="rtl"' in html


def test_health_reports_database_and_worker(db, client):
    body = client.get("/healthz").json()
    assert body["database"] == "ok"
    assert body["worker"] == "absent"
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, started_at=now, seen_at=now)
    assert client.get("/healthz").json()["worker"] == "ok"


def test_every_answer_carries_security_headers(db, client):
    response = client.get("/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) >= 8


def test_an_admin_gives_a_member_a_new_password_and_ends_their_sessions(people, client_for):
    member = client_for(people["caseworker"])
    membership = Membership.objects.get(user=people["caseworker"])
    response = client_for(people["admin"]).post(f"/members/{membership.pk}/reset-password/")
    password = response.context["password"]
    people["caseworker"].refresh_from_db()
    assert people["caseworker"].check_password(password)
    assert member.get("/").status_code == 302  # the old session no longer counts
    assert AuditEntry.objects.filter(action="user.reset_password").exists()


def test_an_admin_resets_a_lost_authenticator(people, client_for):
    TOTPDevice.objects.create(user=people["caseworker"], confirmed=True, name="lost phone")
    membership = Membership.objects.get(user=people["caseworker"])
    client_for(people["admin"]).post(f"/members/{membership.pk}/reset-two-factor/")
    assert not TOTPDevice.objects.filter(user=people["caseworker"]).exists()


def test_an_admin_cannot_take_over_someone_who_also_works_elsewhere(people, orgs, client_for):
    Membership.objects.create(user=people["caseworker"], organisation=orgs["b"], role="caseworker")
    membership = Membership.objects.get(user=people["caseworker"], organisation=orgs["a"])
    client = client_for(people["admin"])
    assert client.post(f"/members/{membership.pk}/reset-password/").status_code == 403
    assert client.post(f"/members/{membership.pk}/reset-two-factor/").status_code == 403
    page = client.get("/organisations/centre-a/").content.decode()
    assert "New password for caseworker" not in page
    assert "New password for migrant" in page


def test_the_dpo_of_the_opened_organisation_sees_the_break_glass(people, orgs, client_for):
    from tests.conftest import make_user

    dpo_b = make_user("dpo_b", orgs["b"], "dpo")
    client_for(people["caseworker"]).post(
        "/organisations/centre-b/break-glass/",
        {"reason": "The family was transferred from Bălți and the file is urgent."},
    )
    html = client_for(dpo_b).get("/audit/").content.decode()
    assert "The family was transferred" in html  # the grant, in the review list
    assert "break_glass.open" in html
