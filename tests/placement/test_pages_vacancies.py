"""The vacancy pages of employers, employment offices and coordinators: the list,
posting, changing and closing; each for a user who may and one who may not; bad
input explained beside its field, changing nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from integra.placement import services
from integra.placement.models import Vacancy


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


def _form(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Bricklayer",
        "occupation": "7112",
        "description": "Residential blocks.",
        "skills": "bricklaying, reading drawings\nworking at height",
        "languages": "ro B1\nru: a2",
        "region": "Bălți",
        "locality": "Bălți",
        "positions": "4",
        "wage_min": "14000",
        "wage_max": "18000",
        "currency": "mdl",
        "wage_period": "month",
        "hours_per_week": "40",
        "contract_kind": "permanent",
        "open_to_foreign_workers": "on",
        "closes_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    form.update(changes)
    return form


@pytest.fixture
def builder_web(client_for, builder_user):
    return client_for(builder_user)


@pytest.fixture
def softco_web(client_for, softco_user):
    return client_for(softco_user)


def test_an_employer_lists_its_own_vacancies(builder_web, bricklayer, developer):
    html = html_of(builder_web.get("/vacancies/"))

    assert bricklayer.public_id in html
    assert developer.public_id not in html
    assert 'href="/vacancies/new/"' in html
    assert f'href="/vacancies/{bricklayer.public_id}/edit/"' in html
    assert "fee" in html  # the staff are reminded that workers never pay


def test_the_list_filters_and_says_when_nothing_matches(builder_web, bricklayer):
    filled = html_of(builder_web.get("/vacancies/", {"status": "filled"}))
    words = html_of(builder_web.get("/vacancies/", {"q": "drawings"}))

    assert bricklayer.public_id not in filled
    assert "No vacancy here yet" in filled
    assert bricklayer.public_id in words


def test_an_employer_posts_a_vacancy(builder_web):
    response = builder_web.post("/vacancies/new/", _form())

    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/vacancies/#{vacancy.public_id}"
    assert vacancy.skills == ["bricklaying", "reading drawings", "working at height"]
    assert vacancy.languages == [
        {"language": "ro", "level": "B1"},
        {"language": "ru", "level": "A2"},
    ]
    assert vacancy.currency == "MDL"
    assert vacancy.open_to_foreign_workers is True
    # one organisation to post for: no question about it
    assert 'name="organisation"' not in html_of(builder_web.get("/vacancies/new/"))


def test_bad_input_is_shown_beside_its_field_and_nothing_is_posted(builder_web):
    response = builder_web.post(
        "/vacancies/new/",
        _form(
            occupation="0000",
            wage_min="900",
            wage_max="100",
            languages="Romanian please",
            closes_on=(timezone.localdate() - timedelta(days=2)).isoformat(),
        ),
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "Write “Romanian please” as a code and a level" in error_beside(html, "id_languages")
    assert not Vacancy.objects.exists()

    response = builder_web.post(
        "/vacancies/new/",
        _form(
            occupation="0000",
            wage_min="900",
            wage_max="100",
            closes_on=(timezone.localdate() - timedelta(days=2)).isoformat(),
        ),
    )
    html = html_of(response)
    assert "ISCO-08" in error_beside(html, "id_occupation")
    assert "less than the lowest" in error_beside(html, "id_wage_max")
    assert "has passed" in error_beside(html, "id_closes_on")
    assert 'class="error-summary"' in html
    assert not Vacancy.objects.exists()


def test_an_office_is_asked_for_the_employer(client_for, office_user):
    web = client_for(office_user)

    html = html_of(web.post("/vacancies/new/", _form()))
    assert "Name the employer" in error_beside(html, "id_employer_name")

    response = web.post("/vacancies/new/", _form(employer_name="Edil-Construct SA"))
    assert response.status_code == 302
    assert Vacancy.objects.get().employer == "Edil-Construct SA"


def test_the_coordinator_chooses_the_organisation(client_for, people, builder, office):
    web = client_for(people["coordinator"])

    assert 'name="organisation"' in html_of(web.get("/vacancies/new/"))
    response = web.post("/vacancies/new/", _form(organisation="builder"))
    assert response.status_code == 302
    assert Vacancy.objects.get().organisation == builder


def test_the_employer_changes_its_vacancy(builder_web, bricklayer):
    page = html_of(builder_web.get(f"/vacancies/{bricklayer.public_id}/edit/"))
    assert 'value="Bricklayer"' in page
    assert "ro A2" in page

    response = builder_web.post(
        f"/vacancies/{bricklayer.public_id}/edit/", _form(title="Mason", positions="7")
    )

    assert response.status_code == 302
    bricklayer.refresh_from_db()
    assert (bricklayer.title, bricklayer.positions) == ("Mason", 7)


def test_the_employer_closes_its_vacancy(builder_web, bricklayer):
    assert builder_web.get(f"/vacancies/{bricklayer.public_id}/close/").status_code == 200
    missing = html_of(builder_web.post(f"/vacancies/{bricklayer.public_id}/close/", {}))
    assert "filled or withdrawn" in missing

    response = builder_web.post(
        f"/vacancies/{bricklayer.public_id}/close/", {"status": "withdrawn"}
    )

    assert response.status_code == 302
    bricklayer.refresh_from_db()
    assert bricklayer.status == "withdrawn"
    closed = html_of(builder_web.get(f"/vacancies/{bricklayer.public_id}/edit/"))
    assert "can no longer be changed" in closed
    assert 'name="title"' not in closed


def test_a_closed_vacancy_is_not_changed_from_a_stale_form(builder_actor, builder_web, bricklayer):
    services.vacancy_close(actor=builder_actor, vacancy=bricklayer, status="filled")

    response = builder_web.post(f"/vacancies/{bricklayer.public_id}/edit/", _form(title="X"))

    assert response.status_code == 200
    assert "The vacancy is closed" in html_of(response)
    bricklayer.refresh_from_db()
    assert bricklayer.title == "Bricklayer"


def test_another_employers_vacancy_is_not_found(softco_web, bricklayer):
    for suffix in ("edit/", "close/"):
        assert softco_web.get(f"/vacancies/{bricklayer.public_id}/{suffix}").status_code == 404
    assert (
        softco_web.post(
            f"/vacancies/{bricklayer.public_id}/close/", {"status": "filled"}
        ).status_code
        == 404
    )
    bricklayer.refresh_from_db()
    assert bricklayer.status == "open"


def test_those_who_post_nothing_are_refused(client_for, people, bricklayer):
    for role in ("caseworker", "analyst", "inspector"):
        web = client_for(people[role])
        assert web.get("/vacancies/").status_code == 403
        assert web.get("/vacancies/new/").status_code == 403
        assert web.post("/vacancies/new/", _form()).status_code == 403
        assert web.get(f"/vacancies/{bricklayer.public_id}/edit/").status_code == 403
    assert Vacancy.objects.count() == 1


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get("/vacancies/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
