"""The survey pages (staff), under /statistics/surveys/ (R25)."""

from django.urls import path

from integra.monitoring.views import surveys as views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<slug:code>/", views.survey_detail, name="detail"),
    path("<slug:code>/edit/", views.survey_edit, name="edit"),
    path("<slug:code>/open/", views.survey_open, name="open"),
    path("<slug:code>/close/", views.survey_close, name="close"),
    path("<slug:code>/questions/new/", views.question_add, name="question_add"),
    path(
        "<slug:code>/questions/<int:question_id>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "<slug:code>/questions/<int:question_id>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path(
        "<slug:code>/questions/<int:question_id>/move/",
        views.question_move,
        name="question_move",
    ),
]
