# ruff: noqa: RUF001  # text in its own script, on purpose
"""The migrants' surveys (R25), for the coordinating authority: writing a survey
in the five languages, its questions, opening and closing it, through the
services, the pages and the API; the answers counted into the satisfaction
indicator with disclosure control; the demo loaded twice without duplicates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from integra.core import access
from integra.core.errors import Conflict, PermissionDenied, ValidationFailed
from integra.core.models import AuditEntry
from integra.monitoring.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from integra.monitoring.selectors import indicator
from integra.monitoring.selectors.tables import TOTAL, TableQuery, indicator_table
from integra.monitoring.services import refresh
from integra.monitoring.services import surveys as services

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ro", "ru", "uk", "ar")
TITLE = {
    "en": "Our services",
    "ro": "Serviciile noastre",
    "ru": "Наши услуги",
    "uk": "Наші послуги",
    "ar": "خدماتنا",
}
INTRODUCTION = {
    "en": "Three questions.",
    "ro": "Trei întrebări.",
    "ru": "Три вопроса.",
    "uk": "Три запитання.",
    "ar": "ثلاثة أسئلة.",
}
SATISFIED = {
    "en": "How satisfied are you?",
    "ro": "Cât de mulțumit sunteți?",
    "ru": "Насколько вы довольны?",
    "uk": "Наскільки ви задоволені?",
    "ar": "ما مدى رضاك؟",
}
TREATED_UNFAIRLY = {
    "en": "Were you treated unfairly?",
    "ro": "Ați fost tratat nedrept?",
    "ru": "Вы сталкивались с несправедливым отношением?",
    "uk": "Чи з вами поводилися несправедливо?",
    "ar": "هل عوملت بشكل غير عادل؟",
}


def survey_data(code: str = "services-2026", **changes: object) -> services.SurveyData:
    values: dict[str, object] = {
        "code": code,
        "title": dict(TITLE),
        "introduction": dict(INTRODUCTION),
    }
    values.update(changes)
    return services.SurveyData(**values)  # type: ignore[arg-type]


def make_open_survey(actor, code: str = "services-2026") -> Survey:
    """An open survey: a satisfaction scale and a discrimination yes/no question."""
    survey = services.survey_create(actor=actor, data=survey_data(code))
    services.question_add(
        actor=actor,
        survey=survey,
        data=services.QuestionData(kind="scale", text=SATISFIED, feeds="satisfaction"),
    )
    services.question_add(
        actor=actor,
        survey=survey,
        data=services.QuestionData(kind="yes_no", text=TREATED_UNFAIRLY, feeds="discrimination"),
    )
    return services.survey_open(actor=actor, survey=survey)


@pytest.fixture
def coordinator(people):
    return access.actor_for(people["coordinator"])


# --- Services ----------------------------------------------------------------------------------


def test_a_survey_needs_every_text_in_the_five_languages(coordinator):
    with pytest.raises(ValidationFailed) as error:
        services.survey_create(
            actor=coordinator,
            data=survey_data(
                title={"en": "Our services", "uk": "Наші послуги"},
                introduction={**INTRODUCTION, "ar": "  "},
            ),
        )
    fields = error.value.field_errors
    assert set(fields) == {"title_ro", "title_ru", "title_ar", "introduction_ar"}
    assert "Romanian" in fields["title_ro"][0]
    assert "Arabic" in fields["introduction_ar"][0]
    assert not Survey.objects.exists()


def test_it_refuses_a_bad_code_markup_and_another_language(coordinator):
    with pytest.raises(ValidationFailed) as error:
        services.survey_create(
            actor=coordinator,
            data=survey_data(
                "Not a code!", title={**TITLE, "de": "Dienste", "ru": "<b>Услуги</b>"}
            ),
        )
    assert {"code", "title", "title_ru"} <= set(error.value.field_errors)


def test_two_surveys_cannot_share_a_code(coordinator):
    services.survey_create(actor=coordinator, data=survey_data())
    with pytest.raises(ValidationFailed) as error:
        services.survey_create(actor=coordinator, data=survey_data())
    assert "code" in error.value.field_errors


def test_only_the_coordinating_authority_writes_surveys(people):
    for persona in ("caseworker", "analyst", "admin", "inspector"):
        with pytest.raises(PermissionDenied):
            services.survey_create(actor=access.actor_for(people[persona]), data=survey_data())


def test_a_question_feeds_only_the_indicator_its_kind_fits(coordinator):
    survey = services.survey_create(actor=coordinator, data=survey_data())
    with pytest.raises(ValidationFailed) as error:
        services.question_add(
            actor=coordinator,
            survey=survey,
            data=services.QuestionData(kind="yes_no", text=SATISFIED, feeds="satisfaction"),
        )
    assert "feeds" in error.value.field_errors
    with pytest.raises(ValidationFailed) as error:
        services.question_add(
            actor=coordinator,
            survey=survey,
            data=services.QuestionData(kind="scale", text=SATISFIED, feeds="discrimination"),
        )
    assert "feeds" in error.value.field_errors
    with pytest.raises(ValidationFailed) as error:
        services.question_add(
            actor=coordinator,
            survey=survey,
            data=services.QuestionData(kind="scale", text={"en": "Only English?"}),
        )
    assert {"text_ro", "text_ru", "text_uk", "text_ar"} == set(error.value.field_errors)


def test_a_survey_opens_with_a_question_and_then_its_questions_never_change(coordinator):
    survey = services.survey_create(actor=coordinator, data=survey_data())
    with pytest.raises(Conflict, match="at least one question"):
        services.survey_open(actor=coordinator, survey=survey)
    question = services.question_add(
        actor=coordinator,
        survey=survey,
        data=services.QuestionData(kind="scale", text=SATISFIED, feeds="satisfaction"),
    )
    services.survey_open(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    assert survey.status == "open"
    with pytest.raises(Conflict, match="cannot change"):
        services.question_add(
            actor=coordinator,
            survey=survey,
            data=services.QuestionData(kind="scale", text=SATISFIED),
        )
    with pytest.raises(Conflict):
        services.question_remove(actor=coordinator, survey=survey, question_id=question.pk)
    with pytest.raises(Conflict):
        services.survey_update(actor=coordinator, survey=survey, data=survey_data())
    with pytest.raises(Conflict):
        services.survey_open(actor=coordinator, survey=survey)
    services.survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    assert survey.status == "closed"
    with pytest.raises(Conflict):
        services.survey_close(actor=coordinator, survey=survey)
    actions = list(
        AuditEntry.objects.filter(object_type="survey", object_id=survey.code)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["survey.create", "survey.question_add", "survey.open", "survey.close"]


def test_questions_are_moved_and_removed_in_a_draft(coordinator):
    survey = services.survey_create(actor=coordinator, data=survey_data())
    first, second, third = (
        services.question_add(
            actor=coordinator,
            survey=survey,
            data=services.QuestionData(
                kind="scale", text={k: f"{v} {n}" for k, v in SATISFIED.items()}
            ),
        )
        for n in range(3)
    )
    services.question_move(actor=coordinator, survey=survey, question_id=third.pk, direction="up")
    order = list(survey.questions.order_by("position").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    services.question_move(actor=coordinator, survey=survey, question_id=first.pk, direction="up")
    services.question_remove(actor=coordinator, survey=survey, question_id=third.pk)
    positions = list(survey.questions.order_by("position").values_list("pk", "position"))
    assert positions == [(first.pk, 0), (second.pk, 1)]


def test_a_closing_day_in_the_past_is_refused(coordinator):
    with pytest.raises(ValidationFailed) as error:
        services.survey_create(
            actor=coordinator, data=survey_data(closes_on=timezone.localdate() - timedelta(days=2))
        )
    assert "closes_on" in error.value.field_errors


# --- The answers feed the indicator, disclosure-controlled -------------------------------------


def _answer(survey: Survey, person, day: date, satisfaction: int, unfair: int) -> None:
    at = timezone.make_aware(datetime.combine(day, time(12)))
    response = SurveyResponse.objects.create(
        survey=survey, person=person, language="uk", submitted_at=at
    )
    scale, yes_no = survey.questions.order_by("position")
    SurveyAnswer.objects.create(response=response, question=scale, value=satisfaction)
    SurveyAnswer.objects.create(response=response, question=yes_no, value=unfair)


def test_the_refresh_counts_the_answers_into_the_satisfaction_indicator(
    coordinator, make_person, people
):
    survey = make_open_survey(coordinator)
    day = date(2026, 3, 12)
    # 20 people answer: 15 satisfied (4 or 5), 5 not; 2 say they were treated unfairly.
    for n in range(20):
        person = make_person(sex="female" if n % 2 else "male", registered=date(2026, 1, 5))
        _answer(survey, person, day, satisfaction=(5, 4, 4, 2)[n % 4], unfair=int(n < 2))

    refresh.refresh_run(today=date(2026, 11, 20))

    analyst = access.actor_for(people["analyst"])
    query = TableQuery(rows="sex", start=date(2026, 1, 1), end=date(2026, 12, 31))
    table = indicator_table(
        actor=analyst,
        indicator=indicator(actor=analyst, code="satisfaction"),
        query=query,
        today=date(2026, 11, 20),
    )
    cells = {(r, c): cell.value for r, c, cell in table.records()}
    assert cells[(TOTAL, TOTAL)] == pytest.approx(75.0)
    # Five women satisfied: a small cell, suppressed (and the men's with it, or
    # the women's would follow from the total).
    assert cells[("female", TOTAL)] is None
    assert cells[("male", TOTAL)] is None
    # Two people of twenty said yes: the rate's numerator is a small cell.
    unfair = indicator_table(
        actor=analyst,
        indicator=indicator(actor=analyst, code="discrimination_experienced"),
        query=query,
        today=date(2026, 11, 20),
    )
    assert {(r, c): cell.value for r, c, cell in unfair.records()}[(TOTAL, TOTAL)] is None


# --- Pages ----------------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(people, client_for):
    return client_for(people["coordinator"])


def _form(title=TITLE, introduction=INTRODUCTION, **extra: str) -> dict[str, str]:
    data = {f"title_{k}": v for k, v in title.items()}
    data.update({f"introduction_{k}": v for k, v in introduction.items()})
    data.update(extra)
    return data


def test_the_coordinator_writes_a_survey_in_the_pages(coordinator_client):
    response = coordinator_client.get("/statistics/surveys/")
    assert response.status_code == 200
    assert "No survey has been written yet." in response.content.decode()

    # The Ukrainian title missing: a message beside its field, nothing saved.
    missing = {k: v for k, v in TITLE.items() if k != "uk"}
    response = coordinator_client.post(
        "/statistics/surveys/new/", _form(title=missing, code="services-2026")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_title_uk_error"' in html
    assert "Give the title in Ukrainian." in html
    assert not Survey.objects.exists()

    response = coordinator_client.post("/statistics/surveys/new/", _form(code="services-2026"))
    assert response.status_code == 302
    assert response["Location"] == "/statistics/surveys/services-2026/"

    question = {f"text_{k}": v for k, v in SATISFIED.items()}
    response = coordinator_client.post(
        "/statistics/surveys/services-2026/questions/new/",
        {**question, "kind": "yes_no", "feeds": "satisfaction"},
    )
    assert response.status_code == 200
    assert "cannot feed it" in response.content.decode()
    response = coordinator_client.post(
        "/statistics/surveys/services-2026/questions/new/",
        {**question, "kind": "scale", "feeds": "satisfaction"},
    )
    assert response.status_code == 302
    response = coordinator_client.post("/statistics/surveys/services-2026/open/")
    assert response.status_code == 302
    assert Survey.objects.get().status == "open"

    page = coordinator_client.get("/statistics/surveys/services-2026/").content.decode()
    assert "Наскільки ви задоволені?" not in page  # the page's language is English
    assert "How satisfied are you?" in page
    assert "/statistics/satisfaction/" in page
    assert "/statistics/discrimination_experienced/" in page
    assert "fewer than 10" in page

    # Open: the questions cannot change (a message, not an edit form).
    q = SurveyQuestion.objects.get()
    response = coordinator_client.get(
        f"/statistics/surveys/services-2026/questions/{q.pk}/edit/", follow=True
    )
    assert "cannot change" in response.content.decode()


def test_the_list_shows_the_responses_only_from_the_threshold(
    coordinator, coordinator_client, make_person
):
    survey = make_open_survey(coordinator)
    for _ in range(9):
        _answer(survey, make_person(), date(2026, 3, 1), satisfaction=4, unfair=0)
    html = coordinator_client.get("/statistics/surveys/").content.decode()
    assert "fewer than 10" in html
    _answer(survey, make_person(), date(2026, 3, 1), satisfaction=4, unfair=0)
    html = coordinator_client.get("/statistics/surveys/").content.decode()
    assert "fewer than 10" not in html
    assert "<td>10</td>" in html


def test_other_roles_are_refused_the_survey_pages(people, client_for):
    for persona in ("analyst", "caseworker", "admin"):
        response = client_for(people[persona]).get("/statistics/surveys/")
        assert response.status_code == 403


# --- API ------------------------------------------------------------------------------------


def test_the_api_writes_opens_and_closes_a_survey(coordinator_client):
    response = coordinator_client.post(
        "/api/v1/statistics/surveys",
        {"code": "api-survey", "title": TITLE, "introduction": INTRODUCTION},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["responses"] is None

    response = coordinator_client.post(
        "/api/v1/statistics/surveys/api-survey/questions",
        {"kind": "scale", "text": {"en": "Only English"}, "feeds": "satisfaction"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"

    response = coordinator_client.post(
        "/api/v1/statistics/surveys/api-survey/questions",
        {"kind": "scale", "text": SATISFIED, "feeds": "satisfaction"},
        content_type="application/json",
    )
    assert response.status_code == 201
    question = response.json()["id"]
    response = coordinator_client.patch(
        f"/api/v1/statistics/surveys/api-survey/questions/{question}",
        {"feeds": "discrimination"},
        content_type="application/json",
    )
    assert response.status_code == 422
    response = coordinator_client.patch(
        "/api/v1/statistics/surveys/api-survey",
        {"title": {**TITLE, "en": "Our services, 2026"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["title"]["en"] == "Our services, 2026"

    assert coordinator_client.post("/api/v1/statistics/surveys/api-survey/open").status_code == 200
    response = coordinator_client.delete(
        f"/api/v1/statistics/surveys/api-survey/questions/{question}"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    response = coordinator_client.post("/api/v1/statistics/surveys/api-survey/close")
    assert response.json()["status"] == "closed"
    listed = coordinator_client.get("/api/v1/statistics/surveys").json()
    assert [s["code"] for s in listed["results"]] == ["api-survey"]
    assert coordinator_client.get("/api/v1/statistics/surveys/none-such").status_code == 404


def test_the_api_refuses_bad_input_with_a_problem(coordinator_client):
    response = coordinator_client.post(
        "/api/v1/statistics/surveys",
        {"code": "Bad Code", "title": "not an object", "introduction": {}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


# --- Demo -----------------------------------------------------------------------------------


def test_the_demo_loads_twice_without_duplicates(people, make_person):
    from integra.monitoring import demo_surveys

    for _ in range(30):
        make_person()
    first = demo_surveys.load()
    responses = SurveyResponse.objects.count()
    answers = SurveyAnswer.objects.count()
    second = demo_surveys.load()

    assert "30 responses" in first
    assert "already loaded" in second
    survey = Survey.objects.get()
    assert survey.status == "open"
    assert survey.questions.count() == 4
    assert {q.feeds for q in survey.questions.all()} == {"satisfaction", "discrimination", ""}
    for question in survey.questions.all():
        assert set(question.text) == set(LANGUAGES)
    assert set(survey.title) == set(LANGUAGES)
    assert SurveyResponse.objects.count() == responses == 30
    assert SurveyAnswer.objects.count() == answers
    assert not SurveyAnswer.objects.filter(value__gt=5).exists()
