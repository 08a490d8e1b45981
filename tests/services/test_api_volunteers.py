"""The volunteers API (R12): an organisation keeps and vets its volunteers, a
caseworker matches one to a measure of a person's plan, hours are logged, matches
end; contact details stay with the volunteer's organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from integra.core.models import AuditEntry, Notification
from integra.core.roles import Role
from integra.people import services as people_services
from integra.people.models import Person
from integra.services.models import Volunteer, VolunteerHours, VolunteerMatch
from tests.conftest import make_user
from tests.services.conftest import JSON, volunteer

VOLUNTEER_BODY = {
    "given_name": "Ion",
    "family_name": "Rusu",
    "email": "ion@example.org",
    "phone": "+37368000000",
    "languages": ["ro", "ru"],
    "skills": ["mentoring", "job_search"],
    "locality": "Bălți",
    "availability": "Weekday evenings",
    "hours_per_month": 6,
    "max_matches": 3,
}


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _match(api, person, measure, volunteer_id, note="Tuesdays after the course."):
    return api.post(
        f"/api/v1/persons/{person.public_id}/volunteer-matches",
        {"measure_id": measure.pk, "volunteer": volunteer_id, "note": note},
        content_type=JSON,
    )


@pytest.fixture
def match(cw_api, person, measure, elena) -> dict[str, object]:
    """Elena tutors Amina for the plan's Romanian course, from today."""
    response = _match(cw_api, person, measure, elena.public_id)
    assert response.status_code == 201, response.content
    return response.json()


# --- Keeping volunteers ---------------------------------------------------------------


