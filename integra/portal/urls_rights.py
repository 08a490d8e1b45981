"""Rights and information, under /rights/ (integra/portal/views/articles.py): the
readers' pages, open to everyone, and the editors' pages, for signed-in editors."""

from django.urls import path

from integra.portal.views import articles

app_name = "rights"

urlpatterns = [
    # Readers
    path("", articles.index, name="index"),
    path("topics/<slug:topic>/", articles.topic, name="topic"),
    path("search/", articles.search, name="search"),
    path("articles/<slug:slug>/", articles.article, name="article"),
    # Editors
    path("editor/", articles.editor, name="editor"),
    path("editor/new/", articles.editor_new, name="editor_new"),
    path(
        "editor/<slug:slug>/<str:language>/",
        articles.editor_translation,
        name="editor_translation",
    ),
    path("editor/<slug:slug>/<str:language>/edit/", articles.editor_edit, name="editor_edit"),
    path("editor/<slug:slug>/<str:language>/submit/", articles.editor_submit, name="editor_submit"),
    path(
        "editor/<slug:slug>/<str:language>/publish/",
        articles.editor_publish,
        name="editor_publish",
    ),
    path("editor/<slug:slug>/<str:language>/return/", articles.editor_return, name="editor_return"),
]
