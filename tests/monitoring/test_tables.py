"""Indicator tables: arithmetic, disaggregation and disclosure control at query time."""

from __future__ import annotations

import random
from datetime import date

import pytest

from integra.core import access
from integra.core.errors import PermissionDenied, ValidationFailed
from integra.monitoring import disclosure
from integra.monitoring.models import Fact
from integra.monitoring.selectors import indicator
from integra.monitoring.selectors.tables import TOTAL, TableQuery, indicator_table
from integra.monitoring.services import refresh

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
YEAR = TableQuery(rows="sex", start=date(2026, 1, 1), end=date(2026, 12, 31))


@pytest.fixture
def analyst(people):
    return access.actor_for(people["analyst"])


def _table(actor, code: str, query: TableQuery):
    return indicator_table(
        actor=actor, indicator=indicator(actor=actor, code=code), query=query, today=TODAY
    )


def _values(table) -> dict[tuple[str, str], float | None]:
    return {(r, c): cell.value for r, c, cell in table.records()}


def test_counts_by_sex_add_up_with_not_stated_counted_openly(analyst, make_person):
    for _ in range(12):
        make_person(sex="female")
    for _ in range(15):
        make_person(sex="male")
    for _ in range(10):
        make_person(sex="not_stated")
    refresh.refresh_run(today=TODAY)

    table = _table(analyst, "arrivals", YEAR)

    values = _values(table)
    assert values == {
        ("female", TOTAL): 12,
        ("male", TOTAL): 15,
        ("", TOTAL): 10,
        (TOTAL, TOTAL): 37,
    }
    assert table.row_labels == ["Female", "Male", "Not stated", "Total"]
    assert table.suppressed == 0


def test_a_small_cell_is_suppressed_with_a_partner_so_the_total_does_not_give_it_away(
    analyst, make_person
):
    for _ in range(20):
        make_person(sex="female")
    for _ in range(3):
        make_person(sex="male")
    for _ in range(11):
        make_person(sex="not_stated")
    refresh.refresh_run(today=TODAY)

    values = _values(_table(analyst, "arrivals", YEAR))

    assert values[("male", TOTAL)] is None
    assert values[(TOTAL, TOTAL)] == 34
    hidden = [k for k, v in values.items() if v is None]
    assert len(hidden) == 2  # 3 cannot be worked out as 34 - 20 - 11


def test_two_way_tables_pass_the_lp_audit(analyst, make_person):
    rng = random.Random(7)
    for _ in range(140):
        make_person(
            sex=rng.choice(["female", "male", "not_stated"]),
            region=rng.choice(["North", "South"]),
            citizenship=rng.choice(["UA", "UA", "UA", "SY", "TR", "AF"]),
            born=rng.choice([1960, 1985, 1995, 2010, None]),
        )
    refresh.refresh_run(today=TODAY)
    for rows, columns in (("citizenship", "sex"), ("age_band", "region"), ("sex", "age_band")):
        table = _table(
            analyst,
            "arrivals",
            TableQuery(rows=rows, columns=columns, start=date(2026, 1, 1), end=date(2026, 12, 31)),
        )
        grid = [
            [0 if cell.value is None else int(cell.value) for cell in line] for line in table.cells
        ]
        mask = [[cell.value is None for cell in line] for line in table.cells]
        if not any(any(line) for line in mask):
            continue
        # Suppressed cells get their true value back only for the audit.
        truth = disclosure.full_grid(
            [
                [_true(rows, columns, r, c) for c in table.column_keys[:-1]]
                for r in table.row_keys[:-1]
            ]
        )
        assert all(
            truth[i][j] == grid[i][j]
            for i in range(len(grid))
            for j in range(len(grid[0]))
            if not mask[i][j]
        )
        assert disclosure.exposed(disclosure.audit(truth, mask)) == []
        for i, line in enumerate(truth):
            for j, n in enumerate(line):
                if 0 < n < table.threshold:
                    assert mask[i][j], (rows, columns, i, j, n)


def _true(rows: str, columns: str, r: str, c: str) -> int:
    return sum(
        f.count
        for f in Fact.objects.filter(measure="registrations")
        if getattr(f, rows) == r and getattr(f, columns) == c
    )


