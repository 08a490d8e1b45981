"""Legal counselling, under /legal-help/ (R22): the providers' slots and
appointments, and booking for a person."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from integra.core import ids
from integra.protection.views import counselling as views

if "booking_id" not in get_converters():
    register_converter(ids.converter("Q"), "booking_id")

app_name = "counselling"

urlpatterns = [
    # The providers' staff.
    path("", views.agenda, name="agenda"),
    path("slots/new/", views.slot_new, name="slot_new"),
    path("slots/<int:slot_id>/", views.slot, name="slot"),
    path("slots/<int:slot_id>/cancel/", views.slot_cancel, name="slot_cancel"),
    # Bookers: caseworkers, NGOs, the providers.
    path("find/", views.find, name="find"),
    path("slots/<int:slot_id>/book/", views.book, name="book"),
    # An appointment: its provider, its booker, the person's caseworker.
    path("<booking_id:public_id>/", views.booking, name="booking"),
    path("<booking_id:public_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("<booking_id:public_id>/outcome/", views.outcome, name="outcome"),
]
