"""Funding (R26): the services and selectors — validation with clear messages,
audit, totals per currency, cost per participant with disclosure control, the
core measures with no funding, the daily alert and the demo loader."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.core import access, todos
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry, Notification, Todo
from integra.monitoring import demo_funding
from integra.monitoring.models import BudgetEntry, BudgetLine, FundingSource
from integra.monitoring.selectors import funding as selectors
from integra.monitoring.services import funding as services
from tests.monitoring.test_funding_fixtures import *  # noqa: F403  (fixtures)
from tests.monitoring.test_funding_fixtures import (
    NOW,
    TODAY,
    YEAR,
    add_line,
    make_programme,
    participants,
    spend,
)

# --- Sources ----------------------------------------------------------------------------------


def test_it_adds_a_source_and_audits_it(coordinator):
    source = services.source_create(
        actor=coordinator,
        data=services.SourceData(code="eu-amif", name="EU AMIF", kind="multilateral"),
    )
    assert source.is_active
    assert AuditEntry.objects.filter(action="funding.source_create", object_id="eu-amif").exists()


def test_it_refuses_a_duplicate_code_and_a_bad_kind(coordinator, sources):
    with pytest.raises(ValidationFailed) as duplicate:
        services.source_create(
            actor=coordinator, data=services.SourceData(code="state", name="X", kind="state")
        )
    assert "code" in duplicate.value.field_errors
    with pytest.raises(ValidationFailed) as kind:
        services.source_create(
            actor=coordinator, data=services.SourceData(code="x", name="X", kind="lottery")
        )
    assert "kind" in kind.value.field_errors


def test_a_deactivated_source_takes_no_new_line(coordinator, sources, programme):
    services.source_deactivate(actor=coordinator, source=sources["state"])
    with pytest.raises(ValidationFailed) as error:
        add_line(coordinator)
    assert "source" in error.value.field_errors
    assert AuditEntry.objects.filter(action="funding.source_deactivate").count() == 1


def test_only_the_coordinating_authority_writes(analyst, people, sources, programme):
    with pytest.raises(PermissionDenied):
        services.source_create(
            actor=analyst, data=services.SourceData(code="x", name="X", kind="state")
        )
    with pytest.raises(PermissionDenied):
        add_line(analyst)
    assert selectors.source_list(actor=analyst).count() == 2  # analysts read
    with pytest.raises(PermissionDenied):
        selectors.source_list(actor=access.actor_for(people["caseworker"]))


# --- Budget lines -----------------------------------------------------------------------------


def test_it_refuses_a_negative_amount_with_a_clear_message(coordinator, sources, programme):
    with pytest.raises(ValidationFailed) as error:
        add_line(coordinator, amount="-5")
    assert error.value.field_errors["amount"] == [
        "A budget line cannot have a negative amount; type zero or more."
    ]
    assert not BudgetLine.objects.exists()


def test_it_refuses_a_measure_of_another_programme(coordinator, sources, programme, other):
    with pytest.raises(ValidationFailed) as error:
        add_line(coordinator, programme="md-other", measure="language")
    assert "not a measure of the programme" in error.value.field_errors["measure"][0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": 1999}, "year"),
        ({"year": 2101}, "year"),
        ({"currency": "euro"}, "currency"),
        ({"amount": "12.345"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"source": "nobody"}, "source"),
        ({"programme": "nowhere"}, "programme"),
        ({"note": "a\x00b"}, "note"),
    ],
)
def test_it_names_each_bad_field(coordinator, sources, programme, fields, field):
    with pytest.raises(ValidationFailed) as error:
        add_line(coordinator, **fields)
    assert field in error.value.field_errors


def test_it_adds_a_line_for_a_measure_and_audits_it(coordinator, sources, programme):
    line = add_line(coordinator, measure="language", amount="0", currency="eur")
    assert line.public_id.startswith("B-")
    assert line.measure.code == "language"
    assert line.currency == "EUR"
    assert line.amount == Decimal("0.00")
    entry = AuditEntry.objects.get(action="funding.line_create")
    assert entry.object_id == line.public_id


def test_it_changes_the_amount_but_never_to_a_negative(coordinator, sources, programme):
    line = add_line(coordinator)
    services.line_update(actor=coordinator, line=line, amount="2500.50", note="Revised")
    line.refresh_from_db()
    assert (line.amount, line.note) == (Decimal("2500.50"), "Revised")
    with pytest.raises(ValidationFailed):
        services.line_update(actor=coordinator, line=line, amount="-1")
    line.refresh_from_db()
    assert line.amount == Decimal("2500.50")


# --- Commitments and spending -----------------------------------------------------------------


@pytest.mark.parametrize("amount", ["0", "-10"])
def test_it_refuses_an_entry_of_zero_or_less(coordinator, sources, programme, amount):
    line = add_line(coordinator)
    with pytest.raises(ValidationFailed) as error:
        spend(coordinator, line, amount)
    assert "amount" in error.value.field_errors
    assert not BudgetEntry.objects.exists()


def test_it_refuses_a_date_more_than_a_year_ahead(coordinator, sources, programme):
    line = add_line(coordinator)
    with pytest.raises(ValidationFailed) as error:
        spend(coordinator, line, "10", on=TODAY + timedelta(days=400))
    assert "on" in error.value.field_errors
    spend(coordinator, line, "10", movement="commitment", on=TODAY + timedelta(days=300))


def test_spending_beyond_the_line_is_recorded_with_a_warning(coordinator, sources, programme):
    line = add_line(coordinator, amount="100")
    assert spend(coordinator, line, "60").warnings == []
    result = spend(coordinator, line, "50")
    assert result.entry.pk
    assert "more than its amount" in result.warnings[0]
    seen = selectors.line_get(actor=coordinator, public_id=line.public_id)
    assert seen.spent == Decimal("110.00")
    assert AuditEntry.objects.filter(action="funding.spending").count() == 2


# --- The overview -----------------------------------------------------------------------------


def test_totals_are_per_currency_and_never_added_together(coordinator, sources, programme):
    add_line(coordinator, amount="1000")
    add_line(coordinator, source="eu-amif", measure="language", amount="200", currency="EUR")
    mdl = add_line(coordinator, measure="housing", amount="500")
    spend(coordinator, mdl, "120")
    result = selectors.overview(actor=coordinator, year=YEAR)
    (row,) = result.programmes
    assert [(m.currency, m.amount) for m in row.budget] == [
        ("EUR", Decimal("200.00")),
        ("MDL", Decimal("1500.00")),
    ]
    # Each currency of the budget has its own spending, even when none yet.
    assert [(m.currency, m.amount) for m in row.spent] == [
        ("EUR", Decimal("0.00")),
        ("MDL", Decimal("120.00")),
    ]
    assert [(m.currency, m.amount) for m in row.remaining] == [
        ("EUR", Decimal("200.00")),
        ("MDL", Decimal("1380.00")),
    ]
    assert {k.kind for k in row.by_kind} == {"state", "multilateral"}
    assert [(m.currency, m.amount) for m in result.budget] == [
        ("EUR", Decimal("200.00")),
        ("MDL", Decimal("1500.00")),
    ]


def test_cost_per_participant_is_hidden_below_the_threshold(
    coordinator, people, sources, programme, settings
):
    settings.STATISTICS_THRESHOLD = 5
    participants(people, programme, 2)
    line = add_line(coordinator, amount="1000")
    spend(coordinator, line, "600")
    (row,) = selectors.overview(actor=coordinator, year=YEAR).programmes
    assert row.cost.participants is None
    assert row.cost.per_participant == []
    assert "fewer than 5" in row.cost.note
    assert selectors.line_cost(line=line).participants is None


def test_cost_per_participant_above_the_threshold(
    coordinator, people, sources, programme, settings
):
    settings.STATISTICS_THRESHOLD = 2
    participants(people, programme, 3)
    line = add_line(coordinator, amount="1000")
    spend(coordinator, line, "600")
    (row,) = selectors.overview(actor=coordinator, year=YEAR).programmes
    assert row.cost.participants == 3
    assert [(m.currency, m.amount) for m in row.cost.per_participant] == [
        ("MDL", Decimal("200.00"))
    ]
    # The measure's participants: those with a plan measure of it due this year.
    measure_line = add_line(coordinator, measure="language", amount="300")
    spend(coordinator, measure_line, "90")
    cost = selectors.line_cost(line=measure_line)
    assert cost.participants == 3
    assert cost.per_participant[0].amount == Decimal("30.00")


def test_cost_per_participant_arithmetic():
    cost = selectors.cost_per_participant(
        spent={"EUR": Decimal("100"), "MDL": Decimal("1000")}, participants=30
    )
    assert [(m.currency, m.amount) for m in cost.per_participant] == [
        ("EUR", Decimal("3.33")),
        ("MDL", Decimal("33.33")),
    ]


# --- Core measures with no funding --------------------------------------------------------------


def test_a_core_measure_is_funded_by_its_own_line_or_its_programmes(
    coordinator, sources, programme, other
):
    nxt = YEAR + 1
    gaps = {g.measure_code for g in selectors.gaps(actor=coordinator, year=nxt)}
    assert gaps == {"language", "housing", "jobs"}  # "extra" is not mandatory
    add_line(coordinator, year=nxt, measure="language")
    add_line(coordinator, year=nxt, programme="md-other")  # the programme as a whole
    add_line(coordinator, year=nxt, measure="housing", amount="0")  # zero funds nothing
    gaps = selectors.gaps(actor=coordinator, year=nxt)
    assert [(g.programme_code, g.measure_code) for g in gaps] == [("md-voluntary", "housing")]
    other.is_active = False
    other.save()
    programme.is_active = False
    programme.save()
    assert selectors.gaps(actor=coordinator, year=nxt) == []


def test_the_daily_job_opens_one_todo_per_gap_once(coordinator, orgs, sources, programme):
    assert services.funding_gap_todos(today=TODAY, now=NOW) == 2
    assert services.funding_gap_todos(today=TODAY, now=NOW) == 0
    opened = Todo.objects.filter(kind="funding_gap", done_at__isnull=True)
    assert opened.count() == 2
    assert {t.organisation_id for t in opened} == {orgs["root"].pk}  # the coordinating authority
    text = todos.text("funding_gap", opened.first().params)
    assert "has no funding for" in text
    # The coordinators hear of each one once, in their inbox.
    inbox = Notification.objects.filter(kind="funding_gap")
    assert {n.user.username for n in inbox} == {"coordinator"}
    assert inbox.count() == 2
    # Funded since: its to-do closes by itself, and is not opened again.
    add_line(coordinator, year=YEAR + 1, measure="language")
    assert services.funding_gap_todos(today=TODAY, now=NOW) == 0
    assert Todo.objects.filter(kind="funding_gap", done_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="todo.funding_gap").count() == 2


def test_the_task_runs_the_job(coordinator, orgs, sources, programme):
    from integra.monitoring import tasks

    assert tasks.funding_alerts.call() == 2


# --- Demo ---------------------------------------------------------------------------------------


def test_the_demo_loader_runs_twice_without_duplicating(coordinator, orgs):
    make_programme(coordinator, "md-voluntary", (("romanian", False), ("culture", False)))
    make_programme(coordinator, "cz-sip", (("czech", True), ("housing", True)))
    first = demo_funding.load()
    counts = (
        FundingSource.objects.count(),
        BudgetLine.objects.count(),
        BudgetEntry.objects.count(),
    )
    assert counts[0] == 4
    assert counts[1] > 5
    assert counts[2] > 3
    assert "core measures without funding" in first
    demo_funding.load()
    assert counts == (
        FundingSource.objects.count(),
        BudgetLine.objects.count(),
        BudgetEntry.objects.count(),
    )
    nxt = timezone.localdate().year + 1
    gaps = {g.measure_code for g in selectors.unfunded_core_measures(year=nxt)}
    assert gaps == {"housing"}
