from django.urls import path

from integra.core.views import account, audit, inbox, organisations, signin

app_name = "core"

urlpatterns = [
    path("", account.home, name="home"),
    path("login/", signin.login_view, name="login"),
    path("login/verify/", signin.login_verify, name="login_verify"),
    path("logout/", signin.logout_view, name="logout"),
    path("account/password/", signin.password_change, name="password_change"),
    path("account/membership/", account.switch_membership, name="switch_membership"),
    path("account/tokens/", account.token_list, name="tokens"),
    path("account/tokens/<str:prefix>/revoke/", account.token_revoke, name="token_revoke"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path(
        "organisations/<slug:code>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisations/<slug:code>/edit/", organisations.organisation_edit, name="organisation_edit"
    ),
    path("organisations/<slug:code>/members/new/", organisations.member_add, name="member_add"),
    path("organisations/<slug:code>/break-glass/", organisations.break_glass, name="break_glass"),
    path("members/<int:membership_id>/remove/", organisations.member_remove, name="member_remove"),
    path(
        "members/<int:membership_id>/reset-password/",
        organisations.member_reset_password,
        name="member_reset_password",
    ),
    path(
        "members/<int:membership_id>/reset-two-factor/",
        organisations.member_reset_two_factor,
        name="member_reset_two_factor",
    ),
    path("audit/", audit.audit_search, name="audit"),
    path("todos/<int:todo_id>/done/", account.todo_done, name="todo_done"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.inbox_read, name="inbox_read"),
]
