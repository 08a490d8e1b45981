"""The funding pages, under /funding/ (integra/monitoring/views/funding.py)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.monitoring.views import funding

if "budget_line_id" not in get_converters():
    register_converter(ids.converter("B"), "budget_line_id")

app_name = "funding"

urlpatterns = [
    path("", funding.overview, name="overview"),
    path("sources/", funding.source_list, name="sources"),
    path("sources/new/", funding.source_create, name="source_create"),
    path("sources/<slug:code>/edit/", funding.source_edit, name="source_edit"),
    path("sources/<slug:code>/deactivate/", funding.source_deactivate, name="source_deactivate"),
    path("lines/", funding.line_list, name="lines"),
    path("lines/new/", funding.line_create, name="line_create"),
    path("lines/<budget_line_id:public_id>/", funding.line_detail, name="line_detail"),
    path("lines/<budget_line_id:public_id>/edit/", funding.line_edit, name="line_edit"),
    path(
        "lines/<budget_line_id:public_id>/entries/new/",
        funding.entry_create,
        name="entry_create",
    ),
]
