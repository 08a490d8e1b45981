"""The partner pages: the directory (internal and public), services, partnerships,
referrals and the inbox. Each page for a user who may and one who may not; bad
input explained beside its field, changing nothing; the partner sees only what
a referral shares."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.models import Notification
from integra.core.roles import Role
from integra.people import services as people_services
from integra.people.models import Person
from integra.plans.models import Programme
from integra.plans.services import programmes
from integra.services.models import Partnership, Referral, Service
from integra.services.services import directory, referrals
from tests.conftest import make_user


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    """The error text shown under the field whose id is ``field_id``."""
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def partner(people):
    return access.actor_for(people["partner"])


@pytest.fixture
def cw(people, client_for):
    return client_for(people["caseworker"])


@pytest.fixture
def ngo(people, client_for):
    """The NGO's partner agent, in a browser."""
    return client_for(people["partner"])


@pytest.fixture
def coord(people, client_for):
    return client_for(people["coordinator"])


@pytest.fixture
def person(caseworker) -> Person:
    """Amina, registered at centre A, with a birth date and a phone."""
    return people_services.person_register(
        actor=caseworker,
        data=people_services.PersonData(
            given_name="Amina",
            family_name="Haddad",
            birth_date=date(1990, 5, 1),
            citizenships=("SY",),
            phone="+37360000000",
        ),
    )


@pytest.fixture
def programme(coordinator) -> Programme:
    programme = programmes.programme_save(
        actor=coordinator,
        data=programmes.ProgrammeData(
            code="md-voluntary",
            country="MD",
            name="Integration programme",
            participation="voluntary",
            min_months=12,
            max_months=24,
            review_every_days=90,
            domains=("language", "legal", "housing"),
        ),
    )
    programmes.programme_measure_add(
        actor=coordinator,
        programme=programme,
        data=programmes.ProgrammeMeasureData(
            code="language",
            domain="language",
            kind="language_course",
            title="Romanian course",
            due_within_days=180,
            mandatory=True,
        ),
    )
    return programme


@pytest.fixture
def hidden_service(partner, orgs) -> Service:
    """A service the NGO keeps out of the public directory."""
    return directory.service_save(
        actor=partner,
        organisation=orgs["ngo"],
        data=directory.ServiceData(
            code="shelter", name="Night shelter", category="housing", is_public=False
        ),
    )


@pytest.fixture
def mou(coordinator, orgs) -> Partnership:
    """Centre A and the NGO may share names and contacts for language services."""
    return directory.partnership_save(
        actor=coordinator,
        data=directory.PartnershipData(
            title="Language support",
            parties=(orgs["a"].code, orgs["ngo"].code),
            scope=("language",),
            shareable=("name", "contact"),
            valid_from=timezone.localdate() - timedelta(days=100),
        ),
    )


def send(caseworker, person, measure, service, *, fields=("name",), now=None) -> Referral:
    return referrals.referral_send(
        actor=caseworker,
        person=person,
        data=referrals.ReferralData(
            measure_id=measure.pk,
            service_id=service.pk,
            shared_fields=fields,
            message="Evenings suit her best.",
        ),
        now=now,
    )


@pytest.fixture
def referral(caseworker, person, measure, service, mou) -> Referral:
    """Amina referred to the Romanian classes, sharing her name only (this module's
    send, with its own message)."""
    return send(caseworker, person, measure, service)


# --- The directory --------------------------------------------------------------------------


def test_staff_search_the_directory_with_what_only_staff_see(cw, service, hidden_service):
    response = cw.get("/partners/", {"category": "language", "language": "AR"})

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="/partners/services/ngo/{service.code}/"' in html
    assert "Waiting list in summer." in html
    assert "12 a month" in html
    assert "accept in 3 d, complete in 90 d" in html
    assert "Night shelter" not in html


def test_the_directory_filters_by_locality_and_says_when_nothing_matches(cw, service):
    assert "Romanian classes" in html_of(cw.get("/partners/", {"locality": "chiș"}))

    html = html_of(cw.get("/partners/", {"locality": "Bălți"}))

    assert "Romanian classes" not in html
    assert "No service matches" in html


