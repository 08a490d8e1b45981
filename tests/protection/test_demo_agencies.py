"""The demo's recruitment agencies: registered and decided through the services,
licences in every standing, contracts on file, fees charged among the
violations; loaded once."""

from __future__ import annotations

from integra.core import access
from integra.core import demo as core_demo
from integra.core.models import AuditEntry, User
from integra.protection import demo_agencies
from integra.protection.licensing import Standing
from integra.protection.models import Agency, AgencyViolation, ContractTemplate, LicenceEvent
from integra.protection.selectors import agencies as selectors


def test_the_demo_agencies_load_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    core_demo.load()

    first = demo_agencies.load()
    again = demo_agencies.load()

    assert first.startswith(f"Agencies: {len(demo_agencies.AGENCIES)} recruitment agencies")
    assert again.startswith("Agencies: already loaded")
    assert Agency.objects.count() == len(demo_agencies.AGENCIES)
    inspector = access.actor_for(User.objects.get(username="inspector"))
    standings = {a.name: a.standing for a in selectors.agency_list(actor=inspector)}  # type: ignore[attr-defined]
    assert set(standings.values()) == {s.value for s in Standing}
    assert standings["Agenția Ștefan Vodă Muncă SRL"] == "licensed"  # suspended, then reinstated
    assert ContractTemplate.objects.count() == 7
    assert AgencyViolation.objects.filter(kind="fee_charged").count() == 3
    assert LicenceEvent.objects.filter(to_status="expired", decided_by=None).count() == 3
    assert AuditEntry.objects.filter(action="agency.register").count() == len(
        demo_agencies.AGENCIES
    )
    assert selectors.public_check(query="stefan voda").agencies[0].may_recruit
