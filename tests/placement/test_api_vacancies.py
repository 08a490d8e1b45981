"""The vacancies API: employers and employment offices keep their own vacancies
(another's is not found), bad input is a problem+json naming each field, and
anyone reads the public vacancies and the labour demand without signing in."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from integra.core.models import AuditEntry
from integra.placement import services
from integra.placement.models import Vacancy
from tests.placement.conftest import JSON

PROBLEM = "application/problem+json"


def _body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Bricklayer",
        "occupation": "7112",
        "description": "Residential blocks.",
        "skills": ["bricklaying", "reading drawings"],
        "languages": [{"language": "ro", "level": "A2"}],
        "region": "Bălți",
        "locality": "Bălți",
        "positions": 4,
        "wage_min": "14000",
        "wage_max": "18000.50",
        "hours_per_week": 40,
        "contract_kind": "fixed_term",
        "closes_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    body.update(changes)
    return body


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_an_employer_posts_reads_changes_and_closes_a_vacancy(api_for, builder_user):
    api = api_for(builder_user)

    created = api.post("/api/v1/vacancies", _body(), content_type=JSON)

    assert created.status_code == 201, created.content
    row = created.json()
    public_id = row["public_id"]
    assert public_id.startswith("J-")
    assert row["organisation"]["code"] == "builder"
    assert row["employer"] == "Construct-Nord SRL"
    assert row["wage_max"] == "18000.50"
    assert row["occupation_label"] == "Building and related trades workers, excluding electricians"
    assert row["major_group"] == "7"
    assert row["languages"] == [{"language": "ro", "level": "A2"}]
    assert api.get(f"/api/v1/vacancies/{public_id}").json()["title"] == "Bricklayer"

    changed = api.patch(
        f"/api/v1/vacancies/{public_id}",
        {"positions": 6, "languages": [{"language": "ru", "level": "B1"}]},
        content_type=JSON,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["positions"] == 6
    assert changed.json()["title"] == "Bricklayer"  # not sent, not changed
    assert changed.json()["languages"] == [{"language": "ru", "level": "B1"}]

    closed = api.post(
        f"/api/v1/vacancies/{public_id}/close", {"status": "filled"}, content_type=JSON
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "filled"
    again = api.post(
        f"/api/v1/vacancies/{public_id}/close", {"status": "filled"}, content_type=JSON
    )
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM
    listed = api.get("/api/v1/vacancies?status=filled").json()["results"]
    assert [v["public_id"] for v in listed] == [public_id]
    assert AuditEntry.objects.filter(object_type="vacancy", object_id=public_id).count() == 3


def test_bad_input_names_each_field(api_for, builder_user):
    response = api_for(builder_user).post(
        "/api/v1/vacancies",
        _body(
            title=" ",
            occupation="0000",
            wage_min="500",
            wage_max="100",
            skills=[f"skill {n}" for n in range(31)],
            closes_on=(timezone.localdate() - timedelta(days=1)).isoformat(),
            languages=[{"language": "zz", "level": "B1"}],
        ),
        content_type=JSON,
    )

    errors = _errors(response)
    assert {"title", "occupation", "wage_max", "skills", "closes_on", "languages"} <= set(errors)
    assert "ISCO-08" in errors["occupation"]
    assert not Vacancy.objects.exists()


def test_malformed_input_is_a_problem_not_a_crash(api_for, builder_user):
    api = api_for(builder_user)
    for changes in (
        {"wage_min": "NaN"},
        {"positions": 10**9},
        {"title": "a\x00b"},
        {"closes_on": "tomorrow"},
        {"skills": "welding"},
    ):
        response = api.post("/api/v1/vacancies", _body(**changes), content_type=JSON)
        assert response.status_code == 422, (changes, response.content)
        assert response["Content-Type"] == PROBLEM


def test_an_office_posts_for_an_employer(api_for, office_user):
    api = api_for(office_user)
    missing = api.post("/api/v1/vacancies", _body(), content_type=JSON)
    assert "employer_name" in _errors(missing)

    created = api.post(
        "/api/v1/vacancies", _body(employer_name="Edil-Construct SA"), content_type=JSON
    )
    assert created.status_code == 201
    assert created.json()["employer"] == "Edil-Construct SA"
    assert created.json()["organisation"]["kind"] == "employment_office"


def test_another_employers_vacancy_is_not_found(api_for, softco_user, bricklayer):
    api = api_for(softco_user)
    url = f"/api/v1/vacancies/{bricklayer.public_id}"

    assert api.get(url).status_code == 404
    assert api.patch(url, {"positions": 1}, content_type=JSON).status_code == 404
    assert api.post(f"{url}/close", {"status": "filled"}, content_type=JSON).status_code == 404
    assert api.get("/api/v1/vacancies").json()["results"] == []


def test_those_who_post_nothing_are_refused(api_for, people, bricklayer):
    for role in ("caseworker", "inspector", "analyst"):
        api = api_for(people[role])
        assert api.get("/api/v1/vacancies").status_code == 403
        assert api.post("/api/v1/vacancies", _body(), content_type=JSON).status_code == 403
        assert api.get(f"/api/v1/vacancies/{bricklayer.public_id}").status_code == 403


def test_the_coordinator_posts_for_a_named_employer(api_for, people, builder, office):
    api = api_for(people["coordinator"])
    unnamed = api.post("/api/v1/vacancies", _body(), content_type=JSON)
    assert "organisation" in _errors(unnamed)

    created = api.post("/api/v1/vacancies", _body(organisation="builder"), content_type=JSON)
    assert created.status_code == 201
    assert created.json()["organisation"]["code"] == "builder"


# --- Public ----------------------------------------------------------------------------------


def test_anyone_reads_the_public_vacancies(client, builder_actor, post, bricklayer, developer):
    hidden = post(builder_actor, title="Excavator operator", open_to_foreign_workers=False)

    listed = client.get("/api/v1/public/vacancies")

    assert listed.status_code == 200
    ids = {row["public_id"] for row in listed.json()["results"]}
    assert ids == {bricklayer.public_id, developer.public_id}
    row = client.get(f"/api/v1/public/vacancies/{bricklayer.public_id}").json()
    assert row["posted_by"] == "Construct-Nord SRL"
    assert "status" not in row
    assert "organisation" not in row
    assert client.get(f"/api/v1/public/vacancies/{hidden.public_id}").status_code == 404
    filtered = client.get("/api/v1/public/vacancies?group=2&language=en&skill=DJANGO")
    assert [r["public_id"] for r in filtered.json()["results"]] == [developer.public_id]
    assert client.get("/api/v1/public/vacancies?group=77").status_code == 422


def test_a_closed_vacancy_leaves_the_public_api(client, builder_actor, bricklayer):
    services.vacancy_close(actor=builder_actor, vacancy=bricklayer, status="withdrawn")

    response = client.get(f"/api/v1/public/vacancies/{bricklayer.public_id}")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_anyone_reads_the_labour_demand(client, bricklayer, developer):
    response = client.get("/api/v1/labour-demand")

    assert response.status_code == 200
    rows = response.json()
    assert [r["region"] for r in rows] == ["Bălți", "Chișinău"]
    assert rows[0]["groups"] == [
        {"code": "7", "label": "Craft and related trades workers", "positions": 3, "vacancies": 1}
    ]
    assert rows[0]["skills"][0] == {"skill": "bricklaying", "positions": 3}


def test_the_public_api_is_rate_limited(client, db):
    for _ in range(60):
        assert client.get("/api/v1/labour-demand").status_code == 200
    limited = client.get("/api/v1/labour-demand")
    assert limited.status_code == 429
    assert limited["Content-Type"] == PROBLEM
