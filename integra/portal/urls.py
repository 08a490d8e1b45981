"""The migrant's own pages, under /my/ (integra/portal/views/)."""

from django.urls import path

from integra.portal.views import account, legal_help, mine, signin, surveys

app_name = "portal"

urlpatterns = [
    path("", mine.home, name="home"),
    path("sign-in/", signin.sign_in, name="sign_in"),
    path("sign-in/code/", signin.sign_in_code, name="sign_in_code"),
    path("sign-in/password/", signin.sign_in_password, name="sign_in_password"),
    path("sign-in/verify/", signin.sign_in_verify, name="sign_in_verify"),
    path("welcome/", signin.welcome, name="welcome"),
    path("welcome/<str:token>/", signin.welcome_link, name="welcome_link"),
    path("sign-out/", signin.sign_out, name="sign_out"),
    path("plan/", mine.plan, name="plan"),
    path("courses/", mine.courses, name="courses"),
    path("referrals/", mine.referrals, name="referrals"),
    path("documents/", mine.documents, name="documents"),
    path("messages/", mine.messages, name="messages"),
    path("consents/", mine.consents, name="consents"),
    path("consents/<int:consent_id>/withdraw/", mine.consent_withdraw, name="consent_withdraw"),
    path("data/", mine.data, name="data"),
    path("data/download/", mine.data_download, name="data_download"),
    path("legal-help/", legal_help.legal_help, name="legal_help"),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/<slug:code>/", surveys.survey, name="survey"),
    path("household/<str:public_id>/", mine.household_member, name="household_member"),
    path("account/", account.account, name="account"),
    path("account/password/", account.password, name="password"),
    path("account/two-factor/", account.two_factor, name="two_factor"),
]
