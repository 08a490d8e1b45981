"""What a migrant reads about themselves, and what caseworkers read of the portal.

Every read starts from the actor's own account (``own_account``): a migrant never
names another person's record, except a household member the policy lets them
see, and that is checked here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core import access, audit
from integra.core.access import Actor
from integra.core.errors import NotFound, PermissionDenied
from integra.core.models import User
from integra.courses import selectors as courses
from integra.people import selectors as people
from integra.plans import selectors as plans
from integra.portal.models import Account, Appointment, Message
from integra.services import selectors as referrals

if TYPE_CHECKING:
    from integra.people.models import Person

ADULT_AGE = 18


def account_of_user(*, user: User) -> Account | None:
    """The active portal account of a signed-in user, if they are a migrant."""
    if not user.is_authenticated or not user.portal_only:
        return None
    return (
        Account.objects.select_related("person", "user")
        .filter(user=user, disabled_at__isnull=True)
        .first()
    )


def own_account(*, actor: Actor) -> Account:
    """The actor's own account; anyone else is refused."""
    account = account_of_user(user=actor.user)
    if account is None or not access.can_see_own(actor, account_user_id=account.user_id):
        raise PermissionDenied(_("These pages are for migrants with a portal account."))
    return account


def _audit(
    actor: Actor, account: Account, action: str, data: dict[str, object] | None = None
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="person",
        object_id=account.person.public_id,
        purpose="portal",
        data=data,
    )


