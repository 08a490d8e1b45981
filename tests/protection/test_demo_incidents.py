"""The demo's incidents: reported and followed up through the services, in several
languages and statuses, by legal aid and the Equality Council; loaded once."""

from __future__ import annotations

from integra.core import demo as core_demo
from integra.core.models import Membership
from integra.protection import demo_incidents as demo
from integra.protection.models import Incident
from integra.protection.selectors import incidents as selectors


def test_the_demo_incidents_load_once(db):
    core_demo.load()

    first = demo.load()
    again = demo.load()

    assert first.startswith(f"Incidents: {len(demo.STORIES)} reported")
    assert again == "Incidents: already loaded."
    incidents = Incident.objects.all()
    assert incidents.count() == len(demo.STORIES) >= 15
    assert len(set(incidents.values_list("language", flat=True))) >= 5
    assert set(incidents.values_list("status", flat=True)) == {
        "received",
        "following_up",
        "referred",
        "closed",
    }
    assert {i.handled_by.code for i in incidents if i.handled_by} == {
        "legal-aid",
        "equality-council",
    }
    assert set(incidents.values_list("reported_by", flat=True)) == {
        "victim",
        "witness",
        "organisation",
    }
    assert Membership.objects.filter(
        user__username="equality", organisation__code="equality-council", role="inspector"
    ).exists()
    # The code printed opens the first incident.
    code = first.rsplit(" ", 1)[-1].rstrip(".")
    assert selectors.incident_by_code(code=code, client="demo").public_id in first
