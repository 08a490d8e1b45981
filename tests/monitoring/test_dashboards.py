"""Dashboards (issue 7, R24): charts of indicators per role, filters shared by the
charts, drill-down by region, a table view under every chart, downloads; the
same disclosure control as everywhere (a suppressed cell is a gap and an "x",
never a number), in the pages and the API."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import NotFound, PermissionDenied
from integra.monitoring.models import Chart, Dashboard, Fact, Indicator, Refresh, RefreshState
from integra.monitoring.selectors import dashboards as selectors

pytestmark = pytest.mark.django_db

TODAY = date(2025, 4, 10)
PERIOD = "start=2025-01&end=2025-03"
TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
DATA = re.compile(r'<script id="(chart-\d+-data)" type="application/json">(.*?)</script>', re.S)
# The small cells of the fixture: never a number anywhere.
SMALL = (3, 7)


def _cells(html: str) -> list[str]:
    texts = [re.sub(r"<[^>]+>", " ", cell).split() for cell in TD.findall(html)]
    return [words[0] if words else "" for words in texts]


def _chart_data(html: str) -> dict[str, dict]:
    return {name: json.loads(text) for name, text in DATA.findall(html)}


def _fact(measure: str, month: int, count: int, **dimensions: str) -> Fact:
    return Fact.objects.create(
        measure=measure, period=date(2025, month, 1), count=count, **dimensions
    )


@pytest.fixture
def refreshed(db: None) -> Refresh:
    now = timezone.now()
    return Refresh.objects.create(
        state=RefreshState.DONE, started_at=now - timedelta(minutes=5), finished_at=now
    )


@pytest.fixture
def facts(refreshed: Refresh) -> None:
    """Arrivals in three regions; East has 7 people (too few to publish), and 3 men
    aged 65+ came to South (too few too). Complaints in North and South."""
    _fact("registrations", 1, 30, sex="female", age_band="25-34", region="North")
    _fact("registrations", 2, 25, sex="male", age_band="25-34", region="North")
    _fact("registrations", 1, 20, sex="female", age_band="25-34", region="South")
    _fact("registrations", 3, 3, sex="male", age_band="65+", region="South")
    _fact("registrations", 2, 7, sex="female", age_band="35-49", region="East")
    _fact("complaints", 1, 12, category="wages", region="North")
    _fact("complaints", 2, 15, category="wages", region="South")


@pytest.fixture
def board(db: None) -> Dashboard:
    """A dashboard for analysts with every kind of chart."""
    dashboard = Dashboard.objects.create(
        code="board", title="Test board", roles=["analyst"], position=99
    )
    arrivals = Indicator.objects.get(code="arrivals")
    complaints = Indicator.objects.get(code="complaints")
    for position, (indicator, kind, rows, columns) in enumerate(
        [
            (arrivals, "bar", "region", ""),
            (arrivals, "stacked", "sex", "age_band"),
            (arrivals, "line", "period", ""),
            (arrivals, "pivot", "sex", "region"),
            (complaints, "bar", "region", ""),
        ]
    ):
        Chart.objects.create(
            dashboard=dashboard,
            indicator=indicator,
            kind=kind,
            rows=rows,
            columns=columns,
            position=position,
        )
    return dashboard


@pytest.fixture
def analyst(people, client_for):
    return client_for(people["analyst"])


@pytest.fixture
def analyst_actor(people):
    return access.actor_for(people["analyst"])


# --- Selectors -----------------------------------------------------------------------------


def test_the_dashboards_for_the_actors_roles_come_first(people):
    analyst = access.actor_for(people["analyst"])
    coordinator = access.actor_for(people["coordinator"])

    for_analyst = [d.code for d in selectors.dashboard_list(actor=analyst)]
    for_coordinator = [d.code for d in selectors.dashboard_list(actor=coordinator)]

    assert for_analyst == ["population", "protection", "integration"]
    assert for_coordinator == ["integration", "protection", "population"]


def test_only_readers_of_statistics_see_dashboards(people):
    caseworker = access.actor_for(people["caseworker"])
    with pytest.raises(PermissionDenied):
        selectors.dashboard_list(actor=caseworker)
    with pytest.raises(PermissionDenied):
        selectors.dashboard_get(actor=caseworker, code="population")


def test_an_unknown_dashboard_is_not_found(analyst_actor):
    with pytest.raises(NotFound):
        selectors.dashboard_get(actor=analyst_actor, code="nope")


def test_each_chart_is_its_indicators_table_with_gaps_for_suppressed_cells(
    analyst_actor, board, facts
):
    views = selectors.dashboard_charts(
        actor=analyst_actor,
        dashboard=board,
        query=selectors.DashboardQuery(start=date(2025, 1, 1), end=date(2025, 3, 31)),
        today=TODAY,
    )

    assert [v.kind for v in views] == ["bar", "stacked", "line", "pivot", "bar"]
    by_region = views[0]
    assert by_region.labels() == ["East", "North", "South", "Not stated"]
    values = by_region.series()[0].data
    assert values[0] is None  # East: 7
    assert values[1] == 55
    assert 7 not in values
    assert by_region.grid()[0].cells[0].state == selectors.SUPPRESSED
    assert by_region.grid()[0].cells[0].numerator is None
    line = views[2]
    assert line.labels() == ["2025-Q1"]  # arrivals are counted by quarter
    assert line.series()[0].data == [85]
    stacked = views[1]
    assert [s.label for s in stacked.series()][-1] != "Total"
    for view in views:
        for series in view.series():
            assert not set(SMALL) & {v for v in series.data if v is not None}


def test_a_filter_the_indicator_does_not_allow_is_skipped_for_that_chart(
    analyst_actor, board, facts
):
    views = selectors.dashboard_charts(
        actor=analyst_actor,
        dashboard=board,
        query=selectors.DashboardQuery(
            start=date(2025, 1, 1), end=date(2025, 3, 31), filters={"sex": "female"}
        ),
        today=TODAY,
    )

    complaints = views[4]
    assert complaints.skipped == ["sex"]
    assert complaints.query.filters == {}
    assert complaints.table is not None
    assert views[0].skipped == []
    assert views[0].query.filters == {"sex": "female"}


def test_a_filter_that_isolates_a_few_is_that_charts_message(analyst_actor, board, facts):
    views = selectors.dashboard_charts(
        actor=analyst_actor,
        dashboard=board,
        query=selectors.DashboardQuery(
            start=date(2025, 1, 1), end=date(2025, 3, 31), filters={"region": "East"}
        ),
        today=TODAY,
    )

    assert views[0].table is None
    assert "fewer than 10" in views[0].error
    assert "7" not in views[0].error
    assert views[4].error == ""  # no complaints in East: nothing to single out


# --- Pages ---------------------------------------------------------------------------------


def test_the_list_shows_the_dashboards_for_the_role_first(analyst):
    response = analyst.get("/statistics/dashboards/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Who is registered") < html.index("Integration at a glance")
    assert "for your role" in html
    assert "never been refreshed" in html


def test_the_list_has_an_empty_state(analyst):
    Dashboard.objects.all().delete()

    html = analyst.get("/statistics/dashboards/").content.decode()

    assert "There are no dashboards yet." in html


def test_a_dashboard_shows_each_chart_with_its_table_and_downloads(analyst, board, facts):
    response = analyst.get(f"/statistics/dashboards/board/?{PERIOD}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tables refreshed on" in html
    assert html.count('role="img"') == 4  # the pivot is a table alone
    assert html.count("<canvas") == 4
    assert html.count('<table class="statistics"') == 5
    assert html.count("<caption id=") == 5
    assert '<th scope="row">' in html
    assert 'aria-label="Bars: Arrivals registered by Region, January 2025 to March 2025.' in html
    assert "Download PNG" in html
    assert (
        'href="/statistics/arrivals/export.csv/?rows=region&amp;start=2025-01&amp;end=2025-03"'
        in html
    )
    assert "/statistics/arrivals/export.xlsx/?rows=sex&amp;columns=age_band" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "monitoring/dashboard.js" in html
    # Suppressed: an x in the table, a gap (null) in the chart, never the number.
    cells = _cells(html)
    assert "55" in cells
    assert "x" in cells
    for small in SMALL:
        assert str(small) not in cells
    data = _chart_data(html)
    assert set(data) == {"chart-1-data", "chart-2-data", "chart-3-data", "chart-5-data"}
    assert data["chart-1-data"]["kind"] == "bar"
    assert data["chart-1-data"]["series"][0]["data"][0] is None
    assert data["chart-2-data"]["kind"] == "stacked"
    assert data["chart-3-data"]["kind"] == "line"
    for chart in data.values():
        for series in chart["series"]:
            assert not set(SMALL) & {v for v in series["data"] if v is not None}
    assert "no person can be singled out" in html


def test_a_region_row_drills_down_to_that_region_and_back(analyst, board, facts):
    html = analyst.get(f"/statistics/dashboards/board/?{PERIOD}").content.decode()

    assert 'href="?start=2025-01&amp;end=2025-03&amp;region=North" class="drill-down"' in html
    assert "Back to the national picture" not in html

    drilled = analyst.get(f"/statistics/dashboards/board/?{PERIOD}&region=North")

    html = drilled.content.decode()
    assert drilled.status_code == 200
    assert "Showing the region North only." in html
    assert 'href="?start=2025-01&amp;end=2025-03" class="national"' in html
    assert "Region: North" in html  # in the captions
    assert 'class="drill-down"' not in html
    assert (
        "/statistics/arrivals/export.csv/?rows=region&amp;start=2025-01&amp;end=2025-03&amp;region=North"
        in html
    )
    data = _chart_data(html)
    assert data["chart-1-data"]["labels"] == ["North", "Not stated"]
    assert data["chart-1-data"]["series"][0]["data"] == [55, 0]


def test_a_filter_the_indicator_does_not_allow_is_noted_beside_its_chart(analyst, board, facts):
    html = analyst.get(f"/statistics/dashboards/board/?{PERIOD}&sex=female").content.decode()

    assert html.count("Not filtered by Sex") == 1
    assert html.count('<table class="statistics"') == 5


def test_a_filter_that_isolates_a_few_is_shown_in_the_charts_place(analyst, board, facts):
    response = analyst.get(f"/statistics/dashboards/board/?{PERIOD}&region=East")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("These filters leave fewer than 10 people") == 4
    assert '<table class="statistics"' not in html
    assert "No data for this period." in html  # no complaints from East
    assert "7" not in _cells(html)


def test_bad_filters_are_shown_beside_their_fields(analyst, board, facts):
    response = analyst.get("/statistics/dashboards/board/?start=2025-13&region=Atlantis")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the month as YYYY-MM" in html
    assert "Correct the filters above" in html
    assert "<canvas" not in html


def test_a_period_that_ends_before_it_starts_is_refused(analyst, board, facts):
    html = analyst.get("/statistics/dashboards/board/?start=2025-03&end=2025-01").content.decode()

    assert "The period must end after it starts." in html
    assert "<canvas" not in html


def test_built_in_dashboards_open_with_no_data(analyst):
    for code in ("integration", "population", "protection"):
        response = analyst.get(f"/statistics/dashboards/{code}/")
        assert response.status_code == 200
        assert "never been refreshed" in response.content.decode()


def test_others_may_not_see_dashboards(people, client_for):
    caseworker = client_for(people["caseworker"])
    assert caseworker.get("/statistics/dashboards/").status_code == 403
    assert caseworker.get("/statistics/dashboards/population/").status_code == 403


def test_an_unknown_dashboard_page_is_404(analyst):
    assert analyst.get("/statistics/dashboards/nope/").status_code == 404


# --- API -----------------------------------------------------------------------------------


@pytest.fixture
def analyst_api(api_for, people):
    return api_for(people["analyst"])


def test_the_api_lists_the_dashboards_and_says_which_are_for_you(analyst_api):
    response = analyst_api.get("/api/v1/statistics/dashboards")

    assert response.status_code == 200
    items = {d["code"]: d for d in response.json()["results"]}
    assert items["population"]["for_you"] is True
    assert items["integration"]["for_you"] is False
    assert items["population"]["title"] == "Who is registered"


def test_the_api_gives_each_chart_its_table_with_nulls_for_suppressed_cells(
    analyst_api, board, facts
):
    response = analyst_api.get(
        "/api/v1/statistics/dashboards/board", {"start": "2025-01", "end": "2025-03"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["for_you"] is True
    assert [c["kind"] for c in body["charts"]] == ["bar", "stacked", "line", "pivot", "bar"]
    region = body["charts"][0]["table"]
    cells = {(c["row"], c["column"]): c for c in region["cells"]}
    assert cells[("East", "*")]["value"] is None
    assert cells[("East", "*")]["numerator"] is None
    assert cells[("North", "*")]["value"] == 55
    for chart in body["charts"]:
        published = {c["value"] for c in chart["table"]["cells"]} | {
            c["numerator"] for c in chart["table"]["cells"]
        }
        assert not set(SMALL) & published


def test_the_api_drills_down_skips_disallowed_filters_and_reports_refusals_per_chart(
    analyst_api, board, facts
):
    north = analyst_api.get(
        "/api/v1/statistics/dashboards/board",
        {"start": "2025-01", "end": "2025-03", "region": "North", "sex": "female"},
    ).json()
    east = analyst_api.get(
        "/api/v1/statistics/dashboards/board",
        {"start": "2025-01", "end": "2025-03", "region": "East"},
    ).json()

    assert north["charts"][4]["skipped_filters"] == ["sex"]
    assert north["charts"][0]["table"]["row_labels"] == {
        "North": "North",
        "": "Not stated",
        "*": "Total",
    }
    assert east["charts"][0]["table"] is None
    assert "fewer than 10" in east["charts"][0]["error"]
    assert east["charts"][4]["error"] is None


def test_the_api_refuses_a_bad_month_and_an_unknown_dashboard(analyst_api):
    bad = analyst_api.get("/api/v1/statistics/dashboards/population", {"start": "2025-13"})
    unknown = analyst_api.get("/api/v1/statistics/dashboards/nope")

    assert bad.status_code == 422
    assert unknown.status_code == 404
