# ruff: noqa: F811  (fixtures imported from complaints_fixtures are used as arguments)
"""The demo's complaints: lodged and handled through the services, across the
categories, sectors and regions; routed by the demo's rules; some anonymous,
some lodged for the worker, trafficking urgent; loaded once."""

from __future__ import annotations

from decimal import Decimal

from integra.core import demo as core_demo
from integra.protection import demo_complaints as demo
from integra.protection.models import Complaint, IndicatorFlag, RoutingRule
from integra.protection.selectors import complaints as selectors
from tests.protection.complaints_fixtures import media  # noqa: F401  (fixture)


def test_the_demo_complaints_load_once(db, media):
    core_demo.load()

    first = demo.load()
    again = demo.load()

    assert first.startswith(f"Complaints: {len(demo.STORIES)} lodged")
    assert again == "Complaints: already loaded."
    complaints = Complaint.objects.all()
    assert complaints.count() == len(demo.STORIES) >= 30
    assert RoutingRule.objects.count() == len(demo.RULES)
    assert {c.routed_to.code for c in complaints if c.routed_to} == {
        "labour-inspectorate",
        "legal-aid",
    }
    assert complaints.filter(anonymous=True).exists()
    assert complaints.filter(anonymous=False).exists()
    assert complaints.exclude(lodged_via="public").exists()
    assert complaints.filter(urgent=True).count() >= 3
    assert set(complaints.values_list("status", flat=True)) == {
        "received",
        "assigned",
        "in_progress",
        "waiting",
        "closed",
    }
    assert complaints.filter(forced_labour=True).count() == 1
    assert IndicatorFlag.objects.count() >= 10
    recovered = [c.wages_recovered for c in complaints if c.wages_recovered is not None]
    assert sum(recovered, Decimal(0)) > 0
    # The code printed opens the first complaint.
    code = first.rsplit(" ", 1)[-1].rstrip(".")
    assert selectors.complaint_by_code(code=code, client="demo").public_id in first
