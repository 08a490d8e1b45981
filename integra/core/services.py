"""Every write of the core: organisations, memberships, tokens, break-glass, sign-in.

Each function takes keyword-only arguments and an explicit ``actor``, checks the
access policy, runs in one transaction and writes an audit entry.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core import access, audit, records, tokens
from integra.core import todos as todo_texts
from integra.core.access import Actor
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import (
    ApiToken,
    BreakGlassGrant,
    Membership,
    Notification,
    Organisation,
    Todo,
    User,
)
from integra.core.roles import ROLE_KINDS, Level, OrganisationKind, Role

logger = logging.getLogger(__name__)

# --- Organisations ------------------------------------------------------------------


def _clean_organisation(
    *, code: str, name: str, kind: str, level: str, country: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(code)
    except DjangoValidationError:
        errors["code"] = [_("Use only letters, numbers, hyphens and underscores.")]
    if not name.strip():
        errors["name"] = [_("Give the organisation a name.")]
    if kind not in OrganisationKind.values:
        errors["kind"] = [_("Choose one of the organisation kinds.")]
    if level not in Level.values:
        errors["level"] = [_("Choose national, regional or local.")]
    if pycountry.countries.get(alpha_2=country.upper()) is None:
        errors["country"] = [_("Give a two-letter ISO 3166 country code, such as MD.")]
    return errors


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    level: str,
    country: str,
    parent: Organisation | None = None,
    region: str = "",
    locality: str = "",
) -> Organisation:
    if not access.can_create_organisation(actor, parent):
        raise PermissionDenied(_("You may not create an organisation here."))
    errors = _clean_organisation(code=code, name=name, kind=kind, level=level, country=country)
    if errors:
        raise ValidationFailed(_("The organisation has errors."), field_errors=errors)
    if Organisation.objects.filter(code=code).exists():
        raise Conflict(
            _("An organisation with this code already exists."),
            field_errors={"code": [_("This code is taken.")]},
        )
    if (
        kind == OrganisationKind.COORDINATING_AUTHORITY
        and Organisation.objects.filter(kind=kind, country=country.upper()).exists()
    ):
        raise Conflict(
            _("This country already has its coordinating authority."),
            field_errors={"kind": [_("There can be only one coordinating authority.")]},
        )
    organisation = Organisation.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        level=level,
        country=country.upper(),
        parent=parent,
        region=region.strip(),
        locality=locality.strip(),
    )
    audit.record(
        actor=actor,
        action="organisation.create",
        object_type="organisation",
        object_id=organisation.code,
        purpose="administration",
        data={"name": organisation.name, "kind": kind, "level": level},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    level: str,
    region: str = "",
    locality: str = "",
    is_active: bool = True,
) -> Organisation:
    if not access.can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("You may not change this organisation."))
    errors = _clean_organisation(
        code=organisation.code,
        name=name,
        kind=organisation.kind,
        level=level,
        country=organisation.country,
    )
    if errors:
        raise ValidationFailed(_("The organisation has errors."), field_errors=errors)
    before = {
        "name": organisation.name,
        "level": organisation.level,
        "active": organisation.is_active,
    }
    organisation.name = name.strip()
    organisation.level = level
    organisation.region = region.strip()
    organisation.locality = locality.strip()
    organisation.is_active = is_active
    organisation.save()
    audit.record(
        actor=actor,
        action="organisation.update",
        object_type="organisation",
        object_id=organisation.code,
        purpose="administration",
        data={
            "before": before,
            "after": {"name": organisation.name, "level": level, "active": is_active},
        },
    )
    return organisation


# --- Members ------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMember:
    membership: Membership
    initial_password: str | None


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    organisation: Organisation,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> NewMember:
    """Adds a role at an organisation; creates the account if it is new, with a
    one-time initial password to hand over securely."""
    if not access.can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("You may not manage the members of this organisation."))
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choose one of the roles.")]
    elif role in ROLE_KINDS and organisation.kind not in ROLE_KINDS[role]:
        errors["role"] = [_("This role cannot be held at this kind of organisation.")]
    if role == Role.ADMIN and not access.can_manage_organisation(actor, organisation):
        errors["role"] = [_("You may not appoint administrators here.")]
    username = username.strip()
    if not username:
        errors["username"] = [_("Give a user name.")]
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = [_("Give a valid e-mail address.")]
    if errors:
        raise ValidationFailed(_("The member has errors."), field_errors=errors)

    user = User.objects.filter(username=username).first()
    initial_password: str | None = None
    if user is None:
        initial_password = secrets.token_urlsafe(15)
        user = User.objects.create_user(
            username=username,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            password=initial_password,
        )
        audit.record(
            actor=actor,
            action="user.create",
            object_type="user",
            object_id=user.pk,
            purpose="administration",
        )
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise Conflict(
            _("This user already holds this role here."),
            field_errors={"role": [_("Already a member with this role.")]},
        )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        actor=actor,
        action="membership.create",
        object_type="membership",
        object_id=membership.pk,
        purpose="administration",
        data={"user": user.pk, "organisation": organisation.code, "role": role},
    )
    return NewMember(membership=membership, initial_password=initial_password)


@transaction.atomic
def member_remove(*, actor: Actor, membership: Membership) -> None:
    if not access.can_manage_organisation(actor, membership.organisation):
        raise PermissionDenied(_("You may not manage the members of this organisation."))
    if membership.user_id == actor.user.pk and membership.role == Role.ADMIN:
        raise Conflict(_("You cannot remove your own administrator role."))
    data = {
        "user": membership.user_id,
        "organisation": membership.organisation.code,
        "role": membership.role,
    }
    membership_id = membership.pk
    membership.delete()
    audit.record(
        actor=actor,
        action="membership.delete",
        object_type="membership",
        object_id=membership_id,
        purpose="administration",
        data=data,
    )


@transaction.atomic
def user_reset_password(*, actor: Actor, user: User) -> str:
    """Gives the user a new one-time password; their open sessions end."""
    if not access.can_manage_user(actor, user):
        raise PermissionDenied(_("You may not reset this person's sign-in."))
    password = secrets.token_urlsafe(15)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="user.reset_password",
        object_type="user",
        object_id=user.pk,
        purpose="administration",
    )
    return password


@transaction.atomic
def user_reset_two_factor(*, actor: Actor, user: User) -> None:
    """Removes the user's authenticators; they enrol a new one at next sign-in."""
    if not access.can_manage_user(actor, user):
        raise PermissionDenied(_("You may not reset this person's sign-in."))
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        actor=actor,
        action="user.reset_two_factor",
        object_type="user",
        object_id=user.pk,
        purpose="administration",
        data={"devices_removed": removed},
    )


