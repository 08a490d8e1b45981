"""The demo's labour inspection: workplaces, linked complaints and agencies, and
inspections in every state, through the services; loaded once."""

from __future__ import annotations

from integra.core import demo as core_demo
from integra.protection import demo_agencies, demo_complaints, demo_inspections
from integra.protection.models import Inspection, Sanction, Violation, Workplace


def test_the_demo_inspections_load_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    core_demo.load()
    demo_agencies.load()
    demo_complaints.load()

    first = demo_inspections.load()
    again = demo_inspections.load()

    assert first.startswith("Inspections: ")
    assert again.startswith("Inspections: already loaded")
    assert Workplace.objects.count() >= 40
    assert Workplace.objects.filter(agencies__isnull=False).distinct().count() >= 5
    assert Workplace.objects.filter(complaints__isnull=False).exists()
    assert {"planned", "done", "cancelled"} == set(
        Inspection.objects.values_list("status", flat=True)
    )
    assert Inspection.objects.filter(reason="follow_up").exists()
    assert Violation.objects.filter(remedied_on__isnull=False).exists()
    assert Sanction.objects.filter(kind="fine", paid_on__isnull=True).exists()
    assert Inspection.objects.count() >= 10
