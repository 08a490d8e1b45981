"""The funding pages (/funding/): the overview with the alert of core measures
with no funding next year, sources, budget lines, entries; bad input shown beside
the field; readers and writers as core.access says."""

from __future__ import annotations

import pytest
from django.utils import timezone

from integra.monitoring.models import BudgetEntry, BudgetLine, FundingSource
from tests.monitoring.test_funding_fixtures import *  # noqa: F403  (fixtures)
from tests.monitoring.test_funding_fixtures import YEAR, add_line, spend


@pytest.fixture
def coord(people, client_for):
    return client_for(people["coordinator"])


@pytest.fixture
def reader(people, client_for):
    return client_for(people["analyst"])


def test_the_overview_shows_the_programmes_and_the_alert(reader, coordinator, sources, programme):
    add_line(coordinator, amount="1000")
    add_line(coordinator, source="eu-amif", measure="language", amount="50", currency="EUR")
    response = reader.get(f"/funding/?year={YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme md-voluntary" in html
    assert "1,000.00 MDL" in html or "1000.00 MDL" in html
    assert "50.00 EUR" in html
    assert 'role="alert"' in html  # core measures unfunded next year
    assert "Measure housing" in html
    assert "Not shown: fewer than" in html  # cost per participant, suppressed


def test_an_empty_year_says_so(reader, db):
    html = reader.get("/funding/?year=2031").content.decode()
    assert "No budget line for 2031 yet." in html


def test_the_coordinator_adds_a_source_and_stops_using_it(coord):
    response = coord.post(
        "/funding/sources/new/",
        {"code": "eu-amif", "name": "EU AMIF", "kind": "multilateral", "is_active": "on"},
    )
    assert response.status_code == 302
    assert coord.get("/funding/sources/").status_code == 200
    edited = coord.post(
        "/funding/sources/eu-amif/edit/",
        {"name": "EU Asylum, Migration and Integration Fund", "kind": "multilateral",
         "is_active": "on"},
    )  # fmt: skip
    assert edited.status_code == 302
    assert coord.post("/funding/sources/eu-amif/deactivate/").status_code == 302
    source = FundingSource.objects.get(code="eu-amif")
    assert source.name.startswith("EU Asylum")
    assert not source.is_active


def test_a_negative_amount_is_shown_beside_the_field(coord, sources, programme):
    response = coord.post(
        "/funding/lines/new/",
        {"source": "state", "programme": "md-voluntary", "measure": "", "year": YEAR,
         "amount": "-10", "currency": "MDL"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "A budget line cannot have a negative amount" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_measure_of_another_programme_is_refused(coord, sources, programme, other):
    response = coord.post(
        "/funding/lines/new/",
        {"source": "state", "programme": "md-other", "measure": "md-voluntary/language",
         "year": YEAR, "amount": "10", "currency": "MDL"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "not a measure of the chosen programme" in response.content.decode()


def test_the_coordinator_adds_a_line_and_records_spending(coord, sources, programme):
    response = coord.post(
        "/funding/lines/new/",
        {"source": "state", "programme": "md-voluntary", "measure": "md-voluntary/language",
         "year": YEAR, "amount": "100", "currency": "MDL", "note": "Grant"},
    )  # fmt: skip
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.measure.code == "language"
    url = f"/funding/lines/{line.public_id}/entries/new/"
    today = timezone.localdate().isoformat()
    zero = coord.post(url, {"movement": "spending", "amount": "0", "on": today})
    assert zero.status_code == 200
    assert "more than zero" in zero.content.decode()
    over = coord.post(url, {"movement": "spending", "amount": "150", "on": today}, follow=True)
    assert over.status_code == 200
    html = over.content.decode()
    assert "more than its amount" in html  # a warning, not a refusal
    assert BudgetEntry.objects.count() == 1
    edited = coord.post(f"/funding/lines/{line.public_id}/edit/", {"amount": "200", "note": ""})
    assert edited.status_code == 302
    line.refresh_from_db()
    assert str(line.amount) == "200.00"


def test_the_lines_filter_and_show_an_empty_state(reader, coordinator, sources, programme):
    line = add_line(coordinator)
    spend(coordinator, line, "10")
    html = reader.get(f"/funding/lines/?year={YEAR}&source=state").content.decode()
    assert line.public_id in html
    empty = reader.get(f"/funding/lines/?year={YEAR - 3}").content.decode()
    assert "No budget line yet, or none matches." in empty
    detail = reader.get(f"/funding/lines/{line.public_id}/")
    assert detail.status_code == 200
    assert "Record a commitment or spending" not in detail.content.decode()  # a reader


def test_readers_cannot_write_and_others_cannot_read(reader, people, client_for, sources):
    assert reader.get("/funding/lines/new/").status_code == 403
    assert reader.post("/funding/sources/state/deactivate/").status_code == 403
    caseworker = client_for(people["caseworker"])
    assert caseworker.get("/funding/").status_code == 403
    assert caseworker.get("/funding/lines/").status_code == 403