def _age(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    years = today.year - birth_date.year
    return years - ((today.month, today.day) < (birth_date.month, birth_date.day))


# --- The household -------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    person: Person
    relationship: str
    relationship_label: str
    visible: bool


def household(*, account: Account, today: date | None = None) -> list[Member]:
    """The other members of the person's household, and which of them they may open."""
    today = today or timezone.localdate()
    members = people.own_household(person=account.person)
    mine = next((m for m in members if m.person_id == account.person_id), None)
    if mine is None:
        return []
    shares = set(
        Account.objects.filter(
            person_id__in=[m.person_id for m in members],
            share_with_household=True,
            disabled_at__isnull=True,
        ).values_list("person_id", flat=True)
    )
    rows = []
    for member in members:
        if member.person_id == account.person_id:
            continue
        age = _age(member.person.birth_date, today)
        visible = access.can_see_household_member(
            viewer_relationship=mine.relationship,
            member_relationship=member.relationship,
            member_is_minor=age is not None and age < ADULT_AGE,
            member_shares=member.person_id in shares,
        )
        rows.append(
            Member(member.person, member.relationship, member.get_relationship_display(), visible)
        )
    return rows


def household_member(*, actor: Actor, public_id: str) -> Person:
    """A household member the migrant may see; anyone else is not found (the
    answer never tells whether a record exists)."""
    account = own_account(actor=actor)
    for member in household(account=account):
        if member.person.public_id == public_id and member.visible:
            _audit(actor, account, "portal.household.read", {"member": public_id})
            return member.person
    raise NotFound(_("There is no such page."))


# --- My integration --------------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    plan: Any
    measures: list[Any]
    progress: Any


def plan_views(*, person: Person) -> list[PlanView]:
    return [
        PlanView(plan, list(plans.own_measures(plan=plan)), plans.plan_progress(plan=plan))
        for plan in plans.own_plans(person=person)
    ]


def own_plan(*, actor: Actor, person: Person | None = None) -> list[PlanView]:
    account = own_account(actor=actor)
    subject = person or account.person
    _audit(actor, account, "portal.plan.read", {"person": subject.public_id})
    return plan_views(person=subject)


def own_courses(*, actor: Actor, person: Person | None = None) -> list[courses.OwnCourse]:
    account = own_account(actor=actor)
    subject = person or account.person
    _audit(actor, account, "portal.courses.read", {"person": subject.public_id})
    return courses.own_courses(person=subject)


def own_referrals(*, actor: Actor) -> QuerySet[Any]:
    account = own_account(actor=actor)
    _audit(actor, account, "portal.referrals.read")
    return referrals.own_referrals(person=account.person)


def own_appointments(*, actor: Actor, now: datetime | None = None) -> dict[str, list[Appointment]]:
    """The person's appointments: the coming ones, and the last ones."""
    now = now or timezone.now()
    account = own_account(actor=actor)
    rows = Appointment.objects.select_related("organisation").filter(person=account.person)
    return {
        "coming": list(rows.filter(starts_at__gte=now - timedelta(hours=1)).order_by("starts_at")),
        "past": list(
            rows.filter(starts_at__lt=now - timedelta(hours=1)).order_by("-starts_at")[:10]
        ),
    }


@dataclass(frozen=True)
class DocumentRow:
    document: Any
    expires_in_days: int | None

    @property
    def expired(self) -> bool:
        return self.expires_in_days is not None and self.expires_in_days < 0

    @property
    def expiring(self) -> bool:
        return self.expires_in_days is not None and 0 <= self.expires_in_days <= 60


def own_documents(*, actor: Actor, today: date | None = None) -> list[DocumentRow]:
    today = today or timezone.localdate()
    account = own_account(actor=actor)
    _audit(actor, account, "portal.documents.read")
    return [
        DocumentRow(d, (d.valid_until - today).days if d.valid_until else None)
        for d in people.own_documents(person=account.person)
    ]


def own_consents(*, actor: Actor) -> QuerySet[Any]:
    account = own_account(actor=actor)
    return people.consents(person=account.person)


def own_messages(*, actor: Actor) -> QuerySet[Message]:
    account = own_account(actor=actor)
    return (
        Message.objects.select_related("organisation")
        .filter(person=account.person)
        .order_by("-sent_at", "-pk")
    )


def unread_for_person(*, account: Account) -> int:
    return Message.objects.filter(
        person=account.person, from_person=False, read_at__isnull=True
    ).count()


@dataclass(frozen=True)
class Overview:
    account: Account
    plans: list[PlanView]
    next_measures: list[Any]
    courses: list[Any]
    appointments: list[Appointment]
    documents: list[DocumentRow]
    unread: int
    household: list[Member]


def overview(*, actor: Actor, now: datetime | None = None) -> Overview:
    """The portal's first page: what is next for the person."""
    now = now or timezone.now()
    account = own_account(actor=actor)
    _audit(actor, account, "portal.overview.read")
    views = plan_views(person=account.person)
    current = [view for view in views if view.plan.status == "agreed"]
    next_measures = [
        m for view in current for m in view.measures if m.status in ("planned", "in_progress")
    ][:5]
    today = timezone.localdate(now)
    documents = [
        DocumentRow(d, (d.valid_until - today).days if d.valid_until else None)
        for d in people.own_documents(person=account.person)
    ]
    return Overview(
        account=account,
        plans=views,
        next_measures=next_measures,
        courses=[c for c in courses.own_courses(person=account.person, now=now) if c.next_sessions],
        appointments=list(
            Appointment.objects.select_related("organisation")
            .filter(person=account.person, starts_at__gte=now, cancelled_at__isnull=True)
            .order_by("starts_at")[:3]
        ),
        documents=[d for d in documents if d.expired or d.expiring],
        unread=unread_for_person(account=account),
        household=household(account=account, today=today),
    )


def own_copy(*, actor: Actor, now: datetime | None = None) -> dict[str, object]:
    """A copy of everything Integra holds about the person, as plain data
    (GDPR art. 15 and 20): the registry record, plans, courses, referrals,
    appointments and messages."""
    now = now or timezone.now()
    account = own_account(actor=actor)
    person = account.person
    _audit(actor, account, "portal.copy.download")

    def day(value: date | datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "generated_at": now.isoformat(),
        "person": people.own_copy(person=person),
        "plans": [
            {
                "plan": view.plan.public_id,
                "programme": view.plan.programme.name,
                "status": view.plan.status,
                "starts_on": day(view.plan.starts_on),
                "ends_on": day(view.plan.ends_on),
                "measures": [
                    {
                        "title": m.title,
                        "kind": m.kind,
                        "status": m.status,
                        "due_on": day(m.due_on),
                        "responsible": m.responsible.name,
                    }
                    for m in view.measures
                ],
            }
            for view in plan_views(person=person)
        ],
        "courses": [
            {
                "course": row.enrolment.course.public_id,
                "title": row.enrolment.course.title,
                "status": row.enrolment.status,
                "present": row.rate.present,
                "absent": row.rate.absent,
                "excused": row.rate.excused,
                "result": _result(row.enrolment),
            }
            for row in courses.own_courses(person=person, now=now)
        ],
        "referrals": [
            {
                "referral": r.public_id,
                "service": r.service.name,
                "to": r.to_organisation.name,
                "status": r.status,
                "sent_at": day(r.sent_at),
            }
            for r in referrals.own_referrals(person=person)
        ],
        "appointments": [
            {
                "appointment": a.public_id,
                "starts_at": day(a.starts_at),
                "place": a.place,
                "purpose": a.purpose,
                "cancelled_at": day(a.cancelled_at),
            }
            for a in Appointment.objects.filter(person=person).order_by("starts_at")
        ],
        "messages": [
            {
                "sent_at": day(m.sent_at),
                "from": "me" if m.from_person else m.organisation.name,
                "body": m.body,
            }
            for m in Message.objects.select_related("organisation")
            .filter(person=person)
            .order_by("sent_at", "pk")
        ],
    }


def _result(enrolment: Any) -> dict[str, object] | None:
    result = getattr(enrolment, "result", None)
    if result is None:
        return None
    certificate = getattr(result, "certificate", None)
    return {
        "taken_on": result.taken_on.isoformat(),
        "total": str(result.total),
        "level": result.level,
        "passed": result.passed,
        "certificate": certificate.code if certificate else None,
    }


# --- The caseworkers' side ---------------------------------------------------------------


@dataclass(frozen=True)
class PortalStatus:
    person: Person
    account: Account | None
    can_invite: bool
    can_message: bool
    messages: list[Message]
    appointments: list[Appointment]


def person_portal(*, actor: Actor, public_id: str) -> PortalStatus:
    """The portal as the caseworker sees it for one person: the account, the
    conversation, the appointments. Reading the person is audited there."""
    person = people.person_get(actor=actor, public_id=public_id)
    responsible = people.responsible_ids(person=person)
    return PortalStatus(
        person=person,
        account=Account.objects.filter(person=person).first(),
        can_invite=access.can_invite_to_portal(actor, responsible=responsible),
        can_message=access.can_message(actor, responsible=responsible),
        messages=list(
            Message.objects.select_related("author", "organisation")
            .filter(person=person)
            .order_by("-sent_at", "-pk")[:50]
        ),
        appointments=list(
            Appointment.objects.select_related("organisation")
            .filter(person=person)
            .order_by("-starts_at")[:20]
        ),
    )


@dataclass(frozen=True)
class Conversation:
    person: Person
    last_at: datetime
    unread: int


def staff_inbox(*, actor: Actor) -> list[Conversation]:
    """The conversations with the people whose cases the actor works on, those
    with unread messages from the person first."""
    scope = access.todo_scope(actor)
    if not scope:
        raise PermissionDenied(_("Messages with migrants are for their caseworkers."))
    held = people.held_by(organisations=scope)
    rows: dict[int, Conversation] = {}
    messages = (
        Message.objects.select_related("person")
        .filter(person__in=held)
        .order_by("-sent_at", "-pk")[:500]
    )
    for message in messages:
        current = rows.get(message.person_id)
        unread = int(message.from_person and message.read_at is None)
        if current is None:
            rows[message.person_id] = Conversation(message.person, message.sent_at, unread)
        elif unread:
            rows[message.person_id] = Conversation(
                current.person, current.last_at, current.unread + 1
            )
    return sorted(rows.values(), key=lambda c: (c.unread == 0, -c.last_at.timestamp()))


def appointment_for_staff(*, actor: Actor, public_id: str) -> Appointment:
    found = Appointment.objects.select_related("person").filter(public_id=public_id).first()
    if found is None:
        raise NotFound(_("There is no such appointment."))
    responsible = people.responsible_ids(person=found.person)
    if not access.can_set_appointments(actor, responsible=responsible):
        raise NotFound(_("There is no such appointment."))
    return found


def person_for_staff(*, actor: Actor, public_id: str) -> Person:
    return people.person_get(actor=actor, public_id=public_id)


def conversation_exists(public_id: str) -> bool:
    return Message.objects.filter(person__public_id=public_id).exists()
