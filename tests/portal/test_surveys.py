"""The migrant answers the open surveys in the portal (R25, issue 8 item 5): in
her language (right to left in Arabic), once, every question optional but one;
a tampered value gets a message beside its question; the audit log never holds
an answer; nobody answers as someone else."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.monitoring.models import SurveyAnswer, SurveyResponse
from integra.monitoring.services import surveys as services
from tests.monitoring.test_surveys import make_open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(coordinator):
    return make_open_survey(coordinator)


def _questions(survey) -> tuple[str, str]:
    scale, yes_no = survey.questions.order_by("position")
    return f"q{scale.pk}", f"q{yes_no.pk}"


def _in(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _client_of(user) -> Client:
    from django.utils import timezone

    from integra.core.middleware import LOGIN_AT

    client = Client()
    client.force_login(user)
    session = client.session
    session[LOGIN_AT] = timezone.now().isoformat()
    session.save()
    return client


# --- The service ----------------------------------------------------------------------------


def test_a_migrant_answers_once_and_the_audit_holds_no_answer(account, survey):
    actor = access.actor_for(account.user)
    scale, yes_no = _questions(survey)

    response = services.survey_answer(
        actor=actor, code=survey.code, answers={scale: "5", yes_no: "1"}, language="uk"
    )

    assert response.person_id == account.person_id
    assert response.language == "uk"
    assert sorted(SurveyAnswer.objects.values_list("value", flat=True)) == [1, 5]
    entry = AuditEntry.objects.get(action="survey.answered")
    assert entry.object_type == "survey"
    assert entry.object_id == survey.code
    assert entry.data == {"language": "uk"}
    with pytest.raises(Conflict):
        services.survey_answer(actor=actor, code=survey.code, answers={scale: "4"}, language="uk")
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "6", "55", "-1", "x", "4.5"])
def test_a_value_out_of_range_is_refused_beside_its_question(account, survey, value):
    actor = access.actor_for(account.user)
    scale, yes_no = _questions(survey)
    with pytest.raises(ValidationFailed) as error:
        services.survey_answer(
            actor=actor, code=survey.code, answers={scale: value, yes_no: "0"}, language="en"
        )
    assert list(error.value.field_errors) == [scale]
    assert not SurveyResponse.objects.exists()


def test_a_yes_no_question_takes_only_yes_or_no(account, survey):
    actor = access.actor_for(account.user)
    _, yes_no = _questions(survey)
    with pytest.raises(ValidationFailed) as error:
        services.survey_answer(actor=actor, code=survey.code, answers={yes_no: "3"}, language="en")
    assert list(error.value.field_errors) == [yes_no]


def test_at_least_one_question_is_answered(account, survey):
    actor = access.actor_for(account.user)
    with pytest.raises(ValidationFailed, match="at least one"):
        services.survey_answer(
            actor=actor, code=survey.code, answers={"q999999": "5"}, language="en"
        )


def test_staff_cannot_answer_a_survey(people, survey):
    for persona in ("caseworker", "coordinator", "migrant"):
        with pytest.raises(PermissionDenied):
            services.survey_answer(
                actor=access.actor_for(people[persona]),
                code=survey.code,
                answers={_questions(survey)[0]: "4"},
                language="en",
            )


def test_a_draft_or_closed_survey_takes_no_answer(account, coordinator, survey):
    from integra.core.errors import NotFound

    actor = access.actor_for(account.user)
    services.survey_close(actor=coordinator, survey=survey)
    with pytest.raises(NotFound):
        services.survey_answer(
            actor=actor, code=survey.code, answers={_questions(survey)[0]: "4"}, language="en"
        )


# --- The pages ------------------------------------------------------------------------------


def test_the_list_has_an_empty_state(me):
    response = me.get("/my/surveys/")
    assert response.status_code == 200
    assert "There is no survey to answer at the moment." in response.content.decode()


def test_a_migrant_answers_in_ukrainian(me, survey):
    scale, yes_no = _questions(survey)
    listing = _in(me, "uk").get("/my/surveys/").content.decode()
    assert "Наші послуги" in listing
    assert f'href="/my/surveys/{survey.code}/"' in listing

    page = me.get(f"/my/surveys/{survey.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="uk"' in html
    assert "Наскільки ви задоволені?" in html
    assert f'type="radio" name="{scale}" value="5"' in html
    assert f'type="radio" name="{yes_no}" value="1"' in html

    response = me.post(f"/my/surveys/{survey.code}/", {scale: "4"})
    assert response.status_code == 302
    assert response["Location"] == f"/my/surveys/{survey.code}/"
    saved = SurveyResponse.objects.get()
    assert saved.language == "uk"
    assert list(SurveyAnswer.objects.values_list("value", flat=True)) == [4]

    thanks = me.get(f"/my/surveys/{survey.code}/")
    assert thanks.status_code == 200
    assert f'name="{scale}"' not in thanks.content.decode()
    listing = me.get("/my/surveys/").content.decode()
    assert f'href="/my/surveys/{survey.code}/"' not in listing


def test_a_migrant_answers_in_arabic_right_to_left(me, survey):
    scale, yes_no = _questions(survey)
    page = _in(me, "ar").get(f"/my/surveys/{survey.code}/").content.decode()
    assert 'lang="ar"' in page
    assert 'dir="rtl"' in page
    assert "ما مدى رضاك؟" in page
    response = me.post(f"/my/surveys/{survey.code}/", {scale: "2", yes_no: "1"})
    assert response.status_code == 302
    assert SurveyResponse.objects.get().language == "ar"


def test_a_second_answer_is_refused_with_a_message(me, survey):
    scale, _ = _questions(survey)
    me.post(f"/my/surveys/{survey.code}/", {scale: "4"})
    response = me.post(f"/my/surveys/{survey.code}/", {scale: "1"})
    assert response.status_code == 409
    assert "You have answered this survey already." in response.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert list(SurveyAnswer.objects.values_list("value", flat=True)) == [4]


def test_a_tampered_value_gets_a_message_beside_its_question(me, survey):
    scale, yes_no = _questions(survey)
    response = me.post(f"/my/surveys/{survey.code}/", {scale: "9", yes_no: "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{scale}_error"' in html
    assert "Choose a number from 1 to 5." in html
    assert not SurveyResponse.objects.exists()
    response = me.post(f"/my/surveys/{survey.code}/", {})
    assert response.status_code == 400
    assert "Answer at least one question." in response.content.decode()


def test_an_unknown_or_closed_survey_sends_back_to_the_list(me, coordinator, survey):
    response = me.get("/my/surveys/no-such-survey/", follow=True)
    assert response.redirect_chain[-1][0] == "/my/surveys/"
    assert "This survey is not open" in response.content.decode()
    services.survey_close(actor=coordinator, survey=survey)
    response = me.post(f"/my/surveys/{survey.code}/", {_questions(survey)[0]: "4"})
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_another_migrant_answers_only_for_himself(me, rustam, survey, account):
    scale, _ = _questions(survey)
    me.post(f"/my/surveys/{survey.code}/", {scale: "5"})
    other = _client_of(rustam.portal_account.user)
    listing = other.get("/my/surveys/").content.decode()
    assert f'href="/my/surveys/{survey.code}/"' in listing  # not answered by him
    response = other.post(f"/my/surveys/{survey.code}/", {scale: "2"})
    assert response.status_code == 302
    owners = set(SurveyResponse.objects.values_list("person_id", flat=True))
    assert owners == {account.person_id, rustam.pk}


@pytest.mark.parametrize("persona", ["caseworker", "coordinator", "admin", "migrant"])
def test_staff_are_sent_to_their_own_pages(persona, people, client_for, survey):
    client = client_for(people[persona])
    for response in (
        client.get("/my/surveys/"),
        client.post(f"/my/surveys/{survey.code}/", {_questions(survey)[0]: "4"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/"
    assert not SurveyResponse.objects.exists()


def test_the_anonymous_sign_in_first(client, survey):
    response = client.get(f"/my/surveys/{survey.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/my/sign-in/")


def test_the_portal_links_to_the_surveys(me):
    html = me.get("/my/").content.decode()
    assert 'href="/my/surveys/"' in html
