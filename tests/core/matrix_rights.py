"""The rights rows of the access matrix (tests/core/test_access_matrix.py).

Rows are plain tuples, the fields of ApiRow / PageRow in order:
ApiRow(method, path-as-in-OpenAPI, url(case, objects), body(case), expect(case)[, multipart]);
PageRow(name, method, url(case, objects), data(case), expect(case)).
Public routes (anyone, signed in or not) are listed in the PUBLIC sets instead.

Articles belong to no organisation's case: both targets behave alike. Each side
has an article (``article_<target>``) written by centre A's caseworker: its
English text published once by the coordinator, then revised by the caseworker
and in review again; its Romanian translation a draft. Editors (integration
centres', NGOs' and legal-aid staff, the coordinating authority) write and send
for review; only the coordinator publishes or returns to draft (four eyes: the
caseworker edited last). Everyone reads the published text.
"""

from __future__ import annotations

from typing import Any, Protocol

from integra.core.access import actor_for
from integra.portal.services import articles as services


class Case(Protocol):
    persona: str
    target: str  # "centre-a" or "centre-b"


# integra.core.access.can_edit_articles: the personas whose seat is at an integration
# centre or NGO as caseworker, partner or administrator, and the coordinator.
EDITORS = {"admin", "caseworker", "partner", "coordinator"}


def _editor(ok: int = 200) -> Any:
    return lambda c: ok if c.persona in EDITORS else 403


def _publisher(ok: int = 200) -> Any:
    return lambda c: ok if c.persona == "coordinator" else 403


def _slug(case: Case, objects: dict[str, object]) -> object:
    return objects["article_" + case.target]


def _translation(suffix: str = "", language: str = "en") -> Any:
    return lambda c, o: f"/api/v1/articles/{_slug(c, o)}/translations/{language}{suffix}"


def _page(suffix: str, language: str = "en") -> Any:
    return lambda c, o: f"/rights/editor/{_slug(c, o)}/{language}/{suffix}"


TEXT = {"title": "Drepturi", "summary": "Pe scurt.", "body": "Textul."}

RIGHTS_API_ROWS: list[tuple[object, ...]] = [
    ("GET", "/api/v1/articles", lambda c, o: "/api/v1/articles?language=ro", lambda c: None,
     lambda c: 200),
    ("GET", "/api/v1/articles/search", lambda c, o: "/api/v1/articles/search?q=passport",
     lambda c: None, lambda c: 200),
    ("GET", "/api/v1/articles/{slug}", lambda c, o: f"/api/v1/articles/{_slug(c, o)}",
     lambda c: None, lambda c: 200),
    ("GET", "/api/v1/editorial/articles", lambda c, o: "/api/v1/editorial/articles",
     lambda c: None, _editor()),
    ("POST", "/api/v1/articles", lambda c, o: "/api/v1/articles",
     lambda c: {"slug": f"new-{c.persona}-{c.target}", "topic": "housing", **TEXT},
     _editor(201)),
    ("GET", "/api/v1/articles/{slug}/translations/{language}", _translation(), lambda c: None,
     _editor()),
    ("PUT", "/api/v1/articles/{slug}/translations/{language}", _translation(language="ro"),
     lambda c: TEXT, _editor()),
    ("POST", "/api/v1/articles/{slug}/translations/{language}/submit",
     _translation("/submit", "ro"), lambda c: None, _editor()),
    ("POST", "/api/v1/articles/{slug}/translations/{language}/publish",
     _translation("/publish"), lambda c: None, _publisher()),
    ("POST", "/api/v1/articles/{slug}/translations/{language}/return",
     _translation("/return"), lambda c: {"note": "Cite the law."}, _publisher()),
]  # fmt: skip

RIGHTS_PAGE_ROWS: list[tuple[object, ...]] = [
    ("rights:editor", "GET", lambda c, o: "/rights/editor/", lambda c: {}, _editor()),
    ("rights:editor_new", "GET", lambda c, o: "/rights/editor/new/", lambda c: {}, _editor()),
    # Nothing filled in: the form comes back with its errors; the others are refused.
    ("rights:editor_new", "POST", lambda c, o: "/rights/editor/new/", lambda c: {}, _editor()),
    ("rights:editor_translation", "GET", _page(""), lambda c: {}, _editor()),
    ("rights:editor_edit", "GET", _page("edit/", "ro"), lambda c: {}, _editor()),
    ("rights:editor_edit", "POST", _page("edit/", "ro"), lambda c: {}, _editor()),
    ("rights:editor_submit", "POST", _page("submit/", "ro"), lambda c: {}, _editor(302)),
    ("rights:editor_publish", "POST", _page("publish/"), lambda c: {}, _publisher(302)),
    ("rights:editor_return", "GET", _page("return/"), lambda c: {}, _publisher()),
    # No note: the form comes back with its error beside the note.
    ("rights:editor_return", "POST", _page("return/"), lambda c: {}, _publisher()),
]  # fmt: skip

# (method, path) of API operations that answer without an account.
RIGHTS_PUBLIC_API: set[tuple[str, str]] = {
    ("GET", "/api/v1/articles"),
    ("GET", "/api/v1/articles/search"),
    ("GET", "/api/v1/articles/{slug}"),
}
# Page names ("namespace:name") that answer without an account.
RIGHTS_PUBLIC_PAGES: set[str] = {"rights:index", "rights:topic", "rights:search", "rights:article"}


def rights_objects(
    orgs: dict[str, Any],
    people: dict[str, Any],
    persons: dict[str, Any],
    registered: dict[str, Any],
) -> dict[str, object]:
    """The objects the rows use, by key (the two targets: centre-a and centre-b)."""
    editor = actor_for(people["caseworker"])
    publisher = actor_for(people["coordinator"])
    found: dict[str, object] = {}
    for target in ("centre-a", "centre-b"):
        text = services.TextData(
            "Your rights at work",
            "A written contract.",
            "Your employer may not keep your passport.",
        )
        article = services.article_create(
            actor=editor,
            data=services.ArticleData(slug=f"rights-{target}", topic="work_rights", text=text),
        )
        source = article.translations.get()
        services.translation_submit(actor=editor, translation=source)
        services.translation_publish(actor=publisher, translation=source)
        source = services.translation_save(actor=editor, article=article, language="en", text=text)
        services.translation_submit(actor=editor, translation=source)
        services.translation_save(
            actor=editor, article=article, language="ro", text=services.TextData(**TEXT)
        )
        found[f"article_{target}"] = article.slug
    return found