# --- API tokens ---------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


@transaction.atomic
def token_create(
    *,
    actor: Actor,
    name: str,
    expires_in_days: int,
    membership_id: int | None = None,
    now: datetime | None = None,
) -> NewToken:
    now = now or timezone.now()
    if not access.can_use_api(actor):
        raise PermissionDenied(_("Only members of an organisation can have API tokens."))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the token a name, such as the system that will use it.")]
    if not 1 <= expires_in_days <= settings.INTEGRA_TOKEN_MAX_DAYS:
        errors["expires_in_days"] = [
            _("Choose between 1 and %(max)d days.") % {"max": settings.INTEGRA_TOKEN_MAX_DAYS}
        ]
    membership = None
    if membership_id is not None:
        membership = Membership.objects.filter(pk=membership_id, user=actor.user).first()
        if membership is None:
            errors["membership_id"] = [_("Choose one of your own memberships.")]
    if errors:
        raise ValidationFailed(_("The token has errors."), field_errors=errors)
    minted = tokens.mint()
    token = ApiToken.objects.create(
        user=actor.user,
        membership=membership,
        name=name.strip(),
        prefix=minted.prefix,
        digest=minted.digest,
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days),
    )
    audit.record(
        actor=actor,
        action="token.create",
        object_type="token",
        object_id=minted.prefix,
        purpose="api access",
        data={"name": token.name, "expires_at": token.expires_at.isoformat()},
        now=now,
    )
    return NewToken(token=token, secret=minted.secret)


@transaction.atomic
def token_revoke(*, actor: Actor, prefix: str, now: datetime | None = None) -> ApiToken:
    now = now or timezone.now()
    token = ApiToken.objects.select_for_update().filter(prefix=prefix, user=actor.user).first()
    if token is None:
        raise NotFound(_("There is no such token."))
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="token.revoke",
            object_type="token",
            object_id=prefix,
            purpose="api access",
            now=now,
        )
    return token


# --- Break-glass ----------------------------------------------------------------------


@transaction.atomic
def break_glass_open(
    *,
    actor: Actor,
    record_type: str,
    record_id: str,
    reason: str,
    now: datetime | None = None,
) -> BreakGlassGrant:
    now = now or timezone.now()
    if not access.can_break_glass(actor, record_type):
        raise PermissionDenied(_("Your role cannot open records outside its scope."))
    errors: dict[str, list[str]] = {}
    if record_type not in access.BREAK_GLASS_RECORD_TYPES:
        errors["record_type"] = [_("This kind of record cannot be opened this way.")]
    if len(reason.strip()) < 15:
        errors["reason"] = [_("Explain in a full sentence why you need this record.")]
    if errors:
        raise ValidationFailed(_("Break-glass access needs a reason."), field_errors=errors)
    if not records.exists(record_type, record_id):
        raise NotFound(_("There is no such record."))
    grant = BreakGlassGrant.objects.create(
        user=actor.user,
        organisation_id=actor.organisation_id,
        record_type=record_type,
        record_id=record_id,
        reason=reason.strip(),
        opened_at=now,
        expires_at=now + timedelta(hours=settings.INTEGRA_BREAK_GLASS_HOURS),
    )
    audit.record(
        actor=actor,
        action="break_glass.open",
        object_type=record_type,
        object_id=record_id,
        purpose=reason.strip()[:200],
        break_glass=True,
        data={"expires_at": grant.expires_at.isoformat()},
        now=now,
    )
    return grant


