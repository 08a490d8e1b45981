"""The registry pages: search first, register once, explain errors beside the field,
show who viewed a record, and open a record outside one's scope only by break-glass."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from integra.core.models import AuditEntry, BreakGlassGrant, Organisation, User
from integra.core.roles import Role
from integra.people.forms import identity_fingerprint
from integra.people.models import Person
from tests.conftest import make_user

REASON = "The person is at our desk and centre A cannot be reached today."

# --- Helpers ------------------------------------------------------------------------------


def form_data(**fields: str) -> dict[str, str]:
    """What the register and edit forms post, with the fields a user leaves alone."""
    data = {
        "given_name": "",
        "family_name": "",
        "given_name_latin": "",
        "family_name_latin": "",
        "sex": "not_stated",
        "birth_date": "",
        "birth_date_precision": "exact",
        "birth_place": "",
        "citizenships": "",
        "phone": "",
        "email": "",
        "address": "",
        "locality": "",
    }
    data.update(fields)
    return data


def register_page(client: Client, **fields: str):
    return client.post("/people/new/", form_data(**fields))


def confirmed(**fields: str) -> str:
    """The token the page puts in the form once the caseworker has seen the matches."""
    return identity_fingerprint(form_data(**fields))


def registered(client: Client, **fields: str) -> Person:
    response = register_page(client, confirm_new=confirmed(**fields), **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    public_id = re.search(r"P-[0-9A-Z]{4}-[0-9A-Z]{4}", response["Location"])
    assert public_id is not None, response["Location"]
    return Person.objects.get(public_id=public_id.group())


def section(html: str, element_id: str) -> str:
    """The HTML of the <section> with that id."""
    match = re.search(rf'<section id="{element_id}".*?</section>', html, re.S)
    assert match, f"no section #{element_id}"
    return match.group(0)


@pytest.fixture
def caseworker_b(orgs: dict[str, Organisation]) -> User:
    return make_user("caseworker_b", orgs["b"], Role.CASEWORKER)


@pytest.fixture
def amina(people, client_for) -> Person:
    return registered(
        client_for(people["caseworker"]),
        given_name="Амина",
        family_name="Хаддад",
        birth_date="1992-03-01",
        citizenships="SY, LB",
    )


# --- Search -------------------------------------------------------------------------------


def test_the_search_page_asks_to_search_first(people, client_for):
    response = client_for(people["caseworker"]).get("/people/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Search first" in html
    assert "<table" not in html
    assert 'href="/people/new/"' in html


def test_a_fruitless_search_says_nobody_matches(people, client_for, amina):
    response = client_for(people["caseworker"]).get("/people/", {"q": "Petrov"})

    html = response.content.decode()
    assert "Nobody you may see matches" in html
    assert "Search first" not in html
    assert amina.public_id not in html


def test_a_search_lists_the_person_in_their_own_script_with_a_link(people, client_for, amina):
    response = client_for(people["caseworker"]).get("/people/", {"q": "Haddad"})

    html = response.content.decode()
    assert f'href="/people/{amina.public_id}/"' in html
    assert "Амина Хаддад" in html
    assert "Amina Khaddad" in html


def test_a_search_does_not_list_another_centre_s_people(people, client_for, amina, caseworker_b):
    response = client_for(caseworker_b).get("/people/", {"q": "Haddad"})

    html = response.content.decode()
    assert "Nobody you may see matches" in html
    assert amina.public_id not in html


def test_an_htmx_search_answers_with_the_results_only(people, client_for, amina):
    client = client_for(people["caseworker"])

    response = client.get("/people/", {"q": "Haddad"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert f'href="/people/{amina.public_id}/"' in html


# --- Registering --------------------------------------------------------------------------


def test_registering_through_the_form_leads_to_the_next_steps_then_the_profile(people, client_for):
    client = client_for(people["caseworker"])

    response = register_page(client, given_name="Олександр", family_name="Шевченко", sex="male")

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.public_id}/household/?step=household"
    household = client.get(response["Location"]).content.decode()
    assert "Oleksandr Shevchenko is registered." in household
    assert 'aria-current="step">Household' in household
    assert f'href="/people/{person.public_id}/status/new/?step=status"' in household
    # Every step can be skipped; the last one leads to the record.
    last = client.get(f"/people/{person.public_id}/consents/new/?step=consent").content.decode()
    assert f'href="/people/{person.public_id}/"' in last
    profile = client.get(f"/people/{person.public_id}/").content.decode()
    assert "Олександр Шевченко" in profile
    assert "Oleksandr Shevchenko" in profile


def test_each_step_saved_leads_to_the_next(people, client_for):
    client = client_for(people["caseworker"])
    person = registered(client, given_name="Amina", family_name="Haddad", sex="female")

    household = client.post(
        f"/people/{person.public_id}/household/?step=household",
        {"household": "", "relationship": "head"},
    )
    assert household["Location"] == f"/people/{person.public_id}/status/new/?step=status"
    status = client.post(
        household["Location"], {"category": "asylum_seeker", "valid_from": "2024-01-10"}
    )
    assert status["Location"] == f"/people/{person.public_id}/documents/new/?step=documents"
    skills = client.get(f"/people/{person.public_id}/skills/?step=skills").content.decode()
    assert 'aria-current="step">Languages and skills' in skills
    consent = client.post(
        f"/people/{person.public_id}/consents/new/?step=consent",
        {"purpose": "referral", "recipients": ["ngo"], "given_on": "2024-01-10"},
    )
    assert consent["Location"] == f"/people/{person.public_id}/"


def test_a_likely_duplicate_shows_the_matches_and_asks_to_confirm(people, client_for, amina):
    client = client_for(people["caseworker"])

    response = register_page(
        client, given_name="Amina", family_name="Haddad", birth_date="1992-03-01"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.count() == 1
    matches = re.search(r'<section class="notice".*?</section>', html, re.S).group(0)
    assert "This person may already be registered" in matches
    assert f'href="/people/{amina.public_id}/"' in matches
    assert "Амина Хаддад" in matches
    assert "Register as a new person" in html
    token = confirmed(given_name="Amina", family_name="Haddad", birth_date="1992-03-01")
    assert f'<input type="hidden" name="confirm_new" value="{token}">' in html
    assert 'value="Haddad"' in html  # what was typed is kept


def test_confirming_registers_the_new_person(people, client_for, amina):
    client = client_for(people["caseworker"])

    response = register_page(
        client,
        given_name="Amina",
        family_name="Haddad",
        birth_date="1992-03-01",
        confirm_new=confirmed(given_name="Amina", family_name="Haddad", birth_date="1992-03-01"),
    )

    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert AuditEntry.objects.filter(action="person.register").latest("id").data == {
        "confirmed_new": True
    }


def test_a_match_held_by_another_centre_is_counted_but_not_shown(people, client_for, caseworker_b):
    held_by_b = registered(
        client_for(caseworker_b),
        given_name="Рустам",
        family_name="Муратов",
        birth_date="1990-05-14",
    )

    response = register_page(
        client_for(people["caseworker"]),
        given_name="Rustam",
        family_name="Muratov",
        birth_date="1990-05-14",
    )

    html = response.content.decode()
    assert "1 similar record is held by another organisation." in html
    assert held_by_b.public_id not in html
    assert "Муратов" not in html
    assert "Register as a new person" in html


def _a_future_date() -> str:
    return (timezone.now().date() + timedelta(days=2)).isoformat()


BAD_INPUT = [
    pytest.param({"birth_date": _a_future_date()}, "birth_date", id="birth-date-in-the-future"),
    pytest.param({"birth_date": "1899-12-31"}, "birth_date", id="birth-date-before-1900"),
    pytest.param({"citizenships": "UA, XX"}, "citizenships", id="unknown-country"),
    pytest.param({"stateless": "on", "citizenships": "SY"}, "stateless", id="stateless-citizen"),
    pytest.param({"phone": "call the office"}, "phone", id="phone-not-a-number"),
    pytest.param({"email": "amina@"}, "email", id="bad-email"),
    pytest.param({"given_name_latin": "Амина"}, "given_name_latin", id="cyrillic-in-latin"),
    pytest.param({"given_name": ""}, "given_name", id="no-given-name"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_INPUT)
def test_an_error_is_explained_beside_its_field(people, client_for, fields, field):
    client = client_for(people["caseworker"])

    response = register_page(client, **{"given_name": "Amina", "family_name": "Haddad", **fields})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert Person.objects.count() == 0


# --- The profile --------------------------------------------------------------------------


def test_the_profile_shows_who_viewed_it_including_my_own_read(people, client_for, amina):
    client = client_for(people["caseworker"])

    response = client.get(f"/people/{amina.public_id}/")

    html = response.content.decode()
    assert response.status_code == 200
    viewers = section(html, "viewers")
    assert "Who viewed this record" in viewers
    rows = re.findall(r"<tr[^>]*><td>.*?</tr>", viewers, re.S)
    assert any("caseworker" in row and "person.read" in row for row in rows)
    assert any("person.register" in row for row in rows)
    assert "break-glass" not in viewers


def test_the_profile_shows_the_record(people, client_for, amina):
    response = client_for(people["caseworker"]).get(f"/people/{amina.public_id}/")

    overview = section(response.content.decode(), "overview")
    assert amina.public_id in overview
    assert "LB, SY" in overview
    assert "Integration Centre A" in overview
    assert f'href="/people/{amina.public_id}/edit/"' in overview


def test_an_unknown_public_id_is_not_found(people, client_for):
    response = client_for(people["caseworker"]).get("/people/P-0000-0000/")

    assert response.status_code == 404


# --- Break-glass --------------------------------------------------------------------------


def test_a_record_outside_my_scope_offers_break_glass_instead(
    people, client_for, amina, caseworker_b
):
    response = client_for(caseworker_b).get(f"/people/{amina.public_id}/")

    html = response.content.decode()
    assert response.status_code == 403
    assert f'action="/people/{amina.public_id}/break-glass/"' in html
    assert "Open for a limited time" in html
    assert "Хаддад" not in html
    assert "Khaddad" not in html
    assert not AuditEntry.objects.filter(action="person.read", actor=caseworker_b).exists()


def test_after_break_glass_the_profile_opens_and_the_read_is_marked(
    people, client_for, amina, caseworker_b
):
    client = client_for(caseworker_b)

    opened = client.post(f"/people/{amina.public_id}/break-glass/", {"reason": REASON})
    response = client.get(opened["Location"])

    assert opened.status_code == 302
    assert opened["Location"] == f"/people/{amina.public_id}/"
    html = response.content.decode()
    assert response.status_code == 200
    assert "Амина Хаддад" in html
    viewers = section(html, "viewers")
    assert 'class="break-glass-row"' in viewers
    assert "caseworker_b" in viewers
    assert f'href="/people/{amina.public_id}/edit/"' not in html  # reading, not changing
    grant = BreakGlassGrant.objects.get(user=caseworker_b)
    assert (grant.record_type, grant.record_id, grant.reason) == ("person", amina.public_id, REASON)
    read = AuditEntry.objects.get(action="person.read", actor=caseworker_b)
    assert read.break_glass is True


def test_break_glass_without_a_real_reason_is_explained_beside_the_field(
    people, client_for, amina, caseworker_b
):
    client = client_for(caseworker_b)

    response = client.post(f"/people/{amina.public_id}/break-glass/", {"reason": "need it"})

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_reason_error"' in html
    assert not BreakGlassGrant.objects.exists()
    assert client.get(f"/people/{amina.public_id}/").status_code == 403


def test_break_glass_does_not_open_the_edit_page(people, client_for, amina, caseworker_b):
    client = client_for(caseworker_b)
    client.post(f"/people/{amina.public_id}/break-glass/", {"reason": REASON})

    response = client.post(
        f"/people/{amina.public_id}/edit/",
        form_data(given_name="Changed", family_name="Хаддад", citizenships="SY, LB"),
    )

    assert response.status_code == 403
    assert Person.objects.get(pk=amina.pk).given_name == "Амина"


def test_an_inspector_cannot_break_the_glass_on_a_person(people, client_for, amina):
    client = client_for(people["inspector"])

    glass = client.post(f"/people/{amina.public_id}/break-glass/", {"reason": REASON})
    profile = client.get(f"/people/{amina.public_id}/")

    assert glass.status_code == 403
    assert profile.status_code == 404
    assert not BreakGlassGrant.objects.exists()


# --- Editing ------------------------------------------------------------------------------


def test_the_edit_page_starts_from_the_record(people, client_for, amina):
    response = client_for(people["caseworker"]).get(f"/people/{amina.public_id}/edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Амина"' in html
    assert 'value="Amina"' in html
    assert 'value="LB, SY"' in html
    assert 'value="1992-03-01"' in html


def test_the_edit_page_saves_changes(people, client_for, amina):
    client = client_for(people["caseworker"])

    response = client.post(
        f"/people/{amina.public_id}/edit/",
        form_data(
            given_name="Амина",
            family_name="Хаддад",
            given_name_latin="Amina",
            family_name_latin="Haddad",
            birth_date="1992-03-01",
            citizenships="SY",
            phone="069 123 456",
            locality="Bălți",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/people/{amina.public_id}/"
    amina.refresh_from_db()
    assert amina.family_name_latin == "Haddad"
    assert amina.phone == "+37369123456"
    assert amina.locality == "Bălți"
    assert sorted(c.country for c in amina.citizenships.all()) == ["SY"]
    update = AuditEntry.objects.get(action="person.update")
    assert sorted(update.data["fields"]) == [
        "citizenships",
        "family_name_latin",
        "locality",
        "phone",
    ]
    found = client.get("/people/", {"q": "Haddad"}).content.decode()
    assert f'href="/people/{amina.public_id}/"' in found


def test_an_edit_error_is_explained_beside_the_field_and_nothing_changes(people, client_for, amina):
    client = client_for(people["caseworker"])

    response = client.post(
        f"/people/{amina.public_id}/edit/",
        form_data(given_name="Амина", family_name="Хаддад", citizenships="SY", stateless="on"),
    )

    assert response.status_code == 200
    assert 'id="id_stateless_error"' in response.content.decode()
    amina.refresh_from_db()
    assert amina.stateless is False
    assert not AuditEntry.objects.filter(action="person.update").exists()


def test_changing_the_identity_after_seeing_the_matches_checks_again(people, client_for, amina):
    client = client_for(people["caseworker"])
    token = confirmed(given_name="Amina", family_name="Haddad", birth_date="1992-03-01")

    response = register_page(
        client, given_name="Amina", family_name="Hadad", birth_date="1992-03-01", confirm_new=token
    )

    assert response.status_code == 200  # the matches again, not a silent save
    assert "This person may already be registered" in response.content.decode()
    assert Person.objects.count() == 1