def test_the_directory_answers_htmx_with_the_results_only(cw, service):
    response = cw.get("/partners/", {"q": "evening"}, HTTP_HX_REQUEST="true")

    html = html_of(response)
    assert "Romanian classes" in html
    assert "<html" not in html


def test_a_bad_language_filter_is_explained_beside_its_field(cw, service):
    response = cw.get("/partners/", {"language": "Romanian"})

    assert response.status_code == 200
    assert "two- or three-letter code" in error_beside(html_of(response), "id_language")


def test_the_directory_comes_in_pages(cw, partner, orgs):
    for number in range(30):
        directory.service_save(
            actor=partner,
            organisation=orgs["ngo"],
            data=directory.ServiceData(
                code=f"course-{number:02}", name=f"Course {number:02}", category="language"
            ),
        )

    first = html_of(cw.get("/partners/", {"category": "language"}))
    second = html_of(cw.get("/partners/", {"category": "language", "page": "2"}))

    assert "Page 1 of 2" in first
    assert "Course 00" in first
    assert "Course 29" not in first
    assert "Course 29" in second


def test_those_who_do_not_work_with_partners_get_the_public_directory(people, client_for):
    response = client_for(people["analyst"]).get("/partners/")

    assert response.status_code == 302
    assert response["Location"] == "/partners/public/"


def test_the_public_directory_needs_no_sign_in_and_shows_public_fields_only(
    client, service, hidden_service
):
    response = client.get("/partners/public/", {"category": "language"})

    html = html_of(response)
    assert response.status_code == 200
    assert "Romanian classes" in html
    assert "Evening classes for adults." in html
    assert "Str. Pușkin 1" in html
    assert "Refugee NGO" in html
    assert "Waiting list in summer." not in html
    assert "12 a month" not in html
    assert "Night shelter" not in html
    assert "Night shelter" not in html_of(client.get("/partners/public/"))


def test_staff_read_a_service_in_full_and_a_migrant_its_public_face(
    cw, people, client_for, service
):
    url = f"/partners/services/ngo/{service.code}/"

    staff = html_of(cw.get(url))
    migrant = client_for(people["migrant"]).get(url)

    assert "Waiting list in summer." in staff
    assert "Mon-Fri 9-17" in staff
    assert "Change the service" not in staff  # centre A does not describe the NGO
    assert migrant.status_code == 200
    assert "Romanian classes" in html_of(migrant)
    assert "Waiting list in summer." not in html_of(migrant)


def test_a_service_kept_from_the_public_is_not_found_by_a_migrant(
    people, client_for, hidden_service
):
    response = client_for(people["migrant"]).get("/partners/services/ngo/shelter/")

    assert response.status_code == 404


SERVICE_FORM = {
    "organisation": "ngo",
    "code": "legal-advice",
    "name": "Legal advice",
    "category": "legal",
    "description": "",
    "languages": "ro, RU",
    "eligibility": "",
    "min_age": "",
    "max_age": "",
    "locations": "Chișinău | Str. 31 August 1 | Tue 10-14\n\nBălți",
    "contact_email": "",
    "contact_phone": "",
    "website": "",
    "capacity_per_month": "5",
    "accept_within_days": "5",
    "complete_within_days": "30",
    "internal_notes": "",
    "is_public": "on",
    "is_active": "on",
}


def test_a_partner_adds_a_service_with_its_locations(ngo):
    response = ngo.post("/partners/services/new/", SERVICE_FORM)

    assert response.status_code == 302
    assert response["Location"] == "/partners/services/ngo/legal-advice/"
    created = Service.objects.get(code="legal-advice")
    assert created.languages == ["ro", "ru"]
    assert [(p.locality, p.address, p.opening_hours) for p in created.locations.all()] == [
        ("Bălți", "", ""),
        ("Chișinău", "Str. 31 August 1", "Tue 10-14"),
    ]
    assert "has been added" in html_of(ngo.get(response["Location"]))


