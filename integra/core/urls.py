from django.urls import path

from integra.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/membership/", views.switch_membership, name="switch_membership"),
    path("account/tokens/", views.token_list, name="tokens"),
    path("account/tokens/<str:prefix>/revoke/", views.token_revoke, name="token_revoke"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:code>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:code>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:code>/members/new/", views.member_add, name="member_add"),
    path("organisations/<slug:code>/break-glass/", views.break_glass, name="break_glass"),
    path("members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "members/<int:membership_id>/reset-password/",
        views.member_reset_password,
        name="member_reset_password",
    ),
    path(
        "members/<int:membership_id>/reset-two-factor/",
        views.member_reset_two_factor,
        name="member_reset_two_factor",
    ),
    path("audit/", views.audit_search, name="audit"),
]
