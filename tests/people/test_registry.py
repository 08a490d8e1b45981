"""The registry through its API: find people across scripts, register them once,
read and change their record, and the audit and break-glass around every read.

Which role may call which route is settled in tests/core/test_access_matrix.py;
here each behaviour is checked in depth.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from integra.core.models import AuditEntry, BreakGlassGrant, Organisation, User
from integra.core.roles import Role
from integra.people.models import Person
from tests.conftest import make_user

PROBLEM = "application/problem+json"
REASON = "The person is at our desk and centre A cannot be reached today."

# --- Helpers ------------------------------------------------------------------------------


@pytest.fixture
def api_as(token_for: Callable[[User], str]) -> Callable[[User], Client]:
    """A client that sends a fresh API token of the given user."""

    def build(user: User) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user)}"})

    return build


@pytest.fixture
def caseworker_b(orgs: dict[str, Organisation]) -> User:
    return make_user("caseworker_b", orgs["b"], Role.CASEWORKER)


def register(client: Client, **fields: object):
    return client.post("/api/v1/persons", fields, "application/json")


def registered(client: Client, **fields: object) -> dict:
    """Registers a person, confirming past any likely duplicate; the new record."""
    response = register(client, confirm_new=True, **fields)
    assert response.status_code == 201, response.content[:500]
    return response.json()


def search(client: Client, **params: object) -> list[dict]:
    response = client.get("/api/v1/persons", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def names_found(client: Client, **params: object) -> set[str]:
    return {f"{p['given_name']} {p['family_name']}" for p in search(client, **params)}


def walk(client: Client, url: str) -> Iterator[dict]:
    """Every page of a cursor-paginated list, following ``next``."""
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        yield page
        url = page["next"]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    return response.json()


def error_fields(body: dict) -> set[str]:
    return {error["field"] for error in body.get("errors") or []}


def patch(client: Client, public_id: str, **fields: object):
    return client.patch(f"/api/v1/persons/{public_id}", fields, "application/json")


def open_break_glass(client: Client, public_id: str):
    return client.post(
        "/api/v1/break-glass",
        {"record_type": "person", "record_id": public_id, "reason": REASON},
        "application/json",
    )


# --- Search across scripts --------------------------------------------------------------


@pytest.fixture
def muratovs(people, api_as) -> dict[str, dict]:
    client = api_as(people["caseworker"])
    return {
        "cyrillic": registered(
            client,
            given_name="Рустам",
            family_name="Муратов",
            birth_date="1990-05-14",
            citizenships=["UZ"],
        ),
        "french": registered(
            client,
            given_name="Rustam",
            family_name="Mouratov",
            birth_date="1990-05-14",
            citizenships=["UZ", "RU"],
        ),
        "petrov": registered(
            client,
            given_name="Ivan",
            family_name="Petrov",
            birth_date="1985-11-02",
            citizenships=["UA"],
        ),
    }


def test_a_latin_spelling_finds_the_same_name_in_cyrillic_and_other_spellings(
    people, api_as, muratovs
):
    client = api_as(people["caseworker"])

    found = names_found(client, q="Muratov")

    assert found == {"Рустам Муратов", "Rustam Mouratov"}


def test_a_cyrillic_spelling_finds_the_latin_records(people, api_as, muratovs):
    client = api_as(people["caseworker"])

    found = names_found(client, q="Муратов Рустам")

    assert found == {"Рустам Муратов", "Rustam Mouratov"}


def test_the_start_of_a_name_is_enough(people, api_as, muratovs):
    client = api_as(people["caseworker"])

    assert names_found(client, q="Murat") == {"Рустам Муратов", "Rustam Mouratov"}
    assert names_found(client, q="Petr") == {"Ivan Petrov"}


def test_mohammed_finds_muhammad_in_latin_and_arabic(people, api_as):
    client = api_as(people["caseworker"])
    registered(client, given_name="Muhammad", family_name="Ali", birth_date="1979-02-01")
    registered(client, given_name="محمد", family_name="علي", birth_date="1981-07-09")
    registered(client, given_name="Omar", family_name="Haddad")

    assert names_found(client, q="Mohammed") == {"Muhammad Ali", "محمد علي"}
    assert names_found(client, q="محمد") == {"Muhammad Ali", "محمد علي"}


def test_a_name_typed_in_two_words_finds_it_written_as_one(people, api_as):
    client = api_as(people["caseworker"])
    registered(client, given_name="Abdullah", family_name="Karimi")
    registered(client, given_name="Abd Allah", family_name="Noori")

    assert names_found(client, q="Abdullah") == {"Abdullah Karimi", "Abd Allah Noori"}
    assert names_found(client, q="Abd Allah") == {"Abdullah Karimi", "Abd Allah Noori"}


def test_a_name_without_consonants_finds_that_name_and_not_everyone(people, api_as):
    client = api_as(people["caseworker"])
    registered(client, given_name="Aya", family_name="Haddad")
    registered(client, given_name="Ivan", family_name="Petrov")

    assert names_found(client, q="Aya") == {"Aya Haddad"}


def test_a_public_id_finds_exactly_that_person_in_any_case(people, api_as, muratovs):
    client = api_as(people["caseworker"])
    public_id = muratovs["french"]["public_id"]

    assert [p["public_id"] for p in search(client, q=public_id)] == [public_id]
    assert [p["public_id"] for p in search(client, q=public_id.lower())] == [public_id]


def test_a_date_of_birth_alone_finds_the_people_born_that_day(people, api_as, muratovs):
    client = api_as(people["caseworker"])

    assert names_found(client, birth_date="1985-11-02") == {"Ivan Petrov"}
    assert names_found(client, q="Muratov", birth_date="1985-11-02") == set()


def test_a_citizenship_narrows_the_search(people, api_as, muratovs):
    client = api_as(people["caseworker"])

    assert names_found(client, citizenship="ua") == {"Ivan Petrov"}
    assert names_found(client, q="Muratov", citizenship="RU") == {"Rustam Mouratov"}


def test_search_results_carry_the_citizenships_and_no_contact_details(people, api_as, muratovs):
    client = api_as(people["caseworker"])

    [found] = search(client, q="Mouratov", citizenship="RU")

    assert found["citizenships"] == ["RU", "UZ"]
    assert "phone" not in found
    assert "email" not in found


def test_a_caseworker_of_another_centre_finds_none_of_centre_a_s_people(
    people, api_as, muratovs, caseworker_b
):
    client = api_as(caseworker_b)

    assert search(client, q="Muratov") == []
    assert search(client, q=muratovs["petrov"]["public_id"]) == []
    assert search(client, citizenship="UZ") == []


def test_a_coordinator_finds_people_of_every_centre(people, api_as, caseworker_b):
    registered(api_as(people["caseworker"]), given_name="Olga", family_name="Ciobanu")
    registered(api_as(caseworker_b), given_name="Olga", family_name="Ciobanu")

    found = search(api_as(people["coordinator"]), q="Ciobanu")

    assert len(found) == 2


def test_search_results_page_with_the_cursor_and_keep_the_query(people, api_as):
    client = api_as(people["caseworker"])
    ids = {
        registered(client, given_name=given, family_name="Paging")["public_id"]
        for given in ["Ana", "Boris", "Cyril", "Dana", "Emil"]
    }
    registered(client, given_name="Other", family_name="Person")

    pages = list(walk(client, "/api/v1/persons?q=Paging&page_size=2"))

    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    seen = [p["public_id"] for page in pages for p in page["results"]]
    assert len(seen) == len(set(seen))
    assert set(seen) == ids


def test_the_cursor_does_not_reveal_database_ids(people, api_as):
    # Public ids are random so that nobody can count or order the registry; a
    # cursor holding the row id would give that away.
    client = api_as(people["caseworker"])
    for given in ["Ana", "Boris", "Cyril"]:
        registered(client, given_name=given, family_name="Paging")

    page = client.get("/api/v1/persons", {"q": "Paging", "page_size": 1}).json()

    cursor = parse_qs(urlsplit(page["next"]).query)["cursor"][0]
    position = parse_qs(base64.b64decode(cursor).decode())["p"][0]
    assert position not in {str(pk) for pk in Person.objects.values_list("pk", flat=True)}


def test_every_search_is_audited_with_what_was_asked(people, api_as, muratovs):
    client = api_as(people["caseworker"])

    search(client, q="Muratov", citizenship="UZ")

    entry = AuditEntry.objects.filter(action="person.search").latest("id")
    assert entry.actor == people["caseworker"]
    assert entry.data["query"] == "Muratov"
    assert entry.data["citizenship"] == "UZ"


# --- Registration -------------------------------------------------------------------------


def test_latin_forms_are_suggested_when_left_empty(people, api_as):
    client = api_as(people["caseworker"])

    response = register(client, given_name="Олександр", family_name="Шевченко", sex="male")

    assert response.status_code == 201
    person = response.json()
    assert (person["given_name_latin"], person["family_name_latin"]) == ("Oleksandr", "Shevchenko")
    assert (person["given_name"], person["family_name"]) == ("Олександр", "Шевченко")
    assert Person.objects.get(public_id=person["public_id"]).registered_by.code == "centre-a"


def test_a_latin_form_given_by_the_caseworker_is_kept(people, api_as):
    client = api_as(people["caseworker"])

    person = registered(
        client, given_name="Олександр", family_name="Шевченко", given_name_latin="Alexander"
    )

    assert (person["given_name_latin"], person["family_name_latin"]) == ("Alexander", "Shevchenko")


def test_a_local_phone_number_is_stored_in_e164(people, api_as):
    client = api_as(people["caseworker"])

    person = registered(client, given_name="Ana", family_name="Rusu", phone="069 123 456")

    assert person["phone"] == "+37369123456"
    assert Person.objects.get(public_id=person["public_id"]).phone == "+37369123456"


def test_a_new_person_gets_a_readable_public_id_and_centre_a_responsibility(people, api_as, orgs):
    client = api_as(people["caseworker"])

    person = registered(client, given_name="Ana", family_name="Rusu")

    assert person["public_id"].startswith("P-")
    assert len(person["public_id"]) == 11
    stored = Person.objects.get(public_id=person["public_id"])
    assert [r.organisation for r in stored.responsibilities.all()] == [orgs["a"]]


def _a_future_date() -> str:
    # Two days ahead: the service's "today" is UTC, the test machine's may not be.
    return (timezone.now().date() + timedelta(days=2)).isoformat()


BAD_INPUT = [
    pytest.param({"birth_date": _a_future_date()}, "birth_date", id="birth-date-in-the-future"),
    pytest.param({"birth_date": "1899-12-31"}, "birth_date", id="birth-date-before-1900"),
    pytest.param({"citizenships": ["UA", "XX"]}, "citizenships", id="unknown-country"),
    pytest.param({"stateless": True, "citizenships": ["SY"]}, "stateless", id="stateless-citizen"),
    pytest.param({"phone": "+373 12"}, "phone", id="phone-too-short"),
    pytest.param({"phone": "call the office"}, "phone", id="phone-not-a-number"),
    pytest.param({"email": "amina@"}, "email", id="bad-email"),
    pytest.param({"given_name_latin": "Амина"}, "given_name_latin", id="cyrillic-in-latin"),
    pytest.param({"family_name_latin": "Haddad حداد"}, "family_name_latin", id="arabic-in-latin"),
]


@pytest.mark.parametrize(("fields", "field"), BAD_INPUT)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    people, api_as, fields, field
):
    client = api_as(people["caseworker"])
    before = Person.objects.count()

    response = register(client, given_name="Amina", family_name="Haddad", **fields)

    body = problem(response, 422)
    assert field in error_fields(body), body
    assert Person.objects.count() == before
    assert not AuditEntry.objects.filter(action="person.register").exists()


def test_a_stateless_person_without_citizenship_is_registered(people, api_as):
    person = registered(
        api_as(people["caseworker"]), given_name="Amina", family_name="Haddad", stateless=True
    )

    assert person["stateless"] is True
    assert person["citizenships"] == []


# --- Duplicates ---------------------------------------------------------------------------


def test_the_same_person_in_another_script_is_reported_as_a_likely_duplicate(people, api_as):
    client = api_as(people["caseworker"])
    first = registered(client, given_name="Рустам", family_name="Муратов", birth_date="1990-05-14")

    response = register(
        client, given_name="Rustam", family_name="Mouratov", birth_date="1990-05-14"
    )

    body = problem(response, 409)
    assert body["type"] == "urn:integra:problem:possible-duplicate"
    [candidate] = body["candidates"]
    assert candidate["public_id"] == first["public_id"]
    assert candidate["name"] == "Rustam Muratov"
    assert candidate["birth_date"] == "1990-05-14"
    assert candidate["score"] >= 0.75
    assert Person.objects.count() == 1


def test_swapped_given_and_family_names_are_reported_as_a_likely_duplicate(people, api_as):
    client = api_as(people["caseworker"])
    first = registered(client, given_name="Amina", family_name="Haddad", birth_date="1992-03-01")

    response = register(client, given_name="Haddad", family_name="Amina", birth_date="1992-03-01")

    body = problem(response, 409)
    assert [c["public_id"] for c in body["candidates"]] == [first["public_id"]]


def test_an_unrelated_person_is_registered_without_a_question(people, api_as):
    client = api_as(people["caseworker"])
    registered(client, given_name="Рустам", family_name="Муратов", birth_date="1990-05-14")

    response = register(client, given_name="Ivan", family_name="Petrov", birth_date="1975-01-30")

    assert response.status_code == 201, response.content[:500]
    assert Person.objects.count() == 2


def test_a_namesake_born_in_another_year_is_not_a_duplicate(people, api_as):
    client = api_as(people["caseworker"])
    registered(client, given_name="Рустам", family_name="Муратов", birth_date="1990-05-14")

    response = register(client, given_name="Rustam", family_name="Muratov", birth_date="1961-08-20")

    assert response.status_code == 201, response.content[:500]


def test_confirming_a_new_person_registers_them_despite_the_matches(people, api_as):
    client = api_as(people["caseworker"])
    registered(client, given_name="Рустам", family_name="Муратов", birth_date="1990-05-14")
    fields = {"given_name": "Rustam", "family_name": "Mouratov", "birth_date": "1990-05-14"}
    assert register(client, **fields).status_code == 409

    response = register(client, confirm_new=True, **fields)

    assert response.status_code == 201, response.content[:500]
    assert Person.objects.count() == 2
    entry = AuditEntry.objects.filter(action="person.register").latest("id")
    assert entry.object_id == response.json()["public_id"]
    assert entry.data == {"confirmed_new": True}


def test_a_match_held_by_another_centre_is_reported_without_saying_who(
    people, api_as, caseworker_b
):
    held_by_b = registered(
        api_as(caseworker_b), given_name="Рустам", family_name="Муратов", birth_date="1990-05-14"
    )

    response = register(
        api_as(people["caseworker"]),
        given_name="Rustam",
        family_name="Muratov",
        birth_date="1990-05-14",
    )

    body = problem(response, 409)
    [candidate] = body["candidates"]
    assert candidate["public_id"] is None
    assert candidate["name"] is None
    assert candidate["birth_date"] is None
    assert candidate["score"] >= 0.75
    text = response.content.decode()
    assert held_by_b["public_id"] not in text
    assert "Муратов" not in text
    assert "Muratov" not in text


# --- Audit --------------------------------------------------------------------------------


def test_every_read_of_a_profile_is_audited(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(client, given_name="Amina", family_name="Haddad")

    client.get(f"/api/v1/persons/{person['public_id']}")
    client.get(f"/api/v1/persons/{person['public_id']}")

    reads = AuditEntry.objects.filter(action="person.read").order_by("id")
    assert [(e.object_type, e.object_id) for e in reads] == [("person", person["public_id"])] * 2
    assert {e.actor for e in reads} == {people["caseworker"]}
    assert not any(e.break_glass for e in reads)


def test_registering_is_audited(people, api_as, orgs):
    client = api_as(people["caseworker"])

    person = registered(client, given_name="Amina", family_name="Haddad")

    entry = AuditEntry.objects.get(action="person.register")
    assert (entry.object_type, entry.object_id) == ("person", person["public_id"])
    assert entry.actor == people["caseworker"]
    assert entry.organisation == orgs["a"]


def test_a_change_is_audited_with_the_field_names_but_not_their_values(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(client, given_name="Amina", family_name="Haddad", phone="+37369123456")

    response = patch(client, person["public_id"], phone="+37378555444", address="Strada Florilor 7")

    assert response.status_code == 200, response.content[:500]
    entry = AuditEntry.objects.get(action="person.update")
    assert entry.object_id == person["public_id"]
    assert sorted(entry.data["fields"]) == ["address", "phone"]
    stored = json.dumps(entry.data, ensure_ascii=False)
    assert "+37378555444" not in stored
    assert "Florilor" not in stored


# --- Break-glass and the firewall ---------------------------------------------------------


def test_another_centre_opens_a_record_only_through_break_glass_and_the_read_is_flagged(
    people, api_as, caseworker_b
):
    person = registered(api_as(people["caseworker"]), given_name="Amina", family_name="Haddad")
    url = f"/api/v1/persons/{person['public_id']}"
    client = api_as(caseworker_b)
    refused = client.get(url)
    problem(refused, 403)

    opened = open_break_glass(client, person["public_id"])
    response = client.get(url)

    assert opened.status_code == 201, opened.content[:500]
    assert response.status_code == 200
    assert response.json()["given_name"] == "Amina"
    read = AuditEntry.objects.filter(action="person.read", actor=caseworker_b).get()
    assert read.object_id == person["public_id"]
    assert read.break_glass is True


def test_break_glass_opens_only_the_record_it_was_opened_for(people, api_as, caseworker_b):
    client_a = api_as(people["caseworker"])
    opened = registered(client_a, given_name="Amina", family_name="Haddad")
    other = registered(client_a, given_name="Ivan", family_name="Petrov")
    client = api_as(caseworker_b)

    open_break_glass(client, opened["public_id"])

    assert client.get(f"/api/v1/persons/{opened['public_id']}").status_code == 200
    problem(client.get(f"/api/v1/persons/{other['public_id']}"), 403)
    assert search(client, q="Haddad") == []  # break-glass opens a record, not the search


def test_break_glass_closes_when_it_expires(people, api_as, caseworker_b):
    person = registered(api_as(people["caseworker"]), given_name="Amina", family_name="Haddad")
    client = api_as(caseworker_b)
    open_break_glass(client, person["public_id"])

    an_hour_ago = timezone.now() - timedelta(hours=1)
    BreakGlassGrant.objects.filter(user=caseworker_b).update(
        opened_at=an_hour_ago - timedelta(hours=8), expires_at=an_hour_ago
    )
    response = client.get(f"/api/v1/persons/{person['public_id']}")

    problem(response, 403)


def test_break_glass_on_a_person_who_does_not_exist_is_not_found(people, api_as, caseworker_b):
    response = open_break_glass(api_as(caseworker_b), "P-0000-0000")

    problem(response, 404)
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_opens_a_record_for_reading_not_for_changing(people, api_as, caseworker_b):
    person = registered(api_as(people["caseworker"]), given_name="Amina", family_name="Haddad")
    client = api_as(caseworker_b)
    open_break_glass(client, person["public_id"])

    response = patch(client, person["public_id"], family_name="Changed")

    problem(response, 403)
    assert Person.objects.get(public_id=person["public_id"]).family_name == "Haddad"


def test_an_inspector_cannot_open_a_person_and_learns_nothing_of_its_existence(people, api_as):
    person = registered(api_as(people["caseworker"]), given_name="Amina", family_name="Haddad")
    client = api_as(people["inspector"])

    glass = open_break_glass(client, person["public_id"])
    existing = client.get(f"/api/v1/persons/{person['public_id']}")
    missing = client.get("/api/v1/persons/P-0000-0000")

    problem(glass, 403)
    assert problem(existing, 404)["detail"] == problem(missing, 404)["detail"]
    assert not AuditEntry.objects.filter(action="person.read").exists()


def test_an_analyst_sees_no_person(people, api_as):
    person = registered(api_as(people["caseworker"]), given_name="Amina", family_name="Haddad")
    client = api_as(people["analyst"])

    listing = client.get("/api/v1/persons", {"q": "Haddad"})
    profile = client.get(f"/api/v1/persons/{person['public_id']}")

    problem(listing, 403)
    problem(profile, 404)


# --- Changing a record --------------------------------------------------------------------


def test_new_citizenships_replace_the_old_ones(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(client, given_name="Amina", family_name="Haddad", citizenships=["SY", "LB"])

    response = patch(client, person["public_id"], citizenships=["ro", "MD"])

    assert response.status_code == 200, response.content[:500]
    assert response.json()["citizenships"] == ["MD", "RO"]
    assert names_found(client, citizenship="SY") == set()
    assert names_found(client, citizenship="RO") == {"Amina Haddad"}


def test_null_leaves_a_field_as_it_was(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(
        client,
        given_name="Amina",
        family_name="Haddad",
        citizenships=["SY"],
        phone="+37369123456",
    )

    response = patch(
        client,
        person["public_id"],
        given_name=None,
        phone=None,
        citizenships=None,
        locality="Bălți",
    )

    assert response.status_code == 200, response.content[:500]
    changed = response.json()
    assert changed["given_name"] == "Amina"
    assert changed["phone"] == "+37369123456"
    assert changed["citizenships"] == ["SY"]
    assert changed["locality"] == "Bălți"
    assert AuditEntry.objects.get(action="person.update").data == {"fields": ["locality"]}


def test_a_new_family_name_is_found_and_the_old_one_no_longer(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(client, given_name="Ivan", family_name="Petrov")

    response = patch(
        client, person["public_id"], family_name="Sidorov", family_name_latin="Sidorov"
    )

    assert response.status_code == 200, response.content[:500]
    assert search(client, q="Petrov") == []
    assert [p["public_id"] for p in search(client, q="Sidorov")] == [person["public_id"]]


def test_a_new_family_name_alone_replaces_its_suggested_latin_form(people, api_as):
    # The Latin form was suggested at registration, so it follows the name; a
    # Latin form the caseworker typed would be kept.
    client = api_as(people["caseworker"])
    person = registered(client, given_name="Рустам", family_name="Муратов")

    response = patch(client, person["public_id"], family_name="Каримов")

    assert response.status_code == 200, response.content[:500]
    assert response.json()["family_name_latin"] == "Karimov"
    assert search(client, q="Muratov") == []
    assert [p["public_id"] for p in search(client, q="Karimov")] == [person["public_id"]]


def test_a_latin_form_the_caseworker_typed_is_kept_when_the_name_changes(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(
        client, given_name="Рустам", family_name="Муратов", family_name_latin="Mouratov"
    )

    response = patch(client, person["public_id"], family_name="Муратов-Каримов")

    assert response.status_code == 200, response.content[:500]
    assert response.json()["family_name_latin"] == "Mouratov"


def test_a_bad_change_is_refused_naming_the_field_and_nothing_changes(people, api_as):
    client = api_as(people["caseworker"])
    person = registered(client, given_name="Amina", family_name="Haddad", citizenships=["SY"])

    response = patch(client, person["public_id"], stateless=True, family_name="Haddad-Rusu")

    assert "stateless" in error_fields(problem(response, 422))
    stored = Person.objects.get(public_id=person["public_id"])
    assert (stored.family_name, stored.stateless) == ("Haddad", False)
    assert not AuditEntry.objects.filter(action="person.update").exists()


@pytest.mark.parametrize("limit", [5000, 1])
def test_a_common_name_finds_the_same_people_with_or_without_a_candidate_list(
    people, muratovs, monkeypatch, limit
):
    """Below the limit the search hands the database a list of ids; above it,
    the plain query. Both find the same people."""
    from integra.core import access
    from integra.people import selectors

    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", limit)
    actor = access.actor_for(people["caseworker"])

    found = {p.public_id for p in selectors.person_search(actor=actor, query="Muratov")}
    both = {p.public_id for p in selectors.person_search(actor=actor, query="Rustam Muratov")}

    expected = {muratovs["cyrillic"]["public_id"], muratovs["french"]["public_id"]}
    assert found == expected
    assert both == expected


def test_a_common_given_name_is_checked_only_among_people_with_the_rarer_family_name(
    people, api_as, muratovs, monkeypatch
):
    """'Rustam' is too common for a list of ids (limit 2, three Rustams);
    'Muratov' is not: the Rustams are looked for among the Muratovs."""
    from integra.core import access
    from integra.people import selectors

    client = api_as(people["caseworker"])
    registered(client, given_name="Rustam", family_name="Karimov", citizenships=["TJ"])
    monkeypatch.setattr(selectors, "SEARCH_CANDIDATES", 2)
    actor = access.actor_for(people["caseworker"])

    both = {p.public_id for p in selectors.person_search(actor=actor, query="Rustam Muratov")}
    rustams = selectors.person_search(actor=actor, query="Rustam").count()

    assert both == {muratovs["cyrillic"]["public_id"], muratovs["french"]["public_id"]}
    assert rustams == 3


def test_a_one_word_search_lists_each_person_once_in_name_order(people, api_as):
    """'Rash' starts two of Rashid Rashidov's names: he is still listed once,
    and the count agrees with the list."""
    from integra.core import access
    from integra.people import selectors

    client = api_as(people["caseworker"])
    for given, family in [("Rashid", "Rashidov"), ("Amina", "Rashidova"), ("Rashid", "Aliev")]:
        registered(client, given_name=given, family_name=family, citizenships=["TJ"])
    actor = access.actor_for(people["caseworker"])

    found = selectors.person_search(actor=actor, query="Rash")
    listed = [(p.family_name_latin, p.given_name_latin) for p in found]

    assert listed == [("Aliev", "Rashid"), ("Rashidov", "Rashid"), ("Rashidova", "Amina")]
    assert found.count() == 3
    assert [(p.family_name_latin, p.given_name_latin) for p in found[1:2]] == [
        ("Rashidov", "Rashid")
    ]


def test_a_new_spelling_of_a_name_moves_the_person_in_the_results(people, api_as, muratovs):
    """The Latin spelling changes but the name key does not: the results are
    listed by the new spelling."""
    from integra.core import access
    from integra.people import selectors

    client = api_as(people["caseworker"])
    cyrillic = muratovs["cyrillic"]["public_id"]
    actor = access.actor_for(people["caseworker"])
    before = [p.public_id for p in selectors.person_search(actor=actor, query="Muratov")]

    response = patch(client, cyrillic, family_name_latin="Maratov")
    after = [p.public_id for p in selectors.person_search(actor=actor, query="Muratov")]

    assert response.status_code == 200, response.content[:300]
    assert before == [muratovs["french"]["public_id"], cyrillic]
    assert after == [cyrillic, muratovs["french"]["public_id"]]
