"""The statistics pages (R24): /statistics/."""

from django.urls import path

from integra.monitoring.views import indicators as views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("refresh/", views.refresh, name="refresh"),
    path("publication.csv", views.publication, name="publication"),
    path("<slug:code>/", views.indicator, name="indicator"),
    path("<slug:code>/export.<str:fmt>/", views.export, name="export"),
    path("<slug:code>/target/", views.target, name="target"),
]
