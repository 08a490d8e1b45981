"""The statistics pages: indicators, their disclosure-controlled tables and exports,
targets, and the refresh of the summary tables (issue 7, R24)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks import task_backends

from integra.monitoring.models import Fact, Indicator, Refresh, RefreshState

PERIOD = "start=2025-01&end=2025-03"
TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def _cells(html: str) -> list[str]:
    """The visible text of the table's data cells."""
    texts = [re.sub(r"<[^>]+>", " ", cell).split() for cell in TD.findall(html)]
    return [words[0] if words else "" for words in texts]


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
def arrivals(refreshed: Refresh) -> None:
    """41 women and 33 men aged 25-34 registered; 7 people whose sex is not stated,
    all 65 or older: a small cell that must never be shown."""
    _fact("registrations", 1, 41, sex="female", age_band="25-34")
    _fact("registrations", 1, 33, sex="male", age_band="25-34")
    _fact("registrations", 2, 7, sex="", age_band="65+")


@pytest.fixture
def analyst(people, client_for):
    return client_for(people["analyst"])


@pytest.fixture
def coordinator(people, client_for):
    return client_for(people["coordinator"])


# --- The indicators --------------------------------------------------------------------------


def test_the_index_lists_the_indicators_by_source_and_says_the_tables_were_never_built(
    analyst,
):
    response = analyst.get("/statistics/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Arrivals registered" in html
    assert "<caption>Registry</caption>" in html
    assert "never been refreshed" in html
    assert 'action="/statistics/refresh/"' in html


def test_the_index_says_when_the_tables_were_refreshed_and_why_the_last_refresh_failed(
    analyst, refreshed
):
    Refresh.objects.create(
        state=RefreshState.FAILED,
        started_at=timezone.now(),
        finished_at=timezone.now() + timedelta(seconds=1),
        error="OperationalError: disk full",
    )

    html = analyst.get("/statistics/").content.decode()

    assert "Tables refreshed on" in html
    assert "OperationalError: disk full" in html


def test_the_staff_menu_offers_statistics_to_analysts_only(people, client_for):
    assert 'href="/statistics/"' in client_for(people["analyst"]).get("/").content.decode()
    assert 'href="/statistics/"' not in client_for(people["caseworker"]).get("/").content.decode()


# --- The table -------------------------------------------------------------------------------


def test_a_small_cell_is_shown_as_x_and_its_number_never_reaches_the_page(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/?rows=sex&{PERIOD}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<caption>" in html
    assert '<th scope="row">' in html
    assert '<th scope="col">' in html
    cells = _cells(html)
    assert "41" in cells  # the women are published
    assert "7" not in cells  # the people of unstated sex are not ...
    assert cells.count("x") >= 2  # ... nor a cell that would give them back
    assert "Not stated" in html
    assert "Total" in html
    assert "no person can be singled out" in html
    assert "fewer than 10" in html
    assert "Tables refreshed on" in html


def test_a_two_way_table_has_margins(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/?rows=age_band&columns=sex&{PERIOD}")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Total") >= 2  # a total row and a total column
    assert "7" not in _cells(html)


def test_a_rate_shows_its_numerator_and_denominator(analyst, refreshed):
    _fact("cohort_30_days", 1, 50, sex="female")
    _fact("cohort_30_days", 1, 40, sex="male")
    _fact("plan_within_30_days", 1, 25, sex="female")
    _fact("plan_within_30_days", 1, 30, sex="male")

    html = analyst.get(f"/statistics/plan_within_30_days/?rows=sex&{PERIOD}").content.decode()

    assert "50.0 %" in html
    assert "25 / 50" in html
    assert "75.0 %" in html


def test_a_mean_shows_how_many_it_averages(analyst, refreshed):
    Fact.objects.create(
        measure="enrolment_waits", period=date(2025, 2, 1), count=12, value=150, sex="female"
    )
    Fact.objects.create(
        measure="enrolment_waits", period=date(2025, 2, 1), count=20, value=100, sex="male"
    )

    html = analyst.get(f"/statistics/course_wait/?rows=sex&{PERIOD}").content.decode()

    assert "12.5" in _cells(html)  # 150 days over 12 people
    assert "n = 12" in html
    assert "5.0" in _cells(html)


def test_a_rate_without_data_says_so(analyst, refreshed):
    response = analyst.get(f"/statistics/plan_within_30_days/?rows=sex&{PERIOD}")

    assert response.status_code == 200
    assert "No data for this period." in response.content.decode()


def test_a_period_without_data_says_so(analyst, arrivals):
    response = analyst.get("/statistics/arrivals/?rows=sex&start=2020-01&end=2020-03")

    assert response.status_code == 200
    assert "No data for this period." in response.content.decode()


def test_a_breakdown_the_indicator_does_not_allow_is_explained_beside_its_field(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/?rows=category&{PERIOD}")

    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(r'<div id="id_rows_error">(.*?)</div>', html, re.S)
    assert error is not None
    assert "cannot be broken down by Category" in error.group(1)
    assert '<table class="statistics"' not in html


def test_a_month_that_is_not_one_is_explained_beside_its_field(analyst):
    response = analyst.get("/statistics/arrivals/?rows=sex&end=2025-13")

    error = re.search(r'<div id="id_end_error">(.*?)</div>', response.content.decode(), re.S)
    assert response.status_code == 200
    assert error is not None
    assert "YYYY-MM" in error.group(1)


def test_a_filter_that_leaves_fewer_than_the_threshold_is_refused(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/?rows=sex&age_band=65%2B&{PERIOD}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "These filters leave fewer than 10 people or events" in html
    assert '<table class="statistics"' not in html
    assert "7" not in _cells(html)


def test_a_filter_over_enough_people_narrows_the_table(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/?rows=sex&age_band=25-34&{PERIOD}")

    html = response.content.decode()
    assert "Age band: 25-34" in html
    assert "74" in _cells(html)  # 41 women and 33 men


def test_an_unknown_indicator_is_not_found(analyst):
    assert analyst.get("/statistics/no-such-thing/").status_code == 404


# --- Export ----------------------------------------------------------------------------------


def test_the_export_has_a_row_per_cell_and_no_suppressed_number(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/export.csv/?rows=sex&{PERIOD}")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="arrivals.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Sex", "Column", "Value", "Numerator", "Denominator", "Suppressed"]
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["Female"] == ["Female", "Total", "41", "41", "", "no"]
    assert by_label["Not stated"] == ["Not stated", "Total", "", "", "", "yes"]
    assert sum(row[5] == "yes" for row in rows[1:]) >= 2
    assert all(row[2] != "7" for row in rows[1:])


def test_the_xlsx_export_is_a_workbook(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/export.xlsx/?rows=sex&columns=age_band&{PERIOD}")

    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert response["Content-Disposition"] == 'attachment; filename="arrivals.xlsx"'


def test_a_bad_export_query_answers_400_with_the_message(analyst, arrivals):
    response = analyst.get(f"/statistics/arrivals/export.csv/?rows=sex&age_band=65%2B&{PERIOD}")

    assert response.status_code == 400
    assert "These filters leave fewer than 10" in response.content.decode()


def test_an_unknown_export_format_is_not_found(analyst):
    assert analyst.get("/statistics/arrivals/export.pdf/").status_code == 404


# --- Target ----------------------------------------------------------------------------------


def test_the_coordinator_sets_and_clears_a_target(coordinator):
    response = coordinator.post("/statistics/arrivals/target/", {"target": "1500"})

    assert response.status_code == 302
    assert response["Location"] == "/statistics/arrivals/"
    assert Indicator.objects.get(code="arrivals").target == Decimal("1500.00")
    coordinator.post("/statistics/arrivals/target/", {"target": ""})
    assert Indicator.objects.get(code="arrivals").target is None


def test_a_bad_target_is_explained_beside_its_field(coordinator, refreshed):
    this_month = timezone.localdate().replace(day=1)
    Fact.objects.create(measure="cohort_30_days", period=this_month, count=20, sex="female")

    response = coordinator.post("/statistics/plan_within_30_days/target/", {"target": "140"})

    html = response.content.decode()
    assert response.status_code == 200
    error = re.search(r'<div id="id_target_error">(.*?)</div>', html, re.S)
    assert error is not None
    assert "at most 100 per cent" in error.group(1)
    assert Indicator.objects.get(code="plan_within_30_days").target is None


def test_an_analyst_sees_no_target_form_and_may_not_set_one(analyst):
    assert (
        'action="/statistics/arrivals/target/"'
        not in analyst.get("/statistics/arrivals/").content.decode()
    )
    assert analyst.post("/statistics/arrivals/target/", {"target": "5"}).status_code == 403


# --- Refresh ---------------------------------------------------------------------------------


def test_asking_for_a_refresh_enqueues_it_once(analyst, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    response = analyst.post("/statistics/refresh/")

    assert response.status_code == 302
    assert response["Location"] == "/statistics/"
    record = Refresh.objects.get()
    assert record.state == RefreshState.RUNNING
    (enqueued,) = task_backends["default"].results  # type: ignore[attr-defined]
    assert enqueued.kwargs == {"refresh_id": record.pk}
    again = analyst.post("/statistics/refresh/", follow=True)
    assert again.status_code == 200
    assert "being refreshed already" in again.content.decode()
    assert len(task_backends["default"].results) == 1  # type: ignore[attr-defined]
    assert "is running" in again.content.decode()


def test_a_refresh_is_asked_for_with_a_post(analyst):
    assert analyst.get("/statistics/refresh/").status_code == 405


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/statistics/", "/statistics/arrivals/", "/statistics/arrivals/export.csv/"]
)
def test_the_anonymous_are_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "url", ["/statistics/", "/statistics/arrivals/", "/statistics/arrivals/export.csv/"]
)
def test_a_caseworker_may_not_see_statistics(people, client_for, url):
    assert client_for(people["caseworker"]).get(url).status_code == 403


def test_a_caseworker_may_not_ask_for_a_refresh(people, client_for):
    assert client_for(people["caseworker"]).post("/statistics/refresh/").status_code == 403
    assert not Refresh.objects.exists()


def test_the_publication_streams_every_table_without_a_suppressed_number(analyst, arrivals):
    response = analyst.get("/statistics/publication.csv?start=2026-01&end=2026-12")
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("indicator,rows,row,row_label,columns,column")
    assert any(line.startswith("arrivals,sex,") for line in lines)
    assert any(line.startswith("arrivals,sex,") and ",region," in line for line in lines)
    for line in lines[1:]:
        if line.endswith(",yes"):
            assert line.split(",")[-4:-1] == ["", "", ""]


def test_the_publication_refuses_a_backwards_period(analyst):
    response = analyst.get("/statistics/publication.csv?start=2026-05&end=2026-01")
    assert response.status_code == 400
    assert "The period must end after it starts." in response.content.decode()


def test_the_publication_is_for_statistics_readers_only(client_for, people):
    response = client_for(people["caseworker"]).get("/statistics/publication.csv")
    assert response.status_code == 403
