"""Every read of the core, already scoped to what the actor may see."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from integra.core import access, audit, records, tokens
from integra.core import todos as todo_texts
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import (
    ApiToken,
    AuditEntry,
    BreakGlassGrant,
    Membership,
    Notification,
    Organisation,
    Todo,
    User,
    WorkerHeartbeat,
)
from integra.core.roles import Role


def organisation_list(
    *, actor: Actor, query: str = "", kind: str = "", parent_code: str = ""
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.filter(access.organisation_scope(actor))
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(locality__icontains=query)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if parent_code:
        organisations = organisations.filter(parent__code=parent_code)
    return organisations.select_related("parent").order_by("name", "id")


def organisation_get(*, actor: Actor, code: str) -> Organisation:
    organisation = (
        Organisation.objects.filter(access.organisation_scope(actor))
        .select_related("parent")
        .filter(code=code)
        .first()
    )
    if organisation is None:
        raise NotFound(_("There is no such organisation."))
    return organisation


def organisation_children(*, actor: Actor, organisation: Organisation) -> QuerySet[Organisation]:
    return organisation_list(actor=actor, parent_code=organisation.code)


def manageable_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    ids = access.administered_organisation_ids(actor)
    organisations = Organisation.objects.all()
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    return organisations.order_by("name", "id")


def can_manage(*, actor: Actor, organisation: Organisation) -> bool:
    return access.can_manage_organisation(actor, organisation)


def member_list(
    *, actor: Actor, organisation: Organisation, now: datetime | None = None
) -> QuerySet[Membership]:
    """Staff's names and e-mail addresses: readable by administrators over the
    organisation, or through break-glass. Each read is audited."""
    now = now or timezone.now()
    if not access.can_see_members(actor, organisation, now=now):
        raise PermissionDenied(_("You may not see the members of this organisation."))
    through_break_glass = not access.can_manage_organisation(actor, organisation)
    audit.record(
        actor=actor,
        action="organisation.members.read",
        object_type="organisation",
        object_id=organisation.code,
        purpose="administration",
        break_glass=through_break_glass,
        now=now,
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("user__username", "role", "id")
    )


def manageable_user_ids(*, actor: Actor, memberships: Iterable[Membership]) -> set[int]:
    """Which of the listed people the actor may reset the sign-in of."""
    users = {m.user for m in memberships}
    return {user.pk for user in users if access.can_manage_user(actor, user)}


def membership_get(*, actor: Actor, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    )
    if membership is None or not access.can_manage_organisation(actor, membership.organisation):
        raise NotFound(_("There is no such membership."))
    return membership


def user_get_active(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()


def totp_confirmed_device(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def my_memberships(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role", "id")
    )


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(user=actor.user)
        .select_related("membership__organisation")
        .order_by("-created_at", "-id")
    )


def token_authenticate(*, raw: str, now: datetime | None = None) -> ApiToken | None:
    """Finds the live token for a presented secret, or ``None``."""
    prefix = tokens.parse_prefix(raw)
    if prefix is None:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user", "membership")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.digest, tokens.digest(raw)):
        return None
    # Record use at most once a minute so reads stay cheap.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    organisation: str = ""
    since: date | None = None
    until: date | None = None
    break_glass_only: bool = False


def audit_search(*, actor: Actor, filters: AuditFilters) -> QuerySet[AuditEntry]:
    scope = access.audit_scope(actor)
    if scope is None:
        raise PermissionDenied(_("Only data-protection officers may search the audit log."))
    entries = AuditEntry.objects.filter(scope)
    if filters.actor:
        entries = entries.filter(actor_label__icontains=filters.actor)
    if filters.action:
        entries = entries.filter(action__startswith=filters.action)
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.object_id:
        entries = entries.filter(object_id=filters.object_id)
    if filters.organisation:
        entries = entries.filter(organisation__code=filters.organisation)
    if filters.since:
        entries = entries.filter(at__gte=datetime.combine(filters.since, time.min, tzinfo=UTC))
    if filters.until and filters.until < date.max:
        entries = entries.filter(
            at__lt=datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=UTC)
        )
    if filters.break_glass_only:
        entries = entries.filter(break_glass=True)
    return entries.select_related("organisation").order_by("-at", "-id")


def break_glass_list(*, actor: Actor, now: datetime | None = None) -> QuerySet[BreakGlassGrant]:
    """Break-glass grants for the data-protection officer's review."""
    scope = access.audit_scope(actor)
    if scope is None:
        raise PermissionDenied(_("Only data-protection officers may review break-glass access."))
    grants = BreakGlassGrant.objects.all()
    if not actor.is_superuser:
        dpo_orgs = access.subtree_ids(actor.organisations_with(Role.DPO))
        codes = list(Organisation.objects.filter(pk__in=dpo_orgs).values_list("code", flat=True))
        grants = grants.filter(
            Q(organisation_id__in=dpo_orgs) | Q(record_type="organisation", record_id__in=codes)
        )
    return grants.select_related("user", "organisation").order_by("-opened_at", "-id")


