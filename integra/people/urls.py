from django.urls import path, register_converter

from integra.core import ids
from integra.people import views
from integra.people.views import imports, merges, requests

for name, prefix in (
    ("public_id", "P"),
    ("household_id", "H"),
    ("import_id", "I"),
    ("merge_id", "M"),
    ("request_id", "R"),
):
    register_converter(ids.converter(prefix), name)

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_register, name="person_register"),
    path("export.<str:file_type>", views.person_export, name="person_export"),
    path("requests/<request_id:request_id>/", requests.request_detail, name="request_detail"),
    path(
        "requests/<request_id:request_id>/status/",
        requests.request_status,
        name="request_status",
    ),
    path(
        "requests/<request_id:request_id>/members/new/",
        requests.request_member_add,
        name="request_member_add",
    ),
    path(
        "requests/<request_id:request_id>/documents/new/",
        requests.request_document_add,
        name="request_document_add",
    ),
    path("merges/", merges.merge_list, name="merge_list"),
    path("merges/<merge_id:merge_id>/undo/", merges.merge_undo, name="merge_undo"),
    path("import/", imports.import_start, name="import_start"),
    path("import/template.<str:file_type>", imports.import_template, name="import_template"),
    path("import/<import_id:public_id>/", imports.import_detail, name="import_detail"),
    path(
        "import/<import_id:public_id>/<str:which>.csv",
        imports.import_download,
        name="import_download",
    ),
    path(
        "households/<household_id:household_id>/",
        views.household_detail,
        name="household_detail",
    ),
    path(
        "households/<household_id:household_id>/split/",
        views.household_split,
        name="household_split",
    ),
    path(
        "households/<household_id:household_id>/merge/",
        views.household_merge,
        name="household_merge",
    ),
    path("<public_id:public_id>/", views.person_detail, name="person_detail"),
    path("<public_id:public_id>/timeline/", views.person_timeline, name="person_timeline"),
    path("<public_id:public_id>/edit/", views.person_edit, name="person_edit"),
    path("<public_id:public_id>/merge/", merges.person_merge, name="person_merge"),
    path("<public_id:public_id>/requests/new/", requests.request_open, name="request_open"),
    path("<public_id:public_id>/status/new/", views.status_record, name="status_record"),
    path("<public_id:public_id>/names/new/", views.other_name_add, name="other_name_add"),
    path("<public_id:public_id>/skills/", views.skills, name="skills"),
    path("<public_id:public_id>/household/", views.household_join, name="household_join"),
    path("<public_id:public_id>/household/leave/", views.household_leave, name="household_leave"),
    path("<public_id:public_id>/vulnerability/", views.vulnerability_edit, name="vulnerability"),
    path("<public_id:public_id>/consents/new/", views.consent_give, name="consent_give"),
    path(
        "<public_id:public_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<public_id:public_id>/documents/new/", views.document_record, name="document_record"),
    path("<public_id:public_id>/break-glass/", views.person_break_glass, name="person_break_glass"),
]
