from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.courses.views import catalogue, certificates, imports, learners

# The person's converter ("public_id") is integra.people.urls's; registered here too
# only if these addresses happen to be read first.
for name, prefix in (("course_id", "K"), ("public_id", "P"), ("result_import_id", "R")):
    if name not in get_converters():
        register_converter(ids.converter(prefix), name)

app_name = "courses"

urlpatterns = [
    # The catalogue: courses, places, statistics, teachers, curricula
    path("", catalogue.course_list, name="list"),
    path("new/", catalogue.course_create, name="create"),
    path("places/", catalogue.places, name="places"),
    path("statistics/", catalogue.statistics, name="statistics"),
    path("teachers/", catalogue.teacher_list, name="teachers"),
    path("teachers/new/", catalogue.teacher_create, name="teacher_create"),
    path("teachers/<int:pk>/edit/", catalogue.teacher_edit, name="teacher_edit"),
    path("curricula/", catalogue.curriculum_list, name="curricula"),
    path("curricula/<slug:code>/", catalogue.curriculum_detail, name="curriculum"),
    path("<course_id:course_id>/", catalogue.course_detail, name="course"),
    path("<course_id:course_id>/sessions/new/", catalogue.session_add, name="session_add"),
    path("<course_id:course_id>/finish/", catalogue.course_finish, name="finish"),
    path("<course_id:course_id>/cancel/", catalogue.course_cancel, name="cancel"),
    # The learner's path: enrolment from a plan, register, results, certificates
    path("enrol/<public_id:person>/<int:measure>/", learners.enrol, name="enrol"),
    path("enrolments/<int:pk>/withdraw/", learners.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/certificate.pdf", learners.certificate_pdf, name="certificate_pdf"),
    path("<course_id:course_id>/register/", learners.register, name="register"),
    path(
        "<course_id:course_id>/register/<int:session>/",
        learners.register,
        name="register_session",
    ),
    path("<course_id:course_id>/results/<int:enrolment>/", learners.result, name="result"),
    path("verify/", learners.verify, name="verify"),
    path(
        "certificates/<str:code>/revoke/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    # Files of results
    path("results/imports/", imports.import_start, name="import_start"),
    path(
        "results/imports/<result_import_id:public_id>/",
        imports.import_detail,
        name="import_detail",
    ),
    path(
        "results/imports/template.<str:file_type>",
        imports.import_template,
        name="import_template",
    ),
]