# --- Sign-in and two-factor ----------------------------------------------------------------


@transaction.atomic
def login_record(*, user: User, method: str) -> None:
    actor = access.actor_for(user)
    audit.record(
        actor=actor,
        action="auth.login",
        object_type="user",
        object_id=user.pk,
        purpose="sign-in",
        data={"method": method},
    )


@transaction.atomic
def logout_record(*, user: User) -> None:
    actor = access.actor_for(user)
    audit.record(
        actor=actor, action="auth.logout", object_type="user", object_id=user.pk, purpose="sign-in"
    )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """Returns the user's unconfirmed authenticator, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> None:
    if device.user_id != user.pk:
        raise PermissionDenied(_("This authenticator belongs to someone else."))
    if not device.verify_token(code.strip()):
        raise ValidationFailed(
            _("That code is not right. Check the time on your phone and try again."),
            field_errors={"code": [_("Wrong or expired code.")]},
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(
        actor=access.actor_for(user),
        action="auth.totp_enrol",
        object_type="user",
        object_id=user.pk,
        purpose="sign-in",
    )


def password_change_record(*, user: User) -> None:
    audit.record(
        actor=access.actor_for(user),
        action="auth.password_change",
        object_type="user",
        object_id=user.pk,
        purpose="sign-in",
    )


@transaction.atomic
def todo_done(*, actor: Actor, todo: Todo, now: datetime | None = None) -> Todo:
    now = now or timezone.now()
    if todo.organisation_id not in access.todo_scope(actor):
        raise PermissionDenied(_("This to-do belongs to another organisation."))
    if todo.done_at is not None:
        raise Conflict(_("This to-do is already done."))
    todo.done_at = now
    todo.done_by = actor.user
    todo.save(update_fields=["done_at", "done_by"])
    audit.record(
        actor=actor,
        action="todo.done",
        object_type=todo.record_type,
        object_id=todo.record_id,
        purpose="case management",
        data={"todo": todo.pk, "kind": todo.kind},
        now=now,
    )
    return todo


# --- Notifications -------------------------------------------------------------------

# How notification e-mails leave: the background task's enqueue, set when the
# app starts (the tasks module sits above this one).
EMAILER: list[Callable[[list[int]], object]] = []


# Notifications whose e-mail failed are retried daily for this many days.
RETRY_DAYS = 7


def use_emailer(send: Callable[[list[int]], object]) -> None:
    EMAILER[:] = [send]


def notify(
    *,
    users: Iterable[User],
    kind: str,
    params: dict[str, object],
    record_type: str,
    record_id: str,
    now: datetime | None = None,
) -> list[Notification]:
    """Puts a message in each user's inbox and, once the change that caused it has
    been committed, e-mails it to those who have an address (a background task, so a
    mail server that is down never holds up or undoes the change)."""
    now = now or timezone.now()
    created = Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            params=params,
            record_type=record_type,
            record_id=record_id,
            created_at=now,
        )
        for user in {user.pk: user for user in users if user.is_active}.values()
    )
    wanted = [n.pk for n in created if n.user.email]
    if wanted and EMAILER:
        send = EMAILER[0]
        transaction.on_commit(lambda: send(wanted))
    return created


def notification_emails_send(*, ids: list[int] | None, now: datetime | None = None) -> int:
    """E-mails the notifications not yet e-mailed (the given ones, or every one of
    the last week when ``ids`` is None: the daily retry), each in its reader's
    language; how many were sent. A failed send is logged and left for the retry."""
    now = now or timezone.now()
    sent = 0
    pending = Notification.objects.filter(emailed_at__isnull=True, user__email__gt="")
    if ids is None:
        pending = pending.filter(created_at__gte=now - timedelta(days=RETRY_DAYS))
    else:
        pending = pending.filter(pk__in=ids)
    for notification in pending.select_related("user").order_by("pk"):
        user = notification.user
        if not user.email or not user.is_active:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            text = todo_texts.text(notification.kind, notification.params)
            link = records.url(notification.record_type, notification.record_id)
            body = "\n\n".join(
                part
                for part in (
                    text,
                    f"{settings.INTEGRA_BASE_URL}{link}" if link else "",
                    _("You receive this because you work with Integra. Sign in to read more."),
                )
                if part
            )
            try:
                send_mail(
                    subject=f"Integra: {text}"[:150],
                    message=body,
                    from_email=None,
                    recipient_list=[user.email],
                )
            except (OSError, smtplib.SMTPException):
                logger.warning("Notification %s not e-mailed; retried daily", notification.pk)
                continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=now)
        sent += 1
    return sent


@transaction.atomic
def notifications_read(
    *, actor: Actor, ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Marks the actor's own notifications read: the given ones, or all; how many."""
    now = now or timezone.now()
    unread = Notification.objects.filter(user=actor.user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=now)
