"""The surveys rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order (see
tests/core/matrix_complaints.py for the conventions).

The migrants' surveys (integra/monitoring, R25): only the coordinating authority
writes, opens and closes them (core.access.can_manage_surveys: the persona
"coordinator"); everyone else gets 403, on the lists as on a survey. Surveys
belong to no organisation: each side (centre-a, centre-b) has a draft survey
with one question and an open survey of its own, so that every row acts on
something of its own. The migrant answers in the portal (/my/surveys/), whose
own matrix is tests/portal/test_access.py.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from integra.monitoring.models import Survey, SurveyQuestion

MANAGERS = {"coordinator"}
LANGUAGES = ("en", "ro", "ru", "uk", "ar")
TEXTS = {language: f"Matrix text ({language})" for language in LANGUAGES}
SURVEY = {"code": "matrix-new", "title": TEXTS, "introduction": TEXTS}
QUESTION = {"kind": "scale", "text": TEXTS, "feeds": "satisfaction"}


def _texts(name: str) -> dict[str, str]:
    return {f"{name}_{language}": text for language, text in TEXTS.items()}


def _for(ok: int) -> Any:
    return lambda c: ok if c.persona in MANAGERS else 403


def _code(kind: str) -> Any:
    return lambda c, o: o[f"survey_{kind}_{c.target}"]


def _api(kind: str, suffix: str = "") -> Any:
    return lambda c, o: f"/api/v1/statistics/surveys/{o[f'survey_{kind}_' + c.target]}{suffix}"


def _question_api(c: Any, o: dict[str, Any]) -> str:
    return (
        f"/api/v1/statistics/surveys/{o['survey_draft_' + c.target]}"
        f"/questions/{o['survey_question_' + c.target]}"
    )


def _page(kind: str, suffix: str = "") -> Any:
    return lambda c, o: f"/statistics/surveys/{o[f'survey_{kind}_' + c.target]}/{suffix}"


def _question_page(suffix: str) -> Any:
    return lambda c, o: (
        f"/statistics/surveys/{o['survey_draft_' + c.target]}"
        f"/questions/{o['survey_question_' + c.target]}/{suffix}"
    )


SURVEYS_API_ROWS: list[tuple[Any, ...]] = [
    ("GET", "/api/v1/statistics/surveys", lambda c, o: "/api/v1/statistics/surveys",
     lambda c: None, _for(200)),
    ("POST", "/api/v1/statistics/surveys", lambda c, o: "/api/v1/statistics/surveys",
     lambda c: SURVEY, _for(201)),
    ("GET", "/api/v1/statistics/surveys/{code}", _api("open"), lambda c: None, _for(200)),
    ("PATCH", "/api/v1/statistics/surveys/{code}", _api("draft"),
     lambda c: {"title": {**TEXTS, "en": "Matrix survey, changed"}}, _for(200)),
    ("POST", "/api/v1/statistics/surveys/{code}/questions", _api("draft", "/questions"),
     lambda c: QUESTION, _for(201)),
    ("PATCH", "/api/v1/statistics/surveys/{code}/questions/{question_id}", _question_api,
     lambda c: {"feeds": ""}, _for(200)),
    ("DELETE", "/api/v1/statistics/surveys/{code}/questions/{question_id}", _question_api,
     lambda c: None, _for(204)),
    ("POST", "/api/v1/statistics/surveys/{code}/open", _api("draft", "/open"), lambda c: None,
     _for(200)),
    ("POST", "/api/v1/statistics/surveys/{code}/close", _api("open", "/close"), lambda c: None,
     _for(200)),
]  # fmt: skip

SURVEYS_PAGE_ROWS: list[tuple[Any, ...]] = [
    ("surveys:list", "GET", lambda c, o: "/statistics/surveys/", lambda c: {}, _for(200)),
    ("surveys:create", "GET", lambda c, o: "/statistics/surveys/new/", lambda c: {}, _for(200)),
    # Nothing filled in: the form comes back with a message beside each field.
    ("surveys:create", "POST", lambda c, o: "/statistics/surveys/new/", lambda c: {},
     _for(200)),
    ("surveys:create", "POST", lambda c, o: "/statistics/surveys/new/",
     lambda c: {"code": "matrix-page", **_texts("title"), **_texts("introduction")}, _for(302)),
    ("surveys:detail", "GET", _page("open"), lambda c: {}, _for(200)),
    ("surveys:detail", "GET", _page("draft"), lambda c: {}, _for(200)),
    ("surveys:edit", "GET", _page("draft", "edit/"), lambda c: {}, _for(200)),
    ("surveys:edit", "POST", _page("draft", "edit/"), lambda c: {}, _for(200)),
    # Open: its texts cannot change (back to the survey, with a message).
    ("surveys:edit", "GET", _page("open", "edit/"), lambda c: {}, _for(302)),
    ("surveys:open", "POST", _page("draft", "open/"), lambda c: {}, _for(302)),
    ("surveys:close", "POST", _page("open", "close/"), lambda c: {}, _for(302)),
    ("surveys:question_add", "GET", _page("draft", "questions/new/"), lambda c: {}, _for(200)),
    ("surveys:question_add", "POST", _page("draft", "questions/new/"),
     lambda c: {"kind": "scale", "feeds": "discrimination", **_texts("text")}, _for(200)),
    ("surveys:question_add", "POST", _page("draft", "questions/new/"),
     lambda c: {"kind": "scale", "feeds": "satisfaction", **_texts("text")}, _for(302)),
    ("surveys:question_edit", "GET", _question_page("edit/"), lambda c: {}, _for(200)),
    ("surveys:question_edit", "POST", _question_page("edit/"),
     lambda c: {"kind": "yes_no", "feeds": "discrimination", **_texts("text")}, _for(302)),
    ("surveys:question_move", "POST", _question_page("move/"), lambda c: {"direction": "up"},
     _for(302)),
    ("surveys:question_remove", "POST", _question_page("remove/"), lambda c: {}, _for(302)),
]  # fmt: skip

SURVEYS_PUBLIC_API: set[tuple[str, str]] = set()

SURVEYS_PUBLIC_PAGES: set[str] = set()


def surveys_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """A draft survey with one question and an open survey, for each side."""
    now = timezone.now()
    found: dict[str, object] = {}
    for target in ("centre-a", "centre-b"):
        for kind, status in (("draft", "draft"), ("open", "open")):
            survey = Survey.objects.create(
                code=f"matrix-{kind}-{target}",
                title=dict(TEXTS),
                introduction=dict(TEXTS),
                status=status,
                created_by=people["coordinator"],
                created_at=now,
            )
            question = SurveyQuestion.objects.create(
                survey=survey, position=0, kind="scale", text=dict(TEXTS), feeds="satisfaction"
            )
            found[f"survey_{kind}_{target}"] = survey.code
            if kind == "draft":
                found[f"survey_question_{target}"] = question.pk
    return found
