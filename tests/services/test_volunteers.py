"""Volunteers (R12): profiles and vetting, matching to a measure, hours logged."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Notification
from integra.core.roles import Role
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.models import Measure, Plan, Programme
from integra.plans.services import plans as plan_services
from integra.plans.services import programmes
from integra.services import matching, selectors
from integra.services.models import Volunteer
from integra.services.services import volunteers
from tests.conftest import make_user

NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
TODAY = NOW.date()


@pytest.fixture
def keeper(people):
    """The NGO's partner agent keeps its volunteers."""
    return access.actor_for(people["partner"])


@pytest.fixture
def person(caseworker) -> Person:
    person = people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Amina", family_name="Haddad", locality="Chișinău"
        ),
        now=NOW,
    )
    people_services.status_record(
        actor=caseworker,
        person=person,
        category="international_protection",
        valid_from=date(2025, 6, 1),
        now=NOW,
    )
    people_services.language_set(actor=caseworker, person=person, code="ar", declared_level="C2")
    return person


@pytest.fixture
def plan(caseworker, person, people) -> Plan:
    coordinator = access.actor_for(people["coordinator"])
    programme: Programme = programmes.programme_save(
        actor=coordinator,
        data=programmes.ProgrammeData(
            code="md",
            country="MD",
            name="Integration programme",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("language", "community"),
            eligible_statuses=("international_protection",),
        ),
        now=NOW,
    )
    return plan_services.plan_create(
        actor=caseworker, person=person, programme=programme, starts_on=TODAY, now=NOW
    )


@pytest.fixture
def tutoring(caseworker, plan) -> Measure:
    return plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="language",
            kind="language_tutoring",
            title="Conversation practice",
            due_on=TODAY + timedelta(days=60),
        ),
        now=NOW,
    )


def volunteer(keeper, orgs, name="Elena", *, languages=("ro", "ar"), locality="Chișinău", **kw):
    data = volunteers.VolunteerData(
        given_name=name,
        family_name="Popa",
        email="elena@example.org",
        languages=languages,
        skills=kw.pop("skills", ("language_tutoring",)),
        locality=locality,
        max_matches=kw.pop("max_matches", 2),
    )
    saved = volunteers.volunteer_save(actor=keeper, organisation=orgs["ngo"], data=data, now=NOW)
    if kw.pop("cleared", True):
        volunteers.volunteer_vet(
            actor=keeper,
            volunteer=saved,
            outcome="cleared",
            on=TODAY - timedelta(days=10),
            expires_on=kw.pop("expires_on", TODAY + timedelta(days=365)),
            now=NOW,
        )
    return saved


def test_profile_is_checked(keeper, orgs):
    with pytest.raises(ValidationFailed) as refused:
        volunteers.volunteer_save(
            actor=keeper,
            organisation=orgs["ngo"],
            data=volunteers.VolunteerData(
                given_name=" ", email="nope", languages=("xx",), skills=("juggling",)
            ),
        )
    assert set(refused.value.field_errors) == {"given_name", "email", "languages", "skills"}
    assert not Volunteer.objects.exists()


def test_only_the_organisations_staff_keep_its_volunteers(orgs, people):
    for persona in ("caseworker", "teacher", "inspector"):
        with pytest.raises(PermissionDenied):
            volunteers.volunteer_save(
                actor=access.actor_for(people[persona]),
                organisation=orgs["ngo"],
                data=volunteers.VolunteerData(given_name="X", skills=("mentoring",)),
            )


def test_matching_moves_the_measure_and_tells_the_organisation(
    caseworker, keeper, orgs, person, tutoring, people
):
    elena = volunteer(keeper, orgs)
    match = volunteers.match_create(
        actor=caseworker,
        person=person,
        measure_id=tutoring.pk,
        volunteer_id=elena.public_id,
        now=NOW,
    )
    assert match.skill == "language_tutoring"
    tutoring.refresh_from_db()
    assert tutoring.status == "in_progress"
    assert Notification.objects.get(user=people["partner"]).kind == "volunteer.matched"
    assert AuditEntry.objects.filter(action="volunteer.match", object_id=person.public_id).exists()


@pytest.mark.parametrize(
    ("setup", "field"),
    [
        ({"cleared": False}, "volunteer"),
        ({"expires_on": TODAY - timedelta(days=1)}, "volunteer"),
        ({"skills": ("mentoring",)}, "volunteer"),
    ],
    ids=["not vetted", "vetting expired", "wrong kind of help"],
)
def test_who_cannot_be_matched(caseworker, keeper, orgs, person, tutoring, setup, field):
    elena = volunteer(keeper, orgs, **setup)
    with pytest.raises(ValidationFailed) as refused:
        volunteers.match_create(
            actor=caseworker,
            person=person,
            measure_id=tutoring.pk,
            volunteer_id=elena.public_id,
            now=NOW,
        )
    assert field in refused.value.field_errors
    tutoring.refresh_from_db()
    assert tutoring.status == "planned"


def test_a_full_volunteer_takes_no_one_more(caseworker, keeper, orgs, person, tutoring, plan):
    elena = volunteer(keeper, orgs, max_matches=1)
    volunteers.match_create(
        actor=caseworker, person=person, measure_id=tutoring.pk, volunteer_id=elena.public_id
    )
    other = plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="language",
            kind="language_tutoring",
            title="More practice",
            due_on=TODAY + timedelta(days=90),
        ),
    )
    with pytest.raises(ValidationFailed) as refused:
        volunteers.match_create(
            actor=caseworker, person=person, measure_id=other.pk, volunteer_id=elena.public_id
        )
    assert "as many people" in refused.value.field_errors["volunteer"][0]


