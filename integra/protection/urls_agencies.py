"""The recruitment agencies' pages, under /agencies/: the public check (anyone)
and the licensing staff's register (integra/protection/views/agencies.py)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.protection.views import agencies

if "agency_id" not in get_converters():
    register_converter(ids.converter("G"), "agency_id")

app_name = "agencies"

urlpatterns = [
    # Public: is this agency licensed?
    path("check/", agencies.check, name="check"),
    # The register
    path("", agencies.agency_list, name="list"),
    path("new/", agencies.agency_create, name="create"),
    path("<agency_id:public_id>/", agencies.agency_detail, name="detail"),
    path("<agency_id:public_id>/edit/", agencies.agency_edit, name="edit"),
    path("<agency_id:public_id>/licences/new/", agencies.licence_apply, name="licence_apply"),
    path(
        "<agency_id:public_id>/licences/<int:licence_id>/<slug:decision>/",
        agencies.licence_decide,
        name="licence_decide",
    ),
    path("<agency_id:public_id>/contracts/new/", agencies.contract_upload, name="contract_upload"),
    path(
        "<agency_id:public_id>/contracts/<int:contract_id>/",
        agencies.contract_download,
        name="contract_download",
    ),
    path(
        "<agency_id:public_id>/violations/new/", agencies.violation_create, name="violation_create"
    ),
]
