"""The good practices library, under /practices/ (R28)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.monitoring.views import practices as views

if "practice_id" not in get_converters():
    register_converter(ids.converter("E"), "practice_id")

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.practice_create, name="create"),
    path("<practice_id:public_id>/", views.practice_detail, name="detail"),
    path("<practice_id:public_id>/edit/", views.practice_edit, name="edit"),
    path("<practice_id:public_id>/publish/", views.practice_publish, name="publish"),
    path("<practice_id:public_id>/withdraw/", views.practice_withdraw, name="withdraw"),
]