def test_one_volunteer_once_per_measure(caseworker, keeper, orgs, person, tutoring):
    elena = volunteer(keeper, orgs)
    volunteers.match_create(
        actor=caseworker, person=person, measure_id=tutoring.pk, volunteer_id=elena.public_id
    )
    with pytest.raises(Conflict):
        volunteers.match_create(
            actor=caseworker, person=person, measure_id=tutoring.pk, volunteer_id=elena.public_id
        )


def test_only_the_persons_caseworkers_match(keeper, orgs, person, tutoring, people):
    elena = volunteer(keeper, orgs)
    for actor in (keeper, access.actor_for(make_user("cw_b", orgs["b"], Role.CASEWORKER))):
        with pytest.raises(PermissionDenied):
            volunteers.match_create(
                actor=actor, person=person, measure_id=tutoring.pk, volunteer_id=elena.public_id
            )


def test_hours_are_logged_within_the_match(caseworker, keeper, orgs, person, tutoring):
    elena = volunteer(keeper, orgs)
    match = volunteers.match_create(
        actor=caseworker,
        person=person,
        measure_id=tutoring.pk,
        volunteer_id=elena.public_id,
        now=NOW,
    )
    later = NOW + timedelta(days=7)
    volunteers.hours_log(
        actor=keeper, match=match, day=TODAY + timedelta(days=2), hours="1.5", now=later
    )
    volunteers.hours_log(
        actor=caseworker, match=match, day=TODAY + timedelta(days=5), hours=2, now=later
    )
    for day, hours in (
        (TODAY - timedelta(days=1), 1),
        (TODAY + timedelta(days=30), 1),
        (TODAY, 0),
        (TODAY, 25),
        (TODAY, "abc"),
    ):
        with pytest.raises(ValidationFailed):
            volunteers.hours_log(actor=keeper, match=match, day=day, hours=hours, now=later)
    totals = selectors.volunteer_matches(actor=keeper, volunteer=elena)
    assert totals.get().total_hours == Decimal("3.5")
    volunteers.match_end(actor=keeper, match=match, on=TODAY + timedelta(days=6), now=later)
    with pytest.raises(ValidationFailed):
        volunteers.hours_log(
            actor=keeper, match=match, day=TODAY + timedelta(days=7), hours=1, now=later
        )
    with pytest.raises(Conflict):
        volunteers.match_end(actor=keeper, match=match, on=TODAY + timedelta(days=6), now=later)


def test_suggestions_rank_shared_language_and_place(caseworker, keeper, orgs, person, tutoring):
    volunteer(keeper, orgs, "Far", languages=("ro", "ar"), locality="Bălți")
    volunteer(keeper, orgs, "Near", languages=("ro", "ar"), locality="Chișinău")
    volunteer(keeper, orgs, "NoArabic", languages=("ro",), locality="Chișinău")
    volunteer(keeper, orgs, "NoRomanian", languages=("ar",), locality="Chișinău")
    volunteer(keeper, orgs, "Unvetted", cleared=False)
    found = selectors.match_suggestions(
        actor=caseworker, person=person, measure_id=tutoring.pk, today=TODAY
    )
    assert [s.volunteer.given_name for s in found] == ["Near", "Far", "NoArabic"]
    assert found[0].shared_languages == ("ar",)


def test_the_ranking_itself():
    need = matching.Need("mentoring", frozenset({"uk"}), "Brno")
    offers = [
        matching.Offer("a", frozenset({"mentoring"}), frozenset({"cs"}), "Brno", 0, 2),
        matching.Offer("b", frozenset({"mentoring"}), frozenset({"uk"}), "Praha", 1, 2),
        matching.Offer("c", frozenset({"mentoring"}), frozenset({"uk"}), "brno ", 1, 1),
        matching.Offer("d", frozenset({"homework"}), frozenset({"uk"}), "Brno", 0, 2),
    ]
    # A shared language outweighs the same town; c is full, d gives other help.
    assert [m.key for m in matching.rank(need, offers)] == ["b", "a"]


def test_contact_details_stay_with_the_organisation(caseworker, keeper, orgs):
    elena = volunteer(keeper, orgs)
    assert selectors.sees_contact(actor=keeper, volunteer=elena)
    assert not selectors.sees_contact(actor=caseworker, volunteer=elena)
    with pytest.raises(PermissionDenied):
        selectors.volunteer_matches(actor=caseworker, volunteer=elena)


def test_who_sees_volunteers(people, keeper, orgs):
    elena = volunteer(keeper, orgs)
    for persona in ("caseworker", "partner", "coordinator"):
        actor = access.actor_for(people[persona])
        assert selectors.volunteer_get(actor=actor, public_id=elena.public_id) == elena
    for persona in ("analyst", "inspector", "migrant", "teacher"):
        with pytest.raises(NotFound):
            selectors.volunteer_get(
                actor=access.actor_for(people[persona]), public_id=elena.public_id
            )


def test_not_a_number_of_hours_is_refused(caseworker, keeper, orgs, person, tutoring):
    elena = volunteer(keeper, orgs)
    match = volunteers.match_create(
        actor=caseworker, person=person, measure_id=tutoring.pk, volunteer_id=elena.public_id
    )
    for hours in ("NaN", float("nan"), "Infinity"):
        with pytest.raises(ValidationFailed):
            volunteers.hours_log(actor=keeper, match=match, day=timezone.localdate(), hours=hours)
