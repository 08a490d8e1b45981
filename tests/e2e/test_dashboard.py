"""A dashboard in a real browser (R24): an analyst opens a dashboard; Chart.js
(served from the site, under the Content Security Policy) draws each chart on
its canvas without a console error; under every chart is its table view, where
a cell too small to publish is an "x"; the chart downloads as a PNG; a region's
row header drills the whole dashboard down to that region, and the national
link brings it back.

The summary tables are written straight to the database (the refresh has tests
of its own), so the figures are known: East has 7 arrivals, too few to publish.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from integra.core.models import User
from integra.monitoring.models import Chart, Dashboard, Fact, Indicator, Refresh, RefreshState
from tests.e2e.conftest import axe_violations, path_of

pytestmark = pytest.mark.e2e

PERIOD = "start=2025-01&end=2025-03"


@pytest.fixture
def board(personas: dict[str, User]) -> Dashboard:
    now = timezone.now()
    Refresh.objects.create(
        state=RefreshState.DONE, started_at=now - timedelta(minutes=5), finished_at=now
    )
    for month, count, sex, band, region in [
        (1, 30, "female", "25-34", "North"),
        (2, 25, "male", "25-34", "North"),
        (1, 20, "female", "25-34", "South"),
        (3, 14, "male", "35-49", "South"),
        (2, 7, "female", "35-49", "East"),
    ]:
        Fact.objects.create(
            measure="registrations",
            period=date(2025, month, 1),
            count=count,
            sex=sex,
            age_band=band,
            region=region,
        )
    dashboard = Dashboard.objects.create(code="arrivals-board", title="Arrivals", roles=["analyst"])
    arrivals = Indicator.objects.get(code="arrivals")
    for position, (kind, rows, columns) in enumerate(
        [("bar", "region", ""), ("stacked", "age_band", "sex"), ("pivot", "sex", "region")]
    ):
        Chart.objects.create(
            dashboard=dashboard,
            indicator=arrivals,
            kind=kind,
            rows=rows,
            columns=columns,
            position=position,
        )
    return dashboard


def _row_headers(page: Any, table: str) -> list[str]:
    """The rows' names as seen (a drill-down link also says so to screen readers)."""
    return [
        text.strip().split("\n")[0] for text in page.locator(f"{table} tbody th").all_inner_texts()
    ]


def test_an_analyst_reads_a_dashboard_drills_down_to_a_region_and_comes_back(
    open_as: Any, personas: dict[str, User], board: Dashboard
) -> None:
    page = open_as(personas["analyst"])
    problems: list[str] = []
    # Errors and CSP violations; the browser's own look for a favicon is not the page's.
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.text} {m.location.get('url', '')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"/statistics/dashboards/{board.code}/?{PERIOD}")
    page.wait_for_load_state("load")

    # Chart.js is loaded from the site and has drawn both charts; the pivot is a table.
    page.wait_for_selector("canvas[data-drawn=true] >> nth=1")
    assert page.evaluate("() => typeof window.Chart") == "function"
    assert page.locator("canvas").count() == 2
    assert page.evaluate(
        "() => [...document.querySelectorAll('canvas')].every((c) => window.Chart.getChart(c))"
    )
    canvas = page.locator("#chart-1-canvas")
    assert canvas.get_attribute("role") == "img"
    assert "Arrivals registered by Region" in (canvas.get_attribute("aria-label") or "")
    box = canvas.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 100
    # Something was painted (not a blank canvas).
    assert page.evaluate(
        """() => {
            const c = document.querySelector('#chart-1-canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) { return true; }
            }
            return false;
        }"""
    )

    # The table view: East's 7 arrivals are an "x", never the number.
    table = "#chart-1-table"
    assert page.locator(f"{table} caption").inner_text().startswith("Arrivals registered by Region")
    assert _row_headers(page, table) == ["East", "North", "South", "Not stated", "Total"]
    east = page.locator(f"{table} tbody tr").first.locator("td")
    assert east.inner_text().split()[0] == "x"
    assert "7" not in page.locator(table).inner_text().split()
    assert page.locator("#chart-3-table").is_visible()  # the pivot

    # The chart as a PNG.
    png = page.locator("#chart-1 button.download-png")
    assert png.is_visible()
    with page.expect_download() as download:
        png.click()
    assert download.value.suggested_filename.endswith(".png")
    assert page.locator("#chart-1 a", has_text="Download CSV").is_visible()

    # Drill down to North: every chart and table of the dashboard is North's only.
    page.locator(f"{table} a.drill-down", has_text="North").click()
    page.wait_for_load_state("load")
    assert path_of(page) == f"/statistics/dashboards/{board.code}/?{PERIOD}&region=North"
    assert _row_headers(page, table) == ["North", "Not stated", "Total"]
    assert "Region: North" in page.locator(f"{table} caption").inner_text()
    assert page.locator("#id_region").input_value() == "North"
    page.wait_for_selector("canvas[data-drawn=true] >> nth=1")

    # And back to the national picture.
    page.locator("a.national").click()
    page.wait_for_load_state("load")
    assert "region=" not in path_of(page)
    assert _row_headers(page, table) == ["East", "North", "South", "Not stated", "Total"]
    page.wait_for_selector("canvas[data-drawn=true] >> nth=1")

    assert problems == []


def test_a_dashboard_has_no_serious_accessibility_violations(
    open_as: Any, personas: dict[str, User], board: Dashboard
) -> None:
    page = open_as(personas["analyst"], bypass_csp=True)
    page.goto(f"/statistics/dashboards/{board.code}/?{PERIOD}")
    page.wait_for_selector("canvas[data-drawn=true] >> nth=1")

    assert axe_violations(page) == []
