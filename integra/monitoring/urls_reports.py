"""The implementation reports and their policy section, under /statistics/reports/ (R27)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.monitoring.views import reports as views

if "report_id" not in get_converters():
    register_converter(ids.converter("O"), "report_id")

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("request/", views.report_request, name="request"),
    path("policy/", views.policy, name="policy"),
    path("policy/ratifications/<str:instrument>/", views.ratification_edit, name="ratification"),
    path("policy/self-assessments/<int:year>/", views.assessment_save, name="assessment"),
    path("<report_id:public_id>/", views.report_detail, name="detail"),
    path("<report_id:public_id>/report.html", views.report_html, name="html"),
    path("<report_id:public_id>/report.pdf", views.report_pdf, name="pdf"),
]
