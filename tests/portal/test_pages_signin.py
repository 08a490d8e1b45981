"""Signing in to the portal through its pages: by code, by invitation link or
code, by password with an optional authenticator; throttled; no leak."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.portal.services import accounts
from tests.portal.conftest import EMAIL, PHONE

pytestmark = pytest.mark.django_db


def _code_from_mail() -> str:
    match = re.search(r"code is (\d{6})", mail.outbox[-1].body)
    assert match
    return match.group(1)


def test_sign_in_by_a_code_sent_by_e_mail(client, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my/sign-in/", {"address": EMAIL})
    assert response.status_code == 302
    assert response["Location"] == "/my/sign-in/code/"
    page = client.get("/my/sign-in/code/")
    assert EMAIL.encode() in page.content
    response = client.post("/my/sign-in/code/", {"code": _code_from_mail()})
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    assert b"Hello, Amina" in client.get("/my/").content


def test_an_unknown_address_gets_the_same_answer(client, account):
    known = client.post("/my/sign-in/", {"address": EMAIL})
    other = Client().post("/my/sign-in/", {"address": "nobody@example.org"})
    assert known.status_code == other.status_code == 302
    assert known["Location"] == other["Location"]
    wrong = Client()
    wrong.post("/my/sign-in/", {"address": "nobody@example.org"})
    answer = wrong.post("/my/sign-in/code/", {"code": "123456"})
    assert answer.status_code == 200
    assert b"not right, or it has expired" in answer.content


def test_a_wrong_or_reused_code_is_answered_beside_the_field(
    client, account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my/sign-in/", {"address": EMAIL})
    code = _code_from_mail()
    response = client.post("/my/sign-in/code/", {"code": "000000" if code != "000000" else "1"})
    assert b"not right, or it has expired" in response.content
    assert b'id="id_code_error"' in response.content
    client.post("/my/sign-in/code/", {"code": code})
    again = Client()
    again.post("/my/sign-in/", {"address": EMAIL})
    response = again.post("/my/sign-in/code/", {"code": code})
    assert b"not right, or it has expired" in response.content


def test_guessing_is_slowed_per_connection(client, account):
    cache.clear()
    client.post("/my/sign-in/", {"address": EMAIL})
    statuses = [client.post("/my/sign-in/code/", {"code": "111111"}).status_code for _ in range(22)]
    assert statuses[:20] == [200] * 20
    assert statuses[-1] == 429


def test_the_code_page_without_an_address_goes_back(client):
    assert client.get("/my/sign-in/code/")["Location"] == "/my/sign-in/"


def test_a_search_for_a_long_address_is_refused_clearly(client):
    response = client.post("/my/sign-in/", {"address": "a" * 10_000})
    assert response.status_code == 200
    assert b"id_address_error" in response.content


def test_the_invitation_link_is_used_by_pressing_its_button(client, caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="email")
    path = invitation.link.split("127.0.0.1:8000")[-1]
    assert client.get(path).status_code == 200  # a mail program's check uses nothing
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    assert b"Hello, Amina" in client.get("/my/").content
    reused = Client().post(path)
    assert reused.status_code == 400
    assert b"expired or was used already" in reused.content


def test_the_invitation_code_with_the_phone(client, caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    response = client.post("/my/welcome/", {"address": PHONE, "code": invitation.code})
    assert response.status_code == 302
    assert b"Hello, Amina" in client.get("/my/").content


def test_password_and_authenticator(client, account, me):
    me.post(
        "/my/account/password/",
        {"password": "a long enough phrase 42", "again": "a long enough phrase 42"},
    )
    response = Client().post(
        "/my/sign-in/password/", {"address": EMAIL, "password": "a long enough phrase 42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/my/"
    device = TOTPDevice.objects.create(user=account.user, name="phone", confirmed=True)
    fresh = Client()
    response = fresh.post(
        "/my/sign-in/password/", {"address": EMAIL, "password": "a long enough phrase 42"}
    )
    assert response["Location"].startswith("/my/sign-in/verify/")
    assert fresh.get("/my/").status_code == 200
    assert b"Hello" not in fresh.get("/my/").content
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = fresh.post("/my/sign-in/verify/", {"code": f"{token:06d}"})
    assert response.status_code == 302
    assert b"Hello, Amina" in fresh.get("/my/").content


def test_a_wrong_password_says_nothing_of_the_address(client, account):
    known = client.post("/my/sign-in/password/", {"address": EMAIL, "password": "wrong one"})
    unknown = Client().post("/my/sign-in/password/", {"address": "x@example.org", "password": "w"})
    assert b"That address or password is not right." in known.content
    assert b"That address or password is not right." in unknown.content


def test_sign_out(me):
    response = me.post("/my/sign-out/")
    assert response["Location"] == "/my/sign-in/"
    assert me.get("/my/plan/")["Location"].startswith("/my/sign-in/")
