"""The volunteer pages (R12): the list and a volunteer's page, the profile form and
the background check for the volunteer's organisation, finding and matching a
volunteer from a measure of a person's plan, logging hours and ending a match.
Each page for a user who may and one who may not; bad input explained beside its
field, changing nothing; contact details and the person's name stay on their side."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from integra.core.models import Notification
from integra.core.roles import Role
from integra.people import services as people_services
from integra.plans.services import plans as plan_services
from integra.services.models import Volunteer, VolunteerHours, VolunteerMatch
from integra.services.services import volunteers
from tests.conftest import make_user
from tests.services.conftest import volunteer


def html_of(response) -> str:
    return response.content.decode()


def error_beside(html: str, field_id: str) -> str:
    """The error text shown under the field whose id is ``field_id``."""
    match = re.search(rf'<div id="{re.escape(field_id)}_error">(.*?)</div>', html, re.S)
    assert match, f"no error beside #{field_id}"
    return match.group(1)


def _day(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def cw(people, client_for):
    return client_for(people["caseworker"])


@pytest.fixture
def ngo(people, client_for):
    """The NGO's partner agent, who keeps the NGO's volunteers, in a browser."""
    return client_for(people["partner"])


@pytest.fixture
def coord(people, client_for):
    return client_for(people["coordinator"])


@pytest.fixture
def speaks_arabic(caseworker, person):
    """Amina speaks Arabic and lives in Chișinău."""
    people_services.language_set(actor=caseworker, person=person, code="ar", declared_level="C2")
    person.locality = "Chișinău"
    person.save(update_fields=["locality"])
    return person


@pytest.fixture
def match(caseworker, person, measure, elena) -> VolunteerMatch:
    """Elena tutors Amina for the plan's Romanian course, from a week ago."""
    made = volunteers.match_create(
        actor=caseworker, person=person, measure_id=measure.pk, volunteer_id=elena.public_id
    )
    VolunteerMatch.objects.filter(pk=made.pk).update(
        started_on=timezone.localdate() - timedelta(days=7)
    )
    made.refresh_from_db()
    return made


# --- The list -------------------------------------------------------------------------------


def test_caseworkers_search_the_volunteers_without_their_contact_details(cw, partner, orgs, elena):
    volunteer(partner, orgs["ngo"], "Ion", languages=("ru",), skills=("job_search",))

    response = cw.get("/partners/volunteers/", {"skill": "language_tutoring", "language": "AR"})

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="/partners/volunteers/{elena.public_id}/"' in html
    assert "Language tutoring" in html
    assert "Refugee NGO" in html
    assert "Ion" not in html
    assert "elena@example.org" not in html


def test_the_list_keeps_to_volunteers_cleared_today_when_asked(cw, partner, orgs, elena):
    waiting = volunteer(partner, orgs["ngo"], "Ion", cleared=False)

    everyone = html_of(cw.get("/partners/volunteers/"))
    cleared = html_of(cw.get("/partners/volunteers/", {"cleared": "on"}))

    assert waiting.public_id in everyone
    assert "Being checked" in everyone
    assert waiting.public_id not in cleared
    assert elena.public_id in cleared


def test_the_list_says_when_nothing_matches_and_answers_htmx_with_the_results(cw, elena):
    empty = html_of(cw.get("/partners/volunteers/", {"locality": "Bălți"}))
    fragment = cw.get("/partners/volunteers/", {"q": "elena"}, HTTP_HX_REQUEST="true")

    assert "No volunteer matches" in empty
    assert elena.public_id in html_of(fragment)
    assert "<html" not in html_of(fragment)


def test_a_bad_language_filter_is_explained_beside_its_field(cw, elena):
    response = cw.get("/partners/volunteers/", {"language": "Arabic"})

    assert response.status_code == 200
    assert "two- or three-letter code" in error_beside(html_of(response), "id_language")


def test_the_volunteers_come_in_pages(cw, partner, orgs):
    for number in range(30):
        volunteers.volunteer_save(
            actor=partner,
            organisation=orgs["ngo"],
            data=volunteers.VolunteerData(given_name=f"Tutor {number:02}", skills=("mentoring",)),
        )

    first = html_of(cw.get("/partners/volunteers/"))
    second = html_of(cw.get("/partners/volunteers/", {"page": "2"}))

    assert "Page 1 of 2" in first
    assert "Tutor 00" in first
    assert "Tutor 29" not in first
    assert "Tutor 29" in second


