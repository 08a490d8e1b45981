"""Vacancies (R17) through the services and selectors: who posts, changes and
closes them; bad input refused field by field, writing nothing; what the public
sees; and labour demand per region and ISCO-08 major group."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.placement import selectors, services
from integra.placement.models import Vacancy
from tests.placement.conftest import data


def _field_errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.field_errors


# --- Posting -------------------------------------------------------------------------------


def test_an_employer_posts_a_vacancy_and_it_is_audited(builder_actor, builder):
    vacancy = services.vacancy_create(actor=builder_actor, data=data(skills=(" welding ",)))

    assert vacancy.public_id.startswith("J-")
    assert vacancy.organisation == builder
    assert vacancy.employer == "Construct-Nord SRL"
    assert vacancy.status == "open"
    assert vacancy.opens_on == timezone.localdate()
    assert vacancy.skills == ["welding"]
    assert vacancy.languages == [{"language": "ro", "level": "A2"}]
    entry = AuditEntry.objects.get(action="vacancy.create")
    assert (entry.object_type, entry.object_id) == ("vacancy", vacancy.public_id)
    assert entry.data["organisation"] == "builder"


def test_an_employment_office_names_the_employer_it_posts_for(office_actor, office):
    errors = _field_errors(lambda: services.vacancy_create(actor=office_actor, data=data()))
    assert "employer_name" in errors

    vacancy = services.vacancy_create(
        actor=office_actor, data=data(employer_name="  Edil-Construct   SA ")
    )
    assert vacancy.organisation == office
    assert vacancy.employer == "Edil-Construct SA"


def test_an_employer_does_not_name_another_employer(builder_actor):
    errors = _field_errors(
        lambda: services.vacancy_create(actor=builder_actor, data=data(employer_name="Other SRL"))
    )
    assert "employer_name" in errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"occupation": "0000"}, "occupation"),
        ({"occupation": "12345"}, "occupation"),
        ({"occupation": "7x"}, "occupation"),
        ({"closes_on": timezone.localdate() - timedelta(days=1)}, "closes_on"),
        (
            {
                "opens_on": timezone.localdate() + timedelta(days=10),
                "closes_on": timezone.localdate() + timedelta(days=5),
            },
            "closes_on",
        ),
        ({"closes_on": timezone.localdate() + timedelta(days=400)}, "closes_on"),
        ({"wage_min": Decimal(20000), "wage_max": Decimal(10000)}, "wage_max"),
        ({"wage_min": Decimal(-1)}, "wage_min"),
        ({"wage_max": Decimal("1000.555")}, "wage_max"),
        ({"wage_max": Decimal("1e12")}, "wage_max"),
        ({"currency": "ZZZ"}, "currency"),
        ({"wage_period": "year"}, "wage_period"),
        ({"skills": tuple(f"skill {n}" for n in range(31))}, "skills"),
        ({"skills": ("x" * 61,)}, "skills"),
        ({"skills": ("welding", "  ")}, "skills"),
        ({"languages": (services.LanguageNeed("xx", "B1"),)}, "languages"),
        ({"languages": (services.LanguageNeed("ro", "B3"),)}, "languages"),
        (
            {"languages": (services.LanguageNeed("ro", "A2"), services.LanguageNeed("RO", "B1"))},
            "languages",
        ),
        ({"region": ""}, "region"),
        ({"positions": 0}, "positions"),
        ({"positions": 1001}, "positions"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"contract_kind": "zero_hours"}, "contract_kind"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_written(
    builder_actor, changes, field
):
    errors = _field_errors(
        lambda: services.vacancy_create(actor=builder_actor, data=data(**changes))
    )

    assert field in errors, errors
    assert all(message for message in errors[field])
    assert not Vacancy.objects.exists()
    assert not AuditEntry.objects.filter(action="vacancy.create").exists()


def test_every_error_is_told_at_once(builder_actor):
    errors = _field_errors(
        lambda: services.vacancy_create(
            actor=builder_actor, data=data(title="", occupation="99999", positions=0)
        )
    )
    assert {"title", "occupation", "positions"} <= errors.keys()


def test_skills_are_tidied_and_said_once(builder_actor):
    vacancy = services.vacancy_create(
        actor=builder_actor, data=data(skills=("Welding", " welding", "reading   drawings"))
    )
    assert vacancy.skills == ["Welding", "reading drawings"]


def test_those_who_are_not_employers_do_not_post(people, orgs):
    for role in ("caseworker", "inspector", "analyst", "partner", "admin"):
        actor = access.actor_for(people[role])
        with pytest.raises(PermissionDenied):
            services.vacancy_create(actor=actor, data=data())
    assert not Vacancy.objects.exists()


def test_the_coordinator_posts_for_the_employer_it_names(coordinator, builder, office):
    errors = _field_errors(lambda: services.vacancy_create(actor=coordinator, data=data()))
    assert "organisation" in errors

    vacancy = services.vacancy_create(actor=coordinator, data=data(organisation="builder"))
    assert vacancy.organisation == builder


def test_an_employer_cannot_post_for_another(builder_actor, softco):
    errors = _field_errors(
        lambda: services.vacancy_create(actor=builder_actor, data=data(organisation="softco"))
    )
    assert "organisation" in errors


def test_the_database_keeps_the_invariants(bricklayer):
    for change in (
        {"positions": 0},
        {"wage_min": Decimal(20000)},
        {"closes_on": bricklayer.opens_on - timedelta(days=1)},
        {"occupation": "abc"},
        {"status": "filled"},  # closed without a time
        {"hours_per_week": 99},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Vacancy.objects.filter(pk=bricklayer.pk).update(**change)


# --- Changing and closing -----------------------------------------------------------------


def test_the_employer_changes_its_vacancy(builder_actor, bricklayer):
    changed = services.vacancy_update(
        actor=builder_actor,
        vacancy=bricklayer,
        data=data(positions=5, skills=("bricklaying",), open_to_foreign_workers=False),
    )

    assert changed.positions == 5
    assert changed.skills == ["bricklaying"]
    entry = AuditEntry.objects.get(action="vacancy.update")
    assert entry.data["changed"] == ["open_to_foreign_workers", "positions", "skills"]


def test_a_past_closing_day_may_stay_but_not_be_set(builder_actor, bricklayer):
    yesterday = timezone.localdate() - timedelta(days=1)
    Vacancy.objects.filter(pk=bricklayer.pk).update(
        opens_on=yesterday - timedelta(days=5), closes_on=yesterday
    )
    bricklayer.refresh_from_db()

    kept = services.vacancy_update(
        actor=builder_actor,
        vacancy=bricklayer,
        data=data(closes_on=yesterday, opens_on=bricklayer.opens_on, title="Mason"),
    )
    assert kept.title == "Mason"
    errors = _field_errors(
        lambda: services.vacancy_update(
            actor=builder_actor,
            vacancy=bricklayer,
            data=data(closes_on=yesterday - timedelta(days=1), opens_on=bricklayer.opens_on),
        )
    )
    assert "closes_on" in errors


def test_another_employer_neither_changes_nor_closes_it(softco_actor, bricklayer):
    with pytest.raises(PermissionDenied):
        services.vacancy_update(actor=softco_actor, vacancy=bricklayer, data=data(positions=9))
    with pytest.raises(PermissionDenied):
        services.vacancy_close(actor=softco_actor, vacancy=bricklayer, status="withdrawn")
    bricklayer.refresh_from_db()
    assert (bricklayer.positions, bricklayer.status) == (3, "open")


def test_a_vacancy_closes_once_as_filled_or_withdrawn(builder_actor, bricklayer):
    errors = _field_errors(
        lambda: services.vacancy_close(actor=builder_actor, vacancy=bricklayer, status="open")
    )
    assert "status" in errors

    closed = services.vacancy_close(actor=builder_actor, vacancy=bricklayer, status="filled")

    assert closed.status == "filled"
    assert closed.closed_at is not None
    assert AuditEntry.objects.get(action="vacancy.close").data == {"status": "filled"}
    with pytest.raises(Conflict):
        services.vacancy_close(actor=builder_actor, vacancy=closed, status="withdrawn")
    with pytest.raises(Conflict):
        services.vacancy_update(actor=builder_actor, vacancy=closed, data=data())


def test_the_coordinator_keeps_any_vacancy(coordinator, bricklayer):
    closed = services.vacancy_close(actor=coordinator, vacancy=bricklayer, status="withdrawn")
    assert closed.status == "withdrawn"


# --- The staff's lists ----------------------------------------------------------------------


def test_each_employer_lists_its_own_vacancies(
    builder_actor, softco_actor, coordinator, bricklayer, developer
):
    assert list(selectors.vacancy_list(actor=builder_actor)) == [bricklayer]
    assert list(selectors.vacancy_list(actor=softco_actor)) == [developer]
    assert set(selectors.vacancy_list(actor=coordinator)) == {bricklayer, developer}
    with pytest.raises(NotFound):
        selectors.vacancy_get(actor=builder_actor, public_id=developer.public_id)


def test_the_staff_list_filters_by_status_and_words(builder_actor, bricklayer, post):
    other = post(builder_actor, title="Welder", skills=("Sudură MIG",))
    services.vacancy_close(actor=builder_actor, vacancy=other, status="filled")

    filled = selectors.vacancy_list(
        actor=builder_actor, filters=selectors.StaffFilters(status="filled")
    )
    words = selectors.vacancy_list(
        actor=builder_actor, filters=selectors.StaffFilters(query="SUDURĂ")
    )
    assert [v.pk for v in filled] == [other.pk]
    assert [v.pk for v in words] == [other.pk]


def test_those_who_post_nothing_have_no_vacancy_list(people, orgs):
    for role in ("caseworker", "analyst", "migrant"):
        with pytest.raises(PermissionDenied):
            selectors.vacancy_list(actor=access.actor_for(people[role]))


# --- Public --------------------------------------------------------------------------------


def test_the_public_sees_open_vacancies_open_to_foreign_workers_only(
    builder_actor, post, bricklayer, developer
):
    today = timezone.localdate()
    local_only = post(builder_actor, title="Excavator operator", open_to_foreign_workers=False)
    closed = post(builder_actor, title="Welder")
    services.vacancy_close(actor=builder_actor, vacancy=closed, status="filled")
    later = post(
        builder_actor,
        title="Roofer",
        opens_on=today + timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )
    expired = post(builder_actor, title="Tiler")
    Vacancy.objects.filter(pk=expired.pk).update(
        opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1)
    )

    public = list(selectors.public_vacancies())

    assert set(public) == {bricklayer, developer}
    for hidden in (local_only, closed, later, expired):
        with pytest.raises(NotFound):
            selectors.public_vacancy_get(public_id=hidden.public_id)
    assert selectors.public_vacancy_get(public_id=bricklayer.public_id) == bricklayer


def test_the_public_list_filters(builder_actor, post, bricklayer, developer):
    carer = post(
        builder_actor,
        title="Îngrijitor",
        occupation="5322",
        region="Orhei",
        skills=("Îngrijire personală",),
        languages=(services.LanguageNeed("ru", "B1"),),
    )

    def found(**filters):
        return set(selectors.public_vacancies(filters=selectors.PublicFilters(**filters)))

    assert found(region="Chișinău") == {developer}
    assert found(major_group="7") == {bricklayer}
    assert found(major_group="5") == {carer}
    assert found(skill="django") == {developer}
    assert found(skill="ÎNGRIJIRE") == {carer}
    assert found(skill="bricklayer") == {bricklayer}  # the title too
    assert found(language="en") == {developer}
    assert found(language="ru") == {carer}
    assert found(region="Bălți", language="en") == set()
    assert selectors.public_regions() == ["Bălți", "Chișinău", "Orhei"]
    assert [code for code, _ in selectors.public_languages()] == ["en", "ro", "ru"]


def test_language_names_follow_the_page(settings):
    from django.utils import translation

    with translation.override("ro"):
        assert selectors.language_name("ru") == "rusă"
    with translation.override("en"):
        assert selectors.language_name("ru") == "Russian"


# --- Labour demand -------------------------------------------------------------------------


def test_open_positions_per_region_and_major_group(
    builder_actor, office_actor, post, bricklayer, developer
):
    post(builder_actor, title="Labourer", occupation="9313", positions=10)
    post(
        office_actor,
        employer_name="Agro-Sud SRL",
        title="Grape picker",
        occupation="9211",
        region="Cahul",
        locality="",
        positions=25,
    )
    post(builder_actor, title="Operator", occupation="8342", open_to_foreign_workers=False)

    assert selectors.open_positions() == {
        "Bălți": {"7": 3, "9": 10},
        "Chișinău": {"2": 2},
        "Cahul": {"9": 25},
    }
    assert selectors.open_positions(foreign_only=False)["Bălți"] == {"7": 3, "8": 3, "9": 10}
    assert selectors.open_positions(by="locality")[""] == {"9": 25}
    with pytest.raises(ValueError, match="region or locality"):
        selectors.open_positions(by="street")


def test_demand_by_region_counts_positions_and_the_skills_asked_for_most(
    builder_actor, post, bricklayer, developer
):
    post(
        builder_actor,
        title="Labourer",
        occupation="9313",
        positions=10,
        skills=("manual handling", "Reading drawings"),
    )

    demand = {row.region: row for row in selectors.demand_by_region()}

    balti = demand["Bălți"]
    assert (balti.positions, balti.vacancies) == (13, 2)
    assert [(g.code, g.positions, g.vacancies) for g in balti.groups] == [
        ("7", 3, 1),
        ("9", 10, 1),
    ]
    assert balti.groups[0].label == "Craft and related trades workers"
    # "reading drawings" is asked for by both (13 positions), spelt as first seen
    assert [(s.skill, s.positions) for s in balti.skills] == [
        ("reading drawings", 13),
        ("manual handling", 10),
        ("bricklaying", 3),
    ]
    assert demand["Chișinău"].positions == 2
    assert list(demand) == ["Bălți", "Chișinău"]
