from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.services.views import directory, partnerships, referrals, volunteers

# The person's converter ("public_id") is integra.people.urls's; registered here too
# only if these addresses happen to be read first.
for name, prefix in (
    ("referral_id", "F"),
    ("partnership_id", "U"),
    ("volunteer_id", "V"),
    ("public_id", "P"),
):
    if name not in get_converters():
        register_converter(ids.converter(prefix), name)

app_name = "services"

urlpatterns = [
    # The directory
    path("", directory.directory, name="directory"),
    path("public/", directory.public_directory, name="public_directory"),
    path("services/new/", directory.service_create, name="service_create"),
    path(
        "services/<slug:organisation>/<slug:code>/",
        directory.service_detail,
        name="service_detail",
    ),
    path(
        "services/<slug:organisation>/<slug:code>/edit/",
        directory.service_edit,
        name="service_edit",
    ),
    # Partnerships
    path("partnerships/", partnerships.partnership_list, name="partnership_list"),
    path("partnerships/new/", partnerships.partnership_create, name="partnership_create"),
    path(
        "partnerships/<partnership_id:partnership_id>/",
        partnerships.partnership_detail,
        name="partnership_detail",
    ),
    path(
        "partnerships/<partnership_id:partnership_id>/edit/",
        partnerships.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "partnerships/<partnership_id:partnership_id>/terminate/",
        partnerships.partnership_terminate,
        name="partnership_terminate",
    ),
    # Referrals
    path("referrals/", referrals.referral_inbox, name="referral_inbox"),
    path("referrals/sent/", referrals.referral_sent, name="referral_sent"),
    path("referrals/performance/", referrals.performance, name="performance"),
    path(
        "referrals/person/<public_id:public_id>/",
        referrals.person_referrals,
        name="person_referrals",
    ),
    path(
        "referrals/person/<public_id:public_id>/new/",
        referrals.referral_create,
        name="referral_create",
    ),
    path("referrals/<referral_id:referral_id>/", referrals.referral_detail, name="referral"),
    path(
        "referrals/<referral_id:referral_id>/accept/",
        referrals.referral_accept,
        name="referral_accept",
    ),
    path(
        "referrals/<referral_id:referral_id>/decline/",
        referrals.referral_decline,
        name="referral_decline",
    ),
    path(
        "referrals/<referral_id:referral_id>/complete/",
        referrals.referral_complete,
        name="referral_complete",
    ),
    path(
        "referrals/<referral_id:referral_id>/withdraw/",
        referrals.referral_withdraw,
        name="referral_withdraw",
    ),
    # Volunteers
    path("volunteers/", volunteers.volunteer_list, name="volunteer_list"),
    path("volunteers/new/", volunteers.volunteer_create, name="volunteer_create"),
    path(
        "volunteers/<volunteer_id:public_id>/",
        volunteers.volunteer_detail,
        name="volunteer_detail",
    ),
    path(
        "volunteers/<volunteer_id:public_id>/edit/",
        volunteers.volunteer_edit,
        name="volunteer_edit",
    ),
    path(
        "volunteers/<volunteer_id:public_id>/vetting/",
        volunteers.volunteer_vet,
        name="volunteer_vet",
    ),
    path(
        "volunteers/person/<public_id:public_id>/match/",
        volunteers.match_create,
        name="match_create",
    ),
    path("volunteers/matches/<int:match_id>/", volunteers.match_detail, name="match_detail"),
    path("volunteers/matches/<int:match_id>/hours/", volunteers.hours_log, name="hours_log"),
    path("volunteers/matches/<int:match_id>/end/", volunteers.match_end, name="match_end"),
]