def test_those_who_do_not_work_with_volunteers_find_none(people, client_for, elena):
    for persona in ("teacher", "analyst", "inspector", "migrant"):
        client = client_for(people[persona])
        assert client.get("/partners/volunteers/").status_code == 403, persona
        assert client.get(f"/partners/volunteers/{elena.public_id}/").status_code == 404, persona
        assert client.get("/partners/volunteers/new/").status_code == 403, persona


def test_the_navigation_links_the_volunteers_for_those_who_work_with_them(
    cw, ngo, coord, people, client_for
):
    for client in (cw, ngo, coord):
        assert 'href="/partners/volunteers/"' in html_of(client.get("/"))
    for persona in ("teacher", "analyst"):
        assert 'href="/partners/volunteers/"' not in html_of(client_for(people[persona]).get("/"))


# --- The profile ----------------------------------------------------------------------------


VOLUNTEER_FORM = {
    "organisation": "ngo",
    "given_name": "Ion",
    "family_name": "Rusu",
    "email": "ion@example.org",
    "phone": "+37368000000",
    "skills": ["mentoring", "job_search"],
    "languages": "RO, ru; ro",
    "locality": "Bălți",
    "availability": "Weekday evenings",
    "hours_per_month": "6",
    "max_matches": "3",
    "is_active": "on",
}


def test_the_organisation_adds_a_volunteer_who_waits_for_the_check(ngo):
    form = html_of(ngo.get("/partners/volunteers/new/"))
    assert 'type="checkbox" name="skills" value="language_tutoring"' in form

    response = ngo.post("/partners/volunteers/new/", VOLUNTEER_FORM)

    assert response.status_code == 302
    created = Volunteer.objects.get(given_name="Ion")
    assert response["Location"] == f"/partners/volunteers/{created.public_id}/"
    assert created.organisation.code == "ngo"
    assert created.languages == ["ro", "ru"]
    assert created.skills == ["job_search", "mentoring"]
    assert (created.hours_per_month, created.max_matches) == (6, 3)
    assert created.vetting == "pending"
    page = html_of(ngo.get(response["Location"]))
    assert "has been added" in page
    assert "ion@example.org" in page
    assert "Being checked" in page


def test_a_language_that_is_not_a_code_is_explained_beside_the_languages(ngo):
    words = ngo.post("/partners/volunteers/new/", {**VOLUNTEER_FORM, "languages": "Romanian, ru"})
    unknown = ngo.post("/partners/volunteers/new/", {**VOLUNTEER_FORM, "languages": "ro, xx"})

    assert words.status_code == 200
    error = error_beside(html_of(words), "id_languages")
    assert "ISO 639 codes separated by commas" in error
    assert "Not a code: romanian" in error
    assert "Unknown language codes: xx" in error_beside(html_of(unknown), "id_languages")
    assert not Volunteer.objects.exists()


def test_a_volunteer_without_a_kind_of_help_is_explained_beside_the_choice(ngo):
    response = ngo.post(
        "/partners/volunteers/new/", {**VOLUNTEER_FORM, "skills": [], "max_matches": "0"}
    )

    html = html_of(response)
    assert "This field is required" in error_beside(html, "id_skills")
    assert error_beside(html, "id_max_matches")
    assert not Volunteer.objects.exists()


def test_only_an_organisations_staff_add_its_volunteers(cw, people, client_for):
    assert (
        client_for(people["teacher"]).post("/partners/volunteers/new/", VOLUNTEER_FORM).status_code
        == 403
    )
    # Centre A's caseworker keeps centre A's volunteers, not the NGO's.
    refused = cw.post("/partners/volunteers/new/", VOLUNTEER_FORM)
    assert refused.status_code == 200
    assert "Select a valid choice" in error_beside(html_of(refused), "id_organisation")
    assert not Volunteer.objects.exists()


def test_the_organisation_changes_a_profile_but_not_the_organisation(ngo, elena):
    url = f"/partners/volunteers/{elena.public_id}/edit/"
    page = html_of(ngo.get(url))
    assert 'value="ar, ro"' in page
    assert 'value="elena@example.org"' in page

    response = ngo.post(
        url, {**VOLUNTEER_FORM, "organisation": "centre-a", "given_name": "Elena", "is_active": ""}
    )

    assert response.status_code == 302
    elena.refresh_from_db()
    assert elena.organisation.code == "ngo"
    assert elena.family_name == "Rusu"
    assert not elena.is_active
    assert elena.vetting == "cleared"  # a new profile keeps the check


