from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.plans.views import assessments, caseload, plans, programmes, questionnaires

# The person's converter ("public_id") is integra.people.urls's; registered here too
# only if these addresses happen to be read first.
for name, prefix in (("plan_id", "L"), ("assessment_id", "A"), ("public_id", "P")):
    if name not in get_converters():
        register_converter(ids.converter(prefix), name)

app_name = "plans"

urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("reassign/", caseload.caseload_reassign, name="caseload_reassign"),
    # Programmes
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<slug:code>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<slug:code>/edit/", programmes.programme_edit, name="programme_edit"),
    path(
        "programmes/<slug:code>/measures/new/",
        programmes.programme_measure_add,
        name="programme_measure_add",
    ),
    path(
        "programmes/<slug:code>/measures/<slug:measure_code>/remove/",
        programmes.programme_measure_remove,
        name="programme_measure_remove",
    ),
    path(
        "programmes/<slug:code>/incentives/new/",
        programmes.incentive_add,
        name="incentive_add",
    ),
    # Questionnaires
    path("questionnaires/", questionnaires.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", questionnaires.questionnaire_publish, name="questionnaire_publish"),
    path(
        "questionnaires/<int:pk>/",
        questionnaires.questionnaire_detail,
        name="questionnaire_detail",
    ),
    # A person's assessments and plans
    path("person/<public_id:public_id>/", assessments.person_plans, name="person_plans"),
    path("person/<public_id:public_id>/assess/", assessments.assess, name="assess"),
    path("person/<public_id:public_id>/start/", plans.plan_start, name="plan_start"),
    path(
        "assessments/<assessment_id:assessment_id>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    # A plan
    path("<plan_id:plan_id>/", plans.plan_detail, name="plan_detail"),
    path("<plan_id:plan_id>/goals/new/", plans.goal_add, name="goal_add"),
    path("<plan_id:plan_id>/measures/new/", plans.measure_add, name="measure_add"),
    path(
        "<plan_id:plan_id>/measures/<int:measure_id>/",
        plans.measure_update,
        name="measure_update",
    ),
    path("<plan_id:plan_id>/agree/", plans.plan_agree, name="plan_agree"),
    path("<plan_id:plan_id>/reviews/new/", plans.review_record, name="review_record"),
    path("<plan_id:plan_id>/close/", plans.plan_close, name="plan_close"),
]
