"""Sign-in: password, then a TOTP code for roles that see person-level data;
lockout, session rotation and timeouts."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.middleware import LOGIN_AT
from integra.core.models import AuditEntry
from tests.conftest import PASSWORD


def _code(key: bytes) -> str:
    return f"{TOTP(key).token():06d}"


def _password_step(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def test_a_caseworker_needs_a_code_after_the_password(people):
    device = TOTPDevice.objects.create(user=people["caseworker"], confirmed=True, name="phone")
    client = Client()
    response = _password_step(client, "caseworker")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/verify/")
    assert client.get("/").status_code == 302  # not signed in yet
    response = client.post("/login/verify/", {"code": _code(device.bin_key)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.login", actor=people["caseworker"]).exists()


def test_a_wrong_code_is_refused_beside_the_field(people):
    TOTPDevice.objects.create(user=people["caseworker"], confirmed=True, name="phone")
    client = Client()
    _password_step(client, "caseworker")
    response = client.post("/login/verify/", {"code": "000000"})
    assert response.status_code == 200
    assert 'id="id_code_error"' in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_new_user_enrols_an_authenticator_before_getting_in(people):
    client = Client()
    _password_step(client, "coordinator")
    page = client.get("/login/verify/").content.decode()
    key = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = client.post("/login/verify/", {"code": _code(base64.b32decode(key))})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=people["coordinator"]).confirmed
    assert client.get("/").status_code == 200


def test_an_analyst_signs_in_with_a_password_alone(people):
    client = Client()
    response = _password_step(client, "analyst")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_session_without_the_second_factor_is_not_accepted(people):
    client = Client()
    client.force_login(people["caseworker"])  # password only, no OTP
    session = client.session
    session[LOGIN_AT] = timezone.now().isoformat()
    session.save()
    assert client.get("/")["Location"] == "/login/"
    assert client.get("/api/v1/me").status_code == 401


def test_each_sign_in_step_rotates_the_session_key(people):
    device = TOTPDevice.objects.create(user=people["caseworker"], confirmed=True, name="phone")
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "planted-by-an-attacker"
    _password_step(client, "caseworker")
    halfway = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/login/verify/", {"code": _code(device.bin_key)})
    signed_in = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert halfway != "planted-by-an-attacker"
    assert signed_in not in {halfway, "planted-by-an-attacker"}
    assert client.get("/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(people):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, "analyst", password="wrong password")
    response = _password_step(client, "analyst")  # even the right password now
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_lockout_message_is_translated(people):
    client = Client(headers={"accept-language": "ro"})
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = _password_step(client, "analyst", password="wrong password")
    assert response.status_code == 429
    assert 'lang="ro"' in response.content.decode()
    assert "Too many attempts" not in response.content.decode()


def test_a_session_ends_after_the_absolute_timeout(people, client_for):
    client = client_for(people["caseworker"])
    session = client.session
    session[LOGIN_AT] = (
        timezone.now() - timedelta(hours=settings.SESSION_ABSOLUTE_HOURS, minutes=1)
    ).isoformat()
    session.save()
    assert client.get("/")["Location"].startswith("/login/")


def test_the_idle_timeout_is_the_session_lifetime():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_passwords_are_hashed_with_argon2_in_production():
    from integra import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sign_out_needs_a_post(people, client_for):
    client = client_for(people["caseworker"])
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_next_address_cannot_point_elsewhere(people):
    client = Client()
    response = client.post(
        "/login/?next=https://evil.example/",
        {"username": "analyst", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("language", ["en", "ro", "ru", "uk", "ar"])
def test_the_sign_in_page_speaks_every_language(language):
    response = Client(headers={"accept-language": language}).get("/login/")
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")


def test_an_unknown_language_falls_back_to_english():
    response = Client(headers={"accept-language": "xx-YY"}).get("/login/")
    assert 'lang="en"' in response.content.decode()
