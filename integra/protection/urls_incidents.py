"""Discrimination and xenophobic incidents, under /incidents/ (R21): the public
report and its follow-up with the tracking code, and the handlers' pages."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.protection.views import incidents as views

if "incident_id" not in get_converters():
    register_converter(ids.converter("D"), "incident_id")

app_name = "incidents"

urlpatterns = [
    # Public: anyone, with or without an account.
    path("report/", views.report, name="report"),
    path("thanks/", views.thanks, name="thanks"),
    path("track/", views.track, name="track"),
    path("track/incident/", views.tracked, name="tracked"),
    path("track/end/", views.track_end, name="track_end"),
    # The handlers.
    path("", views.incident_list, name="list"),
    path("<incident_id:public_id>/", views.detail, name="detail"),
    path("<incident_id:public_id>/take/", views.take, name="take"),
    path("<incident_id:public_id>/update/", views.update, name="update"),
    path("<incident_id:public_id>/refer/", views.refer, name="refer"),
    path("<incident_id:public_id>/close/", views.close, name="close"),
]