def test_an_organisation_adds_vets_and_changes_its_volunteers(partner_api):
    created = partner_api.post(
        "/api/v1/organisations/ngo/volunteers", VOLUNTEER_BODY, content_type=JSON
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["public_id"].startswith("V-")
    assert body["organisation"]["code"] == "ngo"
    assert (body["email"], body["phone"]) == ("ion@example.org", "+37368000000")
    assert body["skills"] == ["job_search", "mentoring"]
    assert (body["vetting"], body["cleared"]) == ("pending", False)
    url = f"/api/v1/volunteers/{body['public_id']}"
    assert AuditEntry.objects.filter(
        action="volunteer.create", object_id=body["public_id"]
    ).exists()

    vetted = partner_api.post(
        f"{url}/vetting",
        {"outcome": "cleared", "on": _today(-3), "expires_on": _today(362)},
        content_type=JSON,
    )

    assert vetted.status_code == 200, vetted.content
    assert (vetted.json()["vetting"], vetted.json()["cleared"]) == ("cleared", True)
    assert vetted.json()["vetted_on"] == _today(-3)
    changed = partner_api.put(url, VOLUNTEER_BODY | {"given_name": "Ioan"}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert changed.json()["given_name"] == "Ioan"
    assert changed.json()["cleared"] is True  # a new profile keeps the check
    assert partner_api.get(url).json()["given_name"] == "Ioan"
    assert Volunteer.objects.count() == 1


def test_only_the_organisations_staff_and_coordinators_keep_its_volunteers(
    api_for, people, orgs, cw_api, partner_api, coord_api, elena
):
    url = f"/api/v1/volunteers/{elena.public_id}"
    vetting = {"outcome": "refused", "on": _today()}
    # A centre's caseworker reads the NGO's volunteers, and changes nothing of them.
    assert cw_api.get(url).status_code == 200
    for refused in (
        cw_api.post("/api/v1/organisations/ngo/volunteers", VOLUNTEER_BODY, content_type=JSON),
        cw_api.put(url, VOLUNTEER_BODY, content_type=JSON),
        cw_api.post(f"{url}/vetting", vetting, content_type=JSON),
        api_for(people["teacher"]).post(
            "/api/v1/organisations/ngo/volunteers", VOLUNTEER_BODY, content_type=JSON
        ),
        # The NGO's partner does not keep another organisation's volunteers.
        partner_api.post(
            "/api/v1/organisations/centre-b/volunteers", VOLUNTEER_BODY, content_type=JSON
        ),
    ):
        assert refused.status_code == 403, refused.content
        assert refused["Content-Type"] == "application/problem+json"
    # Coordinators keep every organisation's; the NGO's partner then reads, not changes.
    other = coord_api.post(
        "/api/v1/organisations/centre-b/volunteers", VOLUNTEER_BODY, content_type=JSON
    )
    assert other.status_code == 201, other.content
    other_url = f"/api/v1/volunteers/{other.json()['public_id']}"
    assert partner_api.put(other_url, VOLUNTEER_BODY, content_type=JSON).status_code == 403
    assert partner_api.post(f"{other_url}/vetting", vetting, content_type=JSON).status_code == 403
    assert coord_api.post(f"{url}/vetting", vetting, content_type=JSON).status_code == 200
    assert (
        partner_api.post(
            "/api/v1/organisations/nowhere/volunteers", VOLUNTEER_BODY, content_type=JSON
        ).status_code
        == 404
    )
    elena.refresh_from_db()
    assert (elena.given_name, elena.vetting) == ("Elena", "refused")
    assert Volunteer.objects.count() == 2


def test_contact_details_are_for_the_volunteers_organisation(cw_api, partner_api, coord_api, elena):
    url = f"/api/v1/volunteers/{elena.public_id}"

    seen_by_caseworker = cw_api.get(url).json()
    listed_for_caseworker = cw_api.get("/api/v1/volunteers").json()["results"]

    assert (seen_by_caseworker["email"], seen_by_caseworker["phone"]) == (None, None)
    assert seen_by_caseworker["given_name"] == "Elena"
    assert seen_by_caseworker["cleared"] is True
    assert [(row["email"], row["phone"]) for row in listed_for_caseworker] == [(None, None)]
    assert "elena@example.org" not in cw_api.get("/api/v1/volunteers").content.decode()
    for keeper in (partner_api, coord_api):
        assert keeper.get(url).json()["email"] == "elena@example.org"
        assert keeper.get("/api/v1/volunteers").json()["results"][0]["phone"] == "+37369000000"


def test_bad_volunteer_input_is_refused_field_by_field(partner_api):
    bad = VOLUNTEER_BODY | {
        "given_name": " ",
        "email": "not-an-address",
        "languages": ["ro", "qq"],
        "skills": ["juggling"],
        "hours_per_month": 500,
        "max_matches": 0,
    }

    errors = _errors(
        partner_api.post("/api/v1/organisations/ngo/volunteers", bad, content_type=JSON)
    )

    assert errors == {
        "given_name": "Give the volunteer's name.",
        "email": "Enter a valid e-mail address.",
        "languages": "Unknown language codes: qq.",
        "skills": "Unknown kinds of help: juggling.",
        "hours_per_month": "Give between 1 and 200 hours a month.",
        "max_matches": "A volunteer helps between 1 and 20 people at a time.",
    }
    assert set(
        _errors(
            partner_api.post(
                "/api/v1/organisations/ngo/volunteers",
                VOLUNTEER_BODY | {"skills": []},
                content_type=JSON,
            )
        )
    ) == {"skills"}
    shape = _errors(
        partner_api.post(
            "/api/v1/organisations/ngo/volunteers",
            VOLUNTEER_BODY
            | {"languages": ["Romanian"], "family_name": "A\x00", "max_matches": 10**6},
            content_type=JSON,
        )
    )
    assert set(shape) == {"languages.0", "family_name", "max_matches"}
    assert set(
        _errors(partner_api.post("/api/v1/organisations/ngo/volunteers", {}, content_type=JSON))
    ) == {
        "given_name",
        "skills",
    }
    assert not Volunteer.objects.exists()


def test_bad_vetting_is_refused_and_changes_nothing(partner_api, elena):
    url = f"/api/v1/volunteers/{elena.public_id}/vetting"

    errors = _errors(
        partner_api.post(
            url, {"outcome": "maybe", "on": _today(1), "expires_on": _today(-5)}, content_type=JSON
        )
    )

    assert set(errors) == {"outcome", "on", "expires_on"}
    assert set(
        _errors(partner_api.post(url, {"outcome": "cleared", "on": "soon"}, content_type=JSON))
    ) == {"on"}
    elena.refresh_from_db()
    assert (elena.vetting, elena.vetted_on) == (
        "cleared",
        timezone.localdate() - timedelta(days=10),
    )


def test_the_volunteer_list_filters(cw_api, partner, orgs, elena):
    volunteer(
        partner,
        orgs["ngo"],
        "Mihai",
        languages=("ro", "ru"),
        locality="Bălți",
        skills=("mentoring",),
    )
    volunteer(partner, orgs["ngo"], "Nadia", languages=("uk",), cleared=False)

    def names(query: str) -> list[str]:
        response = cw_api.get(f"/api/v1/volunteers?{query}")
        assert response.status_code == 200, response.content
        return [row["given_name"] for row in response.json()["results"]]

    assert names("") == ["Elena", "Mihai", "Nadia"]
    assert names("q=nad") == ["Nadia"]
    assert names("q=popa+elena") == ["Elena"]
    assert names("skill=mentoring") == ["Mihai"]
    assert names("skill=language_tutoring") == ["Elena", "Nadia"]
    assert names("language=ru") == ["Mihai"]
    assert names("locality=b%C4%83l%C8%9Bi") == ["Mihai"]
    assert names("cleared=true") == ["Elena", "Mihai"]
    assert names("cleared=true&skill=language_tutoring") == ["Elena"]
    assert names("organisation=ngo") == ["Elena", "Mihai", "Nadia"]
    assert names("organisation=centre-a") == []
    page = cw_api.get("/api/v1/volunteers?page_size=2").json()
    assert [row["given_name"] for row in page["results"]] == ["Elena", "Mihai"]
    assert [row["given_name"] for row in cw_api.get(page["next"]).json()["results"]] == ["Nadia"]
    assert set(_errors(cw_api.get("/api/v1/volunteers?skill=Juggling!&language=romanian"))) == {
        "query.skill",
        "query.language",
    }


# --- Matching --------------------------------------------------------------------------


def test_suggestions_put_a_shared_language_and_the_same_place_first(
    cw_api, caseworker, partner, orgs, person, measure
):
    people_services.language_set(actor=caseworker, person=person, code="ar", declared_level="C2")
    Person.objects.filter(pk=person.pk).update(locality="Chișinău")  # where Amina lives now
    volunteer(partner, orgs["ngo"], "Far", languages=("ro", "ar"), locality="Bălți")
    volunteer(partner, orgs["ngo"], "Near", languages=("ro", "ar"), locality="Chișinău")
    volunteer(partner, orgs["ngo"], "Noarabic", languages=("ro",), locality="Chișinău")
    volunteer(partner, orgs["ngo"], "Noromanian", languages=("ar",), locality="Chișinău")
    volunteer(partner, orgs["ngo"], "Unvetted", cleared=False)
    volunteer(partner, orgs["ngo"], "Mentor", skills=("mentoring",))
    url = f"/api/v1/persons/{person.public_id}/volunteer-suggestions"

    response = cw_api.get(f"{url}?measure_id={measure.pk}")

    assert response.status_code == 200, response.content
    found = response.json()
    assert [row["name"] for row in found] == ["Near Popa", "Far Popa", "Noarabic Popa"]
    near, far, no_arabic = found
    assert (near["shared_languages"], near["same_locality"]) == (["ar"], True)
    assert (far["shared_languages"], far["same_locality"]) == (["ar"], False)
    assert (no_arabic["shared_languages"], no_arabic["same_locality"]) == ([], True)
    assert near["score"] > far["score"] > no_arabic["score"]
    assert near["volunteer"].startswith("V-")
    assert near["organisation"]["code"] == "ngo"
    assert (near["languages"], near["skills"], near["locality"]) == (
        ["ar", "ro"],
        ["language_tutoring"],
        "Chișinău",
    )
    assert "email" not in near
    assert cw_api.get(f"{url}?measure_id={2**62}").json() == []
    assert set(_errors(cw_api.get(url))) == {"query.measure_id"}
    assert set(_errors(cw_api.get(f"{url}?measure_id={2**63}"))) == {"query.measure_id"}


def test_matching_puts_the_measure_in_progress_and_tells_the_organisation(
    cw_api, partner_api, people, person, measure, elena
):
    response = _match(cw_api, person, measure, elena.public_id)

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["volunteer"] == elena.public_id
    assert created["person"] == person.public_id
    assert created["measure_id"] == measure.pk
    assert created["skill"] == "language_tutoring"
    assert (created["started_on"], created["ended_on"]) == (_today(), None)
    assert created["volunteer_name"] == "Elena Popa"
    assert created["volunteer_organisation"]["code"] == "ngo"
    assert (created["note"], created["total_hours"]) == ("Tuesdays after the course.", 0)
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    assert Notification.objects.filter(user=people["partner"], kind="volunteer.matched").exists()
    listed = cw_api.get(f"/api/v1/persons/{person.public_id}/volunteer-matches").json()
    assert [row["id"] for row in listed] == [created["id"]]
    # The NGO sees who it helps by public id only, with the hours; the caseworker does
    # not read the volunteer's own record of matches.
    kept = partner_api.get(f"/api/v1/volunteers/{elena.public_id}/matches").json()["results"]
    assert kept == [
        {
            "id": created["id"],
            "volunteer": elena.public_id,
            "person": person.public_id,
            "measure_id": measure.pk,
            "skill": "language_tutoring",
            "started_on": _today(),
            "ended_on": None,
            "total_hours": 0,
        }
    ]
    assert (
        "Amina"
        not in partner_api.get(f"/api/v1/volunteers/{elena.public_id}/matches").content.decode()
    )
    assert cw_api.get(f"/api/v1/volunteers/{elena.public_id}/matches").status_code == 403


def test_a_volunteer_who_may_not_help_is_refused_and_nothing_changes(
    cw_api, partner, orgs, person, measure
):
    unvetted = volunteer(partner, orgs["ngo"], "Nadia", cleared=False)
    mentor = volunteer(partner, orgs["ngo"], "Mihai", skills=("mentoring",))

    for volunteer_id, field in (
        (unvetted.public_id, "volunteer"),
        (mentor.public_id, "volunteer"),
        ("V-0000-0000", "volunteer"),
        ("Nadia", "volunteer"),
    ):
        assert set(_errors(_match(cw_api, person, measure, volunteer_id))) == {field}
    nowhere = cw_api.post(
        f"/api/v1/persons/{person.public_id}/volunteer-matches",
        {"measure_id": 2**62, "volunteer": mentor.public_id},
        content_type=JSON,
    )
    assert set(_errors(nowhere)) == {"measure"}
    too_big = cw_api.post(
        f"/api/v1/persons/{person.public_id}/volunteer-matches",
        {"measure_id": 2**63, "volunteer": mentor.public_id},
        content_type=JSON,
    )
    assert set(_errors(too_big)) == {"measure_id"}
    assert not VolunteerMatch.objects.exists()
    measure.refresh_from_db()
    assert measure.status == "planned"


def test_the_same_volunteer_twice_on_a_measure_is_a_conflict(cw_api, person, measure, elena, match):
    again = _match(cw_api, person, measure, elena.public_id)

    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert VolunteerMatch.objects.count() == 1


def test_only_the_persons_caseworkers_match(
    api_for, orgs, partner_api, coord_api, person, measure, elena
):
    other_caseworker = api_for(make_user("cw_b", orgs["b"], Role.CASEWORKER))

    assert _match(partner_api, person, measure, elena.public_id).status_code == 404
    assert _match(other_caseworker, person, measure, elena.public_id).status_code == 403
    assert _match(coord_api, person, measure, elena.public_id).status_code == 403  # reads only
    assert not VolunteerMatch.objects.exists()


# --- Hours and the end of a match -------------------------------------------------------


def test_hours_are_logged_by_either_side_and_summed(cw_api, partner_api, elena, match):
    url = f"/api/v1/volunteer-matches/{match['id']}/hours"

    logged = partner_api.post(
        url, {"day": _today(), "hours": 1.5, "note": "Reading"}, content_type=JSON
    )

    assert logged.status_code == 201, logged.content
    assert logged.json() | {"recorded_at": None} == {
        "match": match["id"],
        "day": _today(),
        "hours": 1.5,
        "note": "Reading",
        "recorded_at": None,
    }
    assert cw_api.post(url, {"day": _today(), "hours": 2}, content_type=JSON).status_code == 201
    kept = partner_api.get(f"/api/v1/volunteers/{elena.public_id}/matches").json()["results"]
    assert kept[0]["total_hours"] == 3.5
    persons = cw_api.get(f"/api/v1/persons/{match['person']}/volunteer-matches").json()
    assert persons[0]["total_hours"] == 3.5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"day": "today", "hours": 1}, "day"),
        ({"day": "tomorrow", "hours": 1}, "day"),
        ({"day": "yesterday", "hours": 1}, "day"),
        ({"day": "today", "hours": 0}, "hours"),
        ({"day": "today", "hours": 0.01}, "hours"),
        ({"day": "today", "hours": 25}, "hours"),
        ({"day": "today", "hours": "a lot"}, "hours"),
        ({"day": "today", "hours": 1, "note": "x" * 201}, "note"),
    ],
    ids=[
        "fine",
        "future",
        "before the match",
        "zero",
        "rounds to zero",
        "too many",
        "words",
        "long",
    ],
)
def test_bad_hours_are_refused(partner_api, match, body, field):
    days = {"today": _today(), "tomorrow": _today(1), "yesterday": _today(-1)}
    response = partner_api.post(
        f"/api/v1/volunteer-matches/{match['id']}/hours",
        body | {"day": days[body["day"]]},
        content_type=JSON,
    )

    if field == "day" and body["day"] == "today":
        assert response.status_code == 201  # the control: the same, well formed
        return
    assert set(_errors(response)) == {field}
    assert not VolunteerHours.objects.exists()


