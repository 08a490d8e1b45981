"""Work, open to everyone, under /work/ (integra/portal/views/work.py): the vacancies
open to foreign workers, one vacancy, and the skills demand per region."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.portal.views import work

# The vacancy's converter is integra.placement.urls's; registered here too if these
# addresses happen to be read first.
if "vacancy_id" not in get_converters():
    register_converter(ids.converter("J"), "vacancy_id")

app_name = "work"

urlpatterns = [
    path("", work.index, name="index"),
    path("demand/", work.demand, name="demand"),
    path("<vacancy_id:public_id>/", work.vacancy, name="vacancy"),
]