def test_others_neither_change_a_profile_nor_record_a_check(cw, coord, elena):
    assert cw.get(f"/partners/volunteers/{elena.public_id}/edit/").status_code == 403
    assert (
        cw.post(f"/partners/volunteers/{elena.public_id}/edit/", VOLUNTEER_FORM).status_code == 403
    )
    vetting = {"vetting-outcome": "refused", "vetting-vetted_on": _day()}
    assert cw.post(f"/partners/volunteers/{elena.public_id}/vetting/", vetting).status_code == 403
    elena.refresh_from_db()
    assert (elena.given_name, elena.vetting) == ("Elena", "cleared")
    # Coordinators keep every organisation's volunteers.
    assert coord.get(f"/partners/volunteers/{elena.public_id}/edit/").status_code == 200


# --- A volunteer's page ---------------------------------------------------------------------


def test_a_caseworker_reads_the_profile_and_the_check_but_not_the_contact(cw, elena):
    html = html_of(cw.get(f"/partners/volunteers/{elena.public_id}/"))

    assert "Elena Popa" in html
    assert "Language tutoring" in html
    assert "Cleared on" in html
    assert "valid until" in html
    assert "elena@example.org" not in html
    assert "+37369000000" not in html
    assert "contact details are with their organisation" in html
    assert "Record the check" not in html
    assert "Change the profile" not in html
    assert 'id="matches"' not in html


def test_the_organisation_reads_the_contact_and_the_matches_by_the_persons_number(
    ngo, elena, match, person
):
    html = html_of(ngo.get(f"/partners/volunteers/{elena.public_id}/"))

    assert "elena@example.org" in html
    assert "+37369000000" in html
    assert "Record the check" in html
    assert f"<code>{person.public_id}</code>" in html
    assert "Amina" not in html
    assert f'href="/partners/volunteers/matches/{match.pk}/"' in html
    assert "2 (helping 1 now)" in html


