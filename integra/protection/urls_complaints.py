"""Complaints, under /complaints/: the public pages (lodging, the code shown once,
following a complaint with it) and the handlers' pages (triage, a complaint and
its actions, the routing rules)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.protection.views import complaint_handling as handling
from integra.protection.views import complaints as public

if "complaint_id" not in get_converters():
    register_converter(ids.converter("C"), "complaint_id")

app_name = "complaints"

urlpatterns = [
    # Public: anyone, with or without an account.
    path("new/", public.lodge, name="new"),
    path("thanks/", public.thanks, name="thanks"),
    path("track/", public.track, name="track"),
    path("track/complaint/", public.tracked, name="tracked"),
    path("track/end/", public.track_end, name="track_end"),
    # The handlers.
    path("", handling.triage, name="triage"),
    path("routing/", handling.routing, name="routing"),
    path("routing/<int:rule_id>/delete/", handling.routing_delete, name="routing_delete"),
    path("<complaint_id:public_id>/", handling.detail, name="detail"),
    path("<complaint_id:public_id>/assign/", handling.assign, name="assign"),
    path("<complaint_id:public_id>/update/", handling.update, name="update"),
    path("<complaint_id:public_id>/route/", handling.route, name="route"),
    path("<complaint_id:public_id>/indicators/", handling.flag, name="flag"),
    path(
        "<complaint_id:public_id>/indicators/<slug:indicator>/withdraw/",
        handling.unflag,
        name="unflag",
    ),
    path("<complaint_id:public_id>/forced-labour/", handling.decide, name="decide"),
    path("<complaint_id:public_id>/close/", handling.close, name="close"),
    path("<complaint_id:public_id>/workplace/", handling.link_workplace, name="workplace"),
    path(
        "<complaint_id:public_id>/attachments/<int:attachment_id>/",
        handling.attachment,
        name="attachment",
    ),
]
