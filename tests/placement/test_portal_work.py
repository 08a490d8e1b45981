"""The public work pages (/work/): the vacancies open to foreign workers with their
filters (a GET form, no script), one vacancy, the skills demand per region; closed,
withdrawn, expired and not-public vacancies are not found; every page says that
no one may charge a worker a fee, links to the rights page on it, and stays light."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from integra.placement import services
from integra.placement.models import Vacancy

FEE = "No one may charge you a fee for a job"
MAX_BYTES = 150 * 1024


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _says_no_fees(html: str) -> None:
    assert FEE in html
    assert "ILO Convention 181, Article 7" in html
    assert f'href="{reverse("rights:topic", args=["recruitment_fees"])}"' in html


@pytest.fixture
def carer(post, office_actor):
    return post(
        office_actor,
        employer_name="Casa Speranței",
        title="Care worker",
        occupation="5321",
        region="Orhei",
        locality="Orhei",
        skills=("personal care", "first aid"),
        languages=(services.LanguageNeed("ro", "B1"), services.LanguageNeed("ru", "B1")),
    )


def test_anyone_sees_the_vacancies_open_to_foreign_workers(
    client, builder_actor, post, bricklayer, developer
):
    hidden = post(builder_actor, title="Excavator operator", open_to_foreign_workers=False)

    html = html_of(client.get("/work/"))

    assert f'href="/work/{bricklayer.public_id}/"' in html
    assert f'href="/work/{developer.public_id}/"' in html
    assert hidden.public_id not in html
    assert "Excavator operator" not in html
    assert "Construct-Nord SRL" in html
    assert "14,000 \N{EN DASH} 18,000 MDL per month" in html
    assert "<script" not in html
    _says_no_fees(html)


def test_the_filters_work_without_javascript(client, bricklayer, developer, carer):
    html = html_of(client.get("/work/"))
    form = re.search(r'<form method="get"[^>]*action="/work/"', html)
    assert form, "the filters are a plain GET form"

    chisinau = html_of(client.get("/work/", {"region": "Chișinău"}))
    care = html_of(client.get("/work/", {"group": "5"}))
    russian = html_of(client.get("/work/", {"language": "ru"}))
    skill = html_of(client.get("/work/", {"skill": "DJANGO"}))
    nothing = html_of(client.get("/work/", {"skill": "astronaut"}))

    assert developer.public_id in chisinau
    assert bricklayer.public_id not in chisinau
    assert carer.public_id in care
    assert developer.public_id not in care
    assert carer.public_id in russian
    assert bricklayer.public_id not in russian
    assert developer.public_id in skill
    assert carer.public_id not in skill
    assert "No vacancy matches" in nothing
    # the language filter names languages, not codes
    assert '<option value="ru">Russian</option>' in html


def test_a_filter_that_is_not_offered_shows_every_vacancy_and_says_why(client, bricklayer):
    html = html_of(client.get("/work/", {"region": "Atlantis"}))

    assert bricklayer.public_id in html
    assert 'class="error-summary"' in html


def test_the_list_pages_through_many_vacancies(client, builder_actor, post):
    for n in range(30):
        post(builder_actor, title=f"Bricklayer {n}")

    first = html_of(client.get("/work/"))
    second = html_of(client.get("/work/", {"page": "2"}))

    assert "30 vacancies" in first
    assert 'rel="next"' in first
    assert second.count('class="card"') == 5
    assert len(first.encode()) < MAX_BYTES


def test_an_empty_list_says_so(client, db):
    html = html_of(client.get("/work/"))
    assert "There are no vacancies open to foreign workers at the moment" in html
    _says_no_fees(html)


def test_a_vacancy_page_says_what_the_job_needs(client, carer):
    html = html_of(client.get(f"/work/{carer.public_id}/"))

    assert "<h1>Care worker</h1>" in html
    assert "Casa Speranței" in html
    assert "National Employment Agency" in html  # who posted it
    assert "personal care" in html
    assert "first aid" in html
    assert "Romanian, level B1" in html
    assert "Russian, level B1" in html
    assert "Service and sales workers" in html
    assert "<script" not in html
    assert len(html.encode()) < MAX_BYTES
    _says_no_fees(html)


def test_closed_withdrawn_expired_and_local_vacancies_are_not_found(
    client, builder_actor, post, bricklayer
):
    filled = post(builder_actor, title="Welder")
    services.vacancy_close(actor=builder_actor, vacancy=filled, status="filled")
    withdrawn = post(builder_actor, title="Roofer")
    services.vacancy_close(actor=builder_actor, vacancy=withdrawn, status="withdrawn")
    local = post(builder_actor, title="Operator", open_to_foreign_workers=False)
    expired = post(builder_actor, title="Tiler")
    today = timezone.localdate()
    Vacancy.objects.filter(pk=expired.pk).update(
        opens_on=today - timedelta(days=10), closes_on=today - timedelta(days=1)
    )

    for vacancy in (filled, withdrawn, local, expired):
        response = client.get(f"/work/{vacancy.public_id}/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "no longer open" in html
        _says_no_fees(html)
    assert client.get("/work/J-0000-0000/").status_code == 404
    assert client.get("/work/not-an-id/").status_code == 404


def test_the_demand_page_has_a_table_per_region(client, bricklayer, developer, carer):
    html = html_of(client.get("/work/demand/"))

    assert html.count("<table>") == 3
    assert "<caption>Bălți: 3 open positions</caption>" in html
    assert '<th scope="row">Craft and related trades workers</th><td>3</td><td>1</td>' in html
    assert '<th scope="col">Open positions</th>' in html
    assert "personal care (3 positions)" in html
    assert 'href="/work/?region=Or' in html
    assert "<script" not in html
    assert len(html.encode()) < MAX_BYTES
    _says_no_fees(html)


def test_the_demand_page_without_vacancies(client, db):
    html = html_of(client.get("/work/demand/"))
    assert "There are no vacancies open to foreign workers at the moment" in html


def test_signed_in_users_see_the_same_pages(client_for, people, bricklayer):
    web = client_for(people["caseworker"])
    assert bricklayer.public_id in html_of(web.get("/work/"))
    assert web.get(f"/work/{bricklayer.public_id}/").status_code == 200
