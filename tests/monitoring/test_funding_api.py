"""The funding API (/api/v1/funding/...): sources, budget lines with filters,
entries, overview and gaps; bad input answers problem+json naming the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.core.models import AuditEntry
from integra.monitoring.models import BudgetLine
from tests.monitoring.test_funding_fixtures import *  # noqa: F403  (fixtures)
from tests.monitoring.test_funding_fixtures import YEAR, add_line


@pytest.fixture
def coord_api(people, token_for):
    return {"Authorization": f"Bearer {token_for(people['coordinator'])}"}


@pytest.fixture
def analyst_api(people, token_for):
    return {"Authorization": f"Bearer {token_for(people['analyst'])}"}


LINE = {
    "source": "state",
    "programme": "md-voluntary",
    "measure": "language",
    "year": YEAR,
    "amount": "1500.00",
    "currency": "MDL",
}


def test_it_lists_and_adds_sources(client, coord_api, sources):
    listed = client.get("/api/v1/funding/sources", headers=coord_api)
    assert listed.status_code == 200
    assert {s["code"] for s in listed.json()["results"]} == {"state", "eu-amif"}
    made = client.post(
        "/api/v1/funding/sources",
        {"code": "sdc", "name": "Swiss Agency", "kind": "bilateral"},
        content_type="application/json",
        headers=coord_api,
    )
    assert made.status_code == 201
    assert made.json()["kind"] == "bilateral"


def test_a_negative_amount_is_a_problem_naming_the_field(client, coord_api, sources, programme):
    response = client.post(
        "/api/v1/funding/lines",
        {**LINE, "amount": "-100"},
        content_type="application/json",
        headers=coord_api,
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "negative amount" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_measure_of_another_programme_is_refused(client, coord_api, sources, programme, other):
    response = client.post(
        "/api/v1/funding/lines",
        {**LINE, "programme": "md-other"},
        content_type="application/json",
        headers=coord_api,
    )
    assert response.status_code == 422
    assert "not a measure of the programme" in response.content.decode()


def test_it_adds_reads_filters_and_changes_a_line(client, coord_api, sources, programme):
    made = client.post(
        "/api/v1/funding/lines", LINE, content_type="application/json", headers=coord_api
    )
    assert made.status_code == 201, made.content
    public_id = made.json()["public_id"]
    assert made.json()["measure"] == "language"
    listed = client.get(f"/api/v1/funding/lines?year={YEAR}&source=state", headers=coord_api)
    assert [line["public_id"] for line in listed.json()["results"]] == [public_id]
    none = client.get(f"/api/v1/funding/lines?year={YEAR - 1}", headers=coord_api)
    assert none.json()["results"] == []
    changed = client.patch(
        f"/api/v1/funding/lines/{public_id}",
        {"amount": "2000"},
        content_type="application/json",
        headers=coord_api,
    )
    assert changed.status_code == 200
    assert Decimal(changed.json()["amount"]) == Decimal("2000")
    refused = client.patch(
        f"/api/v1/funding/lines/{public_id}",
        {"amount": "-1"},
        content_type="application/json",
        headers=coord_api,
    )
    assert refused.status_code == 422
    assert AuditEntry.objects.filter(action="funding.line_update").count() == 1


def test_entries_warn_beyond_the_amount_and_refuse_zero(
    client, coord_api, coordinator, sources, programme
):
    line = add_line(coordinator, amount="100")
    url = f"/api/v1/funding/lines/{line.public_id}/entries"
    zero = client.post(
        url,
        {"movement": "spending", "amount": "0", "on": f"{YEAR}-03-01"},
        content_type="application/json",
        headers=coord_api,
    )
    assert zero.status_code == 422
    over = client.post(
        url,
        {"movement": "spending", "amount": "150", "on": f"{YEAR}-03-01", "reference": "P-1"},
        content_type="application/json",
        headers=coord_api,
    )
    assert over.status_code == 201
    assert over.json()["warnings"]
    detail = client.get(f"/api/v1/funding/lines/{line.public_id}", headers=coord_api).json()
    assert Decimal(detail["line"]["spent"]) == Decimal("150")
    assert Decimal(detail["line"]["remaining"]) == Decimal("-50")
    assert detail["cost"]["participants"] is None  # fewer than the threshold
    assert detail["cost"]["note"]
    assert len(detail["entries"]) == 1


def test_overview_and_gaps(client, analyst_api, coordinator, sources, programme):
    add_line(coordinator, amount="1000")
    add_line(coordinator, source="eu-amif", measure="language", amount="50", currency="EUR")
    overview = client.get(f"/api/v1/funding/overview?year={YEAR}", headers=analyst_api)
    assert overview.status_code == 200
    body = overview.json()
    assert [m["currency"] for m in body["budget"]] == ["EUR", "MDL"]
    assert {g["measure_code"] for g in body["gaps"]} == {"language", "housing"}
    gaps = client.get(f"/api/v1/funding/gaps?year={YEAR}", headers=analyst_api)
    assert gaps.json() == []  # this year the programme as a whole is funded
    nxt = client.get("/api/v1/funding/gaps", headers=analyst_api)
    assert len(nxt.json()) == 2


def test_analysts_read_but_do_not_write(client, analyst_api, sources, programme):
    refused = client.post(
        "/api/v1/funding/lines", LINE, content_type="application/json", headers=analyst_api
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_a_bad_year_is_refused(client, analyst_api):
    assert client.get("/api/v1/funding/overview?year=1200", headers=analyst_api).status_code == 422