def test_rates_are_hidden_below_the_threshold(analyst):
    F = Fact  # noqa: N806
    # 40 people registered in March; 30 with a plan agreed in time.
    F.objects.bulk_create(
        [
            F(measure="cohort_30_days", period=date(2026, 3, 1), sex="female", count=25),
            F(measure="plan_within_30_days", period=date(2026, 3, 1), sex="female", count=20),
            F(measure="cohort_30_days", period=date(2026, 3, 1), sex="male", count=15),
            F(measure="plan_within_30_days", period=date(2026, 3, 1), sex="male", count=10),
            F(measure="cohort_30_days", period=date(2026, 3, 1), sex="", count=6),
            F(measure="plan_within_30_days", period=date(2026, 3, 1), sex="", count=6),
        ]
    )
    table = _table(analyst, "plan_within_30_days", YEAR)
    values = _values(table)
    assert values[("female", TOTAL)] == 80.0
    assert values[("", TOTAL)] is None  # six people: too few for a rate
    # ... and the men's 15 is suppressed with it, or 46 - 25 - 15 would give the six
    # away: their rate goes too.
    assert values[("male", TOTAL)] is None
    assert values[(TOTAL, TOTAL)] == pytest.approx(78.3)


def test_the_period_breakdown_follows_the_periodicity_and_stocks_are_not_summed(analyst):
    Fact.objects.bulk_create(
        [
            Fact(measure="registered", period=date(2026, m, 1), sex="female", count=100 + m)
            for m in range(1, 12)
        ]
        + [
            Fact(measure="registrations", period=date(2026, m, 1), sex="female", count=10)
            for m in range(1, 12)
        ]
    )
    query = TableQuery(rows="period", start=date(2026, 1, 1), end=date(2026, 11, 30))
    stock = _values(_table(analyst, "registry_stock", query))
    assert stock[("2026-Q1", TOTAL)] == 103
    assert stock[("2026-Q4", TOTAL)] == 111  # the range ends in November
    flows = _values(_table(analyst, "arrivals", query))
    assert flows[("2026-Q1", TOTAL)] == 30
    assert flows[(TOTAL, TOTAL)] == 110


def test_bad_breakdowns_and_isolating_filters_are_refused(analyst, make_person):
    for _ in range(12):
        make_person(sex="female", region="North")
    for _ in range(4):
        make_person(sex="male", region="South")
    refresh.refresh_run(today=TODAY)
    arrivals = indicator(actor=analyst, code="arrivals")
    complaints = indicator(actor=analyst, code="complaints")

    with pytest.raises(ValidationFailed) as error:
        indicator_table(
            actor=analyst, indicator=complaints, query=TableQuery(rows="sex"), today=TODAY
        )
    assert "rows" in error.value.field_errors
    with pytest.raises(ValidationFailed) as error:
        indicator_table(
            actor=analyst,
            indicator=arrivals,
            query=TableQuery(rows="sex", columns="sex"),
            today=TODAY,
        )
    assert "columns" in error.value.field_errors
    with pytest.raises(ValidationFailed) as error:
        indicator_table(
            actor=analyst,
            indicator=arrivals,
            query=TableQuery(rows="age_band", filters={"region": "South"}, start=date(2026, 1, 1)),
            today=TODAY,
        )
    assert "fewer than 10" in error.value.message
    assert "4" not in error.value.message
    # A filter that keeps enough people is fine.
    table = indicator_table(
        actor=analyst,
        indicator=arrivals,
        query=TableQuery(rows="age_band", filters={"region": "North"}, start=date(2026, 1, 1)),
        today=TODAY,
    )
    assert _values(table)[(TOTAL, TOTAL)] == 12


def test_a_period_with_no_data_is_empty_not_an_error(analyst):
    table = _table(
        analyst, "arrivals", TableQuery(rows="sex", start=date(2020, 1, 1), end=date(2020, 3, 31))
    )
    assert table.empty


@pytest.mark.parametrize("who", ["caseworker", "partner", "inspector", "migrant", "teacher", "dpo"])
def test_only_analysts_coordinators_and_administrators_see_statistics(people, who):
    with pytest.raises(PermissionDenied):
        indicator(actor=access.actor_for(people[who]), code="arrivals")


@pytest.mark.parametrize("who", ["analyst", "coordinator", "national_admin"])
def test_statistics_readers(people, who):
    assert indicator(actor=access.actor_for(people[who]), code="arrivals").code == "arrivals"


def test_ranges_cover_whole_periods_up_to_the_current_month(analyst):
    table = _table(
        analyst, "arrivals", TableQuery(rows="sex", start=date(2026, 2, 10), end=date(2027, 5, 1))
    )
    # Quarterly: February is read with its quarter; the end stops at this month.
    assert table.start == date(2026, 1, 1)
    assert table.end == date(2026, 11, 30)
