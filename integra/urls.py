from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from integra.api import api
from integra.core.views import system

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", system.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("integra.people.urls")),
    path("plans/", include("integra.plans.urls")),
    path("partners/", include("integra.services.urls")),
    path("courses/", include("integra.courses.urls")),
    path("my/", include("integra.portal.urls")),
    path("portal/", include("integra.portal.urls_staff")),
    path("rights/", include("integra.portal.urls_rights")),
    path("work/", include("integra.portal.urls_work")),
    path("vacancies/", include("integra.placement.urls")),
    path("complaints/", include("integra.protection.urls_complaints")),
    path("agencies/", include("integra.protection.urls_agencies")),
    path("inspections/", include("integra.protection.urls_inspections")),
    path("incidents/", include("integra.protection.urls_incidents")),
    path("legal-help/", include("integra.protection.urls_counselling")),
    path("statistics/dashboards/", include("integra.monitoring.urls_dashboards")),
    path("statistics/reports/", include("integra.monitoring.urls_reports")),
    path("statistics/surveys/", include("integra.monitoring.urls_surveys")),
    path("statistics/", include("integra.monitoring.urls")),
    path("funding/", include("integra.monitoring.urls_funding")),
    path("practices/", include("integra.monitoring.urls_practices")),
    path("", include("integra.core.urls")),
]

handler403 = "integra.core.views.system.error_403"
handler404 = "integra.core.views.system.error_404"
handler500 = "integra.core.views.system.error_500"

if settings.INTEGRA_BENCH_VIEWS:
    # A bare view for bench/http.py: the baseline that Integra's stack is compared to.
    def _bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b'{"ok":true}', content_type="application/json")

    urlpatterns.append(path("bench/bare", _bare))
