"""The caseworkers' side of the portal, under /portal/ (integra/portal/views/staff.py)."""

from django.urls import path

from integra.portal.views import staff

app_name = "portal_staff"

urlpatterns = [
    path("messages/", staff.inbox, name="inbox"),
    path("persons/<str:public_id>/", staff.person_portal, name="person"),
    path("persons/<str:public_id>/invite/", staff.invite, name="invite"),
    path("persons/<str:public_id>/disable/", staff.disable, name="disable"),
    path("persons/<str:public_id>/messages/", staff.message_send, name="message_send"),
    path("persons/<str:public_id>/appointments/", staff.appointment_add, name="appointment_add"),
    path(
        "appointments/<str:public_id>/cancel/", staff.appointment_cancel, name="appointment_cancel"
    ),
]