def test_hours_that_are_not_a_number_are_bad_input(partner_api, match):
    for raw in ("NaN", "Infinity", "1e400"):
        response = partner_api.post(
            f"/api/v1/volunteer-matches/{match['id']}/hours",
            f'{{"day": "{_today()}", "hours": {raw}}}',
            content_type=JSON,
        )
        assert set(_errors(response)) == {"hours"}, raw
    assert not VolunteerHours.objects.exists()


def test_a_match_ends_once(partner_api, cw_api, match):
    url = f"/api/v1/volunteer-matches/{match['id']}/end"
    assert set(_errors(cw_api.post(url, {"on": _today(-1)}, content_type=JSON))) == {"on"}
    assert set(_errors(cw_api.post(url, {"on": _today(1)}, content_type=JSON))) == {"on"}

    ended = partner_api.post(url, {"on": _today(), "note": "Moved away."}, content_type=JSON)

    assert ended.status_code == 200, ended.content
    assert ended.json()["ended_on"] == _today()
    assert "note" not in ended.json()  # the caseworker's note stays on their side
    again = cw_api.post(url, {"on": _today()}, content_type=JSON)
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    listed = cw_api.get(f"/api/v1/persons/{match['person']}/volunteer-matches").json()
    assert listed[0]["note"] == "Tuesdays after the course.\nMoved away."
    assert listed[0]["ended_on"] == _today()


