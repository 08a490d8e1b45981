"""Migrant accounts: invitations, one-time codes, sign-in by code.

Codes are stored as keyed digests (HMAC with the secret key, salted with the
account), so a copy of the database opens nothing. An invitation carries two
secrets: a link with 256 random bits for e-mail, and an eight-digit code that a
caseworker can send by SMS or read out at the desk. A sign-in code has six digits
and lasts minutes. Every code is used once, dies after a few wrong tries, and is
looked up by the address the person gives, so no answer tells whether an address
belongs to anyone.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import phonenumbers
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integra.core import access, audit, sms
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import User
from integra.people import selectors as people_selectors
from integra.portal.models import Account, Channel, CodePurpose, OneTimeCode

if TYPE_CHECKING:
    from integra.people.models import Person

logger = logging.getLogger(__name__)

INVITATION = CodePurpose.INVITATION
SIGN_IN = CodePurpose.SIGN_IN
INVITATION_DIGITS = 8
SIGN_IN_DIGITS = 6
# At most this many sign-in codes are sent to one account in SEND_WINDOW.
SEND_LIMIT = 3
SEND_WINDOW = timedelta(minutes=15)


def _key() -> bytes:
    return settings.SECRET_KEY.encode()


def link_digest(token: str) -> str:
    return hmac.new(_key(), f"link:{token}".encode(), hashlib.sha256).hexdigest()


def code_digest(account_id: int, code: str) -> str:
    return hmac.new(_key(), f"code:{account_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _digits(count: int) -> str:
    return f"{secrets.randbelow(10**count):0{count}d}"


def normalise_code(raw: str) -> str:
    """What a person types: spaces and dashes between the digits are fine."""
    return "".join(ch for ch in raw if not ch.isspace() and ch != "-")


def normalise_address(raw: str) -> tuple[str, str] | None:
    """An e-mail address (lower-cased) or a phone number (E.164), with its channel;
    ``None`` when it is neither."""
    text = raw.strip()
    if not text or len(text) > 254:
        return None
    if "@" in text:
        return Channel.EMAIL, text.casefold()
    try:
        parsed = phonenumbers.parse(text, settings.INTEGRA_PORTAL_COUNTRY)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return Channel.SMS, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _accounts_at(channel: str, address: str) -> list[Account]:
    accounts = Account.objects.select_related("user", "person").filter(disabled_at__isnull=True)
    if channel == Channel.EMAIL:
        accounts = accounts.filter(person__email__iexact=address)
    else:
        accounts = accounts.filter(person__phone=address)
    return list(accounts.filter(person__merged_into__isnull=True).order_by("pk"))


def language_of(account: Account) -> str:
    """The language to write to the person in: the one they chose in the portal,
    else the first they speak that Integra speaks, else the default."""
    spoken = dict(settings.LANGUAGES)
    if account.user.preferred_language in spoken:
        return account.user.preferred_language
    for code in people_selectors.language_codes(person=account.person):
        if code in spoken:
            return code
    return settings.LANGUAGE_CODE


# --- Invitations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    account: Account
    channel: str
    address: str
    code: str
    link: str
    expires_at: datetime
    sms_text: str
    language: str  # the person's: the text to send is in it


def _username(person: Person) -> str:
    return f"portal-{person.public_id.lower()}"


@transaction.atomic
def invite(
    *, actor: Actor, person: Person, channel: str, now: datetime | None = None
) -> Invitation:
    """Invites the person to the portal (or again, when they lost the first one):
    the link goes by e-mail; the code is for an SMS or to read out, and is shown
    to the caseworker once. Earlier unused invitations stop working."""
    now = now or timezone.now()
    responsible = people_selectors.responsible_ids(person=person)
    if not access.can_invite_to_portal(actor, responsible=responsible):
        raise PermissionDenied(_("Only the caseworkers responsible for the case invite people."))
    if person.merged_into_id is not None:
        raise Conflict(_("This record was merged into another; invite the person there."))
    if channel == Channel.EMAIL:
        address = person.email.strip().casefold()
        if not address:
            raise ValidationFailed(
                _("The invitation has errors."),
                field_errors={"channel": [_("The record has no e-mail address. Add one first.")]},
            )
    elif channel == Channel.SMS:
        address = person.phone.strip()
        if not address:
            raise ValidationFailed(
                _("The invitation has errors."),
                field_errors={"channel": [_("The record has no phone number. Add one first.")]},
            )
    else:
        raise ValidationFailed(
            _("The invitation has errors."),
            field_errors={"channel": [_("Choose e-mail or SMS.")]},
        )
    assert actor.organisation_id is not None  # a caseworker acts for an organisation
    account = Account.objects.select_for_update().filter(person=person).first()
    if account is None:
        user = User(username=_username(person), portal_only=True, is_active=True)
        user.set_unusable_password()
        user.save()
        account = Account.objects.create(
            user=user, person=person, invited_by_id=actor.organisation_id, invited_at=now
        )
    else:
        if account.disabled_at is not None:
            account.disabled_at = None
            account.user.is_active = True
            account.user.save(update_fields=["is_active"])
        account.invited_by_id = actor.organisation_id
        account.invited_at = now
        account.save(update_fields=["disabled_at", "invited_by", "invited_at"])
    account.codes.filter(purpose=CodePurpose.INVITATION, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    code = _digits(INVITATION_DIGITS)
    expires_at = now + timedelta(days=settings.INTEGRA_PORTAL_INVITATION_DAYS)
    OneTimeCode.objects.create(
        account=account,
        purpose=CodePurpose.INVITATION,
        channel=channel,
        link_digest=link_digest(token),
        code_digest=code_digest(account.pk, code),
        created_at=now,
        expires_at=expires_at,
        created_by=actor.user,
    )
    link = f"{settings.INTEGRA_BASE_URL}{reverse('portal:welcome_link', args=[token])}"
    welcome = f"{settings.INTEGRA_BASE_URL}{reverse('portal:welcome')}"
    grouped = f"{code[:4]} {code[4:]}"
    language = language_of(account)
    with translation.override(language):
        sms_text = _(
            "Integra: your invitation code is %(code)s. Open %(url)s and enter it with this "
            "phone number. It works until %(until)s."
        ) % {"code": grouped, "url": welcome, "until": timezone.localtime(expires_at).date()}
    audit.record(
        actor=actor,
        action="portal.invite",
        object_type="person",
        object_id=person.public_id,
        purpose="case management",
        data={"channel": channel},
        now=now,
    )
    invitation = Invitation(
        account=account,
        channel=channel,
        address=address,
        code=grouped,
        link=link,
        expires_at=expires_at,
        sms_text=sms_text,
        language=language,
    )
    if channel == Channel.EMAIL:
        transaction.on_commit(lambda: _email_invitation(invitation))
    return invitation


def _email_invitation(invitation: Invitation) -> None:
    with translation.override(invitation.language):
        _send_invitation(invitation)


def _send_invitation(invitation: Invitation) -> None:
    body = "\n\n".join(
        (
            _("You are invited to Integra, your own pages for your integration plan, "
              "your courses and your rights."),
            _("Open this link to start (it works once, until %(until)s):")
            % {"until": timezone.localtime(invitation.expires_at).date()},
            invitation.link,
            _("Or enter this code at %(url)s: %(code)s")
            % {"url": f"{settings.INTEGRA_BASE_URL}{reverse('portal:welcome')}",
               "code": invitation.code},
            _("If you did not expect this message, ignore it."),
        )
    )  # fmt: skip
    try:
        send_mail(
            subject=_("Your invitation to Integra"),
            message=body,
            from_email=None,
            recipient_list=[invitation.address],
        )
    except (OSError, smtplib.SMTPException):
        logger.warning("Invitation e-mail to account %s not sent", invitation.account.pk)


@transaction.atomic
def disable(*, actor: Actor, person: Person, now: datetime | None = None) -> Account:
    """Closes the person's portal account (lost phone, on their request); a new
    invitation opens it again."""
    now = now or timezone.now()
    responsible = people_selectors.responsible_ids(person=person)
    if not access.can_invite_to_portal(actor, responsible=responsible):
        raise PermissionDenied(_("Only the caseworkers responsible for the case do this."))
    account = Account.objects.select_for_update().filter(person=person).first()
    if account is None:
        raise NotFound(_("This person has no portal account."))
    if account.disabled_at is not None:
        raise Conflict(_("The account is already disabled."))
    account.disabled_at = now
    account.save(update_fields=["disabled_at"])
    account.user.is_active = False
    account.user.save(update_fields=["is_active"])
    account.codes.filter(used_at__isnull=True).update(used_at=now)
    audit.record(
        actor=actor,
        action="portal.disable",
        object_type="person",
        object_id=person.public_id,
        purpose="case management",
        now=now,
    )
    return account


# --- Redeeming codes --------------------------------------------------------------------------


def _activate(account: Account, *, how: str, now: datetime) -> Account:
    if account.activated_at is None:
        account.activated_at = now
        account.save(update_fields=["activated_at"])
    audit.record(
        actor=None,
        actor_label=account.user.username,
        action="portal.sign_in",
        object_type="person",
        object_id=account.person.public_id,
        purpose="portal",
        data={"method": how},
        now=now,
    )
    return account


def _live(purpose: str, now: datetime) -> dict[str, object]:
    return {
        "purpose": purpose,
        "used_at__isnull": True,
        "expires_at__gt": now,
        "attempts__lt": settings.INTEGRA_PORTAL_CODE_TRIES,
    }


@transaction.atomic
def redeem_link(*, token: str, now: datetime | None = None) -> Account:
    """The invitation link, opened and confirmed: the account, ready to sign in."""
    now = now or timezone.now()
    found = (
        OneTimeCode.objects.select_for_update(of=("self",))
        .select_related("account__user", "account__person")
        .filter(link_digest=link_digest(token), **_live(CodePurpose.INVITATION, now))
        .first()
    )
    if found is None or found.account.disabled_at is not None:
        raise ValidationFailed(
            _("This link has expired or was used already. Ask your caseworker for a new one.")
        )
    found.used_at = now
    found.save(update_fields=["used_at"])
    return _activate(found.account, how="invitation link", now=now)


WRONG_CODE = "That code is not right, or it has expired. Check it, or ask for a new one."


def redeem_code(*, address: str, code: str, purpose: str, now: datetime | None = None) -> Account:
    """An invitation or sign-in code given with the address it was sent to.

    A wrong code counts as a try against every live code of that address (the
    tries are committed before the refusal); the answer is the same whether the
    address is known or not."""
    now = now or timezone.now()
    wrong = ValidationFailed(_(WRONG_CODE), field_errors={"code": [_(WRONG_CODE)]})
    normalised = normalise_address(address)
    digits = normalise_code(code)
    if normalised is None or not digits.isdigit() or len(digits) > 12:
        raise wrong
    with transaction.atomic():
        accounts = {account.pk: account for account in _accounts_at(*normalised)}
        live = list(
            OneTimeCode.objects.select_for_update()
            .filter(account_id__in=list(accounts), **_live(purpose, now))
            .order_by("pk")
        )
        for candidate in live:
            if hmac.compare_digest(
                candidate.code_digest, code_digest(candidate.account_id, digits)
            ):
                candidate.used_at = now
                candidate.save(update_fields=["used_at"])
                how = "invitation code" if purpose == CodePurpose.INVITATION else "sign-in code"
                return _activate(accounts[candidate.account_id], how=how, now=now)
        OneTimeCode.objects.filter(pk__in=[c.pk for c in live]).update(attempts=F("attempts") + 1)
    raise wrong


@dataclass(frozen=True)
class SentCode:
    """What a sign-in request did, for tests and the audit; the page says the
    same thing whatever happened."""

    sent: int


@transaction.atomic
def send_sign_in_code(*, address: str, now: datetime | None = None) -> SentCode:
    """Sends a sign-in code to every active account at the address (a family may
    share a phone): by e-mail or SMS. Unknown addresses get nothing, silently."""
    now = now or timezone.now()
    normalised = normalise_address(address)
    if normalised is None:
        raise ValidationFailed(
            _("The sign-in has errors."),
            field_errors={
                "address": [_("Give the e-mail address or the phone number (with +373) you "
                              "gave your caseworker.")]
            },
        )  # fmt: skip
    channel, value = normalised
    sent = 0
    for account in _accounts_at(channel, value):
        if account.activated_at is None:
            continue  # an account is opened by its invitation first
        recent = account.codes.filter(purpose=CodePurpose.SIGN_IN, created_at__gt=now - SEND_WINDOW)
        if recent.count() >= SEND_LIMIT:
            continue
        code = _digits(SIGN_IN_DIGITS)
        OneTimeCode.objects.create(
            account=account,
            purpose=CodePurpose.SIGN_IN,
            channel=channel,
            code_digest=code_digest(account.pk, code),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.INTEGRA_PORTAL_CODE_MINUTES),
        )
        language = language_of(account)
        with translation.override(language):
            text = _(
                "Integra: your sign-in code is %(code)s. It works for %(minutes)d minutes."
            ) % {"code": code, "minutes": settings.INTEGRA_PORTAL_CODE_MINUTES}
        transaction.on_commit(functools.partial(_deliver, channel, value, text, language))
        sent += 1
    return SentCode(sent=sent)


def _deliver(channel: str, address: str, text: str, language: str) -> None:
    if channel == Channel.EMAIL:
        with translation.override(language):
            subject = _("Your Integra sign-in code")
        try:
            send_mail(
                subject=subject,
                message=text,
                from_email=None,
                recipient_list=[address],
            )
        except (OSError, smtplib.SMTPException):
            logger.warning("A sign-in code was not e-mailed")
    else:
        sms.send_later(address, text)


def account_for_password(*, address: str) -> Account | None:
    """The one active account at an address, for signing in with a password;
    ``None`` when there is none or several share it (they use a code instead)."""
    normalised = normalise_address(address)
    if normalised is None:
        return None
    found = [a for a in _accounts_at(*normalised) if a.activated_at is not None]
    return found[0] if len(found) == 1 else None
