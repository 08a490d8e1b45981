"""The demo's vacancies: posted through the services, open to foreign workers but a
few, a few closed, across five regions; loaded once."""

from __future__ import annotations

from integra.core import demo as core_demo
from integra.core.models import AuditEntry, Organisation
from integra.placement import demo, selectors
from integra.placement.models import Vacancy


def test_the_demo_vacancies_load_once(db):
    core_demo.load()

    first = demo.load()
    again = demo.load()

    assert first.startswith(f"Work: {len(demo.VACANCIES)} vacancies")
    assert again.startswith("Work: already loaded")
    assert Vacancy.objects.count() == len(demo.VACANCIES)
    assert Organisation.objects.get(code="anofm").kind == "employment_office"
    assert set(Vacancy.objects.values_list("region", flat=True)) == {
        "Bălți",
        "Cahul",
        "Chișinău",
        "Orhei",
        "Ungheni",
    }
    assert Vacancy.objects.filter(open_to_foreign_workers=False).count() == 3
    assert Vacancy.objects.exclude(status="open").count() == 3
    # ANOFM names the employer of every vacancy it posts
    assert not Vacancy.objects.filter(organisation__code="anofm", employer_name="").exists()
    assert AuditEntry.objects.filter(action="vacancy.create").count() == len(demo.VACANCIES)
    assert AuditEntry.objects.filter(action="demo.work").count() == 1
    demand = {row.region: row for row in selectors.demand_by_region()}
    assert set(demand) == {"Bălți", "Cahul", "Chișinău", "Orhei", "Ungheni"}
    assert selectors.public_vacancies().count() == len(demo.VACANCIES) - 6
