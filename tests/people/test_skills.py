"""Languages, education, qualifications (with recognition, R9) and work experience."""

from __future__ import annotations

import json

import pytest

from integra.people.models import Language, Qualification, WorkExperience
from integra.people.reference import isco_valid


def _post(client, person, what, **body):
    return client.post(
        f"/api/v1/persons/{person.public_id}/{what}",
        json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("2221", True),
        ("7", True),
        ("71", True),
        ("0", True),
        ("99", False),
        ("12345", False),
        ("ab", False),
        ("", False),
    ],
)
def test_isco_codes_must_start_with_a_real_group(code, valid):
    assert isco_valid(code) is valid


def test_skills_appear_on_the_record(people, person, api_for):
    client = api_for(people["caseworker"])
    assert _post(client, person, "languages", code="uk", declared_level="native").status_code == 201
    assert _post(client, person, "languages", code="ron", declared_level="A2").status_code == 201
    assert (
        _post(
            client,
            person,
            "qualifications",
            title="Bachelor of Nursing",
            country="UA",
            isced_level=6,
            occupation="2221",
            recognition="pending",
        ).status_code
        == 201
    )
    assert (
        _post(
            client, person, "experience", occupation="2221", years="6.5", country="UA"
        ).status_code
        == 201
    )
    record = client.get(f"/api/v1/persons/{person.public_id}").json()
    assert [(lang["code"], lang["declared_level"]) for lang in record["languages"]] == [
        ("ron", "A2"),
        ("uk", "native"),
    ]
    assert record["qualifications"][0]["recognition"] == "pending"
    assert record["work_experience"][0]["years"] == "6.5"


def test_a_language_is_recorded_once_and_its_level_can_change(people, person, api_for):
    client = api_for(people["caseworker"])
    _post(client, person, "languages", code="ro", declared_level="A1")
    _post(client, person, "languages", code="ro", declared_level="B1")
    assert Language.objects.get(person=person).declared_level == "B1"


@pytest.mark.parametrize(
    ("what", "body", "field"),
    [
        ("languages", {"code": "xx", "declared_level": "A1"}, "code"),
        ("qualifications", {"title": "MD", "country": "ZZ", "isced_level": 7}, "country"),
        (
            "qualifications",
            {"title": "MD", "country": "SY", "isced_level": 7, "occupation": "9999"},
            "occupation",
        ),
        ("experience", {"occupation": "99", "years": "2"}, "occupation"),
        ("experience", {"occupation": "7112", "years": "71"}, "years"),
    ],
)
def test_bad_skills_are_refused_naming_the_field(people, person, api_for, what, body, field):
    response = _post(api_for(people["caseworker"]), person, what, **body)
    assert response.status_code == 422
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Language.objects.exists()
    assert not Qualification.objects.exists()
    assert not WorkExperience.objects.exists()


def test_the_skills_page_adds_each_kind_without_javascript(people, person, client_for):
    client = client_for(people["caseworker"])
    url = f"/people/{person.public_id}/skills/"
    refused = client.post(
        url, {"add": "experience", "experience-occupation": "99", "experience-years": "1"}
    )
    assert 'id="id_experience-occupation_error"' in refused.content.decode()
    client.post(url, {"add": "language", "language-code": "ar", "language-declared_level": "B2"})
    client.post(
        url,
        {
            "add": "qualification",
            "qualification-title": "Electrician",
            "qualification-country": "SY",
            "qualification-isced_level": "4",
            "qualification-occupation": "7411",
            "qualification-recognition": "recognised",
        },
    )
    page = client.get(f"/people/{person.public_id}/").content.decode()
    assert "Electrician" in page
    assert "<code>ar</code>" in page
