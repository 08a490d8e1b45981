"""The services app's objects for the access matrix (tests/core/test_access_matrix.py):
a service, a partnership and a referral on each side.

- centre-a's side: the NGO (where the partner persona works) offers "legal-advice";
  centre-a and the NGO have a partnership; centre-a's person is referred to it.
- centre-b's side: a clinic offers "health-check"; centre-b and the clinic have a
  partnership; centre-b's person is referred to it. Neither the partner persona nor
  centre-a's caseworker has anything to do with that side.
- volunteers: on each side a cleared volunteer of the receiving organisation (the NGO,
  the clinic) helps that centre's person with the plan's measure (``volunteer_<target>``,
  ``match_<target>``), matched a week ago.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from integra.core.models import Organisation, User
from integra.core.roles import Level, OrganisationKind
from integra.people.models import Person
from integra.services.models import (
    Partnership,
    Referral,
    Service,
    ServiceLocation,
    Volunteer,
    VolunteerMatch,
)


def services_objects(
    orgs: dict[str, Organisation],
    people: dict[str, User],
    persons: dict[str, Person],
    found: dict[str, object],
) -> dict[str, object]:
    """``found`` holds the plan objects (``measure_<target>``)."""
    now = timezone.now()
    today = timezone.localdate()
    clinic = Organisation.objects.create(
        code="clinic",
        name="City Clinic",
        kind=OrganisationKind.CLINIC,
        level=Level.LOCAL,
        country="MD",
    )
    sides = {
        "centre-a": (orgs["a"], orgs["ngo"], "legal-advice", "legal"),
        "centre-b": (orgs["b"], clinic, "health-check", "health"),
    }
    objects: dict[str, object] = {}
    for target, (sender, receiver, code, category) in sides.items():
        service = Service.objects.create(
            organisation=receiver,
            code=code,
            name=code.replace("-", " ").title(),
            category=category,
            languages=["ro", "ru"],
            internal_notes="Ask for Maria.",
            capacity_per_month=20,
            updated_at=now,
        )
        ServiceLocation.objects.create(service=service, locality="Chișinău", address="Str. 1")
        partnership = Partnership.objects.create(
            title=f"{sender.code} and {receiver.code}",
            scope=[category],
            shareable=["name", "contact"],
            valid_from=today - timedelta(days=30),
            created_by=people["coordinator"],
            created_at=now,
        )
        partnership.parties.set([sender, receiver])
        referral = Referral.objects.create(
            person=persons[target],
            measure_id=found[f"measure_{target}"],
            service=service,
            from_organisation=sender,
            to_organisation=receiver,
            basis="partnership",
            partnership=partnership,
            shared_fields=["name"],
            shared={"name": persons[target].name},
            accept_by=today + timedelta(days=5),
            complete_by=today + timedelta(days=60),
            sent_at=now,
            sent_by=people["caseworker"],
        )
        objects[f"service_org_{target}"] = receiver.code
        objects[f"service_{target}"] = code
        objects[f"service_id_{target}"] = service.pk
        objects[f"partnership_{target}"] = partnership.public_id
        objects[f"referral_{target}"] = referral.public_id
        volunteer = Volunteer.objects.create(
            organisation=receiver,
            given_name="Elena",
            family_name=f"of {receiver.code}",
            email=f"elena@{receiver.code}.example",
            languages=["ro", "ru"],
            skills=["housing_search", "mentoring"],
            locality="Chișinău",
            vetting="cleared",
            vetted_on=today - timedelta(days=30),
            vetting_expires_on=today + timedelta(days=335),
            created_at=now,
            updated_at=now,
        )
        match = VolunteerMatch.objects.create(
            volunteer=volunteer,
            person=persons[target],
            measure_id=found[f"measure_{target}"],
            skill="housing_search",
            started_on=today - timedelta(days=7),
            matched_by=people["caseworker"],
            organisation=sender,
            created_at=now,
        )
        objects[f"volunteer_{target}"] = volunteer.public_id
        objects[f"match_{target}"] = match.pk
    return objects
