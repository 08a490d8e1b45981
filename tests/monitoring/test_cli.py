"""`integra statistics` on the command line."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from integra.monitoring.models import Fact, Refresh, RefreshState

pytestmark = pytest.mark.django_db


def test_refresh_and_table(make_person, people):
    for _ in range(12):
        make_person(sex="female", registered=date(2026, 2, 1))
    for _ in range(2):
        make_person(sex="male", registered=date(2026, 2, 1))
    out = io.StringIO()
    call_command("statistics", "refresh", stdout=out)
    assert "from 14 people" in out.getvalue()
    assert Refresh.objects.get().state == RefreshState.DONE
    assert Fact.objects.exists()

    out = io.StringIO()
    call_command(
        "statistics", "table", "arrivals", "--rows", "sex", "--start", "2026-01",
        "--end", "2026-12", "--as", "analyst", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0] == "Sex,Column,Value,Numerator,Denominator,Suppressed"
    assert "Male,Total,,,,yes" in lines
    assert "Total,Total,14,14,,no" in lines


def test_table_refuses_bad_input_and_non_analysts(people):
    with pytest.raises(CommandError, match="rows"):
        call_command("statistics", "table", "complaints", "--rows", "sex", "--as", "analyst")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("statistics", "table", "arrivals", "--start", "May", "--as", "analyst")
    with pytest.raises(CommandError, match="may not"):
        call_command("statistics", "table", "arrivals", "--as", "caseworker")
