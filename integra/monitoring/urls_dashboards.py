"""The dashboards pages (R24): /statistics/dashboards/."""

from django.urls import path

from integra.monitoring.views import dashboards as views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_list, name="list"),
    path("<slug:code>/", views.dashboard_detail, name="detail"),
]
