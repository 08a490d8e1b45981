"""The demo migrant: a woman of the Chișinău centre's caseload, with an agreed
plan and a course, gets a portal account ("migrant", the demo password; or a
code by e-mail, printed to the console), two messages with her caseworker and
two appointments. Loaded once, after the plans and courses demos."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from integra.core import audit
from integra.core.demo import DEMO_PASSWORD
from integra.core.models import Membership, Organisation, User
from integra.core.roles import Role
from integra.courses.models import Enrolment, EnrolmentStatus
from integra.plans.models import Plan, PlanStatus
from integra.portal.models import Account, Appointment, Message

USERNAME = "migrant"
EMAIL = "migrant@demo.integra.invalid"
CENTRE = "ic-chisinau"


def _pick(centre: Organisation) -> tuple[Plan, Enrolment | None] | None:
    """The first woman of the centre with an agreed plan, preferring one in a course."""
    plans = (
        Plan.objects.select_related("person", "caseworker")
        .filter(
            organisation=centre,
            status=PlanStatus.AGREED,
            person__sex="female",
            person__birth_date__isnull=False,
            person__portal_account__isnull=True,
        )
        .order_by("pk")
    )
    first = None
    for plan in plans[:200]:
        first = first or plan
        enrolment = (
            Enrolment.objects.filter(
                person=plan.person,
                status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED),
            )
            .order_by("pk")
            .first()
        )
        if enrolment is not None:
            return plan, enrolment
    return (first, None) if first else None


def _at(day_offset: int, hour: int, now: datetime) -> datetime:
    day = timezone.localdate(now) + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def load() -> str:
    if Account.objects.filter(user__username=USERNAME).exists():
        return "Portal: the demo migrant is there."
    centre = Organisation.objects.filter(code=CENTRE).first()
    picked = _pick(centre) if centre else None
    if centre is None or picked is None:
        return "Portal: no plan to show a migrant (the plans demo loads them)."
    plan, enrolment = picked
    person = plan.person
    now = timezone.now()
    # The role-only "migrant" user of earlier demos becomes the portal account.
    user = User.objects.filter(username=USERNAME).first() or User(username=USERNAME)
    user.first_name, user.last_name = person.given_name_latin, person.family_name_latin
    user.portal_only = True
    user.preferred_language = "uk"
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.filter(user=user).delete()
    if not person.email:
        person.email = EMAIL
        person.save(update_fields=["email"])
    Account.objects.create(
        user=user,
        person=person,
        invited_by=centre,
        invited_at=now - timedelta(days=20),
        activated_at=now - timedelta(days=19),
    )
    caseworker = plan.caseworker or next(
        (m.user for m in Membership.objects.filter(organisation=centre, role=Role.CASEWORKER)),
        user,
    )
    Message.objects.create(
        person=person,
        organisation=centre,
        from_person=True,
        author=user,
        body="Добрий день! Чи можу я перенести заняття з румунської мови на вечір?",
        sent_at=now - timedelta(days=3, hours=2),
        read_at=now - timedelta(days=3),
    )
    Message.objects.create(
        person=person,
        organisation=centre,
        from_person=False,
        author=caseworker,
        body=(
            "Bună ziua! Da, există o grupă de seară. Vă aștept joi la centru să o discutăm.\n"
            "Добрий день! Так, є вечірня група. Чекаю вас у четвер у центрі."
        ),
        sent_at=now - timedelta(days=3),
    )
    Appointment.objects.create(
        person=person,
        organisation=centre,
        starts_at=_at(3, 10, now),
        minutes=45,
        place="Integration Centre Chișinău, room 4",
        purpose="Review of the integration plan",
        language="uk",
        interpreter=True,
        created_by=caseworker,
        created_at=now - timedelta(days=3),
    )
    Appointment.objects.create(
        person=person,
        organisation=centre,
        starts_at=_at(-14, 14, now),
        minutes=30,
        place="Integration Centre Chișinău, desk 2",
        purpose="Documents for the residence permit",
        language="uk",
        created_by=caseworker,
        created_at=now - timedelta(days=30),
    )
    audit.record(
        actor=None,
        actor_label="integra demo",
        action="demo.portal",
        purpose="demonstration",
        data={"person": person.public_id, "course": bool(enrolment)},
    )
    return (
        f"Portal: {person.name_latin} ({person.public_id}) signs in at /my/ with "
        f"{person.email} and the demo password, or with a code (printed to the console)."
    )