def test_a_bad_location_line_is_explained_beside_its_field_and_nothing_is_saved(ngo):
    response = ngo.post(
        "/partners/services/new/",
        {**SERVICE_FORM, "locations": "Chișinău | Str. 1\n | no locality\na | b | c | d"},
    )

    assert response.status_code == 200
    error = error_beside(html_of(response), "id_locations")
    assert "Line 2" in error
    assert "Line 3" in error
    assert not Service.objects.filter(code="legal-advice").exists()


def test_the_services_own_checks_are_shown_beside_their_fields(ngo):
    response = ngo.post(
        "/partners/services/new/",
        {**SERVICE_FORM, "languages": "ro, xx", "website": "ftp://example.org"},
    )

    html = html_of(response)
    assert "Unknown language codes: xx" in error_beside(html, "id_languages")
    assert "https://" in error_beside(html, "id_website")
    assert not Service.objects.filter(code="legal-advice").exists()


def test_a_teacher_may_not_describe_services_nor_centre_a_the_ngos(people, client_for, cw, service):
    teacher = client_for(people["teacher"])
    assert teacher.get("/partners/services/new/").status_code == 403
    assert teacher.post("/partners/services/new/", SERVICE_FORM).status_code == 403
    # Centre A's caseworker describes centre A's services, not the NGO's.
    refused = cw.post("/partners/services/new/", SERVICE_FORM)
    assert refused.status_code == 200
    assert "Select a valid choice" in error_beside(html_of(refused), "id_organisation")
    edit = f"/partners/services/ngo/{service.code}/edit/"
    assert cw.get(edit).status_code == 403
    assert cw.post(edit, {**SERVICE_FORM, "name": "Mine"}).status_code == 403
    assert not Service.objects.filter(code="legal-advice").exists()
    service.refresh_from_db()
    assert service.name == "Romanian classes"


def test_a_partner_changes_a_service_but_not_its_code(ngo, service):
    url = f"/partners/services/ngo/{service.code}/edit/"
    page = html_of(ngo.get(url))
    assert "Chișinău | Str. Pușkin 1 | Mon-Fri 9-17" in page
    assert 'value="ar, ro"' in page

    response = ngo.post(
        url, {**SERVICE_FORM, "code": "renamed", "name": "Romanian for adults", "locations": ""}
    )

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Romanian for adults"
    assert service.code == "romanian-classes"
    assert not service.locations.exists()


# --- Partnerships ---------------------------------------------------------------------------


def test_staff_of_a_party_read_the_partnerships_valid_today(cw, coordinator, orgs, mou):
    ended = directory.partnership_save(
        actor=coordinator,
        data=directory.PartnershipData(
            title="Old housing pact",
            parties=("centre-a", "ngo"),
            scope=("housing",),
            shareable=(),
            valid_from=date(2020, 1, 1),
            valid_until=date(2021, 1, 1),
        ),
    )

    current = html_of(cw.get("/partners/partnerships/"))
    everything = html_of(cw.get("/partners/partnerships/", {"show": "all"}))
    detail = cw.get(f"/partners/partnerships/{mou.public_id}/")

    assert f'href="/partners/partnerships/{mou.public_id}/"' in current
    assert ended.public_id not in current
    assert ended.public_id in everything
    assert detail.status_code == 200
    assert "Phone and e-mail" in html_of(detail)
    assert "New partnership" not in current
    assert "Change the partnership" not in html_of(detail)


def test_those_outside_a_partnership_do_not_find_it(people, client_for, orgs, mou):
    caseworker_b = client_for(make_user("caseworker_b", orgs["b"], Role.CASEWORKER))

    assert client_for(people["analyst"]).get("/partners/partnerships/").status_code == 403
    assert mou.public_id not in html_of(caseworker_b.get("/partners/partnerships/"))
    assert caseworker_b.get(f"/partners/partnerships/{mou.public_id}/").status_code == 404


PARTNERSHIP_FORM = {
    "title": "Housing support",
    "parties": ["centre-a", "ngo"],
    "scope": ["housing"],
    "shareable": ["name"],
    "valid_from": "2026-01-01",
    "valid_until": "",
    "document_reference": "MoU 12/2026",
}


