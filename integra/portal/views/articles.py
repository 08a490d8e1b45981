"""Rights and information (R22, R17, R23), under /rights/.

Readers (anyone, signed in or not): the articles by topic for the portal's
country, one topic, one article in the reader's language (or in its source
language, with a notice), and search. Editors (signed in): the board of articles by
languages, a new article, a translation's desk with its history, writing it,
sending it for review, publishing it or returning it to draft.

Thin, like the API: parse, call one service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integra.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from integra.core.views.base import actor_required, current_actor, page_of
from integra.portal.forms_articles import (
    ArticleForm,
    BoardForm,
    ReturnForm,
    SearchForm,
    TextForm,
    add_errors,
)
from integra.portal.selectors import articles as selectors
from integra.portal.services import articles as services


def _language(request: HttpRequest) -> str:
    return selectors.reader_language(get_language())


def _not_found(request: HttpRequest, error: NotFound) -> HttpResponse:
    return render(
        request,
        "portal/articles/not_found.html",
        {"message": error.message, "search": SearchForm()},
        status=404,
    )


# --- Readers ----------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The articles of the portal's country, topic by topic."""
    language = _language(request)
    return render(
        request,
        "portal/articles/index.html",
        {
            "sections": selectors.topic_sections(language=language),
            "search": SearchForm(),
        },
    )


@require_GET
def topic(request: HttpRequest, topic: str) -> HttpResponse:
    try:
        found = selectors.topic_get(topic=topic)
    except NotFound as error:
        return _not_found(request, error)
    return render(
        request,
        "portal/articles/topic.html",
        {
            "topic": found,
            "topic_label": selectors.topic_label(found),
            "readings": selectors.article_list(language=_language(request), topic=found),
            "search": SearchForm(),
        },
    )


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    """An article in the reader's language; ``?language=`` shows another of its
    published languages (the source, from the out-of-date notice)."""
    try:
        reading = selectors.article_read(
            slug=slug, language=_language(request), chosen=request.GET.get("language")
        )
    except NotFound as error:
        return _not_found(request, error)
    return render(
        request,
        "portal/articles/article.html",
        {"reading": reading, "search": SearchForm()},
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        try:
            results = selectors.article_search(
                query=form.cleaned_data["q"], language=_language(request)
            )
        except ValidationFailed as error:
            for message in error.field_errors.get("q", [error.message]):
                form.add_error("q", message)
    return render(
        request,
        "portal/articles/search.html",
        {
            "form": form,
            "search": form,
            "results": results,
        },
    )


# --- Editors ----------------------------------------------------------------------------------


def _desk_url(slug: str, language: str) -> str:
    return reverse("rights:editor_translation", args=[slug, language])


@actor_required
@require_GET
def editor(request: HttpRequest) -> HttpResponse:
    """The board: every article in every language, with status and out-of-date markers."""
    actor = current_actor(request)
    selectors.guard_drafts(actor)
    form = BoardForm(request.GET or None, countries=selectors.board_countries())
    rows = selectors.editorial_board(actor=actor, filters=selectors.BoardFilters(**form.filters()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/articles/editor.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "querystring": query.urlencode(),
            "board_languages": selectors.languages(),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def editor_new(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    if not selectors.can_edit(actor=actor):
        raise PermissionDenied(
            _("Rights information is written by the coordinating authority and counselling staff.")
        )
    form = ArticleForm(
        request.POST or None,
        initial={
            "country": selectors.default_country(actor=actor),
            "source_language": "en",
        },
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            created = services.article_create(
                actor=actor,
                data=services.ArticleData(
                    slug=values["slug"],
                    topic=values["topic"],
                    country=values["country"],
                    source_language=values["source_language"],
                    text=services.TextData(values["title"], values["summary"], values["body"]),
                ),
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The article has been saved as a draft. Send it for review when ready.")
            )
            return redirect(_desk_url(created.slug, created.source_language))
    return render(request, "portal/articles/editor_new.html", {"form": form})


@actor_required
@require_GET
def editor_translation(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """A translation's desk: its current text, status, markers, history and actions."""
    actor = current_actor(request)
    desk = selectors.desk_get(actor=actor, slug=slug, language=language)
    row = selectors.article_board_row(actor=actor, slug=slug)
    return render(
        request,
        "portal/articles/editor_translation.html",
        {
            "desk": desk,
            "row": row,
            "can_edit": selectors.can_edit(actor=actor),
            "can_publish": desk.translation is not None
            and selectors.may_publish(actor=actor, translation=desk.translation),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def editor_edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """Writes the text in one language: a new translation, or a new revision."""
    actor = current_actor(request)
    desk = selectors.desk_get(actor=actor, slug=slug, language=language)
    if not selectors.can_edit(actor=actor):
        raise PermissionDenied(_("Only editors change articles."))
    current = desk.translation
    initial = (
        {"title": current.title, "summary": current.summary, "body": current.body}
        if current
        else {}
    )
    form = TextForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            services.translation_save(
                actor=actor,
                article=desk.article,
                language=language,
                text=services.TextData(values["title"], values["summary"], values["body"]),
            )
        except (ValidationFailed, Conflict) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved as a draft. Send it for review when ready."))
            return redirect(_desk_url(slug, language))
    return render(
        request,
        "portal/articles/editor_edit.html",
        {
            "desk": desk,
            "form": form,
            "in_review": current is not None and current.status == "review",
        },
    )


def _act(request: HttpRequest, slug: str, language: str, action: str) -> HttpResponse:
    actor = current_actor(request)
    translation = selectors.translation_get(actor=actor, slug=slug, language=language)
    try:
        if action == "submit":
            services.translation_submit(actor=actor, translation=translation)
            messages.success(request, _("Sent for review."))
        else:
            services.translation_publish(actor=actor, translation=translation)
            messages.success(request, _("Published: readers see this text from now on."))
    except Conflict as error:
        messages.error(request, error.message)
    return redirect(_desk_url(slug, language))


@actor_required
@require_POST
def editor_submit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    return _act(request, slug, language, "submit")


@actor_required
@require_POST
def editor_publish(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    return _act(request, slug, language, "publish")


@actor_required
@require_http_methods(["GET", "POST"])
def editor_return(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """Returns a text in review to draft, with a note for its editors."""
    actor = current_actor(request)
    desk = selectors.desk_get(actor=actor, slug=slug, language=language)
    translation = selectors.translation_get(actor=actor, slug=slug, language=language)
    if not selectors.may_publish(actor=actor, translation=translation):
        raise PermissionDenied(
            _("A text in review is returned by a publisher other than its last editor.")
        )
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_return(
                actor=actor, translation=translation, note=form.cleaned_data["note"]
            )
        except ValidationFailed as error:
            add_errors(form, error)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect(_desk_url(slug, language))
        else:
            messages.success(request, _("Returned to draft, with your note for the editors."))
            return redirect(_desk_url(slug, language))
    return render(
        request,
        "portal/articles/editor_return.html",
        {"desk": desk, "form": form},
    )
