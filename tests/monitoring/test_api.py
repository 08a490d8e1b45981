"""The statistics API: the same disclosure control as the pages, problems for bad input."""

from __future__ import annotations

from datetime import date

import pytest

from integra.monitoring.models import Indicator, Refresh, RefreshState
from integra.monitoring.services import refresh

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


@pytest.fixture
def analyst_api(api_for, people):
    return api_for(people["analyst"])


@pytest.fixture
def registry(make_person):
    for _ in range(14):
        make_person(sex="female", region="North")
    for _ in range(3):
        make_person(sex="male", region="North")
    for _ in range(12):
        make_person(sex="male", region="South")
    refresh.refresh_run(today=TODAY)


def test_the_table_never_carries_a_suppressed_number(analyst_api, registry):
    response = analyst_api.get(
        "/api/v1/statistics/indicators/arrivals/table",
        {"rows": "sex", "columns": "region", "start": "2026-01", "end": "2026-12"},
    )
    assert response.status_code == 200
    body = response.json()
    cells = {(c["row"], c["column"]): c for c in body["cells"]}
    assert cells[("male", "North")]["value"] is None
    assert cells[("male", "North")]["numerator"] is None
    assert cells[("*", "*")]["value"] == 29
    assert body["threshold"] == 10
    assert body["row_labels"]["*"] == "Total"
    assert body["refreshed_at"] is not None
    published = [c["value"] for c in body["cells"] if c["value"] is not None]
    assert 3 not in published


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"rows": "colour"}, "rows"),
        ({"rows": "sex", "start": "2026-13"}, "start"),
        ({"rows": "sex", "start": "2026-05", "end": "2026-01"}, "end"),
        ({"rows": "sex", "columns": "sex"}, "columns"),
    ],
)
def test_bad_queries_are_problems_not_errors(analyst_api, registry, query, field):
    response = analyst_api.get("/api/v1/statistics/indicators/arrivals/table", query)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in response.content.decode()


def test_a_breakdown_the_indicator_does_not_allow_is_refused(analyst_api, registry):
    response = analyst_api.get("/api/v1/statistics/indicators/complaints/table", {"rows": "sex"})
    assert response.status_code == 422
    assert "cannot be broken down by Sex" in response.content.decode()


def test_a_filter_that_isolates_a_few_is_refused_without_the_number(analyst_api, registry):
    response = analyst_api.get(
        "/api/v1/statistics/indicators/arrivals/table",
        {"rows": "age_band", "sex": "male", "region": "North", "start": "2026-01"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "fewer than 10" in text
    assert " 3 " not in text


def test_an_unknown_indicator_is_404(analyst_api):
    response = analyst_api.get("/api/v1/statistics/indicators/nothing/table", {"rows": "sex"})
    assert response.status_code == 404


def test_targets_are_validated(api_for, people):
    client = api_for(people["coordinator"])
    url = "/api/v1/statistics/indicators/plan_within_30_days/target"
    for bad in (-1, 140):
        response = client.put(url, {"target": bad}, content_type="application/json")
        assert response.status_code == 422, bad
    response = client.put(url, {"target": 75}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["target"] == "75.00"
    assert str(Indicator.objects.get(code="plan_within_30_days").target) == "75.00"
    response = client.put(url, {"target": None}, content_type="application/json")
    assert response.json()["target"] is None


def test_refresh_runs_in_the_background_once_at_a_time(analyst_api):
    first = analyst_api.post("/api/v1/statistics/refresh")
    assert first.status_code == 202
    assert first.json()["state"] == "running"
    assert analyst_api.post("/api/v1/statistics/refresh").status_code == 409
    freshness = analyst_api.get("/api/v1/statistics/refresh").json()
    assert freshness["running"]["state"] == "running"
    assert freshness["last"] is None
    record = Refresh.objects.get()
    refresh.refresh_run(refresh_id=record.pk, today=TODAY)
    freshness = analyst_api.get("/api/v1/statistics/refresh").json()
    assert freshness["last"]["state"] == RefreshState.DONE
    assert freshness["running"] is None
