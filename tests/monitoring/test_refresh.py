"""The summary tables agree with the live records they are built from."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db.models import Sum

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied
from integra.monitoring.models import Fact, Indicator, Refresh, RefreshState
from integra.monitoring.services import refresh
from integra.people.models import Person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def _facts(measure: str, field: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for row in Fact.objects.filter(measure=measure).values(field).annotate(n=Sum("count")):
        counts[row[field]] += row["n"]
    return counts


def test_built_in_indicators_are_written_after_migrating():
    codes = set(Indicator.objects.filter(built_in=True).values_list("code", flat=True))
    assert {"arrivals", "registry_stock", "plan_within_30_days", "complaints"} <= codes
    rate = Indicator.objects.get(code="plan_within_30_days")
    assert rate.calculation == "rate"
    assert rate.denominator == "cohort_30_days"
    # Complaints are never disaggregated by who lodged them (the firewall).
    assert "legal_status" not in Indicator.objects.get(code="complaints").disaggregations
    assert "sex" not in Indicator.objects.get(code="complaints").disaggregations


def test_refresh_counts_match_the_registry(make_person):
    for i in range(7):
        make_person(sex="female", region="North", registered=date(2026, 1, 5 + i))
    for _ in range(3):
        make_person(sex="male", born=None, citizenship="", region="South")
    make_person(sex="not_stated", status="", region="South", registered=date(2025, 12, 1))
    merged = make_person(sex="male")
    merged.merged_into = Person.objects.exclude(pk=merged.pk).first()
    merged.save()

    done = refresh.refresh_run(today=TODAY)

    assert done.state == RefreshState.DONE
    assert done.people == 11  # the merged duplicate is not counted
    live = Counter(
        "" if s == "not_stated" else s
        for s in Person.objects.filter(merged_into__isnull=True).values_list("sex", flat=True)
    )
    assert _facts("registrations", "sex") == live
    assert _facts("registrations", "region") == Counter({"North": 7, "South": 4})
    assert _facts("registrations", "citizenship") == Counter({"UA": 8, "": 3})
    assert _facts("registrations", "age_band")[""] == 3  # no birth date: "not stated"
    assert _facts("registrations", "legal_status")[""] == 1
    # The stock at the end of November: everyone registered up to then.
    november = Fact.objects.filter(measure="registered", period=date(2026, 11, 1))
    assert november.aggregate(n=Sum("count"))["n"] == 11
    december_2025 = Fact.objects.filter(measure="registered", period=date(2025, 12, 1))
    assert december_2025.aggregate(n=Sum("count"))["n"] == 1


def test_a_second_refresh_replaces_the_tables(make_person):
    make_person()
    refresh.refresh_run(today=TODAY)
    first = Fact.objects.count()
    refresh.refresh_run(today=TODAY)
    assert Fact.objects.count() == first
    assert Refresh.objects.filter(state=RefreshState.DONE).count() == 2


def test_a_failed_refresh_keeps_the_old_tables_and_says_why(make_person, monkeypatch):
    make_person()
    refresh.refresh_run(today=TODAY)
    before = Fact.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(refresh, "_write", broken)
    failed = refresh.refresh_run(today=TODAY)
    assert failed.state == RefreshState.FAILED
    assert "disk full" in failed.error
    assert Fact.objects.count() == before


def test_refresh_request_is_for_analysts_and_coordinators(people):
    analyst = access.actor_for(people["analyst"])
    record = refresh.refresh_request(actor=analyst)
    assert record.state == RefreshState.RUNNING
    with pytest.raises(Conflict):
        refresh.refresh_request(actor=access.actor_for(people["coordinator"]))
    with pytest.raises(PermissionDenied):
        refresh.refresh_request(actor=access.actor_for(people["caseworker"]))
    # The task finishes the requested refresh.
    assert refresh.refresh_run(refresh_id=record.pk, today=TODAY).state == RefreshState.DONE