def test_the_organisation_records_a_check_with_its_validity(ngo, partner, orgs):
    ion = volunteer(partner, orgs["ngo"], "Ion", cleared=False)

    response = ngo.post(
        f"/partners/volunteers/{ion.public_id}/vetting/",
        {
            "vetting-outcome": "cleared",
            "vetting-vetted_on": _day(-2),
            "vetting-valid_until": _day(363),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/partners/volunteers/{ion.public_id}/#vetting"
    ion.refresh_from_db()
    assert ion.vetting == "cleared"
    assert ion.vetting_expires_on == timezone.localdate() + timedelta(days=363)
    page = html_of(ngo.get(response["Location"]))
    assert "has been recorded" in page
    assert "valid until" in page


def test_a_bad_check_is_explained_beside_its_fields_and_not_recorded(ngo, partner, orgs):
    ion = volunteer(partner, orgs["ngo"], "Ion", cleared=False)
    url = f"/partners/volunteers/{ion.public_id}/vetting/"

    missing = ngo.post(url, {"vetting-outcome": "", "vetting-vetted_on": _day()})
    backwards = ngo.post(
        url,
        {
            "vetting-outcome": "cleared",
            "vetting-vetted_on": _day(1),
            "vetting-valid_until": _day(-5),
        },
    )

    assert missing.status_code == 200
    assert error_beside(html_of(missing), "id_vetting-outcome")
    html = html_of(backwards)
    assert "future day" in error_beside(html, "id_vetting-vetted_on")
    assert "valid after the day" in error_beside(html, "id_vetting-valid_until")
    ion.refresh_from_db()
    assert ion.vetting == "pending"


def test_a_check_that_ran_out_is_shown_as_not_valid_today(cw, partner, orgs):
    ion = volunteer(partner, orgs["ngo"], "Ion", cleared=False)
    volunteers.volunteer_vet(
        actor=partner,
        volunteer=ion,
        outcome="cleared",
        on=timezone.localdate() - timedelta(days=400),
        expires_on=timezone.localdate() - timedelta(days=35),
    )

    html = html_of(cw.get(f"/partners/volunteers/{ion.public_id}/"))

    assert "not valid today" in html


# --- Matching from a plan -------------------------------------------------------------------


def test_the_plan_offers_a_volunteer_for_the_measures_volunteers_help_with(
    cw, caseworker, person, plan, measure
):
    legal = plan_services.measure_add(
        actor=caseworker,
        plan=plan,
        data=plan_services.MeasureData(
            domain="legal",
            kind="legal_aid",
            title="Asylum appeal",
            due_on=timezone.localdate() + timedelta(days=30),
        ),
    )

    html = html_of(cw.get(f"/plans/{plan.public_id}/"))

    find = f"/partners/volunteers/person/{person.public_id}/match/?measure="
    assert f"{find}{measure.pk}" in html
    assert f"{find}{legal.pk}" not in html
    assert "No volunteer helps the person yet." in html


def test_the_match_page_lists_those_who_could_help_best_suited_first(
    cw, partner, orgs, speaks_arabic, measure, elena
):
    far = volunteer(partner, orgs["ngo"], "Ana", languages=("ro",), locality="Bălți")
    volunteer(partner, orgs["ngo"], "Ion", skills=("job_search",))
    volunteer(partner, orgs["ngo"], "Dan", cleared=False)

    response = cw.get(
        f"/partners/volunteers/person/{speaks_arabic.public_id}/match/", {"measure": measure.pk}
    )

    html = html_of(response)
    assert response.status_code == 200
    assert "Volunteers for “Romanian course”" in html
    assert html.index(elena.public_id) < html.index(far.public_id)
    assert "same locality" in html
    assert "None in common" in html
    assert "Ion" not in html  # another kind of help
    assert "Dan" not in html  # not cleared
    assert f'name="volunteer" value="{elena.public_id}"' in html
    assert "elena@example.org" not in html


def test_the_only_measure_volunteers_help_with_is_chosen_and_htmx_swaps_the_list(
    cw, person, measure, elena
):
    url = f"/partners/volunteers/person/{person.public_id}/match/"

    html = html_of(cw.get(url))

    assert f'<option value="{measure.pk}" selected>Romanian course (Language course)' in html
    assert 'hx-select="#suggestions"' in html
    assert elena.public_id in html


def test_a_caseworker_matches_a_volunteer_and_the_organisation_is_told(
    cw, ngo, people, person, plan, measure, elena
):
    response = cw.post(
        f"/partners/volunteers/person/{person.public_id}/match/",
        {"measure": measure.pk, "volunteer": elena.public_id},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.public_id}/#volunteers"
    made = VolunteerMatch.objects.get()
    assert (made.volunteer, made.person, made.measure_id) == (elena, person, measure.pk)
    measure.refresh_from_db()
    assert measure.status == "in_progress"
    plan_page = html_of(cw.get(response["Location"]))
    assert "now helps with “Romanian course”" in plan_page
    assert f'href="/partners/volunteers/{elena.public_id}/"' in plan_page
    assert f'href="/partners/volunteers/matches/{made.pk}/"' in plan_page
    assert Notification.objects.filter(user=people["partner"], kind="volunteer.matched").exists()
    inbox = html_of(ngo.get("/inbox/"))
    assert f'href="/partners/volunteers/{elena.public_id}/"' in inbox


def test_a_refused_match_is_explained_and_nothing_is_matched(
    cw, partner, orgs, person, measure, match
):
    waiting = volunteer(partner, orgs["ngo"], "Dan", cleared=False)
    url = f"/partners/volunteers/person/{person.public_id}/match/"

    uncleared = cw.post(url, {"measure": measure.pk, "volunteer": waiting.public_id})
    twice = cw.post(url, {"measure": measure.pk, "volunteer": match.volunteer.public_id})

    assert uncleared.status_code == 200
    html = html_of(uncleared)
    assert "The volunteer could not be matched." in html
    assert "background check is not valid today" in html
    assert 'role="alert"' in html
    assert "already helps with this measure" in html_of(twice)
    assert f'name="volunteer" value="{match.volunteer.public_id}"' not in html_of(twice)
    assert VolunteerMatch.objects.count() == 1


def test_a_person_without_a_measure_volunteers_help_with_is_told_so(cw, person):
    html = html_of(cw.get(f"/partners/volunteers/person/{person.public_id}/match/"))

    assert "no open plan with a measure volunteers help with" in html


def test_only_the_responsible_caseworkers_match(
    coord, ngo, orgs, client_for, person, measure, elena
):
    url = f"/partners/volunteers/person/{person.public_id}/match/"
    data = {"measure": measure.pk, "volunteer": elena.public_id}
    caseworker_b = client_for(make_user("caseworker_b", orgs["b"], Role.CASEWORKER))

    assert coord.get(url).status_code == 403
    assert coord.post(url, data).status_code == 403
    assert caseworker_b.post(url, data).status_code == 403
    assert ngo.get(url).status_code == 404
    assert ngo.post(url, data).status_code == 404
    assert not VolunteerMatch.objects.exists()


# --- Hours and the end of a match -----------------------------------------------------------


def test_the_caseworker_logs_hours_and_ends_the_match(cw, plan, match):
    url = f"/partners/volunteers/matches/{match.pk}/"
    page = html_of(cw.get(url))
    assert "Amina Haddad" in page
    assert f'href="/plans/{plan.public_id}/#volunteers"' in page

    logged = cw.post(
        f"{url}hours/", {"hours-day": _day(-1), "hours-hours": "1.5", "hours-note": "Reading"}
    )

    assert logged.status_code == 302
    assert logged["Location"] == f"{url}#hours"
    assert html_of(cw.get(url)).count("1.5") >= 2  # the entry and the total
    assert "<td>1.5</td>" in html_of(cw.get(f"/plans/{plan.public_id}/"))

    ended = cw.post(f"{url}end/", {"end-ended_on": _day(), "end-note": "Moved to Bălți."})

    assert ended.status_code == 302
    match.refresh_from_db()
    assert match.ended_on == timezone.localdate()
    assert "Moved to Bălți." in match.note
    after = html_of(cw.get(url))
    assert "The match has ended." in after
    assert "End the match" not in after
    assert "Log the hours" in after  # days within the match may still be logged


def test_bad_hours_and_a_bad_end_are_explained_beside_their_fields(cw, match):
    url = f"/partners/volunteers/matches/{match.pk}/"

    none = cw.post(f"{url}hours/", {"hours-day": _day(), "hours-hours": "0"})
    future = cw.post(f"{url}hours/", {"hours-day": _day(3), "hours-hours": "2"})
    early = cw.post(f"{url}end/", {"end-ended_on": _day(-30)})

    assert none.status_code == 200
    assert error_beside(html_of(none), "id_hours-hours")
    assert "future day" in error_beside(html_of(future), "id_hours-day")
    assert "between the day it started and today" in error_beside(html_of(early), "id_end-ended_on")
    assert not VolunteerHours.objects.exists()
    match.refresh_from_db()
    assert match.ended_on is None


def test_ending_a_match_twice_is_refused_with_a_message(cw, match):
    url = f"/partners/volunteers/matches/{match.pk}/end/"
    cw.post(url, {"end-ended_on": _day()})

    again = cw.post(url, {"end-ended_on": _day()})

    assert again.status_code == 302
    assert "already ended" in html_of(cw.get(again["Location"]))


def test_the_organisation_logs_hours_knowing_the_person_by_number_only(ngo, match, person):
    url = f"/partners/volunteers/matches/{match.pk}/"

    page = html_of(ngo.get(url))
    logged = ngo.post(f"{url}hours/", {"hours-day": _day(), "hours-hours": "2"})

    assert person.public_id in page
    assert "Amina" not in page
    assert "Romanian course" not in page
    assert 'href="/plans/L-' not in page  # nor their plan
    assert logged.status_code == 302
    assert VolunteerHours.objects.get().recorded_by.username == "partner"


def test_others_do_not_find_a_match(people, client_for, orgs, match):
    url = f"/partners/volunteers/matches/{match.pk}/"
    caseworker_b = client_for(make_user("caseworker_b", orgs["b"], Role.CASEWORKER))
    for client in (caseworker_b, *(client_for(people[p]) for p in ("teacher", "analyst"))):
        assert client.get(url).status_code == 404
        assert client.post(f"{url}hours/", {"hours-hours": "1"}).status_code == 404
        assert client.post(f"{url}end/", {"end-ended_on": _day()}).status_code == 404
    assert not VolunteerHours.objects.exists()
    match.refresh_from_db()
    assert match.ended_on is None


def test_a_measure_id_too_large_for_the_database_is_refused_plainly(cw, person, measure):
    url = f"/partners/volunteers/person/{person.public_id}/match/"
    response = cw.post(url, {"measure": "9" * 30, "volunteer": "V-0000-0000"})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to" in html_of(response)
