"""Indicator arithmetic, property-based: breakdowns add up to their totals."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integra.core import access
from integra.monitoring.models import Fact
from integra.monitoring.selectors import indicator
from integra.monitoring.selectors.tables import TOTAL, TableQuery, indicator_table

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
SEXES = ["female", "male", ""]
REGIONS = ["North", "South", "East", ""]
BANDS = ["18-24", "25-34", "35-49", ""]

facts = st.lists(
    st.tuples(
        st.integers(1, 11),  # month of 2026
        st.sampled_from(SEXES),
        st.sampled_from(REGIONS),
        st.sampled_from(BANDS),
        st.integers(1, 40),
    ),
    min_size=1,
    max_size=30,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=facts, breakdown=st.sampled_from([("sex", "region"), ("age_band", "sex"), ("region", "")])
)
def test_breakdowns_add_up_to_their_totals(people, rows, breakdown):
    Fact.objects.all().delete()
    Fact.objects.bulk_create(
        Fact(
            measure="registrations",
            period=date(2026, month, 1),
            sex=sex,
            region=region,
            age_band=band,
            count=n,
        )
        for month, sex, region, band, n in rows
    )
    analyst = access.actor_for(people["analyst"])
    table = indicator_table(
        actor=analyst,
        indicator=indicator(actor=analyst, code="arrivals"),
        query=TableQuery(
            rows=breakdown[0], columns=breakdown[1], start=date(2026, 1, 1), end=date(2026, 12, 31)
        ),
        today=TODAY,
    )
    values = [[cell.value for cell in line] for line in table.cells]
    total = sum(n for *_, n in rows)
    grand = values[-1][-1]
    assert grand is None or grand == total
    # Every line with nothing hidden adds up to its total; "not stated" is a line
    # of its own, so nobody is lost between the parts and the whole.
    for line in values:
        if len(line) > 1 and None not in line:
            assert sum(line[:-1]) == line[-1]
    if len(values[0]) > 1:
        for column in zip(*values, strict=True):
            if None not in column:
                assert sum(column[:-1]) == column[-1]
    else:
        column = [line[0] for line in values]
        if None not in column:
            assert sum(column[:-1]) == column[-1]
    assert table.row_keys[-1] == TOTAL
    assert "" in table.row_keys  # "not stated" is always shown
