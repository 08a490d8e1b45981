"""Labour inspection, under /inspections/ (R19): the workplaces, their risk list
and the inspections with their findings, violations, sanctions and follow-up visits."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.protection.views import inspections as views

if "workplace_id" not in get_converters():
    register_converter(ids.converter("W"), "workplace_id")
if "inspection_id" not in get_converters():
    register_converter(ids.converter("N"), "inspection_id")
if "agency_id" not in get_converters():
    register_converter(ids.converter("G"), "agency_id")

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("risk/", views.risk, name="risk"),
    # Workplaces
    path("workplaces/", views.workplace_list, name="workplaces"),
    path("workplaces/new/", views.workplace_create, name="workplace_create"),
    path("workplaces/<workplace_id:public_id>/", views.workplace_detail, name="workplace"),
    path("workplaces/<workplace_id:public_id>/edit/", views.workplace_edit, name="workplace_edit"),
    path(
        "workplaces/<workplace_id:public_id>/agencies/",
        views.workplace_agency_link,
        name="agency_link",
    ),
    path(
        "workplaces/<workplace_id:public_id>/agencies/<agency_id:agency_id>/remove/",
        views.workplace_agency_unlink,
        name="agency_unlink",
    ),
    path("workplaces/<workplace_id:public_id>/plan/", views.inspection_plan, name="plan"),
    # Inspections
    path("<inspection_id:public_id>/", views.inspection_detail, name="detail"),
    path("<inspection_id:public_id>/visit/", views.visit, name="visit"),
    path("<inspection_id:public_id>/cancel/", views.cancel, name="cancel"),
    path("<inspection_id:public_id>/violations/", views.violation, name="violation"),
    path("<inspection_id:public_id>/sanctions/", views.sanction, name="sanction"),
    path("<inspection_id:public_id>/sanctions/<int:sanction_id>/paid/", views.paid, name="paid"),
    path("<inspection_id:public_id>/follow-up/", views.follow_up, name="follow_up"),
    path("<inspection_id:public_id>/remedies/", views.remedies, name="remedies"),
]