def my_recent_activity(*, actor: Actor, limit: int = 10) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=actor.user).order_by("-at", "-id")[:limit])


@dataclass(frozen=True)
class Health:
    database: bool
    workers_alive: int
    tasks_waiting: int

    @property
    def ok(self) -> bool:
        return self.database


def health(*, now: datetime | None = None, stale_seconds: int = 60) -> Health:
    now = now or timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:  # any database failure makes the check red, never a 500
        return Health(database=False, workers_alive=0, tasks_waiting=0)
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - timedelta(seconds=stale_seconds))
    return Health(
        database=database,
        workers_alive=alive.count(),
        tasks_waiting=DBTaskResult.objects.filter(status="READY").count(),
    )


@dataclass(frozen=True)
class TodoView:
    todo: Todo
    text: str
    url: str


def todo_list(*, actor: Actor, include_done: bool = False) -> list[TodoView]:
    """Open to-dos of the actor's organisations, soonest due first, in the reader's
    language."""
    todos = Todo.objects.filter(organisation_id__in=access.todo_scope(actor))
    if not include_done:
        todos = todos.filter(done_at__isnull=True)
    return [
        TodoView(
            todo,
            todo_texts.text(todo.kind, todo.params),
            records.url(todo.record_type, todo.record_id),
        )
        for todo in todos.order_by("due_on", "id")[:200]
    ]


def todo_get(*, actor: Actor, todo_id: int) -> Todo:
    todo = Todo.objects.filter(pk=todo_id, organisation_id__in=access.todo_scope(actor)).first()
    if todo is None:
        raise NotFound(_("There is no such to-do."))
    return todo


def actor_on_command_line(*, username: str, organisation_code: str | None = None) -> Actor:
    """The actor a command-line tool acts as: an active user, acting for the given
    organisation (or their first one)."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(_("There is no active user %(name)s.") % {"name": username})
    memberships = Membership.objects.filter(user=user, organisation__is_active=True)
    if organisation_code:
        memberships = memberships.filter(organisation__code=organisation_code)
    seat = memberships.order_by("organisation_id", "pk").values_list("pk", flat=True).first()
    if seat is None:
        raise NotFound(_("%(name)s does not work for that organisation.") % {"name": username})
    return access.actor_for(user, active_membership_id=seat)


# --- Inbox ---------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationView:
    notification: Notification
    text: str
    url: str


def inbox(*, actor: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's own notifications, newest first (paginate it)."""
    notifications = Notification.objects.filter(user=actor.user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notification_views(notifications: Iterable[Notification]) -> list[NotificationView]:
    """Notifications in the reader's language, with the page of their record."""
    return [
        NotificationView(
            n, todo_texts.text(n.kind, n.params), records.url(n.record_type, n.record_id)
        )
        for n in notifications
    ]


def unread_count(*, actor: Actor) -> int:
    return Notification.objects.filter(user=actor.user, read_at__isnull=True).count()
