"""The good practices library's services and search (issue 7, R28): drafting,
changing, publishing and withdrawing a practice, who may do which, what each
one sees, and search in any script."""

from __future__ import annotations

from dataclasses import replace

import pytest

from integra.core import access
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, User
from integra.monitoring.models import Practice, PracticeStatus
from integra.monitoring.selectors import practices as selectors
from integra.monitoring.services import practices as services

GDANSK = services.PracticeData(
    title="Gdańsk Immigrant Integration Model",
    country="pl",
    area="community",
    summary="A city-wide integration policy written with migrants.",
    description="Eight thematic teams wrote the model together.\r\n\r\nAdopted in 2016.",
    evidence="Taken up by other cities.",
    contact_name="  City   of Gdańsk ",
    contact_email="integration@gdansk.example.org",
)
RUSSIAN = services.PracticeData(
    title="Предвыездная ориентация трудовых мигрантов",
    country="KG",
    area="employment",
    summary="Курсы для тех, кто собирается работать за рубежом.",
    description="Права работника, трудовой договор, легализация.",
)


def _actor(user: User) -> access.Actor:
    return access.actor_for(user)


def _published(people: dict[str, User], data: services.PracticeData) -> Practice:
    coordinator = _actor(people["coordinator"])
    practice = services.practice_create(actor=coordinator, data=data)
    return services.practice_publish(actor=coordinator, practice=practice)


def _errors(excinfo: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, list[str]]:
    return dict(excinfo.value.field_errors)


# --- Writing -------------------------------------------------------------------------------


def test_a_caseworker_drafts_a_practice_for_their_organisation(people, orgs):
    practice = services.practice_create(actor=_actor(people["caseworker"]), data=GDANSK)

    assert practice.status == PracticeStatus.DRAFT
    assert practice.organisation == orgs["a"]
    assert practice.public_id.startswith("E-")
    assert practice.country == "PL"
    assert practice.contact_name == "City of Gdańsk"
    assert (
        practice.description == "Eight thematic teams wrote the model together.\n\nAdopted in 2016."
    )
    assert practice.published_at is None
    assert "gdansk immigrant integration model" in practice.search_text
    entry = AuditEntry.objects.get(action="practice.create")
    assert entry.object_id == practice.public_id
    assert entry.data["country"] == "PL"


@pytest.mark.parametrize(
    "persona", ["partner", "teacher", "inspector", "dpo", "migrant", "stranger"]
)
def test_it_refuses_a_draft_from_who_does_not_write_practices(people, persona):
    with pytest.raises(PermissionDenied):
        services.practice_create(actor=_actor(people[persona]), data=GDANSK)
    assert not Practice.objects.exists()
    assert not AuditEntry.objects.filter(action="practice.create").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "   "),
        ("title", "x" * 201),
        ("country", ""),
        ("country", "XX"),
        ("country", "POL"),
        ("area", ""),
        ("area", "weather"),
        ("summary", ""),
        ("summary", "x" * 501),
        ("description", ""),
        ("description", "Read <script>alert(1)</script>"),
        ("contact_email", "not an address"),
        ("contact_email", "a@b"),
        ("contact_name", "tab\x01"),
    ],
)
def test_it_refuses_bad_input_with_a_message_beside_the_field(people, field, value):
    with pytest.raises(ValidationFailed) as excinfo:
        services.practice_create(
            actor=_actor(people["caseworker"]), data=replace(GDANSK, **{field: value})
        )
    assert list(_errors(excinfo)) == [field]
    assert not Practice.objects.exists()


def test_it_names_every_missing_field_at_once(people):
    empty = services.PracticeData(title="", country="", area="", summary="", description="")
    with pytest.raises(ValidationFailed) as excinfo:
        services.practice_create(actor=_actor(people["caseworker"]), data=empty)
    assert set(_errors(excinfo)) == {"title", "country", "area", "summary", "description"}


def test_a_keeper_changes_a_draft_and_the_search_text_follows(people):
    caseworker = _actor(people["caseworker"])
    practice = services.practice_create(actor=caseworker, data=GDANSK)

    changed = services.practice_update(
        actor=caseworker, practice=practice, data=replace(GDANSK, title="Gdynia's model")
    )

    assert changed.title == "Gdynia's model"
    assert "gdynias model" in changed.search_text
    entry = AuditEntry.objects.get(action="practice.update")
    assert entry.data["fields"] == ["title"]


def test_the_coordinator_changes_any_organisation_s_practice(people):
    practice = services.practice_create(actor=_actor(people["caseworker"]), data=GDANSK)
    services.practice_update(
        actor=_actor(people["coordinator"]), practice=practice, data=replace(GDANSK, area="housing")
    )
    assert Practice.objects.get().area == "housing"


@pytest.mark.parametrize("persona", ["admin_b", "analyst", "national_admin", "partner"])
def test_another_organisation_may_not_change_a_practice(people, persona):
    practice = services.practice_create(actor=_actor(people["caseworker"]), data=GDANSK)
    with pytest.raises(PermissionDenied):
        services.practice_update(
            actor=_actor(people[persona]), practice=practice, data=replace(GDANSK, title="Mine")
        )
    assert Practice.objects.get().title == GDANSK.title


def test_the_coordinator_publishes_and_withdraws_with_a_reason_kept_in_the_audit(people):
    coordinator = _actor(people["coordinator"])
    practice = services.practice_create(actor=_actor(people["caseworker"]), data=GDANSK)

    published = services.practice_publish(actor=coordinator, practice=practice)
    assert published.status == PracticeStatus.PUBLISHED
    assert published.published_at is not None

    withdrawn = services.practice_withdraw(
        actor=coordinator, practice=published, reason="  The model was replaced in 2024. "
    )
    assert withdrawn.status == PracticeStatus.WITHDRAWN
    entry = AuditEntry.objects.get(action="practice.withdraw")
    assert entry.data["reason"] == "The model was replaced in 2024."
    detail = selectors.practice_detail(actor=coordinator, public_id=practice.public_id)
    assert detail.withdrawal_reason == "The model was replaced in 2024."
    assert detail.can_publish
    assert not detail.can_withdraw
    assert not detail.can_edit


