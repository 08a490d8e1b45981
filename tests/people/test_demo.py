"""The demo registry: some 3,000 people in 1,200 households, loaded once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from integra.core import demo as core_demo
from integra.people import demo, names, reference, services
from integra.people.models import (
    Citizenship,
    Document,
    Household,
    HouseholdMember,
    Language,
    LegalStatus,
    Person,
    Qualification,
    Responsibility,
    WorkExperience,
    document_key,
)


@pytest.fixture
def message(db) -> str:
    core_demo.load()  # the organisations
    return demo.load()


def test_about_3000_people_in_about_1200_households(message):
    people, households = Person.objects.count(), Household.objects.count()
    assert demo.TARGET <= people < demo.TARGET + 6
    assert 1100 <= households <= 1300
    assert message.startswith(f"Registry: {people:,} people in {households:,} households")
    countries = Counter(Citizenship.objects.values_list("country", flat=True))
    assert countries.most_common(1)[0][0] == "UA"
    assert {"SY", "AF", "TJ", "UZ", "RU", "TR", "IQ", "NG"} <= set(countries)
    assert 0.01 < Person.objects.filter(stateless=True).count() / people < 0.06
    assert not Person.objects.filter(stateless=True, citizenships__isnull=False).exists()


def test_everyone_is_in_a_centres_care_and_findable(message):
    assert not Person.objects.filter(responsibilities__isnull=True).exists()
    centres = set(Responsibility.objects.values_list("organisation__kind", flat=True).distinct())
    assert centres == {"integration_centre"}
    for person in Person.objects.all():
        assert person.identity_key
        assert person.identity_key == names.identity_key(
            person.given_name_latin, person.family_name_latin
        )
    assert Person.objects.filter(family_name__regex=r"[\u0600-\u06ff]").exists()  # Arabic
    assert Person.objects.filter(family_name__regex=r"[\u0400-\u04ff]").exists()  # Cyrillic
    assert not Person.objects.filter(name_keys__isnull=True).exists()


def test_households_are_families_around_one_head(message):
    heads = Household.objects.annotate(
        n=Count("members", filter=Q(members__relationship="head", members__left_on__isnull=True)),
        size=Count("members"),
    )
    assert set(heads.values_list("n", flat=True)) == {1}
    assert set(heads.values_list("size", flat=True)) <= set(range(1, 7))
    assert not Person.objects.filter(household_memberships__isnull=True).exists()
    head_of = {
        m.household_id: m.person
        for m in HouseholdMember.objects.filter(relationship="head").select_related("person")
    }
    for member in HouseholdMember.objects.exclude(relationship="head").select_related("person"):
        head, person = head_of[member.household_id], member.person
        if member.relationship == "spouse":
            assert {head.sex, person.sex} == {"female", "male"}
        if member.relationship == "child":  # born when the head was old enough
            assert person.birth_date >= head.birth_date + timedelta(days=14 * 365)
        assert member.joined_on >= person.birth_date


def test_statuses_documents_and_skills_fit(message):
    today = timezone.localdate()
    ukrainians = LegalStatus.objects.filter(person__citizenships__country="UA")
    assert ukrainians.filter(category="temporary_protection").count() > ukrainians.count() / 2
    afghans = set(
        LegalStatus.objects.filter(person__citizenships__country="AF").values_list(
            "category", flat=True
        )
    )
    assert {"asylum_seeker", "international_protection"} <= afghans
    assert not LegalStatus.objects.filter(valid_from__lt=F("person__birth_date")).exists()

    keys = list(Document.objects.values_list("kind", "issuing_country", "number", "number_key"))
    assert all(key == document_key(number) for _, _, number, key in keys)
    assert len({(kind, country, key) for kind, country, _, key in keys}) == len(keys)
    soon = Document.objects.filter(
        kind="residence_permit", valid_until__gte=today, valid_until__lte=today + timedelta(60)
    )
    assert soon.exists()
    assert services.document_expiry_todos_create(days=60) > 0

    assert all(
        reference.isco_valid(code)
        for code in WorkExperience.objects.values_list("occupation", flat=True)
    )
    codes = set(Language.objects.values_list("code", flat=True))
    assert all(services.language_code(code) == code for code in codes)
    assert Qualification.objects.exclude(recognition="not_requested").exists()


def test_loading_again_adds_nothing(message):
    counts = (Person.objects.count(), Household.objects.count(), Document.objects.count())
    again = demo.load()
    assert "already loaded" in again
    assert (Person.objects.count(), Household.objects.count(), Document.objects.count()) == counts
