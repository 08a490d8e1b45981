"""Invitations and one-time codes: the rules, and no answer that leaks whether an
address or a person exists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.portal.models import Account, OneTimeCode
from integra.portal.services import accounts
from tests.portal.conftest import EMAIL, PHONE

pytestmark = pytest.mark.django_db


def test_an_invitation_makes_a_portal_only_account_and_keeps_only_digests(caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="email")
    account = Account.objects.get(person=amina)
    assert account.user.portal_only
    assert not account.user.has_usable_password()
    assert account.activated_at is None
    stored = OneTimeCode.objects.get(account=account)
    digits = invitation.code.replace(" ", "")
    assert len(digits) == 8
    assert digits not in stored.code_digest
    token = invitation.link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in (stored.link_digest or "")
    assert len(token) >= 43  # 256 random bits, URL-safe
    assert AuditEntry.objects.filter(action="portal.invite", object_id=amina.public_id).exists()


def test_the_email_invitation_carries_the_link_and_the_code(
    caseworker, amina, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = accounts.invite(actor=caseworker, person=amina, channel="email")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    assert invitation.link in mail.outbox[0].body
    assert invitation.code in mail.outbox[0].body


def test_an_sms_invitation_gives_the_text_to_send(caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    assert invitation.address == PHONE
    assert invitation.code in invitation.sms_text
    assert "/my/welcome/" in invitation.sms_text
    assert len(invitation.sms_text) <= 306  # two SMS at most


def test_no_address_of_that_kind_is_refused_beside_the_field(caseworker, omar):
    with pytest.raises(ValidationFailed) as refused:
        accounts.invite(actor=caseworker, person=omar, channel="email")
    assert "channel" in refused.value.field_errors
    assert not Account.objects.filter(person=omar).exists()


def test_only_the_responsible_caseworkers_invite(people, amina):
    for persona in ("coordinator", "partner", "teacher", "inspector", "analyst", "admin_b"):
        with pytest.raises(PermissionDenied):
            accounts.invite(actor=access.actor_for(people[persona]), person=amina, channel="sms")
    assert not Account.objects.exists()


def test_the_invitation_code_opens_the_account_once(caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    account = accounts.redeem_code(address=PHONE, code=invitation.code, purpose="invitation")
    assert account.person == amina
    assert account.activated_at is not None
    with pytest.raises(ValidationFailed):  # reused
        accounts.redeem_code(address=PHONE, code=invitation.code, purpose="invitation")


def test_a_code_is_typed_as_people_type_it(caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    typed = "-".join(invitation.code.split())
    account = accounts.redeem_code(address="069 123 456", code=typed, purpose="invitation")
    assert account.person == amina


def test_an_expired_invitation_is_refused(caseworker, amina, settings):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    later = timezone.now() + timedelta(days=settings.INTEGRA_PORTAL_INVITATION_DAYS, seconds=1)
    with pytest.raises(ValidationFailed, match="not right, or it has expired"):
        accounts.redeem_code(address=PHONE, code=invitation.code, purpose="invitation", now=later)


def test_a_new_invitation_ends_the_old_one(caseworker, amina):
    first = accounts.invite(actor=caseworker, person=amina, channel="sms")
    accounts.invite(actor=caseworker, person=amina, channel="sms")
    with pytest.raises(ValidationFailed):
        accounts.redeem_code(address=PHONE, code=first.code, purpose="invitation")


def test_wrong_tries_kill_the_code(caseworker, amina, settings):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    right = invitation.code.replace(" ", "")
    wrong = f"{(int(right) + 1) % 10**8:08d}"
    for _ in range(settings.INTEGRA_PORTAL_CODE_TRIES):
        with pytest.raises(ValidationFailed):
            accounts.redeem_code(address=PHONE, code=wrong, purpose="invitation")
    assert OneTimeCode.objects.get().attempts == settings.INTEGRA_PORTAL_CODE_TRIES
    with pytest.raises(ValidationFailed):  # even the right code is dead now
        accounts.redeem_code(address=PHONE, code=right, purpose="invitation")


def test_unknown_and_known_addresses_are_refused_alike(caseworker, amina):
    accounts.invite(actor=caseworker, person=amina, channel="sms")
    answers = set()
    for address in (PHONE, "+37369999999", "nobody@example.org", "not an address"):
        with pytest.raises(ValidationFailed) as refused:
            accounts.redeem_code(address=address, code="00000000", purpose="invitation")
        answers.add((refused.value.message, str(refused.value.field_errors)))
    assert len(answers) == 1


def test_a_sign_in_code_goes_only_to_an_opened_account(
    caseworker, amina, django_capture_on_commit_callbacks
):
    accounts.invite(actor=caseworker, person=amina, channel="sms")
    assert accounts.send_sign_in_code(address=EMAIL).sent == 0  # invitation not used yet
    assert accounts.send_sign_in_code(address="nobody@example.org").sent == 0


def test_a_sign_in_code_signs_in_once_within_minutes(
    account, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts.send_sign_in_code(address=EMAIL.upper()).sent == 1
    code = mail.outbox[-1].body.split("code is ")[1][:6]
    assert accounts.redeem_code(address=EMAIL, code=code, purpose="sign_in").pk == account.pk
    with pytest.raises(ValidationFailed):
        accounts.redeem_code(address=EMAIL, code=code, purpose="sign_in")
    with django_capture_on_commit_callbacks(execute=True):
        accounts.send_sign_in_code(address=EMAIL)
    code = mail.outbox[-1].body.split("code is ")[1][:6]
    too_late = timezone.now() + timedelta(minutes=settings.INTEGRA_PORTAL_CODE_MINUTES + 1)
    with pytest.raises(ValidationFailed):
        accounts.redeem_code(address=EMAIL, code=code, purpose="sign_in", now=too_late)


def test_an_invitation_code_is_not_a_sign_in_code(caseworker, amina):
    invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
    with pytest.raises(ValidationFailed):
        accounts.redeem_code(address=PHONE, code=invitation.code, purpose="sign_in")


def test_codes_are_not_sent_without_end(account):
    sent = [accounts.send_sign_in_code(address=EMAIL).sent for _ in range(5)]
    assert sent == [1, 1, 1, 0, 0]


def test_a_bad_address_is_answered_beside_the_field():
    with pytest.raises(ValidationFailed) as refused:
        accounts.send_sign_in_code(address="x" * 10_000)
    assert "address" in refused.value.field_errors


def test_a_disabled_account_opens_nothing(caseworker, amina, account):
    accounts.disable(actor=caseworker, person=amina)
    account.user.refresh_from_db()
    assert not account.user.is_active
    assert accounts.send_sign_in_code(address=EMAIL).sent == 0
    invitation = accounts.invite(actor=caseworker, person=amina, channel="email")  # opens again
    assert accounts.redeem_code(address=EMAIL, code=invitation.code, purpose="invitation")


def test_a_shared_phone_reaches_each_account_with_its_own_code(caseworker, amina, karim):
    karim.phone = PHONE
    karim.save(update_fields=["phone"])
    first = accounts.invite(actor=caseworker, person=amina, channel="sms")
    second = accounts.invite(actor=caseworker, person=karim, channel="sms")
    assert (
        accounts.redeem_code(address=PHONE, code=second.code, purpose="invitation").person == karim
    )
    assert (
        accounts.redeem_code(address=PHONE, code=first.code, purpose="invitation").person == amina
    )
    assert accounts.account_for_password(address=PHONE) is None  # ambiguous: codes only


def test_a_sign_in_code_by_sms_is_queued_for_the_gateway(
    account, monkeypatch, django_capture_on_commit_callbacks
):
    from integra.core import sms

    queued: list[tuple[str, str]] = []
    monkeypatch.setattr(sms, "QUEUE", [lambda to, text: queued.append((to, text))])
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts.send_sign_in_code(address=PHONE).sent == 1
    assert len(queued) == 1
    assert queued[0][0] == PHONE
    assert queued[0][1].startswith("Integra: your sign-in code is ")


def test_the_console_gateway_logs_the_message(settings, caplog):
    from integra.core import sms

    settings.INTEGRA_SMS_URL = "console"
    with caplog.at_level("INFO", logger="integra.core.sms"):
        assert sms.send(PHONE, "hello") is True
    assert f"SMS to {PHONE}: hello" in caplog.text


def test_an_sms_gateway_that_is_not_https_is_refused(settings, caplog):
    from integra.core import sms

    settings.INTEGRA_SMS_URL = "http://gateway.example/send"
    assert sms.send(PHONE, "hello") is False


def test_the_invitation_speaks_the_persons_language(
    caseworker, amina, django_capture_on_commit_callbacks
):
    from integra.people.models import Language

    Language.objects.create(person=amina, code="ar", declared_level="native")
    with django_capture_on_commit_callbacks(execute=True):
        sms_invitation = accounts.invite(actor=caseworker, person=amina, channel="sms")
        accounts.invite(actor=caseworker, person=amina, channel="email")
    assert sms_invitation.language == "ar"
    assert "Integra" in sms_invitation.sms_text
    assert "invitation code" not in sms_invitation.sms_text  # Arabic, not English
    assert "invitation" not in mail.outbox[-1].subject.lower()


def test_sign_in_codes_follow_the_chosen_language(account, django_capture_on_commit_callbacks):
    account.user.preferred_language = "ru"
    account.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        accounts.send_sign_in_code(address=EMAIL)
    assert "sign-in code" not in mail.outbox[-1].body
    assert "Integra" in mail.outbox[-1].body