def test_the_coordinator_records_a_partnership(coord):
    response = coord.post("/partners/partnerships/new/", PARTNERSHIP_FORM)

    assert response.status_code == 302
    created = Partnership.objects.get(title="Housing support")
    assert response["Location"] == f"/partners/partnerships/{created.public_id}/"
    assert sorted(o.code for o in created.parties.all()) == ["centre-a", "ngo"]
    assert "has been recorded" in html_of(coord.get(response["Location"]))


def test_a_bad_partnership_is_explained_beside_its_fields_and_not_saved(coord):
    response = coord.post(
        "/partners/partnerships/new/",
        {**PARTNERSHIP_FORM, "parties": ["ngo"], "valid_until": "2025-01-01"},
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "at least two parties" in error_beside(html, "id_parties")
    assert "cannot end before it starts" in error_beside(html, "id_valid_until")
    assert not Partnership.objects.filter(title="Housing support").exists()


def test_only_the_coordinator_records_changes_and_terminates_partnerships(cw, mou):
    assert cw.get("/partners/partnerships/new/").status_code == 403
    assert cw.post("/partners/partnerships/new/", PARTNERSHIP_FORM).status_code == 403
    assert cw.get(f"/partners/partnerships/{mou.public_id}/edit/").status_code == 403
    terminate = cw.post(
        f"/partners/partnerships/{mou.public_id}/terminate/", {"terminated_on": "2026-01-01"}
    )
    assert terminate.status_code == 403
    mou.refresh_from_db()
    assert mou.terminated_on is None
    assert not Partnership.objects.filter(title="Housing support").exists()


def test_the_coordinator_changes_a_partnership(coord, mou):
    url = f"/partners/partnerships/{mou.public_id}/edit/"
    assert 'value="Language support"' in html_of(coord.get(url))

    response = coord.post(url, {**PARTNERSHIP_FORM, "title": "Language and housing"})

    assert response.status_code == 302
    mou.refresh_from_db()
    assert mou.title == "Language and housing"
    assert mou.scope == ["housing"]


def test_the_coordinator_terminates_a_partnership_from_a_day(coord, mou):
    url = f"/partners/partnerships/{mou.public_id}/terminate/"
    too_early = coord.post(url, {"terminated_on": "2000-01-01"})
    assert "cannot end before it starts" in error_beside(html_of(too_early), "id_terminated_on")
    mou.refresh_from_db()
    assert mou.terminated_on is None

    response = coord.post(url, {"terminated_on": timezone.localdate().isoformat()})

    assert response.status_code == 302
    mou.refresh_from_db()
    assert mou.terminated_on == timezone.localdate()
    detail = html_of(coord.get(f"/partners/partnerships/{mou.public_id}/"))
    assert "terminated on" in detail
    assert "Not valid today" in detail
    assert "Change the partnership" not in detail
    assert coord.get(f"/partners/partnerships/{mou.public_id}/edit/").status_code == 302


# --- Referring a person ---------------------------------------------------------------------


def test_the_referral_form_suggests_the_measures_services_and_shares_nothing_yet(
    cw, person, measure, service, hidden_service, mou
):
    response = cw.get(f"/partners/referrals/person/{person.public_id}/new/?measure={measure.pk}")

    html = html_of(response)
    assert response.status_code == 200
    assert f'<option value="{measure.pk}" selected>Romanian course (Language)' in html
    suggested = html.index("Suggested: Language")
    assert suggested < html.index("Romanian classes — Refugee NGO") < html.index("Night shelter")
    assert 'name="shared_fields"' in html
    assert "checked" not in html.split('id="id_shared_fields"')[1].split("</fieldset>")[0]


def test_a_caseworker_refers_a_person_and_the_partner_is_told(
    cw, people, person, measure, service, mou
):
    response = cw.post(
        f"/partners/referrals/person/{person.public_id}/new/",
        {
            "measure": measure.pk,
            "service": service.pk,
            "shared_fields": ["name", "contact"],
            "message": "Evenings, please.",
        },
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert response["Location"] == f"/partners/referrals/{referral.public_id}/"
    assert referral.shared_fields == ["name", "contact"]
    assert referral.message == "Evenings, please."
    assert Notification.objects.filter(user=people["partner"], kind="referral.received").exists()


def test_sharing_nothing_is_explained_beside_the_choice_and_nothing_is_sent(
    cw, person, measure, service, mou
):
    response = cw.post(
        f"/partners/referrals/person/{person.public_id}/new/",
        {"measure": measure.pk, "service": service.pk, "message": ""},
    )

    assert response.status_code == 200
    assert "at least one" in error_beside(html_of(response), "id_shared_fields")
    assert not Referral.objects.exists()


def test_a_referral_without_partnership_or_consent_is_explained_beside_the_service(
    cw, person, measure, service
):
    response = cw.post(
        f"/partners/referrals/person/{person.public_id}/new/",
        {"measure": measure.pk, "service": service.pk, "shared_fields": ["name"]},
    )

    html = html_of(response)
    assert "No partnership or consent" in error_beside(html, "id_service")
    assert "Record their consent, or share less." in html  # what to do, heading the form
    assert not Referral.objects.exists()


def test_a_measure_already_referred_is_explained_beside_the_measure(
    cw, person, measure, service, referral
):
    response = cw.post(
        f"/partners/referrals/person/{person.public_id}/new/",
        {"measure": measure.pk, "service": service.pk, "shared_fields": ["name"]},
    )

    assert "already has an open referral" in error_beside(html_of(response), "id_measure")
    assert Referral.objects.count() == 1


def test_a_person_without_an_open_plan_cannot_be_referred_yet(cw, person):
    html = html_of(cw.get(f"/partners/referrals/person/{person.public_id}/new/"))

    assert "no open plan" in html


def test_only_the_responsible_caseworkers_refer(people, client_for, coord, person, measure):
    url = f"/partners/referrals/person/{person.public_id}/new/"
    assert coord.get(url).status_code == 403
    assert client_for(people["partner"]).get(url).status_code == 404
    assert client_for(people["partner"]).post(url, {}).status_code == 404
    assert not Referral.objects.exists()


# --- The partner's workspace ----------------------------------------------------------------


def test_the_partner_lists_what_it_received_with_the_shared_name_only(
    ngo, caseworker, person, measure, service, mou
):
    late = send(caseworker, person, measure, service, now=timezone.now() - timedelta(days=10))

    response = ngo.get("/partners/referrals/")

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="/partners/referrals/{late.public_id}/"' in html
    assert "<bdi>Amina Haddad</bdi>" in html
    assert person.public_id not in html
    assert "/people/" not in html
    assert "late to answer" in html
    assert "Integration Centre A" in html


def test_the_inbox_filters_by_status_and_lateness(ngo, referral):
    assert referral.public_id in html_of(ngo.get("/partners/referrals/", {"status": "open"}))
    assert referral.public_id not in html_of(
        ngo.get("/partners/referrals/", {"status": "completed"})
    )
    empty = html_of(ngo.get("/partners/referrals/", {"overdue": "on"}))
    assert referral.public_id not in empty
    assert "No referral matches" in empty
    fragment = html_of(ngo.get("/partners/referrals/", {"status": "sent"}, HTTP_HX_REQUEST="true"))
    assert referral.public_id in fragment
    assert "<html" not in fragment


def test_the_caseworker_follows_what_was_sent(cw, ngo, referral, person):
    sent = html_of(cw.get("/partners/referrals/sent/"))

    assert f'href="/partners/referrals/{referral.public_id}/"' in sent
    assert person.public_id in sent
    assert referral.public_id not in html_of(ngo.get("/partners/referrals/sent/"))


def test_referral_lists_are_for_those_who_work_with_partners(people, client_for, referral):
    analyst = client_for(people["analyst"])
    assert analyst.get("/partners/referrals/").status_code == 403
    assert analyst.get("/partners/referrals/sent/").status_code == 403


def test_the_partner_reads_only_what_the_referral_shares(ngo, referral, person):
    response = ngo.get(f"/partners/referrals/{referral.public_id}/")

    html = html_of(response)
    assert response.status_code == 200
    assert "Amina Haddad" in html
    assert "Romanian course" in html
    assert "Evenings suit her best." in html
    assert "Romanian classes" in html
    assert "1990" not in html  # the date of birth was not shared
    assert "+37360000000" not in html  # nor the phone
    assert person.public_id not in html
    assert "/people/" not in html
    assert 'href="/plans/L-' not in html  # nor their plan
    assert "Accept" in html
    assert "Withdraw the referral" not in html


def test_the_sender_reads_the_person_and_may_withdraw(cw, referral, person):
    html = html_of(cw.get(f"/partners/referrals/{referral.public_id}/"))

    assert f'href="/people/{person.public_id}/"' in html
    assert "Withdraw the referral" in html
    assert 'action="/partners/referrals/' + referral.public_id + '/accept/"' not in html


def test_others_do_not_find_a_referral(people, client_for, referral):
    for persona in ("teacher", "analyst", "inspector", "migrant"):
        response = client_for(people[persona]).get(f"/partners/referrals/{referral.public_id}/")
        assert response.status_code == 404, persona


def test_the_partner_accepts_and_the_measure_is_in_progress(ngo, referral, measure):
    response = ngo.post(f"/partners/referrals/{referral.public_id}/accept/")

    assert response.status_code == 302
    referral.refresh_from_db()
    measure.refresh_from_db()
    assert referral.status == "accepted"
    assert measure.status == "in_progress"
    page = html_of(ngo.get(response["Location"]))
    assert "You accepted the referral" in page
    assert "What was delivered" in page


def test_a_decline_without_reason_is_explained_beside_the_reason(ngo, referral):
    url = f"/partners/referrals/{referral.public_id}/decline/"

    no_reason = ngo.post(url, {"decline-reason": "", "decline-note": ""})
    other = ngo.post(url, {"decline-reason": "other", "decline-note": ""})

    assert no_reason.status_code == 200
    assert "Say why you decline" in error_beside(html_of(no_reason), "id_decline-reason")
    assert "Explain the reason" in error_beside(html_of(other), "id_decline-note")
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_the_partner_declines_with_a_reason(ngo, cw, referral):
    response = ngo.post(
        f"/partners/referrals/{referral.public_id}/decline/",
        {"decline-reason": "no_capacity", "decline-note": "Full until June."},
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"
    html = html_of(cw.get(f"/partners/referrals/{referral.public_id}/"))
    assert "No capacity" in html
    assert "Full until June." in html


def test_the_partner_completes_with_an_outcome_and_a_note(ngo, referral, measure):
    ngo.post(f"/partners/referrals/{referral.public_id}/accept/")
    url = f"/partners/referrals/{referral.public_id}/complete/"

    missing = ngo.post(url, {"complete-outcome": "achieved", "complete-note": ""})
    assert "Say what was delivered" in error_beside(html_of(missing), "id_complete-note")

    response = ngo.post(url, {"complete-outcome": "achieved", "complete-note": "A2 reached."})

    assert response.status_code == 302
    referral.refresh_from_db()
    measure.refresh_from_db()
    assert referral.status == "completed"
    assert measure.status == "done"
    assert "A2 reached." in measure.evidence


def test_completing_before_accepting_is_refused_with_a_message(ngo, referral):
    response = ngo.post(
        f"/partners/referrals/{referral.public_id}/complete/",
        {"complete-outcome": "achieved", "complete-note": "Done."},
    )

    assert response.status_code == 302
    assert "cannot be completed" in html_of(ngo.get(response["Location"]))
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_only_the_receiving_organisation_answers(cw, coord, referral):
    for client in (cw, coord):
        assert client.post(f"/partners/referrals/{referral.public_id}/accept/").status_code == 403
        declined = client.post(
            f"/partners/referrals/{referral.public_id}/decline/",
            {"decline-reason": "no_capacity"},
        )
        assert declined.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_the_sender_withdraws_and_the_partner_may_not(cw, ngo, people, referral):
    refused = ngo.post(f"/partners/referrals/{referral.public_id}/withdraw/", {})
    assert refused.status_code == 403

    response = cw.post(
        f"/partners/referrals/{referral.public_id}/withdraw/", {"withdraw-note": "Moved away."}
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert Notification.objects.filter(user=people["partner"], kind="referral.withdrawn").exists()
    again = cw.post(f"/partners/referrals/{referral.public_id}/withdraw/", {})
    assert again.status_code == 302
    assert "can no longer be withdrawn" in html_of(cw.get(again["Location"]))


def test_a_persons_referrals_and_the_plan_link_to_them(cw, referral, person, plan, measure):
    listing = html_of(cw.get(f"/partners/referrals/person/{person.public_id}/"))
    plan_page = html_of(cw.get(f"/plans/{plan.public_id}/"))
    record = html_of(cw.get(f"/people/{person.public_id}/"))

    assert f'href="/partners/referrals/{referral.public_id}/"' in listing
    assert "Refer to a partner" in listing
    assert f'href="/partners/referrals/{referral.public_id}/"' in plan_page
    assert f"/partners/referrals/person/{person.public_id}/new/?measure={measure.pk}" in plan_page
    assert f'href="/partners/referrals/person/{person.public_id}/"' in record


def test_a_partner_does_not_reach_a_persons_referrals(ngo, referral, person):
    assert ngo.get(f"/partners/referrals/person/{person.public_id}/").status_code == 404


# --- Performance ----------------------------------------------------------------------------


def test_the_partner_and_the_coordinator_read_the_performance(ngo, coord, referral):
    ngo.post(f"/partners/referrals/{referral.public_id}/accept/")

    own = html_of(ngo.get("/partners/referrals/performance/"))
    chosen = html_of(coord.get("/partners/referrals/performance/", {"organisation": "ngo"}))

    assert "Refugee NGO" in own
    assert "1 (1 in time)" in own
    assert "Received" in chosen
    assert "1 (1 in time)" in chosen


def test_performance_of_another_organisation_is_refused(cw, people, client_for, referral):
    assert cw.get("/partners/referrals/performance/", {"organisation": "ngo"}).status_code == 403
    assert client_for(people["analyst"]).get("/partners/referrals/performance/").status_code == 403
    assert cw.get("/partners/referrals/performance/", {"organisation": "none"}).status_code == 404


# --- The inbox ------------------------------------------------------------------------------


def test_the_inbox_lists_the_notifications_newest_first_and_marks_them_read(
    ngo, people, caseworker, person, measure, service, mou
):
    referral = send(caseworker, person, measure, service)
    referrals.referral_withdraw(actor=caseworker, referral=referral)
    user = people["partner"]
    assert 'Inbox <strong class="tag">2' in html_of(ngo.get("/partners/referrals/"))

    html = html_of(ngo.get("/inbox/"))

    assert html.index("was withdrawn") < html.index("New referral")
    assert f'href="/partners/referrals/{referral.public_id}/"' in html
    assert html.count('class="unread"') == 2
    newest = Notification.objects.filter(user=user).order_by("-created_at", "-id").first()
    one = ngo.post("/inbox/read/", {"notification": newest.pk, "next": "/inbox/"})
    assert one.status_code == 302
    assert html_of(ngo.get("/inbox/")).count('class="unread"') == 1
    everything = ngo.post("/inbox/read/")
    assert everything["Location"] == "/inbox/"
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert "Nothing unread." in html_of(ngo.get("/inbox/", {"show": "unread"}))


def test_the_inbox_is_ones_own(cw, ngo, people, referral):
    html = html_of(cw.get("/inbox/"))

    assert "New referral" not in html
    assert "No message yet" in html
    theirs = Notification.objects.get(user=people["partner"])
    cw.post("/inbox/read/", {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_navigation_links_partners_for_staff_and_the_public_directory_for_others(
    cw, people, client_for
):
    staff = html_of(cw.get("/"))
    analyst = html_of(client_for(people["analyst"]).get("/"))

    assert 'href="/partners/"' in staff
    assert 'href="/partners/referrals/sent/"' in staff
    assert 'href="/partners/"' not in analyst
    assert 'href="/partners/public/"' in analyst
    assert 'href="/partners/referrals/"' in html_of(client_for(people["partner"]).get("/"))


def test_ids_too_large_for_the_database_are_refused_plainly(ngo, referral):
    huge = "9" * 30
    assert ngo.post("/inbox/read/", {"notification": huge}).status_code == 302
