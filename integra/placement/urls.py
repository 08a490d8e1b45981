"""The vacancy pages of employers, employment offices and coordinators, under /vacancies/."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.placement import views

if "vacancy_id" not in get_converters():
    register_converter(ids.converter("J"), "vacancy_id")

app_name = "placement"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("new/", views.vacancy_create, name="create"),
    path("<vacancy_id:public_id>/edit/", views.vacancy_edit, name="edit"),
    path("<vacancy_id:public_id>/close/", views.vacancy_close, name="close"),
]