def test_a_withdrawal_needs_a_reason(people):
    practice = _published(people, GDANSK)
    with pytest.raises(ValidationFailed) as excinfo:
        services.practice_withdraw(
            actor=_actor(people["coordinator"]), practice=practice, reason=" "
        )
    assert list(_errors(excinfo)) == ["reason"]
    assert Practice.objects.get().status == PracticeStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["caseworker", "admin", "analyst", "national_admin"])
def test_only_the_coordinator_publishes_and_withdraws(people, persona):
    practice = services.practice_create(actor=_actor(people["caseworker"]), data=GDANSK)
    with pytest.raises(PermissionDenied):
        services.practice_publish(actor=_actor(people[persona]), practice=practice)
    published = _published(people, RUSSIAN)
    with pytest.raises(PermissionDenied):
        services.practice_withdraw(actor=_actor(people[persona]), practice=published, reason="No.")
    assert not AuditEntry.objects.filter(action="practice.withdraw").exists()


def test_publishing_twice_and_withdrawing_a_draft_are_conflicts(people):
    coordinator = _actor(people["coordinator"])
    practice = _published(people, GDANSK)
    with pytest.raises(Conflict):
        services.practice_publish(actor=coordinator, practice=practice)
    draft = services.practice_create(actor=coordinator, data=RUSSIAN)
    with pytest.raises(Conflict):
        services.practice_withdraw(actor=coordinator, practice=draft, reason="Why not.")


def test_a_withdrawn_practice_is_kept_as_it_was(people):
    coordinator = _actor(people["coordinator"])
    practice = _published(people, GDANSK)
    services.practice_withdraw(actor=coordinator, practice=practice, reason="Outdated.")
    with pytest.raises(Conflict):
        services.practice_update(
            actor=coordinator, practice=practice, data=replace(GDANSK, title="New")
        )


# --- Who sees what -------------------------------------------------------------------------


def test_drafts_are_seen_only_by_those_who_keep_them(people):
    draft = services.practice_create(actor=_actor(people["caseworker"]), data=GDANSK)
    for persona in ("caseworker", "admin", "coordinator"):
        actor = _actor(people[persona])
        assert selectors.practice_get(actor=actor, public_id=draft.public_id) == draft
        drafts = selectors.practice_list(
            actor=actor, filters=selectors.PracticeFilters(status="draft")
        )
        assert list(drafts) == [draft]
    for persona in ("admin_b", "partner", "analyst", "dpo", "national_admin"):
        actor = _actor(people[persona])
        with pytest.raises(NotFound):
            selectors.practice_get(actor=actor, public_id=draft.public_id)
        assert not selectors.practice_list(actor=actor).exists()
        drafts = selectors.practice_list(
            actor=actor, filters=selectors.PracticeFilters(status="draft")
        )
        assert not drafts.exists()


def test_the_library_is_for_staff_not_for_migrants_accounts(people):
    _published(people, GDANSK)
    for persona in ("migrant", "stranger"):
        with pytest.raises(PermissionDenied):
            selectors.practice_list(actor=_actor(people[persona]))
    assert selectors.practice_list(actor=_actor(people["teacher"])).count() == 1


def test_withdrawn_practices_leave_the_library(people):
    practice = _published(people, GDANSK)
    services.practice_withdraw(
        actor=_actor(people["coordinator"]), practice=practice, reason="Old."
    )
    partner = _actor(people["partner"])
    assert not selectors.practice_list(actor=partner).exists()
    with pytest.raises(NotFound):
        selectors.practice_get(actor=partner, public_id=practice.public_id)


# --- Search --------------------------------------------------------------------------------


def _search(people: dict[str, User], query: str = "", **filters: str) -> list[str]:
    found = selectors.practice_list(
        actor=_actor(people["partner"]), filters=selectors.PracticeFilters(query=query, **filters)
    )
    return [p.title for p in found]


def test_search_key_transliterates_and_lowercases():
    assert selectors.search_key("Gdańsk — ŁÓDŹ!") == "gdansk lodz"
    assert selectors.search_key("Гданьск, Объём") == "gdansk obem"
    assert selectors.search_key("  ") == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("integration model", [GDANSK.title]),
        ("GDANSK", [GDANSK.title]),
        ("Гданьск", [GDANSK.title]),  # Cyrillic finds the Latin text
        ("мигрантов", [RUSSIAN.title]),  # Cyrillic finds the Cyrillic text
        ("migrantov orientatsiya", [RUSSIAN.title]),  # and Latin the Cyrillic
        ("integr", [GDANSK.title]),  # a word's beginning is enough
        ("gdansk мигрантов", []),  # every word must match
        ("nothing-like-it", []),
    ],
)
def test_search_matches_every_word_in_any_script(people, query, expected):
    _published(people, GDANSK)
    _published(people, RUSSIAN)
    assert _search(people, query) == expected


def test_search_filters_by_area_and_country(people):
    _published(people, GDANSK)
    _published(people, RUSSIAN)
    assert _search(people, area="employment") == [RUSSIAN.title]
    assert _search(people, country="pl") == [GDANSK.title]
    assert _search(people, area="employment", country="PL") == []
    assert sorted(_search(people)) == sorted([GDANSK.title, RUSSIAN.title])