# --- Who learns nothing ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["stranger", "analyst", "inspector", "migrant", "teacher"])
def test_others_learn_nothing_of_volunteers(
    persona, people, client_for, api_for, person, elena, match
):
    user = people[persona]
    client = client_for(user) if persona == "stranger" else api_for(user)
    volunteer_url = f"/api/v1/volunteers/{elena.public_id}"
    match_url = f"/api/v1/volunteer-matches/{match['id']}"

    assert client.get("/api/v1/volunteers").status_code == 403
    for url in (volunteer_url, f"{volunteer_url}/matches"):
        assert client.get(url).status_code == 404, url
    assert client.put(volunteer_url, VOLUNTEER_BODY, content_type=JSON).status_code == 404
    for url in ("/volunteer-suggestions?measure_id=1", "/volunteer-matches"):
        assert client.get(f"/api/v1/persons/{person.public_id}{url}").status_code == 404, url
    assert client.post(f"{match_url}/end", {"on": _today()}, content_type=JSON).status_code == 404
    hours = client.post(f"{match_url}/hours", {"day": _today(), "hours": 1}, content_type=JSON)
    assert hours.status_code == 404
    assert hours["Content-Type"] == "application/problem+json"
    assert not VolunteerHours.objects.exists()
    assert VolunteerMatch.objects.get().ended_on is None


def test_another_centres_caseworker_does_not_reach_the_match(api_for, orgs, person, match):
    other = api_for(make_user("cw_b", orgs["b"], Role.CASEWORKER))

    assert other.get(f"/api/v1/persons/{person.public_id}/volunteer-matches").status_code == 403
    url = f"/api/v1/volunteer-matches/{match['id']}"
    assert other.post(f"{url}/end", {"on": _today()}, content_type=JSON).status_code == 404
    assert (
        other.post(f"{url}/hours", {"day": _today(), "hours": 1}, content_type=JSON).status_code
        == 404
    )
    assert (
        other.post(
            f"/api/v1/volunteer-matches/{2**63}/end", {"on": _today()}, content_type=JSON
        ).status_code
        == 422
    )
